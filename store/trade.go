package store

import (
	"context"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Net import reliance and trade links:
//
//	(:Reliance)-[:OF_MINERAL]->(:Mineral), (:Reliance)-[:OF_IMPORTER]->(:Country)
//	(:TradeLink)-[:OF_MINERAL]->(:Mineral), -[:FROM]->(exporter), -[:TO]->(importer),
//	-[:REPORTED_BY]->(:Country), each citing its (:Source).

var relianceEntity = declare(&entity[mg.Reliance]{name: "Reliance", related: func(r *mg.Reliance) *mg.Related { return &r.Related }})

var tradeEntity = declare(&entity[mg.TradeLink]{name: "TradeLink", related: func(t *mg.TradeLink) *mg.Related { return &t.Related }, node: "id"})

func init() {
	relianceEntity.fields = map[string]fieldDecl[mg.Reliance]{
		"importer":            required(relianceEntity, countryEntity, "(%[1]s)-[:OF_IMPORTER]->(%[2]s:Country)"),
		"year":                property("year", setInt(func(r *mg.Reliance) *int { return &r.Year })),
		"value":               property("value", setStr(func(r *mg.Reliance) *string { return &r.Value })),
		"lowerBound":          property("low", setFloat(func(r *mg.Reliance) **float64 { return &r.Range.Low })),
		"lowerBoundInclusive": prop(func(v string) string { return "coalesce(" + v + ".lowInclusive, false)" }, setBool(func(r *mg.Reliance) *bool { return &r.Range.LowInclusive })),
		"upperBound":          property("high", setFloat(func(r *mg.Reliance) **float64 { return &r.Range.High })),
		"upperBoundInclusive": prop(func(v string) string { return "coalesce(" + v + ".highInclusive, false)" }, setBool(func(r *mg.Reliance) *bool { return &r.Range.HighInclusive })),
		"netExporter":         property("value", setStr(func(r *mg.Reliance) *string { return &r.Value })),
		"commodity":           property("commodity", setStr(func(r *mg.Reliance) *string { return &r.Commodity })),
		"note":                property("note", setStr(func(r *mg.Reliance) *string { return &r.Note })),
		"source":              required(relianceEntity, sourceEntity, citesSource),
		"inheritedFrom":       inheritedFrom(relianceEntity),
	}
	tradeEntity.fields = map[string]fieldDecl[mg.TradeLink]{
		"id":       property("id", setStr(func(t *mg.TradeLink) *string { return &t.ID })),
		"kind":     prop(tradeKindOf, setEnum(func(t *mg.TradeLink) *mg.TradeKind { return &t.Kind })),
		"mineral":  required(tradeEntity, mineralEntity, "(%[1]s)-[:OF_MINERAL]->(%[2]s:Mineral)"),
		"exporter": required(tradeEntity, countryEntity, "(%[1]s)-[:FROM]->(%[2]s:Country)"),
		"importer": required(tradeEntity, countryEntity, "(%[1]s)-[:TO]->(%[2]s:Country)"),
		"yearFrom": property("yearFrom", setInt(func(t *mg.TradeLink) *int { return &t.YearFrom })),
		"yearTo":   property("yearTo", setInt(func(t *mg.TradeLink) *int { return &t.YearTo })),
		"rank": property("rank", func(t *mg.TradeLink, v any) error {
			f, err := asFloat(v)
			if f != nil {
				n := int(*f)
				t.Rank = &n
			}
			return err
		}),
		"valueUsd":      property("valueUsd", setFloat(func(t *mg.TradeLink) **float64 { return &t.ValueUSD })),
		"quantity":      property("quantity", setFloat(func(t *mg.TradeLink) **float64 { return &t.Quantity })),
		"quantityUnit":  property("quantityUnit", setStr(func(t *mg.TradeLink) *string { return &t.QuantityUnit })),
		"importShare":   property("importShare", setFloat(func(t *mg.TradeLink) **float64 { return &t.ImportShare })),
		"commodity":     property("commodity", setStr(func(t *mg.TradeLink) *string { return &t.Commodity })),
		"reportedBy":    one(tradeEntity, countryEntity, "(%[1]s)-[:REPORTED_BY]->(%[2]s:Country)"),
		"note":          property("note", setStr(func(t *mg.TradeLink) *string { return &t.Note })),
		"source":        required(tradeEntity, sourceEntity, citesSource),
		"inheritedFrom": inheritedFrom(tradeEntity),
	}
}

// usNetImportReliance compiles Mineral.usNetImportReliance(year): the United States' figure
// of the year, or else the latest; null when USGS gives none.
func usNetImportReliance(q *builder, b binding, f Field) (string, func(any) (*mg.Reliance, error), error) {
	return relianceOf(q, b.v, "'US'", argValue[int](f, "year"), f.Of)
}

// A reliance figure's id is its key, mineral/IMPORTER/year (mg.RelianceID): the figures
// of a mineral for an importer are one range of the unique index on it, in year order, and
// the latest is its last key. A trade link's key starts mineral/EXPORTER>IMPORTER/
// (mg.TradeID). Reading a range of keys finds them from the mineral's side: a pattern
// through the importer's node let the planner start there and walk every figure or link of
// the importer for each mineral (3,123,753 db hits for the US's exposure to China on the
// grown graph, where the links are copied a hundred times).

// relianceKeyPrefix renders the key prefix of the reliance figures of the mineral m for the
// importer whose code is the expression importer.
func relianceKeyPrefix(m, importer string) string {
	return m + ".id + '/' + " + importer + " + '/'"
}

// tradeKeyPrefix renders the key prefix of the trade links of the mineral m from the exporter
// to the importer (expressions of their codes).
func tradeKeyPrefix(m, exporter, importer string) string {
	return m + ".id + '/' + " + exporter + " + '>' + " + importer + " + '/'"
}

// relianceOf renders the reliance figure of the mineral m (or of its group, latest.go) for
// the importer (a Cypher expression of its code) in the year, or else the latest year with one.
func relianceOf(q *builder, m, importer string, year int, sel Selection) (string, func(any) (*mg.Reliance, error), error) {
	r, src := q.fresh("r"), q.fresh("src")
	proj, decode, err := relianceEntity.project(q, binding{v: r, known: map[string]string{"mineral": m, "owner": src}}, sel)
	if err != nil {
		return "", nil, err
	}
	from := "WITH " + figureSource(q, m) + " AS " + src + " "
	if year != 0 {
		return "COLLECT { " + from + "MATCH (" + r + ":Reliance {id: " + relianceKeyPrefix(src, importer) + " + toString(" + q.param(year) + ")}) RETURN " + proj + " }[0]",
			optional(decode), nil
	}
	return "COLLECT { " + from + "MATCH (" + r + ":Reliance) WHERE " + r + ".id STARTS WITH " + relianceKeyPrefix(src, importer) +
		" WITH " + r + ", " + src + " ORDER BY " + r + ".id DESC LIMIT 1 RETURN " + proj + " }[0]", optional(decode), nil
}

// tradeKindOf renders a link's kind; a link a curator wrote without one is a ranking when
// it has a rank and an importer's customs figure otherwise.
func tradeKindOf(t string) string {
	return "coalesce(" + t + ".kind, CASE WHEN " + t + ".rank IS NULL THEN 'CUSTOMS_IMPORT' ELSE 'IMPORT_RANK' END)"
}

// tradeOrder: the newest period first, then by importer, then the highest-ranked (or most
// valuable) source first. t and imp are the link's and its importer's variables.
func tradeOrder(t, imp string) ordering {
	return ordering{name: "trade/period-rank", keys: []sortKey{
		{expr: t + ".yearTo", desc: true, num: true},
		{expr: imp + ".code"},
		{expr: "coalesce(" + t + ".rank, 1000.0)", num: true},
		{expr: "coalesce(" + t + ".valueUsd, -1.0)", desc: true, num: true},
		{expr: t + ".id"},
	}}
}

// tradeMatch binds a link t, its mineral m, importer imp and exporter exp.
func tradeMatch(t, m, imp, exp string) string {
	return "MATCH (" + m + ":Mineral)<-[:OF_MINERAL]-(" + t + ":TradeLink)-[:TO]->(" + imp + ":Country), (" + t + ")-[:FROM]->(" + exp + ":Country)"
}

// TradeLinks returns a page of the trade links matching f, each as sel asks, and the size of
// the whole list when withTotal is true. One round trip. Errors: ENOTFOUND naming a country
// or mineral the filter names that does not exist.
func (s *Store) TradeLinks(ctx context.Context, f mg.TradeFilter, page mg.PageArgs, withTotal bool, sel Selection) (mg.Page[mg.TradeLink], error) {
	q := newBuilder()
	where, err := tradeWhere(q, f, "t", "m", "imp", "exp")
	if err != nil {
		return mg.Page[mg.TradeLink]{}, err
	}
	var r refs
	for _, c := range []string{f.Exporter, f.Importer} {
		if c != "" {
			r.countries = append(r.countries, c)
		}
	}
	if f.Mineral != "" {
		r.minerals = []string{f.Mineral}
	}
	pq := pagedQuery{op: "store.TradeLinks", match: tradeMatch("t", "m", "imp", "exp") + " WHERE " + strings.Join(where, " AND "),
		order: tradeOrder("t", "imp"), refs: r}
	b := binding{v: "t", known: map[string]string{"mineral": "m", "importer": "imp", "exporter": "exp"}}
	return runPaged(ctx, s, q, pq, tradeEntity, b, sel, page, withTotal)
}

// importSources compiles Mineral.importSources(importer): the ranking of the importer's major
// sources of the mineral (USGS MCS Figure 2), the newest period first, then by rank. Customs
// figures are the mineral's tradeFlows.
func importSources(q *builder, b binding, f Field) (string, func(any) ([]mg.TradeLink, error), error) {
	importer := arg[string](f, "importer")
	if !mg.ValidCountryCode(importer) {
		return "", nil, mg.Invalid("importer: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", importer)
	}
	t, imp, exp, src := q.fresh("t"), q.fresh("imp"), q.fresh("exp"), q.fresh("src")
	code := q.param(importer)
	proj, decode, err := tradeEntity.project(q, binding{v: t, known: map[string]string{"mineral": b.v, "owner": src, "importer": imp, "exporter": exp}}, f.Of)
	if err != nil {
		return "", nil, err
	}
	o := tradeOrder(t, imp)
	// From the links of the mineral (or its group, latest.go): a pattern through the
	// importer's node would walk all of its links for each mineral.
	return "COLLECT { WITH " + figureSource(q, b.v) + " AS " + src + " MATCH (" + src + ")<-[:OF_MINERAL]-(" + t + ":TradeLink)-[:TO]->(" + imp + ") WHERE " + imp +
		".code = " + code + " AND " + tradeKindOf(t) + " = 'IMPORT_RANK' MATCH (" + t + ")-[:FROM]->(" + exp + ":Country) WITH * ORDER BY " + o.orderBy() +
		" RETURN " + proj + " }", listOf(decode), nil
}

// tradeFlows compiles Mineral.tradeFlows(importer, exporter, year, first, after): the customs
// figures of the mineral's trade (UN Comtrade), the newest year first, then by importer, then
// the most valuable flow first.
func tradeFlows(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.TradeLink], error), error) {
	t, imp, exp := q.fresh("t"), q.fresh("imp"), q.fresh("exp")
	filter := mg.TradeFilter{Importer: argValue[string](f, "importer"), Exporter: argValue[string](f, "exporter"), Year: argValue[int](f, "year"),
		Kinds: []mg.TradeKind{mg.TradeCustomsImport, mg.TradeCustomsExport}}
	where, err := tradeWhere(q, filter, t, b.v, imp, exp)
	if err != nil {
		return "", nil, err
	}
	l := listSpec{match: "MATCH (" + b.v + ")<-[:OF_MINERAL]-(" + t + ":TradeLink)-[:TO]->(" + imp + ":Country), (" + t + ")-[:FROM]->(" + exp + ":Country)",
		where: where, row: t, known: map[string]string{"mineral": b.v, "importer": imp, "exporter": exp}, order: tradeOrder(t, imp)}
	return compilePage(q, tradeEntity, l, f, mg.MaxPageSize)
}

func tradeWhere(q *builder, f mg.TradeFilter, t, m, imp, exp string) ([]string, error) {
	where := []string{"true"}
	for _, c := range []struct{ code, expr, name string }{{f.Exporter, exp + ".code", "exporter"}, {f.Importer, imp + ".code", "importer"}} {
		if c.code == "" {
			continue
		}
		if !mg.ValidCountryCode(c.code) {
			return nil, mg.Invalid("%s: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", c.name, c.code)
		}
		where = append(where, c.expr+" = "+q.param(c.code))
	}
	if f.Mineral != "" {
		where = append(where, m+".id = "+q.param(f.Mineral))
	}
	if f.Year != 0 {
		y := q.param(f.Year)
		where = append(where, t+".yearFrom <= "+y+" AND "+y+" <= "+t+".yearTo")
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			if !k.Valid() {
				return nil, mg.Invalid("kind: unknown trade kind %q", k)
			}
			kinds[i] = string(k)
		}
		where = append(where, tradeKindOf(t)+" IN "+q.param(kinds))
	}
	return where, nil
}

// TradeLink returns the trade link with the given id, as sel asks, or ENOTFOUND naming it.
// One round trip.
func (s *Store) TradeLink(ctx context.Context, id string, sel Selection) (mg.TradeLink, error) {
	return readOne(ctx, s, "store.TradeLink", tradeEntity, "(n:TradeLink {id: %s})", id, "trade link", sel)
}

// The nodes a load writes for net import reliance figures, and their rows.
var kindReliance = kind{name: "import reliance", label: "Reliance", key: "id", links: []link{
	{rel: "OF_MINERAL", target: "Mineral", key: "id"}, {rel: "OF_IMPORTER", target: "Country", key: "code"}, cites}}

func init() {
	registerLoad(loader{kind: kindReliance, order: 90, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, r := range d.Reliance {
			rows = append(rows, loadRow(r.ID, props("id", r.ID, "year", r.Year, "value", r.Value, "low", r.Range.Low, "high", r.Range.High,
				"lowInclusive", r.Range.LowInclusive, "highInclusive", r.Range.HighInclusive, "commodity", r.Commodity, "note", r.Note),
				single(r.MineralID), single(r.Importer), single(r.SourceID)))
		}
		return rows
	}})
}

// The nodes a load writes for trade links, and their rows.
var kindTrade = kind{name: "trade links", label: "TradeLink", key: "id", links: []link{
	{rel: "OF_MINERAL", target: "Mineral", key: "id"}, {rel: "FROM", target: "Country", key: "code"},
	{rel: "TO", target: "Country", key: "code"}, {rel: "REPORTED_BY", target: "Country", key: "code"}, cites}}

func init() {
	registerLoad(loader{kind: kindTrade, order: 100, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, t := range d.Trade {
			var rank *float64
			if t.Rank != nil {
				f := float64(*t.Rank)
				rank = &f
			}
			rows = append(rows, loadRow(t.ID, props("id", t.ID, "kind", string(t.Kind), "yearFrom", t.YearFrom, "yearTo", t.YearTo, "rank", rank, "valueUsd", t.ValueUSD,
				"quantity", t.Quantity, "quantityUnit", t.QuantityUnit, "importShare", t.ImportShare, "commodity", t.Commodity, "note", t.Note),
				single(t.MineralID), single(t.Exporter), single(t.Importer), single(t.ReportedBy), single(t.SourceID)))
		}
		return rows
	}})
}
