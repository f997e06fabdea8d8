package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// A mineral or group: (:Mineral {id}), a member linked to its group by MEMBER_OF, and to the
// lists it is on by ON_LIST.

var mineralEntity = declare(&entity[mg.Mineral]{name: "Mineral", related: func(m *mg.Mineral) *mg.Related { return &m.Related }, node: "id", search: true})

func init() {
	mineralEntity.fields = map[string]fieldDecl[mg.Mineral]{
		"id":              property("id", setStr(func(m *mg.Mineral) *string { return &m.ID })),
		"name":            property("name", setStr(func(m *mg.Mineral) *string { return &m.Name })),
		"symbol":          property("symbol", setStr(func(m *mg.Mineral) *string { return &m.Symbol })),
		"isGroup":         prop(func(v string) string { return "coalesce(" + v + ".isGroup, false)" }, setBool(func(m *mg.Mineral) *bool { return &m.IsGroup })),
		"group":           one(mineralEntity, mineralEntity, "(%[1]s)-[:MEMBER_OF]->(%[2]s:Mineral)"),
		"share":           nested(mineralEntity, mineralShare),
		"shares":          nested(mineralEntity, mineralShares),
		"worldProduction": nested(mineralEntity, worldProductionOf),
		"endUses":         one(mineralEntity, endUsesEntity, "(%[1]s)<-[:OF_MINERAL]-(%[2]s:EndUse)"),
		"lists": many(mineralEntity, listEntity, "(%[1]s)-[:ON_LIST]->(%[2]s:CriticalList)",
			func(v string) string { return v + ".year, " + v + ".id" }),
		"usNetImportReliance": nested(mineralEntity, usNetImportReliance),
		"importSources":       nested(mineralEntity, importSources),
		"tradeFlows":          nested(mineralEntity, tradeFlows),
		"policies":            nested(mineralEntity, policiesOfMineral),
		"concentration":       nested(mineralEntity, concentrationOf),
		"alternatives":        nested(mineralEntity, alternativesOf),
	}
}

// mineralByName is the default order of minerals: by name, then id (unique).
func mineralByName(m string, desc bool) ordering {
	name := "mineral/name"
	if desc {
		name += "/desc"
	}
	return ordering{name: name, keys: []sortKey{{expr: m + ".name", desc: desc, seek: true}, {expr: m + ".id", desc: desc}}}
}

// Minerals returns a page of the minerals that match f (nil: all) in the order o (nil: by
// name), each as sel asks, and the size of the whole list when withTotal is true. One round
// trip. Errors: ENOTFOUND naming a country, list or group the filter names that does not
// exist; EINVALID for a bad filter, order, page size or cursor; EUNAVAILABLE when Neo4j is
// down.
func (s *Store) Minerals(ctx context.Context, f *mg.MineralFilter, o *mg.MineralOrder, page mg.PageArgs, withTotal bool, sel Selection) (mg.Page[mg.Mineral], error) {
	if err := f.Validate(); err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	if err := o.Validate(); err != nil {
		return mg.Page[mg.Mineral]{}, err
	}
	q := newBuilder()
	pq := pagedQuery{op: "store.Minerals", match: mineralMatch(q, f), order: mineralByName("m", false), refs: mineralRefs(f, o)}
	if o != nil && o.Field != mg.OrderByName && o.Field != "" {
		pq.project, pq.order = mineralOrdering(q, o)
	} else if o != nil && o.Direction == mg.Desc {
		pq.order = mineralByName("m", true)
	}
	return runPaged(ctx, s, q, pq, mineralEntity, bind("m"), sel, page, withTotal)
}

// Mineral returns the mineral with the given id, as sel asks, or ENOTFOUND naming it. One
// round trip.
func (s *Store) Mineral(ctx context.Context, id string, sel Selection) (mg.Mineral, error) {
	return readOne(ctx, s, "store.Mineral", mineralEntity, "(n:Mineral {id: %s})", id, "mineral", sel)
}

// mineralMatch binds m to each mineral matching f. A share condition at the top of the filter
// names a country and a stage, so the candidates come from that country's shares (through
// the Share(stage, year) index when the year is given) instead of from every mineral, whose
// shares would each be read: with decades of yearly figures that is the difference between
// reading a few dozen shares and every share of every mineral. With a year, the candidates
// are exactly the minerals the share condition admits, and only the rest of the filter is
// checked; without one they are a superset (any year's share of the country at the stage
// that meets the bounds), and the whole filter, latest year included, decides.
func mineralMatch(q *builder, f *mg.MineralFilter) string {
	if f == nil || f.Share == nil {
		return "MATCH (m:Mineral) WHERE " + mineralWhere(q, f, "m")
	}
	// The candidates are the minerals of the country's shares that meet the bounds, and their
	// members, which answer with their group's figures when they have none (latest.go); the
	// whole filter then decides.
	c := f.Share
	slot := "stage: " + q.param(string(c.Stage))
	if c.Year != nil {
		slot += ", year: " + q.param(*c.Year)
	}
	owner := q.fresh("x")
	bounds := append([]string{"true"}, percentBounds(q, c, "cand.percent")...)
	rest := f
	if c.Year != nil && c.Leading == nil {
		// A candidate share of the year within the bounds settles the condition: for the
		// mineral whose share it is, and for a member of that group with no figure of its own
		// (which answers with its group's). Only the rest of the filter is checked then, and
		// no share is read again by key for each candidate.
		bounds = append(bounds, "("+owner+" = m OR NOT "+hasFigures(q, "m")+")")
		others := *f
		others.Share = nil
		rest = &others
	}
	return "MATCH (:Country {code: " + q.param(c.Country) + "})<-[:BY_COUNTRY]-(cand:Share {" + slot + "})-[:OF_MINERAL]->(" + owner + ":Mineral)<-[:MEMBER_OF*0..1]-(m:Mineral)\n  WHERE " +
		strings.Join(bounds, " AND ") + "\n  WITH DISTINCT m WHERE " + mineralWhere(q, rest, "m")
}

// mineralOrdering returns the projection that computes the sort key sk of an ordering by a
// figure, and the ordering: sk, then name and id.
func mineralOrdering(q *builder, o *mg.MineralOrder) (string, ordering) {
	desc := o.Direction != mg.Asc // figures read largest first unless asked otherwise
	var sk, name string
	switch o.Field {
	case mg.OrderByShare:
		stage, code := q.param(string(o.Share.Stage)), q.param(o.Share.Country)
		s, src := q.fresh("s"), q.fresh("src")
		year, yearName := 0, "latest"
		if o.Share.Year != nil {
			year, yearName = *o.Share.Year, fmt.Sprint(*o.Share.Year)
		}
		// The year once per mineral, then the share of that year by its key (latest.go).
		sk = "coalesce(COLLECT { " + shareOfCountry(q, "m", src, stage, code, year) + " MATCH (" + s + ":Share {id: " + shareKey(src, stage, src+"_year", code) +
			"}) RETURN " + s + ".percent }[0], -1.0)"
		name = fmt.Sprintf("mineral/share/%s/%s/%s", o.Share.Country, o.Share.Stage, yearName)
	case mg.OrderByUSNetImportReliance:
		r, src := q.fresh("r"), q.fresh("src")
		// The lower bound of the latest published range (the group's, for a member without
		// one); a net exporter (E) sorts below 0 and a mineral without a figure below that.
		sk = "coalesce(COLLECT { WITH " + figureSource(q, "m") + " AS " + src + " MATCH (" + r + ":Reliance) WHERE " + r + ".id STARTS WITH " +
			relianceKeyPrefix(src, "'US'") + "\n      RETURN CASE WHEN " + r + ".value = 'E' THEN -1.0 ELSE coalesce(" + r + ".low, 0.0) END ORDER BY " + r +
			".id DESC LIMIT 1 }[0], -2.0)"
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

// mineralWhere compiles a filter into a Cypher predicate over the mineral variable m. The
// predicate's text comes from constants; every value is a parameter.
func mineralWhere(q *builder, f *mg.MineralFilter, m string) string {
	if f == nil {
		return "true"
	}
	var conds []string
	if c := f.Share; c != nil {
		conds = append(conds, shareCondition(q, c, m))
	}
	if f.NameContains != "" {
		conds = append(conds, "toLower("+m+".name) CONTAINS toLower("+q.param(f.NameContains)+")")
	}
	if f.IDIn != nil {
		conds = append(conds, m+".id IN "+q.param(f.IDIn))
	}
	if f.OnList != "" {
		l := q.fresh("l")
		conds = append(conds, "EXISTS { MATCH ("+m+")-[:ON_LIST]->("+l+") WHERE "+l+".id = "+q.param(f.OnList)+" }")
	}
	if f.Group != "" {
		g := q.fresh("g")
		conds = append(conds, "EXISTS { MATCH ("+m+")-[:MEMBER_OF]->("+g+") WHERE "+g+".id = "+q.param(f.Group)+" }")
	}
	if r := f.USNetImportReliance; r != nil {
		conds = append(conds, relianceCondition(q, r, m, "US"))
	}
	for i := range f.And {
		conds = append(conds, "("+mineralWhere(q, &f.And[i], m)+")")
	}
	if len(f.Or) > 0 {
		ors := make([]string, len(f.Or))
		for i := range f.Or {
			ors[i] = "(" + mineralWhere(q, &f.Or[i], m) + ")"
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	if f.Not != nil {
		conds = append(conds, "NOT ("+mineralWhere(q, f.Not, m)+")")
	}
	if len(conds) == 0 {
		return "true"
	}
	return strings.Join(conds, " AND ")
}

// shareCondition: the mineral (or its group, latest.go) has a share of the country at the
// stage, in the given year or else its latest, whose percent satisfies every bound, and that
// is (or is not) the largest of its year when Leading is set. A null percent satisfies no
// comparison, so unknown shares never match.
func shareCondition(q *builder, c *mg.ShareCondition, m string) string {
	stage, code := q.param(string(c.Stage)), q.param(c.Country)
	s, src, o := q.fresh("s"), q.fresh("src"), q.fresh("o")
	year := 0
	if c.Year != nil {
		year = *c.Year
	}
	conds := percentBounds(q, c, s+".percent")
	if c.Leading != nil {
		larger := "EXISTS { MATCH (" + o + ":Share) WHERE " + o + ".id STARTS WITH " + shareKeyPrefix(src, stage, src+"_year") + " AND " + o + ".percent > " + s + ".percent }"
		if *c.Leading {
			conds = append(conds, s+".percent IS NOT NULL AND NOT "+larger)
		} else {
			conds = append(conds, "("+s+".percent IS NULL OR "+larger+")")
		}
	}
	return "EXISTS { " + shareOfCountry(q, m, src, stage, code, year) + "\n    MATCH (" + s + ":Share {id: " + shareKey(src, stage, src+"_year", code) + "})" +
		whereClause(conds) + " }"
}

// percentBounds renders the bounds c gives (gt, gte, lt, lte) as comparisons of expr.
func percentBounds(q *builder, c *mg.ShareCondition, expr string) []string {
	var conds []string
	for _, b := range []struct {
		op string
		v  *float64
	}{{">", c.Gt}, {">=", c.Gte}, {"<", c.Lt}, {"<=", c.Lte}} {
		if b.v != nil {
			conds = append(conds, expr+" "+b.op+" "+q.param(*b.v))
		}
	}
	return conds
}

// relianceCondition: the mineral has a net import reliance figure for the importer, in the
// given year or else the latest year with one, whose published range certainly meets every
// bound (mg.Range.Satisfies, in Cypher): ">50" (low 50, exclusive) meets gt 49 and gt 50, not
// gte 60.
func relianceCondition(q *builder, c *mg.RelianceCondition, m, importer string) string {
	r, src := q.fresh("r"), q.fresh("src")
	imp := q.param(importer)
	// The figure compared is that of the given year, or else the latest: the last key of the
	// range of the mineral's figures for the importer (see relianceKeyPrefix).
	pick := "WITH " + r + " ORDER BY " + r + ".id DESC LIMIT 1"
	if c.Year != nil {
		pick = "WITH " + r + " WHERE " + r + ".year = " + q.param(*c.Year)
	}
	var conds []string
	if c.Gt != nil {
		g := q.param(*c.Gt)
		conds = append(conds, "("+r+".low > "+g+" OR ("+r+".low = "+g+" AND NOT coalesce("+r+".lowInclusive, false)))")
	}
	if c.Gte != nil {
		conds = append(conds, r+".low >= "+q.param(*c.Gte))
	}
	if c.Lt != nil {
		g := q.param(*c.Lt)
		conds = append(conds, "("+r+".high < "+g+" OR ("+r+".high = "+g+" AND NOT coalesce("+r+".highInclusive, false)))")
	}
	if c.Lte != nil {
		conds = append(conds, r+".high <= "+q.param(*c.Lte))
	}
	where := ""
	if len(conds) > 0 {
		where = " WITH " + r + " WHERE " + strings.Join(conds, " AND ")
	}
	// The mineral's figure, or its group's when it has none (latest.go).
	return "EXISTS { WITH " + figureSource(q, m) + " AS " + src + " MATCH (" + r + ":Reliance) WHERE " + r + ".id STARTS WITH " + relianceKeyPrefix(src, imp) +
		" " + pick + where + " }"
}

// The nodes a load writes for minerals, and their rows.
var kindMinerals = kind{name: "minerals", label: "Mineral", key: "id", links: []link{
	{rel: "MEMBER_OF", target: "Mineral", key: "id"}}}

func init() {
	registerLoad(loader{kind: kindMinerals, order: 40, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		// Groups first, so that their members can link to them within one batch.
		minerals := slices.Clone(d.Minerals)
		sort.SliceStable(minerals, func(i, j int) bool { return minerals[i].IsGroup && !minerals[j].IsGroup })
		for _, m := range minerals {
			rows = append(rows, loadRow(m.ID, props("id", m.ID, "name", m.Name, "symbol", m.Symbol, "isGroup", m.IsGroup), single(m.GroupID)))
		}
		return rows
	}})
}
