package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Analytics over the production shares: concentration, chokepoints, exposure and the
// alternatives to a country. Each compiles into the query of the field that asks for it; the
// arithmetic (top-N, HHI, grouping, the exposure flag) is the domain's, applied to the figures
// that query returns.

// fieldsNamed returns what every field of sel called name asks (merged), and their keys:
// values computed once for the entity serve every alias of the field.
func fieldsNamed(sel Selection, name string) (Selection, []string) {
	var of Selection
	var keys []string
	for _, f := range sel {
		if f.Name == name {
			of = of.Merge(f.Of)
			keys = append(keys, f.Key)
		}
	}
	return of, keys
}

// concentrationOf compiles Mineral.concentration(stage, year): the mineral's producers at the
// stage in the year (by default the latest year with figures for more than one country: a
// year in which a source names only the leading producer says nothing of the others, or else
// the latest year with any), from which mg.Concentrate computes top-1, top-3 and HHI. Null
// when the graph has no share of that year.
func concentrationOf(q *builder, b binding, f Field) (string, func(any) (*mg.Concentration, error), error) {
	stage, year := arg[mg.Stage](f, "stage"), argValue[int](f, "year")
	if !stage.Valid() {
		return "", nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	st := q.param(string(stage))
	y, s, c, src := q.fresh("y"), q.fresh("s"), q.fresh("c"), q.fresh("src")
	// The mineral's shares, or its group's (latest.go), of the year or of the latest complete one.
	pick := "WITH " + figureSource(q, b.v) + " AS " + src + " WITH " + src + ", " + q.param(year) + " AS " + y
	if year == 0 {
		pick = "WITH " + figureSource(q, b.v) + " AS " + src + " WITH " + src + ", " + completeYear(q, src, st) + " AS " + y
	}
	producersOf, producerKeys := fieldsNamed(f.Of, "producers")
	proj, decodeShare, err := shareEntity.project(q, binding{v: s, known: map[string]string{"country": c, "mineral": b.v, "owner": src}},
		producersOf.with("percent", "_countryCode"))
	if err != nil {
		return "", nil, err
	}
	mineralOf, mineralKeys := fieldsNamed(f.Of, "mineral")
	mineral, decodeMineral, err := mineralEntity.project(q, bind(b.v), mineralOf)
	if err != nil {
		return "", nil, err
	}
	inheritedOf, inheritedKeys := fieldsNamed(f.Of, "inheritedFrom")
	group, decodeGroup, err := mineralEntity.project(q, bind(src), inheritedOf)
	if err != nil {
		return "", nil, err
	}
	firsts := map[string]mg.PageArgs{}
	for _, pf := range f.Of {
		if pf.Name == "producers" {
			firsts[pf.Key] = pageArg(pf)
		}
	}
	expr := "COLLECT { " + pick + " WITH " + src + ", " + y + " WHERE " + y + " IS NOT NULL RETURN [" + y + ", COLLECT { MATCH (" + s + ":Share)-[:BY_COUNTRY]->(" + c +
		":Country) WHERE " + s + ".id STARTS WITH " + shareKeyPrefix(src, st, y) + " RETURN " + proj + " }, " + mineral + ", CASE WHEN " + src + " = " + b.v +
		" THEN null ELSE " + group + " END] }[0]"
	return expr, func(raw any) (*mg.Concentration, error) {
		if raw == nil {
			return nil, nil
		}
		parts, err := asList(raw)
		if err != nil || len(parts) != 4 {
			return nil, decodeErr("concentration", fmt.Errorf("want [year, shares, mineral, group], got %v", raw))
		}
		yr, err := asInt(parts[0])
		if err != nil {
			return nil, err
		}
		shares, err := listOf(decodeShare)(parts[1])
		if err != nil || len(shares) == 0 {
			return nil, err
		}
		m, err := decodeMineral(parts[2])
		if err != nil {
			return nil, err
		}
		g, err := optional(decodeGroup)(parts[3])
		if err != nil {
			return nil, err
		}
		conc := mg.Concentrate("", stage, yr, shares)
		for _, k := range mineralKeys {
			conc.Related.Set(k, &m)
		}
		for _, k := range inheritedKeys {
			conc.Related.Set(k, g)
		}
		for _, k := range producerKeys {
			if page := firsts[k]; page.Validate(mg.MaxPageSize) != nil {
				conc.Related.Set(k, page.Validate(mg.MaxPageSize))
			} else {
				conc.Related.Set(k, conc.Producers[:min(page.First, len(conc.Producers))])
			}
		}
		return &conc, nil
	}, nil
}

// chokepointShares renders the query of the shares of at least $min percent of a stage, in
// the given year or else the latest year with data for each mineral, largest first; each row
// returns ret (over the share s, its mineral m and its country c).
func chokepointShares(q *builder, stage mg.Stage, minShare float64, year int, ret func(s, m, c string) string) (string, error) {
	if !stage.Valid() {
		return "", mg.Invalid("stage: unknown stage %q", stage)
	}
	if minShare <= 0 || minShare > 100 {
		return "", mg.Invalid("minShare: %v must be more than 0 and at most 100 (a percentage of world production)", minShare)
	}
	st := q.param(string(stage))
	// Each mineral's shares, or its group's (latest.go): of the year, or each country's latest.
	head := "MATCH (m:Mineral)\nWITH m, " + figureSource(q, "m") + " AS src\n"
	where := "s.id STARTS WITH " + shareKeyPrefix("src", st, q.param(year))
	if year == 0 {
		head += "WITH m, src, " + completeYear(q, "src", st) + " AS complete, " + latestYearOf(q, "src", st, "") + " AS last\n"
		where = "s.id STARTS WITH " + shareKeyPrefix("src", st, "") + " AND " + strings.Join(latestShares(q, "s", "src", st, "c", "complete", "last"), " AND ")
	}
	return head + "MATCH (s:Share)-[:BY_COUNTRY]->(c:Country)\n" +
		"WHERE " + where + " AND s.percent >= " + q.param(minShare) + "\n" +
		"RETURN " + ret("s", "m", "c") + "\nORDER BY s.percent DESC, m.id, c.code", nil
}

// Chokepoints returns the shares of at least minShare percent of a stage, in the given year or
// else the latest year with data for each mineral, each as sel asks: the minerals one country
// dominates, with that country. Largest first. One round trip.
func (s *Store) Chokepoints(ctx context.Context, stage mg.Stage, minShare float64, year int, sel Selection) ([]mg.Share, error) {
	q := newBuilder()
	b := binding{v: "s", known: map[string]string{"country": "c", "mineral": "m", "owner": "src"}}
	proj, decode, err := shareEntity.project(q, b, sel)
	if err != nil {
		return nil, err
	}
	cypher, err := chokepointShares(q, stage, minShare, year, func(_, _, _ string) string { return proj + " AS row" })
	if err != nil {
		return nil, err
	}
	return readRows(ctx, s, "store.Chokepoints", cypher, q, decode)
}

// ChokepointHolders returns the countries holding chokepoints (see Chokepoints), the most
// first, each as sel asks. One round trip.
func (s *Store) ChokepointHolders(ctx context.Context, stage mg.Stage, minShare float64, year int, sel Selection) ([]mg.ChokepointHolder, error) {
	q := newBuilder()
	sharesOf, shareKeys := fieldsNamed(sel, "shares")
	countryOf, countryKeys := fieldsNamed(sel, "country")
	share, decodeShare, err := shareEntity.project(q, binding{v: "s", known: map[string]string{"country": "c", "mineral": "m", "owner": "src"}},
		sharesOf.with("percent", "_countryCode"))
	if err != nil {
		return nil, err
	}
	country, decodeCountry, err := countryEntity.project(q, bind("c"), countryOf)
	if err != nil {
		return nil, err
	}
	cypher, err := chokepointShares(q, stage, minShare, year, func(_, _, _ string) string { return "[" + share + ", " + country + "] AS row" })
	if err != nil {
		return nil, err
	}
	type row struct {
		share   mg.Share
		country mg.Country
	}
	rows, err := readRows(ctx, s, "store.ChokepointHolders", cypher, q, func(raw any) (row, error) {
		pair, err := asList(raw)
		if err != nil || len(pair) != 2 {
			return row{}, decodeErr("chokepoint", fmt.Errorf("want [share, country], got %v", raw))
		}
		sh, err := decodeShare(pair[0])
		if err != nil {
			return row{}, err
		}
		c, err := decodeCountry(pair[1])
		return row{sh, c}, err
	})
	if err != nil {
		return nil, err
	}
	shares := make([]mg.Share, len(rows))
	countries := map[string]*mg.Country{}
	for i, r := range rows {
		shares[i] = r.share
		if countries[r.share.CountryCode] == nil {
			countries[r.share.CountryCode] = &rows[i].country
		}
	}
	holders := mg.HoldersOf(shares)
	for i := range holders {
		h := &holders[i]
		for _, k := range countryKeys {
			h.Related.Set(k, countries[h.Country])
		}
		for _, k := range shareKeys {
			h.Related.Set(k, h.Shares)
		}
	}
	return holders, nil
}

// readRows runs a query whose rows each hold one value, row, and decodes them.
func readRows[T any](ctx context.Context, s *Store, op, cypher string, q *builder, decode func(any) (T, error)) ([]T, error) {
	recs, err := s.read(ctx, op, cypher, q.p)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(recs))
	for _, r := range recs {
		row, _ := r.Get("row")
		t, err := decode(row)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// exposureEntity is an importer's exposure to a supplier for one mineral; its query binds the
// mineral, the importer, the supplier, the importer's latest reliance figure and the day.
var exposureEntity = declare(&entity[mg.Exposure]{name: "Exposure", related: func(e *mg.Exposure) *mg.Related { return &e.Related }})

func init() {
	// latestShare reads a country's share of the mineral at a stage in the latest year with
	// data; into names the struct field the share goes to, for the hidden fields the exposure
	// flag reads (nil: the value goes to Related).
	latestShare := func(country, stage string, into func(*mg.Exposure) **mg.Share) fieldDecl[mg.Exposure] {
		return fieldDecl[mg.Exposure]{compile: func(q *builder, b binding, f Field) (string, setter[mg.Exposure], error) {
			m, c := b.known["mineral"], b.known[country]
			s, sc, src := q.fresh("s"), q.fresh("c"), q.fresh("src")
			of := f.Of
			if into != nil {
				of = Selection{{Name: "percent"}, {Name: "amount"}}
			}
			proj, decode, err := shareEntity.project(q, binding{v: s, known: map[string]string{"country": sc, "mineral": m, "owner": src}}, of)
			if err != nil {
				return "", nil, err
			}
			// The country's latest share of the mineral (or its group), by its key (latest.go).
			st := "'" + stage + "'"
			expr := "COLLECT { " + shareOfCountry(q, m, src, st, c+".code", 0) + " MATCH (" + s + ":Share {id: " + shareKey(src, st, src+"_year", c+".code") + "})-[:BY_COUNTRY]->(" +
				sc + ":Country) RETURN " + proj + " }[0]"
			key := f.Key
			return expr, func(e *mg.Exposure, raw any) error {
				sh, err := optional(decode)(raw)
				if err != nil {
					return err
				}
				if into != nil {
					*into(e) = sh
				} else {
					e.Related.Set(key, sh)
				}
				return nil
			}, nil
		}}
	}
	exposureEntity.fields = map[string]fieldDecl[mg.Exposure]{
		"mineral":  known(exposureEntity, mineralEntity),
		"importer": known(exposureEntity, countryEntity),
		"supplier": known(exposureEntity, countryEntity),
		"importerReliance": nested(exposureEntity, func(q *builder, b binding, f Field) (string, func(any) (*mg.Reliance, error), error) {
			r := b.known["reliance"]
			proj, decode, err := relianceEntity.project(q, binding{v: r, known: map[string]string{"importer": b.known["importer"],
				"mineral": b.known["mineral"], "owner": b.known["relianceOwner"]}}, f.Of)
			if err != nil {
				return "", nil, err
			}
			return "CASE WHEN " + r + " IS NULL THEN null ELSE " + proj + " END", optional(decode), nil
		}),
		"supplierMiningShare":   latestShare("supplier", "MINING", nil),
		"supplierRefiningShare": latestShare("supplier", "REFINING", nil),
		"importerMiningShare":   latestShare("importer", "MINING", nil),
		"policiesInForce": nested(exposureEntity, func(q *builder, b binding, f Field) (string, func(any) ([]mg.Policy, error), error) {
			p := q.fresh("p")
			proj, decode, err := policyEntity.project(q, bind(p), f.Of)
			if err != nil {
				return "", nil, err
			}
			return "COLLECT { " + targeting("("+b.known["mineral"]+")", p) + " WHERE (" + p + ")-[:ISSUED_BY]->(" + b.known["supplier"] + ") WITH DISTINCT " + p +
				" WHERE " + activeOn(q, p, b.known["day"]) + " ORDER BY " + p + ".id RETURN " + proj + " }", listOf(decode), nil
		}),
		// Computed from the hidden fields below, which Exposures always reads.
		"supplierRank":                 nothing[mg.Exposure](),
		"supplierRankFrom":             nothing[mg.Exposure](),
		"supplierRankTo":               nothing[mg.Exposure](),
		"importerMinesSupplierRefines": nothing[mg.Exposure](),
		"_importerMining":              latestShare("importer", "MINING", func(e *mg.Exposure) **mg.Share { return &e.ImporterMining }),
		"_supplierRefining":            latestShare("supplier", "REFINING", func(e *mg.Exposure) **mg.Share { return &e.SupplierRefining }),
		"_rank": {compile: func(q *builder, b binding, _ Field) (string, setter[mg.Exposure], error) {
			t := q.fresh("t")
			m, imp, sup := b.known["mineral"], b.known["importer"], b.known["supplier"]
			return "COLLECT { MATCH (" + t + ":TradeLink) WHERE " + t + ".id STARTS WITH " + tradeKeyPrefix(m, sup+".code", imp+".code") + " AND " + t + ".rank IS NOT NULL\n      RETURN [" +
					t + ".rank, " + t + ".yearFrom, " + t + ".yearTo] ORDER BY " + t + ".yearTo DESC, " + t + ".rank LIMIT 1 }[0]",
				func(e *mg.Exposure, raw any) error {
					trio, err := asList(raw)
					if err != nil || len(trio) != 3 {
						return err
					}
					rank, err := asInt(trio[0])
					if err != nil {
						return err
					}
					from, err := asInt(trio[1])
					if err != nil {
						return err
					}
					to, err := asInt(trio[2])
					e.SupplierRank, e.RankPeriod = &rank, [2]int{from, to}
					return err
				}, nil
		}},
	}
}

// nothing declares a field computed from others, which reads nothing of its own.
func nothing[T any]() fieldDecl[T] {
	return fieldDecl[T]{compile: func(*builder, binding, Field) (string, setter[T], error) {
		return "null", func(*T, any) error { return nil }, nil
	}}
}

// Exposures returns, for each mineral the importer has a net import reliance figure for, what
// its supply depends on from the supplier, as sel asks: the importer's latest reliance, the
// supplier's latest rank among the importer's import sources, the supplier's (and the
// importer's) share of mining and refining in the latest year with data, and the supplier's
// policies in force on the day that target the mineral or its group. By mineral name. One
// round trip. Errors: ENOTFOUND naming a country the graph does not hold.
func (s *Store) Exposures(ctx context.Context, importer, supplier string, day mg.Date, sel Selection) ([]mg.Exposure, error) {
	for _, c := range []string{importer, supplier} {
		if !mg.ValidCountryCode(c) {
			return nil, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"US\"", c)
		}
	}
	q := newBuilder()
	imp, sup := q.param(importer), q.param(supplier)
	b := binding{v: "e", known: map[string]string{"mineral": "m", "importer": "imp", "supplier": "sup", "reliance": "r", "relianceOwner": "rsrc",
		"day": q.param(neo4j.DateOf(day.Time))}}
	proj, decode, err := exposureEntity.project(q, b, sel.with("_rank", "_importerMining", "_supplierRefining"))
	if err != nil {
		return nil, err
	}
	cypher := `OPTIONAL MATCH (imp:Country {code: ` + imp + `})
OPTIONAL MATCH (sup:Country {code: ` + sup + `})
WITH imp, sup, [pair IN [[imp, ` + imp + `], [sup, ` + sup + `]] WHERE pair[0] IS NULL | pair[1]] AS missing
CALL (imp, sup, missing) {
  WITH imp, sup WHERE size(missing) = 0
  MATCH (m:Mineral)
  WITH imp, sup, m, ` + figureSource(q, "m") + ` AS rsrc
  MATCH (r:Reliance) WHERE r.id STARTS WITH ` + relianceKeyPrefix("rsrc", "imp.code") + `
  WITH imp, sup, m, rsrc, r ORDER BY r.id DESC
  WITH imp, sup, m, rsrc, collect(r)[0] AS r
  RETURN m.name AS name, ` + proj + ` AS row
  UNION
  WITH missing WHERE size(missing) > 0
  RETURN null AS name, null AS row
}
RETURN missing, row ORDER BY name`
	recs, err := s.read(ctx, "store.Exposures", cypher, q.p)
	if err != nil {
		return nil, err
	}
	var out []mg.Exposure
	for _, r := range recs {
		missing, err := asStrings(r.Values[0])
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			return nil, mg.NotFound("country", missing[0])
		}
		if r.Values[1] == nil {
			continue
		}
		e, err := decode(r.Values[1])
		if err != nil {
			return nil, err
		}
		e.Importer, e.Supplier = importer, supplier
		out = append(out, e)
	}
	return out, nil
}

// alternativesEntity is where else a stage of a mineral's supply could come from; it is bound
// to the mineral's variable, with the arguments (stage, excluding) of the alternatives field.
var alternativesEntity = declare(&entity[mg.Alternatives]{name: "Alternatives", related: func(a *mg.Alternatives) *mg.Related { return &a.Related }})

func init() {
	alternativesEntity.fields = map[string]fieldDecl[mg.Alternatives]{
		"stage": nothing[mg.Alternatives](), // from the field's arguments
		"excluding": nested(alternativesEntity, func(q *builder, b binding, f Field) (string, func(any) (*mg.Country, error), error) {
			c := q.fresh("c")
			proj, decode, err := countryEntity.project(q, bind(c), f.Of)
			if err != nil {
				return "", nil, err
			}
			code, _ := b.args["excluding"].(string)
			return "COLLECT { MATCH (" + c + ":Country {code: " + q.param(code) + "}) RETURN " + proj + " }[0]", func(raw any) (*mg.Country, error) {
				if raw == nil {
					return nil, mg.NotFound("country", code)
				}
				return optional(decode)(raw)
			}, nil
		}),
		"countries": nested(alternativesEntity, func(q *builder, b binding, f Field) (string, func(any) ([]mg.Share, error), error) {
			stage, _ := b.args["stage"].(mg.Stage)
			excluding, _ := b.args["excluding"].(string)
			filter := mg.ShareFilter{Stage: stage, NotCountry: excluding, LatestYear: true}
			list, decode, err := sharesOf(q, bind(b.v), Field{Key: f.Key, Of: f.Of, Args: map[string]any{"first": arg[*int](f, "first")}}, filter, true)
			if err != nil {
				return "", nil, err
			}
			return list, func(raw any) ([]mg.Share, error) {
				p, err := decode(raw)
				return p.Items, err
			}, nil
		}),
		"facilities": nested(alternativesEntity, func(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Facility], error), error) {
			filter := facilityQuery{FacilityFilter: argValue[mg.FacilityFilter](f, "where"), mineralNode: b.v}
			filter.Mineral, filter.NotCountry = "", arg[string](Field{Args: b.args}, "excluding")
			v := q.fresh("f")
			match, where, err := facilityMatch(q, filter, v, "", true)
			if err != nil {
				return "", nil, err
			}
			return facilitiesFrom(q, match, where, v, filter, f, facilityByName(v))
		}),
	}
}

// alternativesOf compiles Mineral.alternatives(stage, excluding).
func alternativesOf(q *builder, b binding, f Field) (string, func(any) (*mg.Alternatives, error), error) {
	stage, excluding := arg[mg.Stage](f, "stage"), arg[string](f, "excluding")
	if !stage.Valid() {
		return "", nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	if !mg.ValidCountryCode(excluding) {
		return "", nil, mg.Invalid("excluding: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", excluding)
	}
	// The alternatives are the mineral's: their fields read the mineral's variable and the
	// field's arguments.
	proj, decode, err := alternativesEntity.project(q, binding{v: b.v, args: f.Args}, f.Of)
	if err != nil {
		return "", nil, err
	}
	return proj, func(raw any) (*mg.Alternatives, error) {
		a, err := decode(raw)
		a.Stage, a.Excluding = stage, excluding
		return &a, err
	}, nil
}
