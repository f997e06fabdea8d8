package mineralgraph

import (
	"fmt"
	"strconv"
	"strings"
)

// Reliance is a country's net import reliance for a mineral in a year, as the publisher
// states it: a percentage of apparent consumption ("100", "48"), a bound (">50", "<25"), or
// "E" (net exporter). Value keeps the published text exactly; the range derived from it says
// what is certain, and filters compare against that range (see Range.Satisfies).
type Reliance struct {
	ID        string // "<mineral>/<importer>/<year>"
	MineralID string
	Importer  string // ISO alpha-2 of the importing country ("US")
	Year      int
	Value     string // exactly as published
	Range     Range
	Commodity string // the publisher's name of the commodity measured: "GALLIUM, metal"
	Note      string
	SourceID  string
	Related   Related
}

// Range is the set of values a published figure allows. A nil bound is unbounded.
type Range struct {
	Low, High                   *float64
	LowInclusive, HighInclusive bool
}

// ParseReliance turns a published net import reliance into its range. USGS writes a number
// (0-100), ">N" or "<N" (N a percentage; reliance never exceeds 100 nor, short of "E", falls
// below 0), or "E" for a net exporter (reliance below 0). USGS prints 100 where a commodity
// is wholly imported, so ">75" means above 75 and below 100 (MCS 2025 counts such minerals
// among the "more than 50 percent" and not among the 100 percent ones).
func ParseReliance(value string) (Range, error) {
	v := strings.TrimSpace(value)
	num := func(s string) (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || !(f >= 0 && f <= 100) { // written so that NaN fails too
			return 0, fmt.Errorf("net import reliance %q: want a percentage 0-100, >N, <N or E", value)
		}
		return f, nil
	}
	zero, hundred := 0.0, 100.0
	switch {
	case v == "E":
		return Range{High: &zero}, nil
	case strings.HasPrefix(v, ">"):
		n, err := num(v[1:])
		if err != nil {
			return Range{}, err
		}
		return Range{Low: &n, High: &hundred}, nil
	case strings.HasPrefix(v, "<"):
		n, err := num(v[1:])
		if err != nil {
			return Range{}, err
		}
		return Range{Low: &zero, LowInclusive: true, High: &n}, nil
	default:
		n, err := num(v)
		if err != nil {
			return Range{}, err
		}
		return Range{Low: &n, High: &n, LowInclusive: true, HighInclusive: true}, nil
	}
}

// Bounds is a numeric condition: every bound set must hold.
type Bounds struct {
	Gt, Gte, Lt, Lte *float64
}

// Satisfies reports whether every value the range allows meets the bounds: a published ">50"
// satisfies Gt 49 and Gt 50 but not Gte 60, since the true value may be 55.
func (r Range) Satisfies(b Bounds) bool {
	if b.Gt != nil && (r.Low == nil || *r.Low < *b.Gt || (*r.Low == *b.Gt && r.LowInclusive)) {
		return false
	}
	if b.Gte != nil && (r.Low == nil || *r.Low < *b.Gte) {
		return false
	}
	if b.Lt != nil && (r.High == nil || *r.High > *b.Lt || (*r.High == *b.Lt && r.HighInclusive)) {
		return false
	}
	if b.Lte != nil && (r.High == nil || *r.High > *b.Lte) {
		return false
	}
	return true
}

// References returns the mineral, importer and source of the figure.
func (r Reliance) References() []Ref {
	return append(append(refs("mineral", RefMineral, r.MineralID), refs("source", RefSource, r.SourceID)...),
		refs("importer", RefCountry, r.Importer)...)
}

// Problems lists every malformed field of the figure, by its field's name in the API: the
// dataset's reader reports them at the row and column of reliance.csv. (No curator writes
// reliance figures, so it has no Check.)
func (r Reliance) Problems() []Problem {
	var p problems
	p.id("mineral", r.MineralID)
	p.code("importer", r.Importer)
	p.year("year", r.Year)
	p.required("value", r.Value)
	p.id("source", r.SourceID)
	return p
}

// RelianceID is the id of a country's net import reliance for a mineral in a year.
func RelianceID(mineral, importer string, year int) string {
	return fmt.Sprintf("%s/%s/%d", mineral, importer, year)
}
