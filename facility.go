package mineralgraph

// FacilityType is what a facility does.
type FacilityType string

// The facility types.
const (
	FacilityMine            FacilityType = "MINE"
	FacilityBrine           FacilityType = "BRINE"
	FacilityRefinery        FacilityType = "REFINERY"
	FacilitySmelter         FacilityType = "SMELTER"
	FacilityProcessingPlant FacilityType = "PROCESSING_PLANT"
	FacilitySeparationPlant FacilityType = "SEPARATION_PLANT"
	FacilityMagnetPlant     FacilityType = "MAGNET_PLANT"
	FacilityAnodePlant      FacilityType = "ANODE_PLANT"
	FacilityCathodePlant    FacilityType = "CATHODE_PLANT"
	FacilityRecyclingPlant  FacilityType = "RECYCLING_PLANT"
)

// FacilityTypes lists every FacilityType.
var FacilityTypes = []FacilityType{FacilityMine, FacilityBrine, FacilityRefinery, FacilitySmelter, FacilityProcessingPlant,
	FacilitySeparationPlant, FacilityMagnetPlant, FacilityAnodePlant, FacilityCathodePlant, FacilityRecyclingPlant}

// FacilityStatus is a facility's state of operation, as its source reports it.
type FacilityStatus string

// The facility statuses; UNKNOWN when the source does not say.
const (
	StatusOperating          FacilityStatus = "OPERATING"
	StatusConstruction       FacilityStatus = "CONSTRUCTION"
	StatusDevelopment        FacilityStatus = "DEVELOPMENT"
	StatusPlanned            FacilityStatus = "PLANNED"
	StatusSuspended          FacilityStatus = "SUSPENDED"
	StatusCareAndMaintenance FacilityStatus = "CARE_AND_MAINTENANCE"
	StatusClosed             FacilityStatus = "CLOSED"
	StatusUnknown            FacilityStatus = "UNKNOWN"
)

// FacilityStatuses lists every FacilityStatus.
var FacilityStatuses = []FacilityStatus{StatusOperating, StatusConstruction, StatusDevelopment, StatusPlanned,
	StatusSuspended, StatusCareAndMaintenance, StatusClosed, StatusUnknown}

// Precision says how exactly a facility's coordinates locate it, as the source states.
type Precision string

// The precisions, from exact to vague.
const (
	PrecisionSite        Precision = "SITE"
	PrecisionTown        Precision = "TOWN"
	PrecisionRegion      Precision = "REGION"
	PrecisionApproximate Precision = "APPROXIMATE"
	PrecisionCountry     Precision = "COUNTRY"
	PrecisionUnknown     Precision = "UNKNOWN"
)

// Precisions lists every Precision.
var Precisions = []Precision{PrecisionSite, PrecisionTown, PrecisionRegion, PrecisionApproximate, PrecisionCountry, PrecisionUnknown}

// Facility is a mine, refinery, smelter or plant.
type Facility struct {
	ID        string
	Name      string
	Type      FacilityType
	Country   string // ISO alpha-2
	Latitude  *float64
	Longitude *float64
	Precision Precision
	Minerals  []string // mineral ids
	// OtherCommodities are commodities the source names that are not minerals of the graph
	// (gold, iron ore, thermal coal), kept as the source writes them.
	OtherCommodities []string
	Status           FacilityStatus
	// StatusSourceID is the source that reports Status, where it is not SourceID (a company
	// report that says a mine operates, beside the database record it was chosen from);
	// StatusYear is the year that source reports the status for.
	StatusSourceID string
	StatusYear     *int
	// OperatorID and OwnerIDs are organisation ids.
	OperatorID   string
	OwnerIDs     []string
	Capacity     *float64
	CapacityUnit string // what the capacity measures, as the source words it: "t/yr lithium hydroxide"
	// CapacitySourceID is the source that states Capacity, CapacityYear the year it states it
	// for; a capacity without them is not the project's.
	CapacitySourceID string
	CapacityYear     *int
	SourceID         string
	SourceURL        string // the record's own source, where the source database gives one
	Note             string
	Related          Related
}

// Organisation is a company or public body that operates or owns facilities.
type Organisation struct {
	ID   string // slug of the name
	Name string
}

// oneOf reports whether v is one of vs.
func oneOf[T comparable](v T, vs []T) bool {
	for _, x := range vs {
		if v == x {
			return true
		}
	}
	return false
}

// Valid reports whether t is one of FacilityTypes.
func (t FacilityType) Valid() bool { return oneOf(t, FacilityTypes) }

// Valid reports whether s is one of FacilityStatuses.
func (s FacilityStatus) Valid() bool { return oneOf(s, FacilityStatuses) }

// Valid reports whether p is one of Precisions.
func (p Precision) Valid() bool { return oneOf(p, Precisions) }
