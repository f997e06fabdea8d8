package store

import (
	"context"

	mg "github.com/mineralgraph/mineralgraph"
)

// A publication that figures cite: (:Source). Every record links to one with CITES.

var sourceEntity = declare(&entity[mg.Source]{name: "Source", node: "id"})

func init() {
	sourceEntity.fields = map[string]fieldDecl[mg.Source]{
		"id":        property("id", setStr(func(s *mg.Source) *string { return &s.ID })),
		"publisher": property("publisher", setStr(func(s *mg.Source) *string { return &s.Publisher })),
		"title":     property("title", setStr(func(s *mg.Source) *string { return &s.Title })),
		"year":      property("year", setInt(func(s *mg.Source) *int { return &s.Year })),
		"url":       property("url", setStr(func(s *mg.Source) *string { return &s.URL })),
		"note":      property("note", setStr(func(s *mg.Source) *string { return &s.Note })),
	}
}

// citesSource is the pattern from a record to the source it cites.
const citesSource = "(%[1]s)-[:CITES]->(%[2]s:Source)"

// Source returns the source with the given id, as sel asks, or ENOTFOUND naming it. One
// round trip.
func (s *Store) Source(ctx context.Context, id string, sel Selection) (mg.Source, error) {
	return readOne(ctx, s, "store.Source", sourceEntity, "(n:Source {id: %s})", id, "source", sel)
}

// The nodes a load writes for sources, and their rows.
var kindSources = kind{name: "sources", label: "Source", key: "id"}

func init() {
	registerLoad(loader{kind: kindSources, order: 10, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, s := range d.Sources {
			rows = append(rows, loadRow(s.ID, props("id", s.ID, "publisher", s.Publisher, "title", s.Title, "year", s.Year, "url", s.URL, "note", s.Note)))
		}
		return rows
	}})
}
