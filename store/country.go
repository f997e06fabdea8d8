package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// countryByName is the order of country lists: by name, then code (unique).
var countryByName = ordering{name: "country/name", keys: []sortKey{{expr: "c.name", seek: true}, {expr: "c.code"}}}

const countryColumns = `c.code AS code, c.alpha3 AS alpha3, c.name AS name, coalesce(c.aliases, []) AS aliases`

// Countries returns a page of countries by name, and the size of the whole list when
// withTotal is true; nameContains (may be empty) narrows them to those whose name or an alias
// contains the text, ignoring case. One round trip.
func (s *Store) Countries(ctx context.Context, nameContains string, page mg.PageArgs, withTotal bool) (mg.Page[mg.Country], error) {
	p := params{}
	where := "true"
	if nameContains != "" {
		t := p.add(nameContains)
		where = "(toLower(c.name) CONTAINS toLower(" + t + ") OR any(a IN coalesce(c.aliases, []) WHERE toLower(a) CONTAINS toLower(" + t + ")))"
	}
	q := pagedQuery{op: "store.Countries", match: "MATCH (c:Country) WHERE " + where, columns: countryColumns, order: countryByName}
	return runPaged(ctx, s, q, p, page, withTotal, decodeCountry)
}

// Country returns the country with the ISO alpha-2 code, or ENOTFOUND naming it.
func (s *Store) Country(ctx context.Context, code string) (mg.Country, error) {
	if !mg.ValidCountryCode(code) {
		return mg.Country{}, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"CN\" or \"US\"", code)
	}
	found, err := s.CountriesByCode(ctx, []string{code})
	if err != nil {
		return mg.Country{}, err
	}
	c, ok := found[code]
	if !ok {
		return mg.Country{}, mg.NotFound("country", code)
	}
	return c, nil
}

// CountriesByCode returns the countries with the given codes, keyed by code; unknown codes are
// absent. One round trip whatever the number of codes.
func (s *Store) CountriesByCode(ctx context.Context, codes []string) (map[string]mg.Country, error) {
	recs, err := s.read(ctx, "store.CountriesByCode",
		`MATCH (c:Country) WHERE c.code IN $codes RETURN `+countryColumns, map[string]any{"codes": codes})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Country, len(recs))
	for _, r := range recs {
		c, err := decodeCountry(r)
		if err != nil {
			return nil, err
		}
		out[c.Code] = c
	}
	return out, nil
}

func decodeCountry(r *neo4j.Record) (mg.Country, error) {
	var c mg.Country
	var err error
	if c.Code, err = str(r, "code"); err != nil {
		return c, err
	}
	if c.Name, err = str(r, "name"); err != nil {
		return c, err
	}
	c.Alpha3 = optStr(r, "alpha3")
	aliases, _, err := neo4j.GetRecordValue[[]any](r, "aliases")
	if err != nil {
		return c, decodeErr("aliases", err)
	}
	for _, a := range aliases {
		if s, ok := a.(string); ok {
			c.Aliases = append(c.Aliases, s)
		}
	}
	return c, nil
}
