package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// mineralByName is the default order of minerals: by name, then id (unique).
var mineralByName = ordering{name: "mineral/name", keys: []sortKey{{expr: "m.name", seek: true}, {expr: "m.id"}}}

// mineralColumns returns a mineral row; decodeMineral reads it.
const mineralColumns = `m.id AS id, m.name AS name, m.symbol AS symbol, m.isGroup AS isGroup,
  COLLECT { MATCH (m)-[:MEMBER_OF]->(g:Mineral) RETURN g.id }[0] AS groupId`

// Minerals returns a page of the minerals that match f (nil: all) in the order o (nil: by
// name), and the size of the whole list when withTotal is true. One round trip.
// Errors: ENOTFOUND naming a country, list or group the filter names that does not exist;
// EINVALID for a bad filter, order, page size or cursor; EUNAVAILABLE when Neo4j is down.
func (s *Store) Minerals(ctx context.Context, f *mg.MineralFilter, o *mg.MineralOrder, page mg.PageArgs, withTotal bool) (mg.Page[mg.Mineral], error) {
	if err := f.Validate(); err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	if err := o.Validate(); err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	p := params{}
	q := pagedQuery{op: "store.Minerals", match: mineralMatch(p, f), columns: mineralColumns, order: mineralByName, refs: mineralRefs(f, o)}
	if o != nil && o.Field != mg.OrderByName && o.Field != "" {
		q.project, q.order = mineralOrdering(p, o)
	} else if o != nil && o.Direction == mg.Desc {
		q.order = ordering{name: "mineral/name/desc", keys: []sortKey{{expr: "m.name", desc: true, seek: true}, {expr: "m.id", desc: true}}}
	}
	return runPaged(ctx, s, q, p, page, withTotal, decodeMineral)
}

// mineralMatch binds m to each mineral matching f. A share condition at the top of the filter
// names a country and a stage, so the candidates come from that country's shares (through
// the Share(stage, year) index when the year is given) instead of from every mineral, whose
// shares would each be read: with decades of yearly figures that is the difference between
// reading a few dozen shares and every share of every mineral. With a year, the candidates
// are exactly the minerals the share condition admits, and only the rest of the filter is
// checked; without one they are a superset (any year's share of the country at the stage
// that meets the bounds), and the whole filter, latest year included, decides.
func mineralMatch(p params, f *mg.MineralFilter) string {
	if f == nil || f.Share == nil {
		return "MATCH (m:Mineral) WHERE " + mineralWhere(p, f, "m")
	}
	c := f.Share
	rest := *f
	if c.Year != nil {
		rest.Share = nil
	}
	where := mineralWhere(p, &rest, "m")
	slot := "stage: " + p.add(string(c.Stage))
	if c.Year != nil {
		slot += ", year: " + p.add(*c.Year)
	}
	bounds := append([]string{"true"}, percentBounds(p, c, "cand.percent")...)
	return "MATCH (:Country {code: " + p.add(c.Country) + "})<-[:BY_COUNTRY]-(cand:Share {" + slot + "})-[:OF_MINERAL]->(m:Mineral)\n  WHERE " +
		strings.Join(bounds, " AND ") + "\n  WITH DISTINCT m WHERE " + where
}

// mineralOrdering returns the projection that computes the sort key sk of an ordering by a
// figure, and the ordering: sk, then name and id.
func mineralOrdering(p params, o *mg.MineralOrder) (string, ordering) {
	desc := o.Direction != mg.Asc // figures read largest first unless asked otherwise
	var sk, name string
	switch o.Field {
	case mg.OrderByShare:
		stage := p.add(string(o.Share.Stage))
		// The latest year once per mineral, then the share of that year (see shareCondition).
		year := "MATCH (m)<-[:OF_MINERAL]-(x:Share {stage: " + stage + "}) WITH max(x.year) AS year "
		yearName := "latest"
		if o.Share.Year != nil {
			year = "WITH " + p.add(*o.Share.Year) + " AS year "
			yearName = fmt.Sprint(*o.Share.Year)
		}
		sk = "coalesce(COLLECT { " + year + "MATCH (m)<-[:OF_MINERAL]-(s:Share {stage: " + stage + ", year: year})-[:BY_COUNTRY]->(:Country {code: " +
			p.add(o.Share.Country) + "}) RETURN s.percent }[0], -1.0)"
		name = fmt.Sprintf("mineral/share/%s/%s/%s", o.Share.Country, o.Share.Stage, yearName)
	case mg.OrderByUSNetImportReliance:
		// The lower bound of the latest published range; a net exporter (E) sorts below 0 and
		// a mineral without a figure below that.
		sk = `coalesce(COLLECT { MATCH (m)<-[:OF_MINERAL]-(r:Reliance)-[:OF_IMPORTER]->(:Country {code: 'US'})
      RETURN CASE WHEN r.value = 'E' THEN -1.0 ELSE coalesce(r.low, 0.0) END ORDER BY r.year DESC LIMIT 1 }[0], -2.0)`
		name = "mineral/us-reliance"
	}
	if desc {
		name += "/desc"
	}
	return "WITH m, " + sk + " AS sk", ordering{name: name, keys: []sortKey{{expr: "sk", desc: desc, num: true}, {expr: "m.name"}, {expr: "m.id"}}}
}

// mineralRefs collects the ids a filter and an order name, which must exist.
func mineralRefs(f *mg.MineralFilter, o *mg.MineralOrder) refs {
	var r refs
	var walk func(f *mg.MineralFilter)
	walk = func(f *mg.MineralFilter) {
		if f == nil {
			return
		}
		if f.Share != nil {
			r.countries = append(r.countries, f.Share.Country)
		}
		if f.OnList != "" {
			r.lists = append(r.lists, f.OnList)
		}
		if f.Group != "" {
			r.minerals = append(r.minerals, f.Group)
		}
		for i := range f.And {
			walk(&f.And[i])
		}
		for i := range f.Or {
			walk(&f.Or[i])
		}
		walk(f.Not)
	}
	walk(f)
	if o != nil && o.Share != nil {
		r.countries = append(r.countries, o.Share.Country)
	}
	return r
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
	// The latest year is computed once per mineral, before the shares are matched: a
	// subquery in the WHERE of the match would run again for every candidate share.
	year := "WITH max(x.year) AS year\n    "
	from := "MATCH (" + m + ")<-[:OF_MINERAL]-(x:Share {stage: " + stage + "}) "
	if c.Year != nil {
		year, from = "", "WITH "+p.add(*c.Year)+" AS year\n    "
	}
	conds := percentBounds(p, c, "s.percent")
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return "EXISTS { " + from + year + "MATCH (" + m + ")<-[:OF_MINERAL]-(s:Share {stage: " + stage + ", year: year})-[:BY_COUNTRY]->(:Country {code: " +
		p.add(c.Country) + "})" + where + " }"
}

// percentBounds renders the bounds c gives (gt, gte, lt, lte) as comparisons of expr.
func percentBounds(p params, c *mg.ShareCondition, expr string) []string {
	var conds []string
	for _, b := range []struct {
		op string
		v  *float64
	}{{">", c.Gt}, {">=", c.Gte}, {"<", c.Lt}, {"<=", c.Lte}} {
		if b.v != nil {
			conds = append(conds, expr+" "+b.op+" "+p.add(*b.v))
		}
	}
	return conds
}

// relianceCondition: the mineral has a net import reliance figure for the importer, in the
// given year or else the latest year with one, whose published range certainly meets every
// bound (mg.Range.Satisfies, in Cypher): ">50" (low 50, exclusive) meets gt 49 and gt 50, not
// gte 60.
func relianceCondition(p params, c *mg.RelianceCondition, m, importer string) string {
	// The figure compared is that of the given year, or else the latest: ordering the
	// importer's figures once per mineral and keeping the first costs one pass, where a
	// max-year subquery in the WHERE would run for every figure.
	pick := "WITH r ORDER BY r.year DESC LIMIT 1"
	if c.Year != nil {
		pick = "WITH r WHERE r.year = " + p.add(*c.Year)
	}
	var conds []string
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
	where := ""
	if len(conds) > 0 {
		where = " WITH r WHERE " + strings.Join(conds, " AND ")
	}
	return "EXISTS { MATCH (" + m + ")<-[:OF_MINERAL]-(r:Reliance)-[:OF_IMPORTER]->(:Country {code: " + p.add(importer) +
		"}) " + pick + where + " }"
}
