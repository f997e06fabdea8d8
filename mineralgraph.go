// Package mineralgraph holds the domain of the knowledge graph: minerals, countries, the
// production figures that link them, their sources, the filters a reader can ask with, and the
// small vocabulary of errors every layer speaks. It imports nothing of GraphQL or Neo4j; the
// store, the loaders and the GraphQL layer all depend on it, never the other way round.
package mineralgraph

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Stage is a step of a mineral's supply chain that a production figure measures.
type Stage string

// The stages the graph knows. MINING and REFINING are the ones USGS reports for most
// minerals; later stages appear only where a source gives them.
const (
	StageMining       Stage = "MINING"
	StageRefining     Stage = "REFINING"
	StageMagnets      Stage = "MAGNETS"
	StageBatteryAnode Stage = "BATTERY_ANODE"
)

// Stages lists every Stage, in supply-chain order.
var Stages = []Stage{StageMining, StageRefining, StageMagnets, StageBatteryAnode}

// Valid reports whether s is one of Stages.
func (s Stage) Valid() bool {
	for _, v := range Stages {
		if s == v {
			return true
		}
	}
	return false
}

// Mineral is a critical mineral, or a group of them (rare earths, platinum-group metals) that
// publishers report as one commodity. ID is a lowercase slug: "gallium", "rare-earths".
type Mineral struct {
	ID     string
	Name   string
	Symbol string // chemical symbol; empty for groups and compounds
	// GroupID is the id of the group this mineral belongs to ("rare-earths" for neodymium),
	// or empty.
	GroupID string
	IsGroup bool
	Related Related
}

// Country is a country or territory, addressed by its ISO 3166-1 alpha-2 code ("CN").
type Country struct {
	Code    string // ISO 3166-1 alpha-2, upper case
	Alpha3  string // ISO 3166-1 alpha-3
	Name    string
	Aliases []string // names as publishers spell them: "Congo (Kinshasa)", "Burma"
	Related Related
}

// PercentBasis says where a share's percent of world comes from.
type PercentBasis string

const (
	// PercentPublished means the source states the percentage itself.
	PercentPublished PercentBasis = "PUBLISHED"
	// PercentComputed means the percentage is the country's amount divided by the world total
	// that the same source reports (not the sum of the rows it shows), or by the sum of those
	// rows where it exceeds the source's rounded total.
	PercentComputed PercentBasis = "COMPUTED"
)

// ComputedPercent is amount as a percent of total, as the graph stores the percents it
// computes (a PercentComputed share, a trade link's import share): to one decimal, as the
// sources publish theirs, except that a share too small to show at one decimal keeps two
// significant digits (80 t of 350,000 t is 0.023, not 0), so that a producer is never shown
// as producing nothing. A zero amount is 0.
func ComputedPercent(amount, total float64) float64 {
	pct := amount / total * 100
	if r := math.Round(pct*10) / 10; r != 0 || pct == 0 {
		return r
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(pct, 'g', 2, 64), 64)
	return v
}

// Share is one country's production of one mineral at one stage in one year: the amount, the
// percent of world production, and the source of both. Amount and Percent are nil when the
// source does not give them (USGS "W" withheld, "NA"); they are never guessed.
type Share struct {
	ID           string // "<mineral>/<stage>/<year>/<country>"
	MineralID    string
	CountryCode  string
	Stage        Stage
	Year         int
	Amount       *float64
	Unit         string // unit of Amount: "t" (metric tons), "kg", "kt", ...
	Percent      *float64
	PercentBasis PercentBasis
	// Basis says what exactly is measured, as the source words it: "mine production, contained
	// cobalt", "primary low-purity gallium".
	Basis    string
	Note     string
	SourceID string
	Related  Related
}

// WorldProduction is the world total of one mineral at one stage in one year, as a source
// reports it. Percentages of world are computed from this figure, never from summed rows.
type WorldProduction struct {
	ID        string // "<mineral>/<stage>/<year>"
	MineralID string
	Stage     Stage
	Year      int
	Amount    *float64
	Unit      string
	Basis     string
	Note      string
	SourceID  string
	Related   Related
}

// Source is a publication that figures cite.
type Source struct {
	ID        string // slug: "usgs-mcs-2025-t5"
	Publisher string
	Title     string
	Year      int
	URL       string
	Note      string
}

// Minerals and sources are Addressable: node(id) finds each by its slug.
func (Mineral) addressable() {}
func (Source) addressable()  {}

// References returns the group the mineral belongs to.
func (m Mineral) References() []Ref { return refs("group", RefGroup, m.GroupID) }

// References returns the mineral and source of the world total.
func (w WorldProduction) References() []Ref {
	return append(refs("mineral", RefMineral, w.MineralID), refs("source", RefSource, w.SourceID)...)
}

// References returns the mineral, country and source of the share.
func (s Share) References() []Ref {
	return append(append(refs("mineral", RefMineral, s.MineralID), refs("source", RefSource, s.SourceID)...),
		refs("country", RefCountry, s.CountryCode)...)
}

// ShareID is the id of the share of a country in a mineral's stage in a year. There is at
// most one figure per such slot; a newer edition of a source replaces an older one.
func ShareID(mineral string, stage Stage, year int, country string) string {
	return fmt.Sprintf("%s/%s/%d/%s", mineral, stage, year, country)
}

// WorldID is the id of the world total of a mineral's stage in a year.
func WorldID(mineral string, stage Stage, year int) string {
	return fmt.Sprintf("%s/%s/%d", mineral, stage, year)
}

// ShareFilter narrows the shares listed under a mineral or a country. Zero fields do not
// narrow.
type ShareFilter struct {
	Stage     Stage
	Year      int    // 0: every year
	Country   string // ISO alpha-2; ignored when listing a country's shares
	MineralID string // ignored when listing a mineral's shares
	// NotCountry leaves out this country's shares (for the alternatives to it).
	NotCountry string
	// LatestYear keeps only the latest year with any figure of the mineral at the share's
	// stage (Year is then ignored); with NotCountry, the latest year with a figure of
	// another country.
	LatestYear bool
}

// Check returns EINVALID naming every malformed field of the source.
func (s Source) Check() error { return ProblemsError(s.Problems()) }

// Problems lists every malformed field of the source, by its field's name in the API. Check
// reports them to a curator, and the dataset's reader at the row and column of sources.csv.
func (s Source) Problems() []Problem {
	var p problems
	p.id("id", s.ID)
	p.name("publisher", s.Publisher)
	p.name("title", s.Title)
	p.year("year", s.Year)
	p.text("url", s.URL, MaxURLLength)
	if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
		p.addf("url", "%q is not an http(s) address", clip(s.URL))
	}
	p.text("note", s.Note, MaxTextLength)
	return p
}

// Check returns EINVALID naming every malformed field of the share.
func (s Share) Check() error { return ProblemsError(s.Problems()) }

// Problems lists every malformed field of the share, by its field's name in the API. Check
// reports them to a curator, and the dataset's reader at the row and column of shares.csv.
func (s Share) Problems() []Problem {
	var p problems
	p.id("mineral", s.MineralID)
	p.code("country", s.CountryCode)
	enum(&p, "stage", s.Stage, Stages)
	p.year("year", s.Year)
	p.amount("amount", s.Amount)
	p.percent("percent", s.Percent)
	if s.Amount == nil && s.Percent == nil {
		p.addf("amount", "give an amount, a percent of world, or both; leave unknown figures out")
	}
	if s.Amount != nil && s.Unit == "" {
		p.addf("unit", "an amount needs a unit")
	}
	if s.Percent != nil && s.PercentBasis == "" {
		p.addf("percentBasis", "say whether the percent is PUBLISHED by the source or COMPUTED")
	}
	p.text("unit", s.Unit, MaxNameLength)
	p.text("basis", s.Basis, MaxNameLength)
	p.text("note", s.Note, MaxTextLength)
	p.id("source", s.SourceID)
	return p
}

// Problems lists every malformed field of the world total, by its field's name in the API:
// the dataset's reader reports them at the row and column of world.csv. (No curator writes
// world totals, so it has no Check.)
func (w WorldProduction) Problems() []Problem {
	var p problems
	p.id("mineral", w.MineralID)
	enum(&p, "stage", w.Stage, Stages)
	p.year("year", w.Year)
	p.amount("amount", w.Amount)
	if w.Amount == nil && w.Note == "" {
		p.addf("amount", "is empty: say in note why the total is unknown (e.g. USGS reports NA)")
	}
	if w.Amount != nil && w.Unit == "" {
		p.addf("unit", "an amount needs a unit")
	}
	p.id("source", w.SourceID)
	return p
}
