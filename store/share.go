package store

import (
	"context"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// The graph shape of a production figure: a Share node between the mineral, the country and
// the source it cites, so that every figure carries its provenance as a link.
//
//	(:Country)<-[:BY_COUNTRY]-(:Share)-[:OF_MINERAL]->(:Mineral)
//	                             \-[:CITES]->(:Source)

var shareEntity = &entity[mg.Share]{name: "Share", related: func(s *mg.Share) *mg.Related { return &s.Related }}

func init() {
	shareEntity.fields = map[string]fieldDecl[mg.Share]{
		"id":           property("id", setStr(func(s *mg.Share) *string { return &s.ID })),
		"stage":        property("stage", setEnum(func(s *mg.Share) *mg.Stage { return &s.Stage })),
		"year":         property("year", setInt(func(s *mg.Share) *int { return &s.Year })),
		"amount":       property("amount", setFloat(func(s *mg.Share) **float64 { return &s.Amount })),
		"unit":         property("unit", setStr(func(s *mg.Share) *string { return &s.Unit })),
		"percent":      property("percent", setFloat(func(s *mg.Share) **float64 { return &s.Percent })),
		"percentBasis": property("percentBasis", setEnum(func(s *mg.Share) *mg.PercentBasis { return &s.PercentBasis })),
		"basis":        property("basis", setStr(func(s *mg.Share) *string { return &s.Basis })),
		"note":         property("note", setStr(func(s *mg.Share) *string { return &s.Note })),
		"mineral":      required(shareEntity, mineralEntity, "(%[1]s)-[:OF_MINERAL]->(%[2]s:Mineral)"),
		"country":      required(shareEntity, countryEntity, "(%[1]s)-[:BY_COUNTRY]->(%[2]s:Country)"),
		"source":       required(shareEntity, sourceEntity, citesSource),
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

// ShareFilter narrows the shares listed under a mineral or a country. Zero fields do not
// narrow.
type ShareFilter struct {
	Stage     mg.Stage
	Year      int    // 0: every year
	Country   string // ISO alpha-2; ignored when listing a country's shares
	MineralID string // ignored when listing a mineral's shares
	// NotCountry leaves out this country's shares (for the alternatives to it).
	NotCountry string
	// LatestYear keeps only the latest year with any figure of the mineral at the share's
	// stage (Year is then ignored); with NotCountry, the latest year with a figure of
	// another country.
	LatestYear bool
}

// shareOrder lists the newest year first, then by stage, then the largest share first
// (unknown percents last), then by country code, then mineral, which makes the order total.
// s, c and m are the variables of the share, its country and its mineral.
func shareOrder(s, c, m string) ordering {
	return ordering{name: "share/year-stage-percent", keys: []sortKey{
		{expr: s + ".year", desc: true},
		{expr: s + ".stage"},
		{expr: "coalesce(" + s + ".percent, -1.0)", desc: true},
		{expr: c + ".code"},
		{expr: m + ".id"},
	}}
}

// sharesOf compiles a list of shares hanging from a mineral or a country (the anchor,
// bound to b): the list's rows bind a share, its country and its mineral, one of which is
// the anchor itself.
func sharesOf(q *builder, b binding, f Field, filter ShareFilter, fromMineral bool) (string, func(any) (mg.Page[mg.Share], error), error) {
	s, c, m := q.fresh("s"), q.fresh("c"), q.fresh("m")
	if fromMineral {
		m = b.v
		filter.MineralID = ""
	} else {
		c = b.v
		filter.Country = ""
	}
	where, err := shareWhere(q, filter, s, c, m)
	if err != nil {
		return "", nil, err
	}
	pattern := "MATCH (" + m + ")<-[:OF_MINERAL]-(" + s + ":Share)-[:BY_COUNTRY]->(" + c + ":Country)"
	if !fromMineral {
		pattern = "MATCH (" + m + ":Mineral)<-[:OF_MINERAL]-(" + s + ":Share)-[:BY_COUNTRY]->(" + c + ")"
	}
	l := listSpec{match: pattern, where: where, row: s, known: map[string]string{"country": c, "mineral": m},
		order: shareOrder(s, c, m)}
	return compilePage(q, shareEntity, l, f, mg.MaxPageSize)
}

// mineralShares compiles Mineral.shares(stage, year, country, first, after).
func mineralShares(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Share], error), error) {
	filter := ShareFilter{Stage: argValue[mg.Stage](f, "stage"), Year: argValue[int](f, "year"), Country: argValue[string](f, "country")}
	return sharesOf(q, b, f, filter, true)
}

// countryShares compiles Country.shares(mineral, stage, year, first, after).
func countryShares(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Share], error), error) {
	filter := ShareFilter{MineralID: argValue[string](f, "mineral"), Stage: argValue[mg.Stage](f, "stage"), Year: argValue[int](f, "year")}
	return sharesOf(q, b, f, filter, false)
}

// shareWhere compiles filter into conditions over the share s, its country c and mineral m.
func shareWhere(q *builder, f ShareFilter, s, c, m string) ([]string, error) {
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

// latestYearOf renders "the latest year with any share of the mineral m at the stage".
//
// The compiled queries never aggregate inside a subquery expression: Neo4j 5.26 takes an
// aggregate function anywhere within a projection's expression (a COLLECT in a list the
// query returns) as making the projection itself aggregate, and refuses it ("Aggregation
// column contains implicit grouping expressions"). ORDER BY and LIMIT 1 find the same year.
func latestYearOf(q *builder, m, stage string) string {
	x := q.fresh("x")
	return "COLLECT { MATCH (" + m + ")<-[:OF_MINERAL]-(" + x + ":Share {stage: " + stage + "}) RETURN " + x + ".year ORDER BY " + x + ".year DESC LIMIT 1 }[0]"
}

// mineralShare compiles Mineral.share(country, stage, year): one country's share of the
// mineral at a stage in the year, or else the latest year with any figure of the mineral at
// that stage; null when the graph has none.
func mineralShare(q *builder, b binding, f Field) (string, func(any) (*mg.Share, error), error) {
	country, stage, year := arg[string](f, "country"), arg[mg.Stage](f, "stage"), argValue[int](f, "year")
	if !stage.Valid() {
		return "", nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	if !mg.ValidCountryCode(country) {
		return "", nil, mg.Invalid("country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", country)
	}
	st := q.param(string(stage))
	y := latestYearOf(q, b.v, st)
	if year != 0 {
		y = q.param(year)
	}
	s, c := q.fresh("s"), q.fresh("c")
	proj, decode, err := shareEntity.project(q, binding{v: s, known: map[string]string{"country": c, "mineral": b.v}}, f.Of)
	if err != nil {
		return "", nil, err
	}
	// The year is computed once, before the shares are matched: a subquery in the WHERE of
	// the match would run again for every candidate share.
	return "COLLECT { WITH " + y + " AS " + s + "_year MATCH (" + b.v + ")<-[:OF_MINERAL]-(" + s + ":Share {stage: " + st + ", year: " + s + "_year})-[:BY_COUNTRY]->(" +
		c + ":Country {code: " + q.param(country) + "}) RETURN " + proj + " LIMIT 1 }[0]", optional(decode), nil
}

// Share returns the share with the given id, as sel asks, or ENOTFOUND naming it. One round
// trip.
func (s *Store) Share(ctx context.Context, id string, sel Selection) (mg.Share, error) {
	return readOne(ctx, s, "store.Share", shareEntity, "(n:Share {id: %s})", id, "share", sel)
}
