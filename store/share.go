package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// The graph shape of a production figure: a Share node between the mineral, the country and
// the source it cites, so that every figure carries its provenance as a link.
//
//	(:Country)<-[:BY_COUNTRY]-(:Share)-[:OF_MINERAL]->(:Mineral)
//	                             \-[:CITES]->(:Source)

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
// (unknown percents last), then by country code, which makes the order total.
var shareOrder = ordering{name: "share/year-stage-percent", keys: []sortKey{
	{expr: "s.year", desc: true, num: true},
	{expr: "s.stage"},
	{expr: "coalesce(s.percent, -1.0)", desc: true, num: true},
	{expr: "c.code"},
	{expr: "m.id"},
}}

const shareColumns = `s.id AS id, m.id AS mineralId, c.code AS countryCode, s.stage AS stage, s.year AS year,
  s.amount AS amount, s.unit AS unit, s.percent AS percent, s.percentBasis AS percentBasis,
  s.basis AS basis, s.note AS note, COLLECT { MATCH (s)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// shareFields are shareColumns as the entries of a map (without its braces), for lists of
// shares collected into one column.
const shareFields = `id: s.id, mineralId: m.id, countryCode: c.code, stage: s.stage, year: s.year,
  amount: s.amount, unit: s.unit, percent: s.percent, percentBasis: s.percentBasis,
  basis: s.basis, note: s.note, sourceId: COLLECT { MATCH (s)-[:CITES]->(src:Source) RETURN src.id }[0]`

// SharesOfMinerals returns, for each mineral id, its page of shares matching f, and the size
// of its whole list when withTotal is true. One round trip whatever the number of ids; ids with
// no shares map to an empty page.
func (s *Store) SharesOfMinerals(ctx context.Context, ids []string, f ShareFilter, page mg.PageArgs, withTotal bool) (map[string]mg.Page[mg.Share], error) {
	f.MineralID = ""
	return s.shares(ctx, "store.SharesOfMinerals", mineralAnchor, ids, f, page, withTotal)
}

// SharesOfCountries returns, for each country code, its page of shares matching f, and the
// size of its whole list when withTotal is true. One round trip whatever the number of codes.
func (s *Store) SharesOfCountries(ctx context.Context, codes []string, f ShareFilter, page mg.PageArgs, withTotal bool) (map[string]mg.Page[mg.Share], error) {
	f.Country = ""
	return s.shares(ctx, "store.SharesOfCountries", countryAnchor, codes, f, page, withTotal)
}

// shareAnchor is what a share list hangs from: head binds anchor and anchorKey for each of
// $anchors; body, run once per anchor, binds m, s and c for each of its shares.
type shareAnchor struct{ head, body string }

var (
	mineralAnchor = shareAnchor{
		head: `MATCH (anchor:Mineral) WHERE anchor.id IN $anchors WITH anchor, anchor.id AS anchorKey`,
		body: `MATCH (anchor)<-[:OF_MINERAL]-(s:Share)-[:BY_COUNTRY]->(c:Country) WITH anchor AS m, s, c`,
	}
	countryAnchor = shareAnchor{
		head: `MATCH (anchor:Country) WHERE anchor.code IN $anchors WITH anchor, anchor.code AS anchorKey`,
		body: `MATCH (m:Mineral)<-[:OF_MINERAL]-(s:Share)-[:BY_COUNTRY]->(anchor) WITH m, s, anchor AS c`,
	}
)

func (s *Store) shares(ctx context.Context, op string, a shareAnchor, anchors []string, f ShareFilter, page mg.PageArgs, withTotal bool) (map[string]mg.Page[mg.Share], error) {
	if err := page.Validate(s.maxPage); err != nil {
		return nil, err
	}
	p := params{}
	where, err := shareWhere(p, f)
	if err != nil {
		return nil, err
	}
	q := anchoredQuery{op: op, head: a.head, body: a.body, vars: "m, s, c", fields: shareFields, where: where, order: shareOrder}
	return runAnchored(ctx, s, q, p, anchors, page, withTotal, decodeShare)
}

// shareWhere compiles f into conditions over m, s and c.
func shareWhere(p params, f ShareFilter) ([]string, error) {
	var where []string
	if f.Stage != "" {
		if !f.Stage.Valid() {
			return nil, mg.Invalid("stage: unknown stage %q", f.Stage)
		}
		where = append(where, "s.stage = "+p.add(string(f.Stage)))
	}
	switch {
	case f.LatestYear && f.NotCountry != "":
		where = append(where, "s.year = COLLECT { MATCH (m)<-[:OF_MINERAL]-(x:Share)-[:BY_COUNTRY]->(xc:Country) WHERE x.stage = s.stage AND xc.code <> "+
			p.add(f.NotCountry)+" RETURN max(x.year) }[0]")
	case f.LatestYear:
		where = append(where, "s.year = COLLECT { MATCH (m)<-[:OF_MINERAL]-(x:Share) WHERE x.stage = s.stage RETURN max(x.year) }[0]")
	case f.Year != 0:
		where = append(where, "s.year = "+p.add(f.Year))
	}
	if f.NotCountry != "" {
		where = append(where, "c.code <> "+p.add(f.NotCountry))
	}
	if f.Country != "" {
		if !mg.ValidCountryCode(f.Country) {
			return nil, mg.Invalid("country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", f.Country)
		}
		where = append(where, "c.code = "+p.add(f.Country))
	}
	if f.MineralID != "" {
		where = append(where, "m.id = "+p.add(f.MineralID))
	}
	return where, nil
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return "\n  WHERE " + strings.Join(conds, " AND ")
}

func decodeShare(r *neo4j.Record) (mg.Share, error) {
	var sh mg.Share
	var err error
	if sh.ID, err = str(r, "id"); err != nil {
		return sh, err
	}
	if sh.MineralID, err = str(r, "mineralId"); err != nil {
		return sh, err
	}
	if sh.CountryCode, err = str(r, "countryCode"); err != nil {
		return sh, err
	}
	stage, err := str(r, "stage")
	if err != nil {
		return sh, err
	}
	sh.Stage = mg.Stage(stage)
	if sh.Year, err = intValue(r, "year"); err != nil {
		return sh, err
	}
	if sh.Amount, err = optFloat(r, "amount"); err != nil {
		return sh, err
	}
	if sh.Percent, err = optFloat(r, "percent"); err != nil {
		return sh, err
	}
	sh.Unit = optStr(r, "unit")
	sh.PercentBasis = mg.PercentBasis(optStr(r, "percentBasis"))
	sh.Basis = optStr(r, "basis")
	sh.Note = optStr(r, "note")
	if sh.SourceID, err = str(r, "sourceId"); err != nil {
		return sh, err
	}
	return sh, nil
}

// ShareKey names one figure: a mineral, a country, a stage and a year. Year 0 means the latest
// year for which the graph has any figure of the mineral at that stage.
type ShareKey struct {
	MineralID string
	Country   string
	Stage     mg.Stage
	Year      int
}

// SharesAt returns the share for each key that has one; keys without a figure are absent.
// One round trip whatever the number of keys.
func (s *Store) SharesAt(ctx context.Context, keys []ShareKey) (map[ShareKey]mg.Share, error) {
	rows := make([]map[string]any, len(keys))
	for i, k := range keys {
		if !k.Stage.Valid() {
			return nil, mg.Invalid("stage: unknown stage %q", k.Stage)
		}
		if !mg.ValidCountryCode(k.Country) {
			return nil, mg.Invalid("country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", k.Country)
		}
		rows[i] = map[string]any{"mineral": k.MineralID, "country": k.Country, "stage": string(k.Stage), "year": k.Year}
	}
	recs, err := s.read(ctx, "store.SharesAt", `UNWIND $keys AS k
MATCH (m:Mineral {id: k.mineral})<-[:OF_MINERAL]-(s:Share {stage: k.stage})-[:BY_COUNTRY]->(c:Country {code: k.country})
WHERE s.year = CASE k.year WHEN 0
  THEN COLLECT { MATCH (m)<-[:OF_MINERAL]-(x:Share {stage: k.stage}) RETURN max(x.year) }[0]
  ELSE k.year END
RETURN k.year AS askedYear, `+shareColumns, map[string]any{"keys": rows})
	if err != nil {
		return nil, err
	}
	out := make(map[ShareKey]mg.Share, len(recs))
	for _, r := range recs {
		sh, err := decodeShare(r)
		if err != nil {
			return nil, err
		}
		year, err := intValue(r, "askedYear")
		if err != nil {
			return nil, err
		}
		out[ShareKey{MineralID: sh.MineralID, Country: sh.CountryCode, Stage: sh.Stage, Year: year}] = sh
	}
	return out, nil
}

// SharesByID returns the shares with the given ids, keyed by id. One round trip.
func (s *Store) SharesByID(ctx context.Context, ids []string) (map[string]mg.Share, error) {
	recs, err := s.read(ctx, "store.SharesByID", `MATCH (m:Mineral)<-[:OF_MINERAL]-(s:Share)-[:BY_COUNTRY]->(c:Country)
WHERE s.id IN $ids RETURN `+shareColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Share, len(recs))
	for _, r := range recs {
		sh, err := decodeShare(r)
		if err != nil {
			return nil, err
		}
		out[sh.ID] = sh
	}
	return out, nil
}
