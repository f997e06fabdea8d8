package mineralgraph

import "time"

// PolicyType is the kind of a government measure.
type PolicyType string

// The policy types.
const (
	PolicyExportControl PolicyType = "EXPORT_CONTROL"
	PolicyExportBan     PolicyType = "EXPORT_BAN"
	PolicyExportQuota   PolicyType = "EXPORT_QUOTA"
	PolicyTariff        PolicyType = "TARIFF"
	PolicyInvestigation PolicyType = "INVESTIGATION"
	PolicyPriceFloor    PolicyType = "PRICE_FLOOR"
	PolicyStockpile     PolicyType = "STOCKPILE"
	PolicySubsidy       PolicyType = "SUBSIDY"
	PolicyAgreement     PolicyType = "AGREEMENT"
	PolicyLegislation   PolicyType = "LEGISLATION"
	PolicySuspension    PolicyType = "SUSPENSION"
	PolicyList          PolicyType = "LIST"
)

// PolicyTypes lists every PolicyType.
var PolicyTypes = []PolicyType{PolicyExportControl, PolicyExportBan, PolicyExportQuota, PolicyTariff, PolicyInvestigation,
	PolicyPriceFloor, PolicyStockpile, PolicySubsidy, PolicyAgreement, PolicyLegislation, PolicySuspension, PolicyList}

// Valid reports whether t is one of PolicyTypes.
func (t PolicyType) Valid() bool { return oneOf(t, PolicyTypes) }

// Relation is how one policy acts on another.
type Relation string

// The relations between policies. SUSPENDS is the one that changes whether its target is in
// force (see Policy.ActiveOn).
const (
	RelSuspends   Relation = "SUSPENDS"
	RelExtends    Relation = "EXTENDS"
	RelAmends     Relation = "AMENDS"
	RelReplaces   Relation = "REPLACES"
	RelImplements Relation = "IMPLEMENTS"
	RelFollows    Relation = "FOLLOWS"
)

// Relations lists every Relation.
var Relations = []Relation{RelSuspends, RelExtends, RelAmends, RelReplaces, RelImplements, RelFollows}

// Valid reports whether r is one of Relations.
func (r Relation) Valid() bool { return oneOf(r, Relations) }

// PolicyLink is a relation from one policy to another.
type PolicyLink struct {
	Relation Relation
	PolicyID string
	Related  Related
}

// Date is a calendar day, without time zone: what government notices give.
type Date struct{ time.Time }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	return Date{t}, err
}

func (d Date) String() string { return d.Format(time.DateOnly) }

// Today is the current day in UTC: the day a question about what is in force means when it
// names none.
func Today() Date { return Date{time.Now().UTC().Truncate(24 * time.Hour)} }

// Policy is a government measure that touches critical minerals: an export control, a tariff,
// an investigation, a price floor, an agreement... Dates are nil when no source states them.
// Whether it is in force on a day follows from its dates and from the suspensions that target
// it, not from a stored status.
type Policy struct {
	ID                string
	Title             string
	Type              PolicyType
	Issuer            string   // ISO alpha-2 code, or a bloc id in upper case ("EU", "G7", "MSP")
	Minerals          []string // targeted mineral ids
	AffectedCountries []string // ISO alpha-2 codes the measure names
	Announced         *Date
	Effective         *Date
	Suspended         *Date // the day a later measure suspended it
	Expires           *Date // the stated end of the measure
	Links             []PolicyLink
	Summary           string
	SourceID          string
	Note              string
	Related           Related
}
