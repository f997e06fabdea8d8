package dataset

import (
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Blocs (blocs.csv), critical-mineral lists (lists.csv, their minerals in list_members.csv)
// and end uses (end_uses.csv).
func init() {
	register(kind{name: "blocs", order: 30,
		columns: []string{"id", "name", "members", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			b := mg.Bloc{ID: r.id("id"), Name: r.required("name"), Members: r.list("members"), SourceID: r.required("source"), Note: r.str("note")}
			d.Blocs = append(d.Blocs, b)
			return b.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.Bloc { return d.Blocs }, func(_ *Dataset, b mg.Bloc) []string {
			return []string{b.ID, b.Name, strings.Join(b.Members, "|"), b.SourceID, b.Note}
		}),
		each:  eachOf(func(d *Dataset) []mg.Bloc { return d.Blocs }, func(b mg.Bloc) string { return b.ID }, mg.Bloc.References, nil),
		merge: mergeOf(func(d *Dataset) *[]mg.Bloc { return &d.Blocs }, func(b mg.Bloc) string { return b.ID }),
	})
	register(kind{name: "lists", order: 50,
		columns: []string{"id", "name", "issuer", "year", "url", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			l := mg.CriticalList{ID: r.id("id"), Name: r.required("name"), Issuer: r.required("issuer"), Year: r.int("year"),
				URL: r.str("url"), SourceID: r.required("source"), Note: r.str("note")}
			d.Lists = append(d.Lists, l)
			return l.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.CriticalList { return d.Lists }, func(_ *Dataset, l mg.CriticalList) []string {
			return []string{l.ID, l.Name, l.Issuer, strconv.Itoa(l.Year), l.URL, l.SourceID, l.Note}
		}),
		// The members are list_members' to check, at their own lines.
		each: eachOf(func(d *Dataset) []mg.CriticalList { return d.Lists }, func(l mg.CriticalList) string { return l.ID },
			func(l mg.CriticalList) []mg.Ref { l.Members = nil; return l.References() }, nil),
		merge: mergeOf(func(d *Dataset) *[]mg.CriticalList { return &d.Lists }, func(l mg.CriticalList) string { return l.ID }),
	})
	// A list's members are rows of their own, which add to the list they name.
	register(kind{name: "list_members", order: 60, ownKeys: true,
		columns: []string{"list", "mineral", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			list, mineral := r.required("list"), r.required("mineral")
			for i := range d.Lists {
				if d.Lists[i].ID == list {
					d.Lists[i].Members = append(d.Lists[i].Members, mineral)
					return list + "/" + mineral
				}
			}
			r.fail("list", "unknown list %q; define it in lists.csv", list)
			return list + "/" + mineral
		},
		rows: func(d *Dataset) ([][]string, error) {
			var out [][]string
			for _, l := range d.Lists {
				for _, m := range l.Members {
					out = append(out, []string{l.ID, m, ""})
				}
			}
			return out, nil
		},
		each: func(d *Dataset, fn func(entry)) {
			for _, l := range d.Lists {
				for _, m := range l.Members {
					fn(entry{key: l.ID + "/" + m, refs: []mg.Ref{{Field: "mineral", Kind: mg.RefMineral, ID: m}}})
				}
			}
		},
		check: func(v *validator) {
			for _, l := range v.d.Lists {
				seen := map[string]bool{}
				for _, m := range l.Members {
					if seen[m] {
						v.fail("list_members", l.ID+"/"+m, "mineral", "%s is on %s twice", m, l.ID)
					}
					seen[m] = true
				}
			}
		},
	})
	register(kind{name: "end_uses", order: 70,
		columns: []string{"mineral", "end_uses", "source"},
		read: func(d *Dataset, r row, _ *organisations) string {
			e := mg.EndUses{MineralID: r.required("mineral"), Text: r.required("end_uses"), SourceID: r.required("source")}
			d.EndUses = append(d.EndUses, e)
			return e.MineralID
		},
		rows: rowsOf(func(d *Dataset) []mg.EndUses { return d.EndUses }, func(_ *Dataset, e mg.EndUses) []string {
			return []string{e.MineralID, e.Text, e.SourceID}
		}),
		each:  eachOf(func(d *Dataset) []mg.EndUses { return d.EndUses }, func(e mg.EndUses) string { return e.MineralID }, mg.EndUses.References, nil),
		merge: mergeOf(func(d *Dataset) *[]mg.EndUses { return &d.EndUses }, func(e mg.EndUses) string { return e.MineralID }),
	})
}
