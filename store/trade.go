package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Net import reliance and trade links.

const relianceColumns = `r.id AS id, m.id AS mineralId, c.code AS importer, r.year AS year, r.value AS value,
  r.low AS low, r.high AS high, r.lowInclusive AS lowInclusive, r.highInclusive AS highInclusive,
  r.commodity AS commodity, r.note AS note, COLLECT { MATCH (r)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// RelianceKey names one reliance figure; Year 0 means the latest year the graph has for the
// mineral and importer.
type RelianceKey struct {
	MineralID string
	Importer  string
	Year      int
}

// RelianceAt returns the reliance figure for each key that has one; keys without a figure are
// absent. One round trip whatever the number of keys.
func (s *Store) RelianceAt(ctx context.Context, keys []RelianceKey) (map[RelianceKey]mg.Reliance, error) {
	rows := make([]map[string]any, len(keys))
	for i, k := range keys {
		if !mg.ValidCountryCode(k.Importer) {
			return nil, mg.Invalid("importer: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", k.Importer)
		}
		rows[i] = map[string]any{"mineral": k.MineralID, "importer": k.Importer, "year": k.Year}
	}
	recs, err := s.read(ctx, "store.RelianceAt", `UNWIND $keys AS k
MATCH (m:Mineral {id: k.mineral})<-[:OF_MINERAL]-(r:Reliance)-[:OF_IMPORTER]->(c:Country {code: k.importer})
WITH k, m, c, r ORDER BY r.year DESC
WITH k, m, c, collect(r) AS rs
WITH k, m, c, CASE k.year WHEN 0 THEN rs[0] ELSE [x IN rs WHERE x.year = k.year][0] END AS r
WHERE r IS NOT NULL
RETURN k.year AS askedYear, `+relianceColumns, map[string]any{"keys": rows})
	if err != nil {
		return nil, err
	}
	out := make(map[RelianceKey]mg.Reliance, len(recs))
	for _, r := range recs {
		rel, err := decodeReliance(r)
		if err != nil {
			return nil, err
		}
		year, err := intValue(r, "askedYear")
		if err != nil {
			return nil, err
		}
		out[RelianceKey{MineralID: rel.MineralID, Importer: rel.Importer, Year: year}] = rel
	}
	return out, nil
}

func decodeReliance(r *neo4j.Record) (mg.Reliance, error) {
	var rel mg.Reliance
	var err error
	if rel.ID, err = str(r, "id"); err != nil {
		return rel, err
	}
	if rel.MineralID, err = str(r, "mineralId"); err != nil {
		return rel, err
	}
	if rel.Importer, err = str(r, "importer"); err != nil {
		return rel, err
	}
	if rel.Year, err = intValue(r, "year"); err != nil {
		return rel, err
	}
	if rel.Value, err = str(r, "value"); err != nil {
		return rel, err
	}
	if rel.Range.Low, err = optFloat(r, "low"); err != nil {
		return rel, err
	}
	if rel.Range.High, err = optFloat(r, "high"); err != nil {
		return rel, err
	}
	rel.Range.LowInclusive, _ = optBool(r, "lowInclusive")
	rel.Range.HighInclusive, _ = optBool(r, "highInclusive")
	rel.Commodity = optStr(r, "commodity")
	rel.Note = optStr(r, "note")
	if rel.SourceID, err = str(r, "sourceId"); err != nil {
		return rel, err
	}
	return rel, nil
}

// TradeFilter selects trade links; zero fields do not narrow.
type TradeFilter struct {
	Exporter, Importer, Mineral string
	Year                        int // links whose period includes this year
}

// tradeOrder: the newest period first, then by importer, then the highest-ranked (or most
// valuable) source first.
var tradeOrder = ordering{name: "trade/period-rank", keys: []sortKey{
	{expr: "t.yearTo", desc: true, num: true},
	{expr: "imp.code"},
	{expr: "coalesce(t.rank, 1000.0)", num: true},
	{expr: "coalesce(t.valueUsd, -1.0)", desc: true, num: true},
	{expr: "t.id"},
}}

const tradeMatch = `MATCH (m:Mineral)<-[:OF_MINERAL]-(t:TradeLink)-[:TO]->(imp:Country), (t)-[:FROM]->(exp:Country)`

const tradeColumns = `t.id AS id, m.id AS mineralId, exp.code AS exporter, imp.code AS importer,
  t.yearFrom AS yearFrom, t.yearTo AS yearTo, t.rank AS rank, t.valueUsd AS valueUsd, t.quantity AS quantity,
  t.quantityUnit AS quantityUnit, t.importShare AS importShare, t.commodity AS commodity, t.note AS note,
  COLLECT { MATCH (t)-[:REPORTED_BY]->(c:Country) RETURN c.code }[0] AS reportedBy,
  COLLECT { MATCH (t)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// TradeLinks returns a page of the trade links matching f, and the size of the whole list when
// withTotal is true. One round trip. Errors: ENOTFOUND naming a country or mineral the filter
// names that does not exist.
func (s *Store) TradeLinks(ctx context.Context, f TradeFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.TradeLink], error) {
	p := params{}
	where, err := tradeWhere(p, f)
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
	q := pagedQuery{op: "store.TradeLinks", match: tradeMatch + " WHERE " + strings.Join(where, " AND "),
		columns: tradeColumns, order: tradeOrder, refs: r}
	return runPaged(ctx, s, q, p, page, withTotal, decodeTrade)
}

// ImportSourcesOfMinerals returns, for each mineral id, the trade links into importer: the
// newest period first, then by rank (USGS) or value (customs statistics). One round trip.
func (s *Store) ImportSourcesOfMinerals(ctx context.Context, ids []string, importer string) (map[string][]mg.TradeLink, error) {
	if !mg.ValidCountryCode(importer) {
		return nil, mg.Invalid("importer: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", importer)
	}
	recs, err := s.read(ctx, "store.ImportSourcesOfMinerals", tradeMatch+` WHERE m.id IN $ids AND imp.code = $importer
RETURN `+tradeColumns+`
ORDER BY mineralId, `+tradeOrder.orderBy(), map[string]any{"ids": ids, "importer": importer})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]mg.TradeLink, len(ids))
	for _, r := range recs {
		t, err := decodeTrade(r)
		if err != nil {
			return nil, err
		}
		out[t.MineralID] = append(out[t.MineralID], t)
	}
	return out, nil
}

func tradeWhere(p params, f TradeFilter) ([]string, error) {
	where := []string{"true"}
	for _, c := range []struct{ code, expr, name string }{{f.Exporter, "exp.code", "exporter"}, {f.Importer, "imp.code", "importer"}} {
		if c.code == "" {
			continue
		}
		if !mg.ValidCountryCode(c.code) {
			return nil, mg.Invalid("%s: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", c.name, c.code)
		}
		where = append(where, c.expr+" = "+p.add(c.code))
	}
	if f.Mineral != "" {
		where = append(where, "m.id = "+p.add(f.Mineral))
	}
	if f.Year != 0 {
		y := p.add(f.Year)
		where = append(where, "t.yearFrom <= "+y+" AND "+y+" <= t.yearTo")
	}
	return where, nil
}

func decodeTrade(r *neo4j.Record) (mg.TradeLink, error) {
	var t mg.TradeLink
	var err error
	if t.ID, err = str(r, "id"); err != nil {
		return t, err
	}
	if t.MineralID, err = str(r, "mineralId"); err != nil {
		return t, err
	}
	if t.Exporter, err = str(r, "exporter"); err != nil {
		return t, err
	}
	if t.Importer, err = str(r, "importer"); err != nil {
		return t, err
	}
	if t.YearFrom, err = intValue(r, "yearFrom"); err != nil {
		return t, err
	}
	if t.YearTo, err = intValue(r, "yearTo"); err != nil {
		return t, err
	}
	rank, err := optFloat(r, "rank")
	if err != nil {
		return t, err
	}
	if rank != nil {
		n := int(*rank)
		t.Rank = &n
	}
	if t.ValueUSD, err = optFloat(r, "valueUsd"); err != nil {
		return t, err
	}
	if t.Quantity, err = optFloat(r, "quantity"); err != nil {
		return t, err
	}
	if t.ImportShare, err = optFloat(r, "importShare"); err != nil {
		return t, err
	}
	t.QuantityUnit = optStr(r, "quantityUnit")
	t.Commodity = optStr(r, "commodity")
	t.ReportedBy = optStr(r, "reportedBy")
	t.Note = optStr(r, "note")
	if t.SourceID, err = str(r, "sourceId"); err != nil {
		return t, err
	}
	return t, nil
}

// TradeLinksByID returns the trade links with the given ids, keyed by id. One round trip.
func (s *Store) TradeLinksByID(ctx context.Context, ids []string) (map[string]mg.TradeLink, error) {
	recs, err := s.read(ctx, "store.TradeLinksByID", tradeMatch+` WHERE t.id IN $ids RETURN `+tradeColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.TradeLink, len(recs))
	for _, r := range recs {
		t, err := decodeTrade(r)
		if err != nil {
			return nil, err
		}
		out[t.ID] = t
	}
	return out, nil
}
