package dataset

import (
	"regexp"
	"strings"
	"unicode"
)

// CountryNames resolves the names publishers give countries ("Korea, Republic ofe",
// "United States1", "Burma") to ISO alpha-2 codes, through the names and aliases of the
// curated countries: one table, countries.csv, for every importer.
type CountryNames struct {
	byName  map[string]string
	byAlpha map[string]string // alpha-3 -> alpha-2
}

// NewCountryNames indexes the countries of d.
func NewCountryNames(d *Dataset) *CountryNames {
	n := &CountryNames{byName: map[string]string{}, byAlpha: map[string]string{}}
	for _, c := range d.Countries {
		n.byName[normalizeName(c.Name)] = c.Code
		for _, a := range c.Aliases {
			n.byName[normalizeName(a)] = c.Code
		}
		if c.Alpha3 != "" {
			n.byAlpha[c.Alpha3] = c.Code
		}
	}
	return n
}

// footnote is a footnote marker glued to a name by USGS: digits ("United States1") or an "e"
// for estimated ("Japane", "Korea, Republic ofe").
var footnote = regexp.MustCompile(`(\d+|e)$`)

// Lookup returns the code of the country a publisher names. It tries the name as written
// (after tidying spaces and case), then without a trailing footnote marker, so that "Ukraine"
// stays Ukraine while "Russiae" becomes Russia.
func (n *CountryNames) Lookup(name string) (string, bool) {
	norm := normalizeName(name)
	if code, ok := n.byName[norm]; ok {
		return code, true
	}
	for _, stripped := range []string{footnote.ReplaceAllString(norm, ""), strings.TrimRight(norm, "0123456789")} {
		if code, ok := n.byName[strings.TrimSpace(stripped)]; ok {
			return code, true
		}
	}
	// A qualifier naming the product ("Kazakhstan, concentrate", "Brazil (beneficiated)9").
	if i := strings.IndexAny(norm, ",("); i > 0 {
		return n.Lookup(norm[:i])
	}
	return "", false
}

// Alpha3 returns the alpha-2 code of an ISO alpha-3 code.
func (n *CountryNames) Alpha3(code string) (string, bool) {
	c, ok := n.byAlpha[strings.ToUpper(code)]
	return c, ok
}

// normalizeName lowercases a name and collapses every kind of space (publishers use
// non-breaking ones) into one.
func normalizeName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), unicode.IsSpace), " ")
}
