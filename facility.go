package mineralgraph

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

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

// Facilities are Addressable: node(id) finds one by its slug.
func (Facility) addressable() {}

// OrganisationID is the id of the organisation with the given name: "org-" and the slug of
// the name, or of its hash when the name has no Latin letters or digits.
func OrganisationID(name string) string {
	if s := Slug(name); s != "" {
		return "org-" + s
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(name)))
	return "org-" + hex.EncodeToString(sum[:6])
}

// References returns the country, minerals and sources of the facility. Its organisations
// come with it (a curator's write, a dataset row names them), so they are not references.
func (f Facility) References() []Ref {
	out := append(refs("country", RefCountry, f.Country), refs("source", RefSource, f.SourceID)...)
	out = append(out, refs("status_source", RefSource, f.StatusSourceID)...)
	out = append(out, refs("capacity_source", RefSource, f.CapacitySourceID)...)
	return append(out, refs("minerals", RefMineral, f.Minerals...)...)
}

// FacilityFilter selects facilities; zero fields do not narrow.
type FacilityFilter struct {
	Mineral      string // produces this mineral (or a member of this group)
	Country      string // in this country
	NotCountry   string // outside this country
	Types        []FacilityType
	Statuses     []FacilityStatus
	Operator     string // operated by this organisation id
	Near         *Near
	NameContains string
}

// Near is a circle on the globe: facilities whose coordinates lie within RadiusKm of the point.
type Near struct {
	Latitude, Longitude, RadiusKm float64
}

// Check returns EINVALID naming every malformed field of the facility. References (country,
// minerals, source) are checked against the graph by the store.
func (f Facility) Check() error { return ProblemsError(f.Problems()) }

// Problems lists every malformed field of the facility, by its field's name in the API. Check
// reports them to a curator, and the dataset's reader at the row and column of
// facilities.csv, with SourcingProblems.
func (f Facility) Problems() []Problem {
	var p problems
	p.id("id", f.ID)
	p.name("name", f.Name)
	enum(&p, "type", f.Type, FacilityTypes)
	enum(&p, "status", f.Status, FacilityStatuses)
	if f.Precision != "" {
		enum(&p, "precision", f.Precision, Precisions)
	}
	p.code("country", f.Country)
	if (f.Latitude == nil) != (f.Longitude == nil) {
		p.addf("latitude", "give both latitude and longitude, or neither")
	}
	p.number("latitude", f.Latitude, -90, 90)
	p.number("longitude", f.Longitude, -180, 180)
	p.list("minerals", f.Minerals, p.id)
	p.list("otherCommodities", f.OtherCommodities, func(field, v string) { p.text(field, v, MaxNameLength) })
	p.list("owners", f.OwnerIDs, p.id)
	if f.OperatorID != "" {
		p.id("operator", f.OperatorID)
	}
	p.amount("capacity", f.Capacity)
	if f.Capacity != nil && f.CapacityUnit == "" {
		p.addf("capacityUnit", "a capacity needs a unit")
	}
	p.text("capacityUnit", f.CapacityUnit, MaxNameLength)
	p.id("source", f.SourceID)
	if f.StatusSourceID != "" {
		p.id("statusSource", f.StatusSourceID)
	}
	if f.CapacitySourceID != "" {
		p.id("capacitySource", f.CapacitySourceID)
	}
	if f.StatusYear != nil {
		p.year("statusYear", *f.StatusYear)
	}
	if f.CapacityYear != nil {
		p.year("capacityYear", *f.CapacityYear)
	}
	p.text("sourceUrl", f.SourceURL, MaxURLLength)
	p.text("note", f.Note, MaxTextLength)
	return p
}

// SourcingProblems lists what the curated dataset asks of a facility beyond Problems: that a
// capacity and a status year cite the source that states them, and the year it states them
// for. A curator's write is not held to it (the API leaves capacitySource and capacityYear
// optional), so Check does not report them; its messages name the dataset's columns, since
// only the dataset's reader reports them.
func (f Facility) SourcingProblems() []Problem {
	var p problems
	if f.Capacity != nil && (f.CapacitySourceID == "" || f.CapacityYear == nil) {
		p.addf("capacitySource", "a capacity needs the source that states it and the year it is stated for (capacity_year)")
	}
	if f.Capacity == nil && (f.CapacitySourceID != "" || f.CapacityYear != nil || f.CapacityUnit != "") {
		p.addf("capacity", "capacity_unit, capacity_source and capacity_year describe a capacity; give it, or leave them empty")
	}
	if f.StatusYear != nil && f.StatusSourceID == "" {
		p.addf("statusSource", "a status year needs the source that reports the status")
	}
	return p
}

// Check returns EINVALID when the organisation's id or name is malformed.
func (o Organisation) Check() error {
	var p problems
	p.id("operator/owner id", o.ID)
	p.required("operator/owner name", o.Name)
	p.text("operator/owner name", o.Name, MaxNameLength)
	return p.err()
}
