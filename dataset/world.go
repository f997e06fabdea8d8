package dataset

import (
	"strconv"

	mg "github.com/mineralgraph/mineralgraph"
)

// World totals: world.csv, a mineral's production at a stage in a year, as a source totals it.
func init() {
	register(kind{name: "world", order: 80,
		columns: []string{"mineral", "stage", "year", "amount", "unit", "basis", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			w := mg.WorldProduction{
				MineralID: r.str("mineral"), Stage: enum(r, "stage", mg.Stage.Valid, mg.Stages), Year: r.int("year"),
				Amount: r.number("amount"), Unit: r.str("unit"), Basis: r.str("basis"), Note: r.str("note"),
				SourceID: r.str("source"),
			}
			w.ID = mg.WorldID(w.MineralID, w.Stage, w.Year)
			d.World = append(d.World, w)
			return w.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.WorldProduction { return d.World }, func(_ *Dataset, w mg.WorldProduction) []string {
			return []string{w.MineralID, string(w.Stage), strconv.Itoa(w.Year), num(w.Amount), w.Unit, w.Basis, w.SourceID, w.Note}
		}),
		each: eachOf(func(d *Dataset) []mg.WorldProduction { return d.World }, func(w mg.WorldProduction) string { return w.ID },
			mg.WorldProduction.References, mg.WorldProduction.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.WorldProduction { return &d.World }, func(w mg.WorldProduction) string { return w.ID }),
	})
}
