package store

import (
	"context"
	"math"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// The graph shape of a production figure: a Share node between the mineral, the country and
// the source it cites, so that every figure carries its provenance as a link.
//
//	(:Country)<-[:BY_COUNTRY]-(:Share)-[:OF_MINERAL]->(:Mineral)
//	                             \-[:CITES]->(:Source)

var shareEntity = declare(&entity[mg.Share]{name: "Share", related: func(s *mg.Share) *mg.Related { return &s.Related }, node: "id"})

func init() {
	shareEntity.fields = map[string]fieldDecl[mg.Share]{
		"id":            property("id", setStr(func(s *mg.Share) *string { return &s.ID })),
		"stage":         property("stage", setEnum(func(s *mg.Share) *mg.Stage { return &s.Stage })),
		"year":          property("year", setInt(func(s *mg.Share) *int { return &s.Year })),
		"amount":        property("amount", setFloat(func(s *mg.Share) **float64 { return &s.Amount })),
		"unit":          property("unit", setStr(func(s *mg.Share) *string { return &s.Unit })),
		"percent":       property("percent", setFloat(func(s *mg.Share) **float64 { return &s.Percent })),
		"percentBasis":  property("percentBasis", setEnum(func(s *mg.Share) *mg.PercentBasis { return &s.PercentBasis })),
		"basis":         property("basis", setStr(func(s *mg.Share) *string { return &s.Basis })),
		"note":          property("note", setStr(func(s *mg.Share) *string { return &s.Note })),
		"mineral":       required(shareEntity, mineralEntity, "(%[1]s)-[:OF_MINERAL]->(%[2]s:Mineral)"),
		"country":       required(shareEntity, countryEntity, "(%[1]s)-[:BY_COUNTRY]->(%[2]s:Country)"),
		"source":        required(shareEntity, sourceEntity, citesSource),
		"inheritedFrom": inheritedFrom(shareEntity),
		"coverage": nested(shareEntity, func(q *builder, b binding, _ Field) (string, func(any) (*float64, error), error) {
			// The percents of every share of the same mineral, stage and year, added up.
			x, p := q.fresh("x"), q.fresh("p")
			m := b.known["owner"]
			if m == "" {
				m = b.known["mineral"]
			}
			if m == "" {
				m = q.fresh("m")
				return "COLLECT { MATCH (" + b.v + ")-[:OF_MINERAL]->(" + m + ":Mineral) RETURN reduce(t = 0.0, " + p + " IN COLLECT { MATCH (" + x + ":Share) WHERE " + x + ".id STARTS WITH " +
					shareKeyPrefix(m, b.v+".stage", b.v+".year") + " RETURN " + x + ".percent } | t + coalesce(" + p + ", 0.0)) }[0]", coverageOf, nil
			}
			return "reduce(t = 0.0, " + p + " IN COLLECT { MATCH (" + x + ":Share) WHERE " + x + ".id STARTS WITH " + shareKeyPrefix(m, b.v+".stage", b.v+".year") +
				" RETURN " + x + ".percent } | t + coalesce(" + p + ", 0.0))", coverageOf, nil
		}),
		// Hidden, for computations that need the country whatever the caller asked.
		"_countryCode": {compile: func(q *builder, b binding, _ Field) (string, setter[mg.Share], error) {
			set := setStr(func(s *mg.Share) *string { return &s.CountryCode })
			if c, ok := b.known["country"]; ok {
				return c + ".code", set, nil
			}
			c := q.fresh("c")
			return "COLLECT { MATCH (" + b.v + ")-[:BY_COUNTRY]->(" + c + ":Country) RETURN " + c + ".code }[0]", set, nil
		}},
	}
}

// shareOrder lists the newest year first, then by stage, then the largest share first
// (unknown percents last), then by key, which makes the order total. The key is
// mineral/STAGE/year/COUNTRY, so among equal percents the shares of one mineral come by
// country code and those of one country by mineral; and a page is cut before the share's
// country is read. s is the variable of the share.
func shareOrder(s string) ordering {
	return ordering{name: "share/year-stage-percent-key", keys: []sortKey{
		{expr: s + ".year", desc: true, num: true},
		{expr: s + ".stage"},
		{expr: "coalesce(" + s + ".percent, -1.0)", desc: true, num: true},
		{expr: s + ".id"},
	}}
}

// A share's id is its key, mineral/STAGE/year/COUNTRY (mg.ShareID), and the unique
// index on it is ordered: the shares of a mineral at a stage, or at a stage in a year, are
// one range of it ("gallium/REFINING/2023/"), in year order (years have four digits). The
// compiled queries find a mineral's shares that way, and its latest year as the last key of
// the range, instead of expanding every share the mineral has: on the benchmark's grown
// graph, with yearly figures back to 1900, the top three miners of each of a policy's eleven
// minerals cost 23,091 db hits by expansion and 1,550 by key.

// shareKeyPrefix renders the key prefix of the shares of the mineral m at stage (a Cypher
// expression of the stage's name), and in year when year is not "".
func shareKeyPrefix(m, stage, year string) string {
	p := m + ".id + '/' + " + stage + " + '/'"
	if year != "" {
		p += " + toString(" + year + ") + '/'"
	}
	return p
}

// shareKey renders the key of the share of the mineral m at stage in year by the country
// whose code is the expression code.
func shareKey(m, stage, year, code string) string {
	return shareKeyPrefix(m, stage, year) + " + " + code
}

// sharesOf compiles a list of shares hanging from a mineral or a country (the anchor,
// bound to b): the list's rows bind a share, its country and its mineral, one of which is
// the anchor itself.
func sharesOf(q *builder, b binding, f Field, filter mg.ShareFilter, fromMineral bool) (string, func(any) (mg.Page[mg.Share], error), error) {
	s, c, m := q.fresh("s"), q.fresh("c"), q.fresh("m")
	if fromMineral {
		m = b.v
		filter.MineralID = ""
	} else {
		c = b.v
		filter.Country = ""
	}
	if filter.Stage != "" && !filter.Stage.Valid() {
		return "", nil, mg.Invalid("stage: unknown stage %q", filter.Stage)
	}
	known := map[string]string{"country": c, "mineral": m}
	prelude, keyed := "", []string(nil)
	if fromMineral {
		// The mineral's own shares, or its group's when it has none (see latest.go).
		src, st := q.fresh("src"), ""
		if filter.Stage != "" {
			st = q.param(string(filter.Stage))
		}
		prelude = "WITH " + figureSource(q, m) + " AS " + src + " "
		known["owner"], m = src, src
		if st != "" {
			year := ""
			switch {
			case filter.LatestYear:
				complete, last := q.fresh("complete"), q.fresh("last")
				prelude += "WITH " + src + ", " + completeYear(q, src, st) + " AS " + complete + ", " + latestYearOf(q, src, st, "") + " AS " + last + " "
				keyed = latestShares(q, s, src, st, c, complete, last)
			case filter.Year != 0:
				year = q.param(filter.Year)
			}
			keyed = append([]string{s + ".id STARTS WITH " + shareKeyPrefix(src, st, year)}, keyed...)
			filter.Stage, filter.Year, filter.LatestYear = "", 0, false
		}
	}
	where, err := shareWhere(q, filter, s, c, m)
	if err != nil {
		return "", nil, err
	}
	pattern := prelude + "MATCH (" + m + ")<-[:OF_MINERAL]-(" + s + ":Share)-[:BY_COUNTRY]->(" + c + ":Country)"
	then := ""
	switch {
	case keyed != nil && len(where) == 0 && len(keyed) == 1:
		// A key range and nothing that asks for the country: the page is cut on the shares
		// alone, and only its rows read their country.
		pattern, then = prelude+"MATCH ("+s+":Share)", "MATCH ("+s+")-[:BY_COUNTRY]->("+c+":Country)"
		where = keyed
	case keyed != nil:
		pattern = prelude + "MATCH (" + s + ":Share)-[:BY_COUNTRY]->(" + c + ":Country)"
		where = append(keyed, where...)
	case !fromMineral:
		pattern = "MATCH (" + m + ":Mineral)<-[:OF_MINERAL]-(" + s + ":Share)-[:BY_COUNTRY]->(" + c + ")"
	}
	l := listSpec{match: pattern, where: where, then: then, row: s, known: known, order: shareOrder(s)}
	return compilePage(q, shareEntity, l, f, mg.MaxPageSize)
}

// mineralShares compiles Mineral.shares(stage, year, country, first, after).
func mineralShares(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Share], error), error) {
	filter := mg.ShareFilter{Stage: argValue[mg.Stage](f, "stage"), Year: argValue[int](f, "year"), Country: argValue[string](f, "country")}
	return sharesOf(q, b, f, filter, true)
}

// countryShares compiles Country.shares(mineral, stage, year, first, after).
func countryShares(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Share], error), error) {
	filter := mg.ShareFilter{MineralID: argValue[string](f, "mineral"), Stage: argValue[mg.Stage](f, "stage"), Year: argValue[int](f, "year")}
	return sharesOf(q, b, f, filter, false)
}

// shareWhere compiles filter into conditions over the share s, its country c and mineral m.
func shareWhere(q *builder, f mg.ShareFilter, s, c, m string) ([]string, error) {
	var where []string
	if f.Stage != "" {
		if !f.Stage.Valid() {
			return nil, mg.Invalid("stage: unknown stage %q", f.Stage)
		}
		where = append(where, s+".stage = "+q.param(string(f.Stage)))
	}
	x, xc := q.fresh("x"), q.fresh("xc")
	switch {
	case f.LatestYear && f.NotCountry != "":
		where = append(where, s+".year = COLLECT { MATCH ("+m+")<-[:OF_MINERAL]-("+x+":Share)-[:BY_COUNTRY]->("+xc+":Country) WHERE "+
			x+".stage = "+s+".stage AND "+xc+".code <> "+q.param(f.NotCountry)+" RETURN "+x+".year ORDER BY "+x+".year DESC LIMIT 1 }[0]")
	case f.LatestYear:
		where = append(where, s+".year = COLLECT { MATCH ("+m+")<-[:OF_MINERAL]-("+x+":Share) WHERE "+x+".stage = "+s+".stage RETURN "+x+".year ORDER BY "+x+".year DESC LIMIT 1 }[0]")
	case f.Year != 0:
		where = append(where, s+".year = "+q.param(f.Year))
	}
	if f.NotCountry != "" {
		where = append(where, c+".code <> "+q.param(f.NotCountry))
	}
	if f.Country != "" {
		if !mg.ValidCountryCode(f.Country) {
			return nil, mg.Invalid("country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", f.Country)
		}
		where = append(where, c+".code = "+q.param(f.Country))
	}
	if f.MineralID != "" {
		where = append(where, m+".id = "+q.param(f.MineralID))
	}
	return where, nil
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// latestYearOf renders "the latest year with any share of the mineral m at the stage (a
// Cypher expression)", or with a share of another country than notCountry when it is not
// empty: the last key of the range of the mineral's shares at the stage.
//
// The compiled queries never aggregate inside a subquery expression: Neo4j 5.26 takes an
// aggregate function anywhere within a projection's expression (a COLLECT in a list the
// query returns) as making the projection itself aggregate, and refuses it ("Aggregation
// column contains implicit grouping expressions"). ORDER BY and LIMIT 1 find the same year.
func latestYearOf(q *builder, m, stage, notCountry string) string {
	x := q.fresh("x")
	other := ""
	if notCountry != "" {
		other = " AND NOT " + x + ".id ENDS WITH '/' + " + q.param(notCountry)
	}
	return "COLLECT { MATCH (" + x + ":Share) WHERE " + x + ".id STARTS WITH " + shareKeyPrefix(m, stage, "") + other +
		" RETURN " + x + ".year ORDER BY " + x + ".id DESC LIMIT 1 }[0]"
}

// mineralShare compiles Mineral.share(country, stage, year): one country's share of the
// mineral (or its group, see latest.go) at a stage in the year, or else its latest share by
// the rule of latest.go; null when the graph has none.
func mineralShare(q *builder, b binding, f Field) (string, func(any) (*mg.Share, error), error) {
	country, stage, year := arg[string](f, "country"), arg[mg.Stage](f, "stage"), argValue[int](f, "year")
	if !stage.Valid() {
		return "", nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	if !mg.ValidCountryCode(country) {
		return "", nil, mg.Invalid("country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", country)
	}
	s, c, src := q.fresh("s"), q.fresh("c"), q.fresh("src")
	st, code := q.param(string(stage)), q.param(country)
	proj, decode, err := shareEntity.project(q, binding{v: s, known: map[string]string{"country": c, "mineral": b.v, "owner": src}}, f.Of)
	if err != nil {
		return "", nil, err
	}
	return "COLLECT { " + shareOfCountry(q, b.v, src, st, code, year) + " MATCH (" + s + ":Share {id: " + shareKey(src, st, src+"_year", code) + "})-[:BY_COUNTRY]->(" +
		c + ":Country) RETURN " + proj + " LIMIT 1 }[0]", optional(decode), nil
}

// shareOfCountry renders the prelude of a match of one country's share of the mineral m at
// the stage: it binds src (the mineral whose shares answer for m) and src_year (the given year,
// or else the year countryYear chooses). The share's key is then shareKey(src, stage,
// src_year, code).
func shareOfCountry(q *builder, m, src, stage, code string, year int) string {
	y := q.param(year)
	if year == 0 {
		y = countryYear(q, src, stage, code)
	}
	return "WITH " + figureSource(q, m) + " AS " + src + " WITH " + src + ", " + y + " AS " + src + "_year"
}

// Share returns the share with the given id, as sel asks, or ENOTFOUND naming it. One round
// trip.
func (s *Store) Share(ctx context.Context, id string, sel Selection) (mg.Share, error) {
	return readOne(ctx, s, "store.Share", shareEntity, "(n:Share {id: %s})", id, "share", sel)
}

// coverageOf reads a sum of percents: null when no share of the year has a percent, and at
// most 100 (rounding can take a sum of published percents over it).
func coverageOf(raw any) (*float64, error) {
	f, err := asFloat(raw)
	if err != nil || f == nil || *f == 0 {
		return nil, err
	}
	v := math.Min(math.Round(*f*10)/10, 100)
	return &v, nil
}

// The nodes a load writes for shares, and their rows.
var kindShares = kind{name: "shares", label: "Share", key: "id", links: []link{
	{rel: "OF_MINERAL", target: "Mineral", key: "id"}, {rel: "BY_COUNTRY", target: "Country", key: "code"}, cites}}

func init() {
	registerLoad(loader{kind: kindShares, order: 80, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, s := range d.Shares {
			rows = append(rows, loadRow(s.ID, props("id", s.ID, "stage", string(s.Stage), "year", s.Year, "amount", s.Amount, "unit", s.Unit,
				"percent", s.Percent, "percentBasis", string(s.PercentBasis), "basis", s.Basis, "note", s.Note),
				single(s.MineralID), single(s.CountryCode), single(s.SourceID)))
		}
		return rows
	}})
}
