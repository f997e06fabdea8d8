package store

import (
	"context"

	mg "github.com/mineralgraph/mineralgraph"
)

// A country: (:Country {code}), with (:Country)-[:IN_BLOC]->(:Bloc).

var countryEntity = declare(&entity[mg.Country]{name: "Country", related: func(c *mg.Country) *mg.Related { return &c.Related }, node: "code", search: true})

func init() {
	code := property("code", setStr(func(c *mg.Country) *string { return &c.Code }))
	countryEntity.fields = map[string]fieldDecl[mg.Country]{
		"id":      code, // a country's global id is its code
		"code":    code,
		"alpha3":  property("alpha3", setStr(func(c *mg.Country) *string { return &c.Alpha3 })),
		"name":    property("name", setStr(func(c *mg.Country) *string { return &c.Name })),
		"aliases": prop(func(v string) string { return "coalesce(" + v + ".aliases, [])" }, setStrings(func(c *mg.Country) *[]string { return &c.Aliases })),
		"blocs": many(countryEntity, blocEntity, "(%[1]s)-[:IN_BLOC]->(%[2]s:Bloc)",
			func(v string) string { return v + ".id" }),
		"shares":     nested(countryEntity, countryShares),
		"facilities": nested(countryEntity, countryFacilities),
	}
}

// countryByName is the order of country lists: by name, then code (unique).
func countryByName(c string) ordering {
	return ordering{name: "country/name", keys: []sortKey{{expr: c + ".name", seek: true}, {expr: c + ".code"}}}
}

// Countries returns a page of countries by name, each as sel asks, and the size of the whole
// list when withTotal is true; nameContains (may be empty) narrows them to those whose name
// or an alias contains the text, ignoring case. One round trip.
func (s *Store) Countries(ctx context.Context, nameContains string, page mg.PageArgs, withTotal bool, sel Selection) (mg.Page[mg.Country], error) {
	q := newBuilder()
	where := "true"
	if nameContains != "" {
		t := q.param(nameContains)
		where = "(toLower(c.name) CONTAINS toLower(" + t + ") OR any(alias IN coalesce(c.aliases, []) WHERE toLower(alias) CONTAINS toLower(" + t + ")))"
	}
	pq := pagedQuery{op: "store.Countries", match: "MATCH (c:Country) WHERE " + where, order: countryByName("c")}
	return runPaged(ctx, s, q, pq, countryEntity, bind("c"), sel, page, withTotal)
}

// Country returns the country with the ISO alpha-2 code, as sel asks, or ENOTFOUND naming it.
// One round trip.
func (s *Store) Country(ctx context.Context, code string, sel Selection) (mg.Country, error) {
	if !mg.ValidCountryCode(code) {
		return mg.Country{}, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"CN\" or \"US\"", code)
	}
	return readOne(ctx, s, "store.Country", countryEntity, "(n:Country {code: %s})", code, "country", sel)
}

// The nodes a load writes for countries, and their rows.
var kindCountries = kind{name: "countries", label: "Country", key: "code"}

func init() {
	registerLoad(loader{kind: kindCountries, order: 20, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, c := range d.Countries {
			rows = append(rows, loadRow(c.Code, props("code", c.Code, "alpha3", c.Alpha3, "name", c.Name, "aliases", c.Aliases)))
		}
		return rows
	}})
}
