package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Analytics over the production shares: concentration, chokepoints and exposure. Each is
// one round trip; the arithmetic (top-N, HHI, grouping) is the domain's.

// latestYear is the latest year with any share of mineral m at the stage held by $stage.
const latestYear = `COLLECT { MATCH (m)<-[:OF_MINERAL]-(x:Share {stage: $stage}) RETURN max(x.year) }[0]`

// ConcentrationsOf returns, for each mineral id that has shares at the stage in the year, how
// concentrated that stage is. Year 0 means the latest year with figures for more than one
// country (a year in which a source names only the leading producer says nothing of the
// others), or else the latest year with any. One round trip.
func (s *Store) ConcentrationsOf(ctx context.Context, ids []string, stage mg.Stage, year int) (map[string]mg.Concentration, error) {
	if !stage.Valid() {
		return nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	recs, err := s.read(ctx, "store.ConcentrationsOf", `MATCH (m:Mineral) WHERE m.id IN $ids
WITH m, CASE $year WHEN 0 THEN coalesce(
    COLLECT { MATCH (m)<-[:OF_MINERAL]-(x:Share {stage: $stage}) WITH x.year AS yr, count(*) AS n WHERE n > 1 RETURN max(yr) }[0],
    `+latestYear+`) ELSE $year END AS y
WHERE y IS NOT NULL
RETURN m.id AS mineral, y AS year,
  COLLECT { MATCH (m)<-[:OF_MINERAL]-(s:Share {stage: $stage, year: y})-[:BY_COUNTRY]->(c:Country) RETURN {`+shareFields+`} } AS rows`,
		map[string]any{"ids": ids, "stage": string(stage), "year": year})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Concentration, len(recs))
	for _, r := range recs {
		mineral, err := str(r, "mineral")
		if err != nil {
			return nil, err
		}
		y, err := intValue(r, "year")
		if err != nil {
			return nil, err
		}
		shares, err := sharesIn(r, "rows")
		if err != nil {
			return nil, err
		}
		out[mineral] = mg.Concentrate(mineral, stage, y, shares)
	}
	return out, nil
}

// Chokepoints returns the shares of at least minShare percent of a stage, in the given year or
// else the latest year with data for each mineral: the minerals one country dominates, with
// that country. Largest first.
func (s *Store) Chokepoints(ctx context.Context, stage mg.Stage, minShare float64, year int) ([]mg.Share, error) {
	if !stage.Valid() {
		return nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	if minShare <= 0 || minShare > 100 {
		return nil, mg.Invalid("minShare: %v must be more than 0 and at most 100 (a percentage of world production)", minShare)
	}
	recs, err := s.read(ctx, "store.Chokepoints", `MATCH (m:Mineral)
WITH m, CASE $year WHEN 0 THEN `+latestYear+` ELSE $year END AS y
MATCH (m)<-[:OF_MINERAL]-(s:Share {stage: $stage})-[:BY_COUNTRY]->(c:Country)
WHERE s.year = y AND s.percent >= $min
RETURN `+shareColumns+`
ORDER BY s.percent DESC, m.id, c.code`, map[string]any{"stage": string(stage), "min": minShare, "year": year})
	if err != nil {
		return nil, err
	}
	out := make([]mg.Share, 0, len(recs))
	for _, r := range recs {
		sh, err := decodeShare(r)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// Exposures returns, for each mineral the importer has a net import reliance figure for, what
// its supply depends on from the supplier: the importer's latest reliance, the supplier's
// latest rank among the importer's import sources, the supplier's (and the importer's) share
// of mining and refining in the latest year with data, and the supplier's policies in force on
// the day that target the mineral or its group. By mineral name. One round trip.
func (s *Store) Exposures(ctx context.Context, importer, supplier string, day mg.Date) ([]mg.Exposure, error) {
	for _, c := range []string{importer, supplier} {
		if !mg.ValidCountryCode(c) {
			return nil, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"US\"", c)
		}
	}
	shareOf := func(country, stage string) string {
		// The latest year once per mineral, then the country's share of that year.
		return `COLLECT { MATCH (m)<-[:OF_MINERAL]-(x:Share {stage: '` + stage + `'}) WITH max(x.year) AS year
      MATCH (m)<-[:OF_MINERAL]-(s:Share {stage: '` + stage + `', year: year})-[:BY_COUNTRY]->(c:Country) WHERE c = ` + country +
			` RETURN {` + shareFields + `} }`
	}
	recs, err := s.read(ctx, "store.Exposures", `OPTIONAL MATCH (imp:Country {code: $importer})
OPTIONAL MATCH (sup:Country {code: $supplier})
WITH imp, sup, [x IN [[imp, $importer], [sup, $supplier]] WHERE x[0] IS NULL | x[1]] AS missing
CALL (imp, sup, missing) {
  WITH imp, sup WHERE size(missing) = 0
  MATCH (m:Mineral)<-[:OF_MINERAL]-(r:Reliance)-[:OF_IMPORTER]->(imp)
  WITH imp, sup, m, r ORDER BY r.year DESC
  WITH imp, sup, m, collect(r)[0] AS r
  RETURN m, r, imp AS c,
    COLLECT { MATCH (m)<-[:OF_MINERAL]-(t:TradeLink)-[:FROM]->(sup) WHERE (t)-[:TO]->(imp) AND t.rank IS NOT NULL
      RETURN [t.rank, t.yearFrom, t.yearTo] ORDER BY t.yearTo DESC, t.rank LIMIT 1 }[0] AS rank,
    `+shareOf("sup", "MINING")+` AS supMining,
    `+shareOf("sup", "REFINING")+` AS supRefining,
    `+shareOf("imp", "MINING")+` AS impMining,
    COLLECT { MATCH (p:Policy)-[:ISSUED_BY]->(sup)
      WHERE (EXISTS { (p)-[:TARGETS]->(m) } OR EXISTS { (p)-[:TARGETS]->(:Mineral)<-[:MEMBER_OF]-(m) }) AND (`+activeOn+`)
      RETURN p.id ORDER BY p.id } AS policies
  UNION
  WITH missing WHERE size(missing) > 0
  RETURN null AS m, null AS r, null AS c, null AS rank, [] AS supMining, [] AS supRefining, [] AS impMining, [] AS policies
}
RETURN missing, m.id AS mineral, m.name AS name,
  CASE WHEN r IS NULL THEN null ELSE {id: r.id, mineralId: m.id, importer: c.code, year: r.year, value: r.value, low: r.low,
    high: r.high, lowInclusive: r.lowInclusive, highInclusive: r.highInclusive, commodity: r.commodity, note: r.note,
    sourceId: COLLECT { MATCH (r)-[:CITES]->(src:Source) RETURN src.id }[0]} END AS reliance,
  rank, supMining, supRefining, impMining, policies
ORDER BY name`, map[string]any{"importer": importer, "supplier": supplier, "day": neo4j.DateOf(day.Time)})
	if err != nil {
		return nil, err
	}
	var out []mg.Exposure
	for _, r := range recs {
		missing, err := strList(r, "missing")
		if err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			return nil, mg.NotFound("country", missing[0])
		}
		mineral := optStr(r, "mineral")
		if mineral == "" {
			continue
		}
		e := mg.Exposure{MineralID: mineral, Importer: importer, Supplier: supplier}
		if raw, _ := r.Get("reliance"); raw != nil {
			rel, err := decodeReliance(mapRecords([]any{raw})[0])
			if err != nil {
				return nil, err
			}
			e.Reliance = &rel
		}
		if raw, _ := r.Get("rank"); raw != nil {
			trio, _ := raw.([]any)
			if len(trio) == 3 {
				rank, _ := trio[0].(float64)
				from, _ := trio[1].(int64)
				to, _ := trio[2].(int64)
				n := int(rank)
				e.SupplierRank, e.RankPeriod = &n, [2]int{int(from), int(to)}
			}
		}
		for key, into := range map[string]**mg.Share{"supMining": &e.SupplierMining, "supRefining": &e.SupplierRefining, "impMining": &e.ImporterMining} {
			shares, err := sharesIn(r, key)
			if err != nil {
				return nil, err
			}
			if len(shares) > 0 {
				*into = &shares[0]
			}
		}
		if e.PolicyIDs, err = strList(r, "policies"); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// sharesIn decodes a column holding a list of share maps.
func sharesIn(r *neo4j.Record, key string) ([]mg.Share, error) {
	rows, _, err := neo4j.GetRecordValue[[]any](r, key)
	if err != nil {
		return nil, decodeErr(key, err)
	}
	out := make([]mg.Share, 0, len(rows))
	for _, rec := range mapRecords(rows) {
		sh, err := decodeShare(rec)
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}
