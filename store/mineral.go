package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// mineralByName is the default order of minerals: by name, then id (unique).
var mineralByName = ordering{name: "mineral/name", keys: []sortKey{{expr: "m.name"}, {expr: "m.id"}}}

// mineralColumns returns a mineral row; decodeMineral reads it.
const mineralColumns = `m.id AS id, m.name AS name, m.symbol AS symbol, m.isGroup AS isGroup,
  COLLECT { MATCH (m)-[:MEMBER_OF]->(g:Mineral) RETURN g.id }[0] AS groupId`

// Minerals returns a page of the minerals that match f (nil: all), by name.
// Errors: EINVALID for a bad filter, page size or cursor; EUNAVAILABLE when Neo4j is down.
func (s *Store) Minerals(ctx context.Context, f *mg.MineralFilter, page mg.PageArgs) (mg.Page[mg.Mineral], error) {
	const op = "store.Minerals"
	if err := f.Validate(); err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	if err := page.Validate(s.maxPage); err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	o := mineralByName
	p := params{}
	where := []string{mineralWhere(p, f, "m")}
	if page.After != "" {
		vals, err := o.decodeCursor(page.After)
		if err != nil {
			return mg.Page[mg.Mineral]{}, err
		}
		where = append(where, o.after(p, vals))
	}
	p["limit"] = page.First + 1 // one more than asked tells whether a next page exists
	cypher := `MATCH (m:Mineral) WHERE ` + strings.Join(where, " AND ") + `
RETURN ` + mineralColumns + `, ` + o.returnKeys() + `
ORDER BY ` + o.orderBy() + `
LIMIT $limit`
	recs, err := s.read(ctx, op, cypher, p)
	if err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	return pageOf(recs, page, o, decodeMineral)
}

// CountMinerals returns how many minerals match f (nil: all).
func (s *Store) CountMinerals(ctx context.Context, f *mg.MineralFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	p := params{}
	recs, err := s.read(ctx, "store.CountMinerals", `MATCH (m:Mineral) WHERE `+mineralWhere(p, f, "m")+` RETURN count(m) AS n`, p)
	if err != nil {
		return 0, err
	}
	return intValue(recs[0], "n")
}

// Mineral returns the mineral with the given id, or ENOTFOUND naming it.
func (s *Store) Mineral(ctx context.Context, id string) (mg.Mineral, error) {
	found, err := s.MineralsByID(ctx, []string{id})
	if err != nil {
		return mg.Mineral{}, err
	}
	m, ok := found[id]
	if !ok {
		return mg.Mineral{}, mg.NotFound("mineral", id)
	}
	return m, nil
}

// MineralsByID returns the minerals with the given ids, keyed by id; ids the graph does not
// know are absent from the map. One round trip whatever the number of ids.
func (s *Store) MineralsByID(ctx context.Context, ids []string) (map[string]mg.Mineral, error) {
	recs, err := s.read(ctx, "store.MineralsByID",
		`MATCH (m:Mineral) WHERE m.id IN $ids RETURN `+mineralColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Mineral, len(recs))
	for _, r := range recs {
		m, err := decodeMineral(r)
		if err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, nil
}

func decodeMineral(r *neo4j.Record) (mg.Mineral, error) {
	var m mg.Mineral
	var err error
	if m.ID, err = str(r, "id"); err != nil {
		return m, err
	}
	if m.Name, err = str(r, "name"); err != nil {
		return m, err
	}
	m.Symbol = optStr(r, "symbol")
	m.GroupID = optStr(r, "groupId")
	m.IsGroup, _ = optBool(r, "isGroup")
	return m, nil
}

// mineralWhere compiles a filter into a Cypher predicate over the mineral variable m. The
// predicate's text comes from constants; every value is a parameter added to p.
func mineralWhere(p params, f *mg.MineralFilter, m string) string {
	if f == nil {
		return "true"
	}
	var conds []string
	if c := f.Share; c != nil {
		conds = append(conds, shareCondition(p, c, m))
	}
	if f.NameContains != "" {
		conds = append(conds, "toLower("+m+".name) CONTAINS toLower("+p.add(f.NameContains)+")")
	}
	if f.IDIn != nil {
		conds = append(conds, m+".id IN "+p.add(f.IDIn))
	}
	if f.OnList != "" {
		conds = append(conds, "EXISTS { MATCH ("+m+")-[:ON_LIST]->(:CriticalList {id: "+p.add(f.OnList)+"}) }")
	}
	if f.Group != "" {
		conds = append(conds, "EXISTS { MATCH ("+m+")-[:MEMBER_OF]->(:Mineral {id: "+p.add(f.Group)+"}) }")
	}
	if r := f.USNetImportReliance; r != nil {
		conds = append(conds, relianceCondition(p, r, m, "US"))
	}
	for i := range f.And {
		conds = append(conds, "("+mineralWhere(p, &f.And[i], m)+")")
	}
	if len(f.Or) > 0 {
		ors := make([]string, len(f.Or))
		for i := range f.Or {
			ors[i] = "(" + mineralWhere(p, &f.Or[i], m) + ")"
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	if f.Not != nil {
		conds = append(conds, "NOT ("+mineralWhere(p, f.Not, m)+")")
	}
	if len(conds) == 0 {
		return "true"
	}
	return strings.Join(conds, " AND ")
}

// shareCondition: the mineral has a share of the country at the stage, in the given year or
// else the latest year with any figure of the mineral at that stage, whose percent satisfies
// every bound. A null percent satisfies no comparison, so unknown shares never match.
func shareCondition(p params, c *mg.ShareCondition, m string) string {
	stage := p.add(string(c.Stage))
	year := "COLLECT { MATCH (" + m + ")<-[:OF_MINERAL]-(x:Share {stage: " + stage + "}) RETURN max(x.year) }[0]"
	if c.Year != nil {
		year = p.add(*c.Year)
	}
	conds := []string{"s.year = " + year}
	for _, b := range []struct {
		op string
		v  *float64
	}{{">", c.Gt}, {">=", c.Gte}, {"<", c.Lt}, {"<=", c.Lte}} {
		if b.v != nil {
			conds = append(conds, "s.percent "+b.op+" "+p.add(*b.v))
		}
	}
	return "EXISTS { MATCH (" + m + ")<-[:OF_MINERAL]-(s:Share {stage: " + stage + "})-[:BY_COUNTRY]->(:Country {code: " +
		p.add(c.Country) + "}) WHERE " + strings.Join(conds, " AND ") + " }"
}

// relianceCondition: the mineral has a net import reliance figure for the importer, in the
// given year or else the latest year with one, whose published range certainly meets every
// bound (mg.Range.Satisfies, in Cypher): ">50" (low 50, exclusive) meets gt 49 and gt 50, not
// gte 60.
func relianceCondition(p params, c *mg.RelianceCondition, m, importer string) string {
	year := "COLLECT { MATCH (" + m + ")<-[:OF_MINERAL]-(x:Reliance)-[:OF_IMPORTER]->(:Country {code: " + p.add(importer) +
		"}) RETURN max(x.year) }[0]"
	if c.Year != nil {
		year = p.add(*c.Year)
	}
	conds := []string{"r.year = " + year}
	if c.Gt != nil {
		g := p.add(*c.Gt)
		conds = append(conds, "(r.low > "+g+" OR (r.low = "+g+" AND NOT coalesce(r.lowInclusive, false)))")
	}
	if c.Gte != nil {
		conds = append(conds, "r.low >= "+p.add(*c.Gte))
	}
	if c.Lt != nil {
		g := p.add(*c.Lt)
		conds = append(conds, "(r.high < "+g+" OR (r.high = "+g+" AND NOT coalesce(r.highInclusive, false)))")
	}
	if c.Lte != nil {
		conds = append(conds, "r.high <= "+p.add(*c.Lte))
	}
	return "EXISTS { MATCH (" + m + ")<-[:OF_MINERAL]-(r:Reliance)-[:OF_IMPORTER]->(:Country {code: " + p.add(importer) +
		"}) WHERE " + strings.Join(conds, " AND ") + " }"
}
