package dataset

import (
	"strconv"

	mg "github.com/mineralgraph/mineralgraph"
)

// Sources: sources.csv, the publications every fact cites.
func init() {
	register(kind{name: "sources", order: 10,
		columns: []string{"id", "publisher", "title", "year", "url", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			s := mg.Source{ID: r.str("id"), Publisher: r.str("publisher"), Title: r.str("title"),
				Year: r.int("year"), URL: r.str("url"), Note: r.str("note")}
			d.Sources = append(d.Sources, s)
			return s.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.Source { return d.Sources }, func(_ *Dataset, s mg.Source) []string {
			return []string{s.ID, s.Publisher, s.Title, strconv.Itoa(s.Year), s.URL, s.Note}
		}),
		each: eachOf(func(d *Dataset) []mg.Source { return d.Sources }, func(s mg.Source) string { return s.ID },
			func(mg.Source) []mg.Ref { return nil }, mg.Source.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.Source { return &d.Sources }, func(s mg.Source) string { return s.ID }),
	})
}
