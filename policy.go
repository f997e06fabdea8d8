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

// References returns the issuer, minerals, countries, source and related policies.
func (pol Policy) References() []Ref {
	out := append(refs("issuer", RefIssuer, pol.Issuer), refs("source", RefSource, pol.SourceID)...)
	out = append(out, refs("minerals", RefMineral, pol.Minerals...)...)
	out = append(out, refs("affected_countries", RefCountry, pol.AffectedCountries...)...)
	for _, l := range pol.Links {
		out = append(out, refs("relations", RefPolicy, l.PolicyID)...)
	}
	return out
}

// Policies are Addressable: node(id) finds one by its slug.
func (Policy) addressable() {}

// PolicyFilter selects policies; zero fields do not narrow.
type PolicyFilter struct {
	Issuer          string       // ISO alpha-2 code or bloc code ("EU")
	Types           []PolicyType // any of these
	Mineral         string       // targets this mineral (or the group it belongs to)
	AffectedCountry string       // names this country among those affected
	// ActiveOn keeps the policies in force on that day: in effect (from the effective date, or
	// the announcement where no source gives one), not expired, and not suspended.
	ActiveOn *Date
}

// Check returns EINVALID naming every malformed field of the policy, and a policy without a
// day: a curator's measure must be dated so that activeOn can place it, though the curated
// dataset holds a few events (a declaration, a cancelled solicitation) whose sources give
// none, so Problems does not ask it.
func (pol Policy) Check() error {
	ps := pol.Problems()
	if pol.Announced == nil && pol.Effective == nil {
		ps = append(ps, Problem{Field: "announced", Msg: "give the day it was announced or took effect"})
	}
	return ProblemsError(ps)
}

// Problems lists every malformed field of the policy, by its field's name in the API. Check
// reports them to a curator, and the dataset's reader at the row and column of policies.csv.
func (pol Policy) Problems() []Problem {
	var p problems
	p.id("id", pol.ID)
	p.name("title", pol.Title)
	enum(&p, "type", pol.Type, PolicyTypes)
	p.required("issuer", pol.Issuer)
	p.text("issuer", pol.Issuer, MaxIDLength)
	p.list("minerals", pol.Minerals, p.id)
	p.list("affectedCountries", pol.AffectedCountries, p.code)
	if len(pol.Links) > MaxListLength {
		p.addf("relations", "%d entries; at most %d", len(pol.Links), MaxListLength)
	}
	for _, l := range pol.Links {
		enum(&p, "relations", l.Relation, Relations)
		p.id("relations", l.PolicyID)
		if l.PolicyID == pol.ID {
			p.addf("relations", "a policy cannot act on itself")
		}
	}
	if pol.Effective != nil && pol.Expires != nil && pol.Expires.Before(pol.Effective.Time) {
		p.addf("expires", "%s is before it takes effect %s", pol.Expires, pol.Effective)
	}
	p.required("summary", pol.Summary)
	p.text("summary", pol.Summary, MaxTextLength)
	p.id("source", pol.SourceID)
	p.text("note", pol.Note, MaxTextLength)
	return p
}
