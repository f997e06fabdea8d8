package dataset

import (
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Countries: countries.csv, with the names publishers spell them by.
func init() {
	register(kind{name: "countries", order: 20,
		columns: []string{"code", "alpha3", "name", "aliases"},
		read: func(d *Dataset, r row, _ *organisations) string {
			c := mg.Country{Code: r.country("code"), Alpha3: r.str("alpha3"), Name: r.required("name"), Aliases: r.list("aliases")}
			d.Countries = append(d.Countries, c)
			return c.Code
		},
		rows: rowsOf(func(d *Dataset) []mg.Country { return d.Countries }, func(_ *Dataset, c mg.Country) []string {
			return []string{c.Code, c.Alpha3, c.Name, strings.Join(c.Aliases, "|")}
		}),
		each: eachOf(func(d *Dataset) []mg.Country { return d.Countries }, func(c mg.Country) string { return c.Code },
			func(mg.Country) []mg.Ref { return nil }, nil),
		// An importer finds a country by any of its names: no name may name two.
		check: func(v *validator) {
			aliases := map[string]string{}
			for _, c := range v.d.Countries {
				for _, a := range append([]string{c.Name}, c.Aliases...) {
					key := strings.ToLower(a)
					if other, dup := aliases[key]; dup && other != c.Code {
						v.fail("countries", c.Code, "aliases", "%q names both %s and %s; an importer could not tell them apart", a, other, c.Code)
					}
					aliases[key] = c.Code
				}
			}
		},
		merge: mergeOf(func(d *Dataset) *[]mg.Country { return &d.Countries }, func(c mg.Country) string { return c.Code }),
	})
}
