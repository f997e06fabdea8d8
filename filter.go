package mineralgraph

import (
	"fmt"
	"strings"
)

// MineralFilter selects minerals. The conditions set in one filter must all hold; And, Or and
// Not combine filters. A nil or empty filter selects every mineral.
type MineralFilter struct {
	// Share holds when the mineral has a production share matching the condition.
	Share *ShareCondition
	// NameContains holds when the mineral's name contains the text, ignoring case.
	NameContains string
	// IDIn holds when the mineral's id is one of these.
	IDIn []string
	// OnList holds when the mineral is on the critical-mineral list with this id ("usgs-2022").
	OnList string
	// Group holds when the mineral belongs to the group with this id ("rare-earths").
	Group string
	// USNetImportReliance holds when the United States' net import reliance for the mineral,
	// as USGS publishes it, certainly meets the bounds (see Range.Satisfies).
	USNetImportReliance *RelianceCondition
	And                 []MineralFilter
	Or                  []MineralFilter
	Not                 *MineralFilter
}

// ShareCondition compares a country's percent of world production of a mineral at a stage.
// When Year is nil, the comparison uses the country's latest share (the store's rule: its
// figure of the latest complete year, or of a later year that names only it as the leading
// producer). A share whose percent is unknown satisfies no bound. Leading, when set, asks that
// the country be (true) or not be (false) the largest producer of that stage in that year.
type ShareCondition struct {
	Country string // ISO alpha-2
	Stage   Stage
	Year    *int
	Gt      *float64
	Gte     *float64
	Lt      *float64
	Lte     *float64
	Leading *bool
}

// RelianceCondition compares a net import reliance with bounds, in a given year or, when Year
// is nil, in the latest year the graph has a figure for the mineral. A published bound counts
// only when it settles the comparison: ">50" meets Gt 49 but not Gte 60.
type RelianceCondition struct {
	Year *int
	Bounds
}

// maxFilterDepth bounds how deeply And, Or and Not may nest, so a request cannot make the
// store build an arbitrarily large query.
const maxFilterDepth = 8

// Validate checks the filter and returns an EINVALID error saying what to change: an unknown
// stage, a country that is not an alpha-2 code, bounds that no number satisfies, nesting deeper
// than 8 levels.
func (f *MineralFilter) Validate() error {
	return f.validate("where", 0)
}

func (f *MineralFilter) validate(path string, depth int) error {
	if f == nil {
		return nil
	}
	if depth > maxFilterDepth {
		return Invalid("%s: filters nest deeper than %d levels; flatten the AND/OR/NOT", path, maxFilterDepth)
	}
	if f.Share != nil {
		if err := f.Share.validate(path + ".share"); err != nil {
			return err
		}
	}
	if r := f.USNetImportReliance; r != nil {
		if r.Year != nil && (*r.Year < 1900 || *r.Year > 2100) {
			return Invalid("%s.usNetImportReliance.year: %d is not a plausible year", path, *r.Year)
		}
		if err := r.Bounds.validate(path+".usNetImportReliance", -100, 100); err != nil {
			return err
		}
	}
	if len(f.NameContains) > 200 {
		return Invalid("%s.nameContains: at most 200 characters", path)
	}
	if len(f.IDIn) > MaxPageSize {
		return Invalid("%s.idIn: at most %d ids", path, MaxPageSize)
	}
	for i := range f.And {
		if err := f.And[i].validate(fmt.Sprintf("%s.AND[%d]", path, i), depth+1); err != nil {
			return err
		}
	}
	for i := range f.Or {
		if err := f.Or[i].validate(fmt.Sprintf("%s.OR[%d]", path, i), depth+1); err != nil {
			return err
		}
	}
	return f.Not.validate(path+".NOT", depth+1)
}

func (c *ShareCondition) validate(path string) error {
	if !ValidCountryCode(c.Country) {
		return Invalid("%s.country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\" or \"US\"", path, c.Country)
	}
	if !c.Stage.Valid() {
		return Invalid("%s.stage: unknown stage %q", path, c.Stage)
	}
	if c.Year != nil && (*c.Year < 1900 || *c.Year > 2100) {
		return Invalid("%s.year: %d is not a plausible year", path, *c.Year)
	}
	return Bounds{Gt: c.Gt, Gte: c.Gte, Lt: c.Lt, Lte: c.Lte}.validate(path, 0, 100)
}

// validate checks that each bound lies within [min, max] and that together they leave room
// for a value.
func (b Bounds) validate(path string, min, max float64) error {
	for _, nb := range []struct {
		name string
		v    *float64
	}{{"gt", b.Gt}, {"gte", b.Gte}, {"lt", b.Lt}, {"lte", b.Lte}} {
		if nb.v != nil && (*nb.v < min || *nb.v > max) {
			return Invalid("%s.%s: %v is outside %v-%v; these are percentages", path, nb.name, *nb.v, min, max)
		}
	}
	lo, loStrict := b.Gte, false
	if b.Gt != nil && (lo == nil || *b.Gt >= *lo) {
		lo, loStrict = b.Gt, true
	}
	hi, hiStrict := b.Lte, false
	if b.Lt != nil && (hi == nil || *b.Lt <= *hi) {
		hi, hiStrict = b.Lt, true
	}
	if lo != nil && hi != nil && (*lo > *hi || (*lo == *hi && (loStrict || hiStrict))) {
		return Invalid("%s: the lower bound %v and the upper bound %v cross, so nothing can match; swap or widen them", path, *lo, *hi)
	}
	return nil
}

// ValidCountryCode reports whether s looks like an ISO 3166-1 alpha-2 code: two upper-case
// ASCII letters. Whether the graph knows the country is for the store to say.
func ValidCountryCode(s string) bool {
	return len(s) == 2 && s == strings.ToUpper(s) && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
