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
	And  []MineralFilter
	Or   []MineralFilter
	Not  *MineralFilter
}

// ShareCondition compares a country's percent of world production of a mineral at a stage.
// When Year is nil, the comparison uses the latest year for which the graph has any figure of
// that mineral at that stage. A share whose percent is unknown satisfies no bound.
type ShareCondition struct {
	Country string // ISO alpha-2
	Stage   Stage
	Year    *int
	Gt      *float64
	Gte     *float64
	Lt      *float64
	Lte     *float64
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
	for name, v := range map[string]*float64{"gt": c.Gt, "gte": c.Gte, "lt": c.Lt, "lte": c.Lte} {
		if v != nil && (*v < 0 || *v > 100) {
			return Invalid("%s.%s: %v is outside 0-100; shares are percentages of world production", path, name, *v)
		}
	}
	lo, loStrict := c.Gte, false
	if c.Gt != nil && (lo == nil || *c.Gt >= *lo) {
		lo, loStrict = c.Gt, true
	}
	hi, hiStrict := c.Lte, false
	if c.Lt != nil && (hi == nil || *c.Lt <= *hi) {
		hi, hiStrict = c.Lt, true
	}
	if lo != nil && hi != nil && (*lo > *hi || (*lo == *hi && (loStrict || hiStrict))) {
		return Invalid("%s: the lower bound %v and the upper bound %v cross, so no share can match; swap or widen them", path, *lo, *hi)
	}
	return nil
}

// ValidCountryCode reports whether s looks like an ISO 3166-1 alpha-2 code: two upper-case
// ASCII letters. Whether the graph knows the country is for the store to say.
func ValidCountryCode(s string) bool {
	return len(s) == 2 && s == strings.ToUpper(s) && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}
