package dataset

import (
	mg "github.com/mineralgraph/mineralgraph"
)

// Minerals: minerals.csv, each mineral or group of them.
func init() {
	register(kind{name: "minerals", order: 40,
		columns: []string{"id", "name", "symbol", "group", "is_group"},
		read: func(d *Dataset, r row, _ *organisations) string {
			m := mg.Mineral{ID: r.id("id"), Name: r.required("name"), Symbol: r.str("symbol"), GroupID: r.str("group")}
			switch r.str("is_group") {
			case "", "false":
			case "true":
				m.IsGroup = true
			default:
				r.fail("is_group", "write true, false or nothing")
			}
			d.Minerals = append(d.Minerals, m)
			return m.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.Mineral { return d.Minerals }, func(_ *Dataset, m mg.Mineral) []string {
			return []string{m.ID, m.Name, m.Symbol, m.GroupID, yesNo(m.IsGroup)}
		}),
		each:  eachOf(func(d *Dataset) []mg.Mineral { return d.Minerals }, func(m mg.Mineral) string { return m.ID }, mg.Mineral.References, nil),
		merge: mergeOf(func(d *Dataset) *[]mg.Mineral { return &d.Minerals }, func(m mg.Mineral) string { return m.ID }),
	})
}
