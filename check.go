// The vocabulary of checks every entity's Check (in the entity's own file) speaks: limits on
// values, ids and their rules, and the list of problems a check reports at once.

package mineralgraph

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on the values a curator may write, so that one record cannot carry a novel.
const (
	MaxIDLength   = 120  // ids and codes
	MaxNameLength = 300  // names, titles, units, short labels
	MaxTextLength = 5000 // summaries and notes
	// MaxURLLength bounds addresses: a percent-encoded one (a Chinese title in the path) runs
	// past a name's limit, as sources of the curated dataset do.
	MaxURLLength  = 2048
	MaxListLength = 100 // minerals of a facility, countries a policy names...
)

// ValidID reports whether s is an id the graph accepts: a lowercase kebab-case slug such as
// "rare-earths" or "mp-materials-mountain-pass".
func ValidID(s string) bool {
	if s == "" || len(s) > MaxIDLength || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Addressable marks the record types whose ids node(id) resolves as slugs that a record of
// another such type could also hold (minerals, sources, lists, blocs, facilities, policies),
// so that an id is unique across all of them: the dataset refuses an id two of them share,
// and so does a curator's write. Each type says so in its own file, and the dataset and the
// store learn it from the type, not from a list. A country's code, a share's key or an
// organisation's "org-" id cannot collide with those slugs, so their types are not
// Addressable, though node(id) finds them too.
type Addressable interface{ addressable() }

// IsAddressable reports whether records of type T are Addressable.
func IsAddressable[T any]() bool {
	_, ok := any(*new(T)).(Addressable)
	return ok
}

// problems collects what is wrong with a record, so that a curator fixes everything at once.
type problems []Problem

func (p *problems) addf(field, format string, args ...any) {
	*p = append(*p, Problem{Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (p problems) err() error { return ProblemsError(p) }

func (p *problems) id(field, v string) {
	if !ValidID(v) {
		p.addf(field, "%q is not an id: use a lowercase kebab-case slug such as \"rare-earths\" (at most %d characters)", clip(v), MaxIDLength)
	}
}

func (p *problems) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		p.addf(field, "required")
	}
}

// name checks a required name: present, and no longer than a name may be.
func (p *problems) name(field, v string) {
	p.required(field, v)
	p.text(field, v, MaxNameLength)
}

func (p *problems) text(field, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		p.addf(field, "%d characters; at most %d", n, max)
	}
	if !utf8.ValidString(v) {
		p.addf(field, "not valid UTF-8")
	}
	if strings.ContainsRune(v, 0) {
		p.addf(field, "contains a NUL character")
	}
}

func (p *problems) code(field, v string) {
	if len(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' {
		p.addf(field, "%q is not an ISO 3166-1 alpha-2 code such as \"CN\" or \"US\"", clip(v))
	}
}

func (p *problems) list(field string, vs []string, each func(string, string)) {
	if len(vs) > MaxListLength {
		p.addf(field, "%d entries; at most %d", len(vs), MaxListLength)
		return
	}
	for _, v := range vs {
		each(field, v)
	}
}

func (p *problems) number(field string, v *float64, min, max float64) {
	if v == nil {
		return
	}
	if math.IsNaN(*v) || math.IsInf(*v, 0) || *v < min || *v > max {
		p.addf(field, "%v is outside %v to %v", *v, min, max)
	}
}

// percent checks a percentage: within 0-100 where it is given.
func (p *problems) percent(field string, v *float64) {
	if v != nil && (math.IsNaN(*v) || *v < 0 || *v > 100) {
		p.addf(field, "percent %v is outside 0-100", *v)
	}
}

// amount checks a figure that is never below zero where it is given: a quantity, a value,
// a capacity.
func (p *problems) amount(field string, v *float64) {
	if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0) {
		p.addf(field, "%v: an amount is a finite number, never below zero", *v)
	}
}

// enum checks that v is one of all; an empty v is reported as required.
func enum[T ~string](p *problems, field string, v T, all []T) {
	switch {
	case v == "":
		p.addf(field, "required; use one of %v", all)
	case !oneOf(v, all):
		p.addf(field, "%q: use one of %v", clip(string(v)), all)
	}
}

func (p *problems) year(field string, y int) {
	if y < 1900 || y > 2100 {
		p.addf(field, "%d is not a plausible year", y)
	}
}

// clip shortens a value quoted back in a message, so that a huge input is not echoed whole.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}

// Slug makes a lowercase kebab-case id of a name, dropping accents: "Société Minière de
// Bakwanga" -> "societe-miniere-de-bakwanga".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r): // a combining accent
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
