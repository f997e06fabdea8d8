package dataset

import (
	"fmt"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Validate checks a self-contained dataset: unique ids, every reference resolved within it,
// known enumerations, percentages within 0-100, every fact with a source, every figure with a
// year and, where it has an amount, a unit.
func (d *Dataset) Validate() error { return d.validate(nil) }

// ValidateAgainst checks d like Validate, but lets its records refer to the minerals,
// countries, blocs, policies and sources of base (the curated dataset, which the graph holds).
func (d *Dataset) ValidateAgainst(base *Dataset) error { return d.validate(base) }

// index is the set of ids records may refer to.
type index struct {
	sources, countries, blocs, minerals, groups, policies map[string]bool
}

func newIndex() *index {
	return &index{sources: map[string]bool{}, countries: map[string]bool{}, blocs: map[string]bool{},
		minerals: map[string]bool{}, groups: map[string]bool{}, policies: map[string]bool{}}
}

func (ix *index) add(d *Dataset) {
	for _, s := range d.Sources {
		ix.sources[s.ID] = true
	}
	for _, c := range d.Countries {
		ix.countries[c.Code] = true
	}
	for _, b := range d.Blocs {
		ix.blocs[strings.ToUpper(b.ID)] = true
	}
	for _, m := range d.Minerals {
		ix.minerals[m.ID] = true
		if m.IsGroup {
			ix.groups[m.ID] = true
		}
	}
	for _, p := range d.Policies {
		ix.policies[p.ID] = true
	}
}

// known reports whether the index holds a record of the kind with the id.
func (ix *index) known(kind mg.RefKind, id string) bool {
	switch kind {
	case mg.RefSource:
		return ix.sources[id]
	case mg.RefCountry:
		return ix.countries[id]
	case mg.RefMineral:
		return ix.minerals[id]
	case mg.RefGroup:
		return ix.groups[id]
	case mg.RefPolicy:
		return ix.policies[id]
	case mg.RefIssuer:
		return ix.countries[id] || ix.blocs[id]
	}
	return false
}

// validate checks each kind's records: their ids unique (within the kind, and across the
// kinds node(id) addresses), their references known to d or base, their problems as their
// domain type states them, and the kind's rules across its records.
func (d *Dataset) validate(base *Dataset) error {
	ix := newIndex()
	if base != nil {
		ix.add(base)
	}
	ix.add(d)
	v := validator{d: d, ix: ix}
	claimed := map[string]string{}
	for _, k := range kinds {
		k.each(d, func(e entry) {
			if !k.ownKeys {
				v.claim(claimed, k.name, e.key, e.global)
			}
			for _, p := range mg.UnknownReferences(e.key, e.refs, ix.known) {
				v.fail(k.name, e.key, p.Field, "%s", p.Msg)
			}
			v.problems(k.name, e.key, e.problems)
		})
		if k.check != nil {
			k.check(&v)
		}
	}
	if len(v.errs) > 0 {
		return v.errs
	}
	return nil
}

type validator struct {
	d    *Dataset
	ix   *index
	errs Errors
}

// fail reports a problem of the record of the kind with the given id, at its file and line.
func (v *validator) fail(kind, id, field, format string, args ...any) {
	file, line := v.d.where(kind, id)
	v.errs.add(file, line, field, fmt.Sprintf(format, args...))
}

// problems reports a record's problems as its domain type states them (mg.Share.Problems),
// each at the column that holds the field: the API's camelCase name in the file's snake_case
// (expectedStart: expected_start).
func (v *validator) problems(kind, id string, ps []mg.Problem) {
	for _, p := range ps {
		v.fail(kind, id, column(p.Field), "%s", p.Msg)
	}
}

// column is the dataset column of an API field name.
func column(field string) string {
	var b strings.Builder
	for i, c := range field {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// claim checks that the id is unique within its kind and, for the ids a client addresses by
// a slug (global: the kind's type is mg.Addressable), across kinds too.
func (v *validator) claim(claimed map[string]string, kind, id string, global bool) {
	if owner, dup := claimed[kind+"\x00"+id]; dup {
		v.fail(kind, id, "", "%s %q is listed twice (also %s)", kind, id, owner)
		return
	}
	claimed[kind+"\x00"+id] = kind
	if global {
		if owner, dup := claimed["\x00"+id]; dup {
			v.fail(kind, id, "id", "id %q is already used by a record of %s; ids must be unique across the graph", id, owner)
			return
		}
		claimed["\x00"+id] = kind
	}
}
