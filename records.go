package mineralgraph

import (
	"fmt"
	"strings"
)

// Records is a batch of domain records of every kind: what the dataset package reads from
// files (a dataset.Dataset is a Records) and what the store loads into the graph. Records of
// a kind come after the kinds they refer to only in the order the store writes them; here
// they are plain lists.
type Records struct {
	Sources       []Source
	Countries     []Country
	Blocs         []Bloc
	Minerals      []Mineral
	Lists         []CriticalList
	EndUses       []EndUses
	World         []WorldProduction
	Shares        []Share
	Reliance      []Reliance
	Trade         []TradeLink
	Organisations []Organisation
	Facilities    []Facility
	Policies      []Policy
	Projects      []Project
	// Origins says where each record was read, by kind and id (a dataset file's line, a
	// publisher's file's), so that a problem found after reading names its place; records
	// made in code have none. The store ignores it.
	Origins map[string]Origin
}

// Origin is the file and line a record was read from.
type Origin struct {
	File string
	Line int
}

// RefKind is a kind of record that another record refers to by its id.
type RefKind string

// The kinds of reference. A group is a mineral marked as a group; an issuer is a country or
// a bloc (by its id in upper case).
const (
	RefSource  RefKind = "source"
	RefCountry RefKind = "country"
	RefMineral RefKind = "mineral"
	RefGroup   RefKind = "group"
	RefPolicy  RefKind = "policy"
	RefIssuer  RefKind = "issuer"
)

// Ref is one reference of a record: the field (as the dataset's column names it) that holds
// the id, the kind of record it names, and the id. An empty ID refers to nothing.
type Ref struct {
	Field string
	Kind  RefKind
	ID    string
}

// refs builds the references of one field to every id of ids.
func refs(field string, kind RefKind, ids ...string) []Ref {
	out := make([]Ref, 0, len(ids))
	for _, id := range ids {
		if id != "" {
			out = append(out, Ref{Field: field, Kind: kind, ID: id})
		}
	}
	return out
}

// Problem is one thing wrong with a record: the field and what is wrong.
type Problem struct {
	Field, Msg string
}

// Known reports whether a record of the kind with the id exists (in a dataset, in the graph).
type Known func(kind RefKind, id string) bool

// UnknownReferences returns a problem for each reference of the record (named id) that known
// does not hold, in the words every layer reports them with.
func UnknownReferences(id string, rs []Ref, known Known) []Problem {
	var out []Problem
	for _, r := range rs {
		if r.ID == "" || known(r.Kind, r.ID) {
			continue
		}
		switch r.Kind {
		case RefGroup:
			out = append(out, Problem{r.Field, fmt.Sprintf("mineral %q names group %q, which is not a mineral marked as a group", id, r.ID)})
		case RefIssuer:
			out = append(out, Problem{r.Field, fmt.Sprintf("%s: unknown issuer %q; use a country code or a bloc id in upper case", id, r.ID)})
		default:
			out = append(out, Problem{r.Field, fmt.Sprintf("%s: unknown %s %q", id, r.Kind, r.ID)})
		}
	}
	return out
}

// ProblemsError returns the problems as one EINVALID error ("field: message; ..."), nil when there
// are none.
func ProblemsError(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Msg
		if p.Field != "" {
			msgs[i] = p.Field + ": " + p.Msg
		}
	}
	return Invalid("%s", strings.Join(msgs, "; "))
}

// Each calls fn with the kind (its dataset file's name), id and references of every record
// of the kinds that refer to others: all but sources, countries and organisations, in the
// order of the fields of Records. Records of a kind without an id of their own (end uses,
// which are keyed by their mineral) pass the id they are known by.
func (r *Records) Each(fn func(kind, id string, refs []Ref)) {
	each(fn, "blocs", r.Blocs, func(x Bloc) string { return x.ID })
	each(fn, "minerals", r.Minerals, func(x Mineral) string { return x.ID })
	each(fn, "lists", r.Lists, func(x CriticalList) string { return x.ID })
	each(fn, "end_uses", r.EndUses, func(x EndUses) string { return x.MineralID })
	each(fn, "world", r.World, func(x WorldProduction) string { return x.ID })
	each(fn, "shares", r.Shares, func(x Share) string { return x.ID })
	each(fn, "reliance", r.Reliance, func(x Reliance) string { return x.ID })
	each(fn, "trade", r.Trade, func(x TradeLink) string { return x.ID })
	each(fn, "facilities", r.Facilities, func(x Facility) string { return x.ID })
	each(fn, "policies", r.Policies, func(x Policy) string { return x.ID })
	each(fn, "projects", r.Projects, func(x Project) string { return x.ID })
}

// each calls fn with the kind, id and references of every record of xs.
func each[T interface{ References() []Ref }](fn func(kind, id string, refs []Ref), kind string, xs []T, id func(T) string) {
	for _, x := range xs {
		fn(kind, id(x), x.References())
	}
}

// References lists ids that records refer to, by kind.
type References struct {
	Minerals, Countries, Sources, Policies []string
}

// ExternalReferences returns the ids that the records refer to but do not define; they must
// already be in the graph when the records are loaded (the curated dataset, for an import).
// Issuers are not among them: an issuer that is neither a country nor a bloc is the
// dataset's to report.
func (r *Records) ExternalReferences() References {
	defined := map[RefKind]map[string]bool{RefMineral: {}, RefCountry: {}, RefSource: {}, RefPolicy: {}}
	for _, x := range r.Sources {
		defined[RefSource][x.ID] = true
	}
	for _, x := range r.Countries {
		defined[RefCountry][x.Code] = true
	}
	for _, x := range r.Minerals {
		defined[RefMineral][x.ID] = true
	}
	for _, x := range r.Policies {
		defined[RefPolicy][x.ID] = true
	}
	var out References
	into := map[RefKind]*[]string{RefMineral: &out.Minerals, RefGroup: &out.Minerals, RefCountry: &out.Countries,
		RefSource: &out.Sources, RefPolicy: &out.Policies}
	r.Each(func(_, _ string, rs []Ref) {
		for _, ref := range rs {
			list, ok := into[ref.Kind]
			kind := ref.Kind
			if kind == RefGroup {
				kind = RefMineral
			}
			if !ok || ref.ID == "" || defined[kind][ref.ID] {
				continue
			}
			defined[kind][ref.ID] = true // report each once
			*list = append(*list, ref.ID)
		}
	})
	return out
}
