package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

// LoadStats counts what a load did to each kind of record.
type LoadStats struct {
	Kinds []KindStats
}

// KindStats counts one kind of record: created (new), updated (existed with other values) and
// unchanged (existed with the same values, so nothing was written).
type KindStats struct {
	Kind                        string
	Created, Updated, Unchanged int
}

// Changed reports whether the load created or updated anything.
func (s LoadStats) Changed() bool {
	for _, k := range s.Kinds {
		if k.Created+k.Updated > 0 {
			return true
		}
	}
	return false
}

func (s LoadStats) String() string {
	out := ""
	for _, k := range s.Kinds {
		out += fmt.Sprintf("%-16s created %5d  updated %5d  unchanged %5d\n", k.Kind, k.Created, k.Updated, k.Unchanged)
	}
	return out
}

// Progress is told, after each batch, how many records of the whole load are written.
type Progress func(done, total int)

// loadBatchSize bounds the rows of one transaction: big enough to amortise a round trip,
// small enough to keep a transaction's memory on the server modest.
const loadBatchSize = 500

// upserts are the Cypher of a load, one statement per kind. Each takes $rows, compares every
// row with what the graph holds (properties and links), writes only rows that differ, and
// returns how many rows were created, updated and unchanged. MERGE on a constrained key makes
// a load idempotent: running it twice leaves the graph as the first run left it.
const (
	upsertSources = `UNWIND $rows AS row
OPTIONAL MATCH (old:Source {id: row.props.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row WHERE outcome <> 'unchanged'
  MERGE (n:Source {id: row.props.id})
  SET n = row.props
}
RETURN outcome, count(*) AS n`

	upsertCountries = `UNWIND $rows AS row
OPTIONAL MATCH (old:Country {code: row.props.code})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row WHERE outcome <> 'unchanged'
  MERGE (n:Country {code: row.props.code})
  SET n = row.props
}
RETURN outcome, count(*) AS n`

	upsertMinerals = `UNWIND $rows AS row
OPTIONAL MATCH (old:Mineral {id: row.props.id})
WITH row, old, COLLECT { MATCH (old)-[:MEMBER_OF]->(g:Mineral) RETURN g.id } AS oldGroups
WITH row, CASE WHEN old IS NULL THEN 'created'
  WHEN properties(old) = row.props AND oldGroups = coalesce(row.groups, []) THEN 'unchanged'
  ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row WHERE outcome <> 'unchanged'
  MERGE (n:Mineral {id: row.props.id})
  SET n = row.props
  WITH n, row
  OPTIONAL MATCH (n)-[r:MEMBER_OF]->()
  DELETE r
  WITH DISTINCT n, row
  UNWIND coalesce(row.groups, []) AS gid
  MERGE (g:Mineral {id: gid})
  MERGE (n)-[:MEMBER_OF]->(g)
}
RETURN outcome, count(*) AS n`

	upsertWorld = `UNWIND $rows AS row
OPTIONAL MATCH (old:WorldProduction {id: row.props.id})
WITH row, old,
  COLLECT { MATCH (old)-[:OF_MINERAL]->(m:Mineral) RETURN m.id }[0] AS oldMineral,
  COLLECT { MATCH (old)-[:CITES]->(s:Source) RETURN s.id }[0] AS oldSource
WITH row, CASE WHEN old IS NULL THEN 'created'
  WHEN properties(old) = row.props AND oldMineral = row.mineral AND oldSource = row.source THEN 'unchanged'
  ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row WHERE outcome <> 'unchanged'
  MATCH (m:Mineral {id: row.mineral}), (src:Source {id: row.source})
  MERGE (n:WorldProduction {id: row.props.id})
  SET n = row.props
  WITH n, m, src
  OPTIONAL MATCH (n)-[r:OF_MINERAL|CITES]->()
  DELETE r
  WITH DISTINCT n, m, src
  MERGE (n)-[:OF_MINERAL]->(m)
  MERGE (n)-[:CITES]->(src)
}
RETURN outcome, count(*) AS n`

	upsertShares = `UNWIND $rows AS row
OPTIONAL MATCH (old:Share {id: row.props.id})
WITH row, old,
  COLLECT { MATCH (old)-[:OF_MINERAL]->(m:Mineral) RETURN m.id }[0] AS oldMineral,
  COLLECT { MATCH (old)-[:BY_COUNTRY]->(c:Country) RETURN c.code }[0] AS oldCountry,
  COLLECT { MATCH (old)-[:CITES]->(s:Source) RETURN s.id }[0] AS oldSource
WITH row, CASE WHEN old IS NULL THEN 'created'
  WHEN properties(old) = row.props AND oldMineral = row.mineral AND oldCountry = row.country AND oldSource = row.source THEN 'unchanged'
  ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row WHERE outcome <> 'unchanged'
  MATCH (m:Mineral {id: row.mineral}), (c:Country {code: row.country}), (src:Source {id: row.source})
  MERGE (n:Share {id: row.props.id})
  SET n = row.props
  WITH n, m, c, src
  OPTIONAL MATCH (n)-[r:OF_MINERAL|BY_COUNTRY|CITES]->()
  DELETE r
  WITH DISTINCT n, m, c, src
  MERGE (n)-[:OF_MINERAL]->(m)
  MERGE (n)-[:BY_COUNTRY]->(c)
  MERGE (n)-[:CITES]->(src)
}
RETURN outcome, count(*) AS n`
)

// Load writes a dataset into the graph: schema first, then each kind of record in batches of
// one transaction each, referenced records before the records that refer to them. Records
// already in the graph with the same values are left untouched. Progress, when not nil, is
// called after every batch. Errors: EINVALID when a record refers to something neither in the
// dataset nor in the graph; EUNAVAILABLE when Neo4j is down (batches already written stay
// written, and loading again completes the load).
func (s *Store) Load(ctx context.Context, d *dataset.Dataset, progress Progress) (LoadStats, error) {
	if err := s.EnsureSchema(ctx); err != nil {
		return LoadStats{}, err
	}
	if err := s.checkReferences(ctx, d); err != nil {
		return LoadStats{}, err
	}
	kinds := []struct {
		name   string
		cypher string
		rows   []map[string]any
	}{
		{"sources", upsertSources, sourceRows(d.Sources)},
		{"countries", upsertCountries, countryRows(d.Countries)},
		{"minerals", upsertMinerals, mineralRows(d.Minerals)},
		{"world totals", upsertWorld, worldRows(d.World)},
		{"shares", upsertShares, shareRows(d.Shares)},
	}
	total := 0
	for _, k := range kinds {
		total += len(k.rows)
	}
	var stats LoadStats
	done := 0
	for _, k := range kinds {
		ks := KindStats{Kind: k.name}
		for start := 0; start < len(k.rows); start += loadBatchSize {
			batch := k.rows[start:min(start+loadBatchSize, len(k.rows))]
			recs, err := s.write(ctx, "store.Load "+k.name, k.cypher, map[string]any{"rows": batch})
			if err != nil {
				return stats, err
			}
			counted := 0
			for _, r := range recs {
				outcome, err := str(r, "outcome")
				if err != nil {
					return stats, err
				}
				n, err := intValue(r, "n")
				if err != nil {
					return stats, err
				}
				counted += n
				switch outcome {
				case "created":
					ks.Created += n
				case "updated":
					ks.Updated += n
				default:
					ks.Unchanged += n
				}
			}
			if counted != len(batch) {
				return stats, &mg.Error{Code: mg.EINTERNAL, Op: "store.Load", Message: "internal error",
					Err: fmt.Errorf("%s: wrote %d of %d rows", k.name, counted, len(batch))}
			}
			done += len(batch)
			if progress != nil {
				progress(done, total)
			}
		}
		stats.Kinds = append(stats.Kinds, ks)
	}
	return stats, nil
}

// The row builders drop empty values: Neo4j does not store nulls, so a property map with a
// null would never compare equal to the stored node and every load would count as an update.

func props(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			if v != "" {
				m[kv[i].(string)] = v
			}
		case *float64:
			if v != nil {
				m[kv[i].(string)] = *v
			}
		case []string:
			if len(v) > 0 {
				m[kv[i].(string)] = v
			}
		case bool:
			if v {
				m[kv[i].(string)] = v
			}
		case int:
			m[kv[i].(string)] = int64(v)
		default:
			panic(fmt.Sprintf("store: props: unsupported %T", v))
		}
	}
	return m
}

func sourceRows(in []mg.Source) []map[string]any {
	out := make([]map[string]any, len(in))
	for i, s := range in {
		out[i] = map[string]any{"props": props("id", s.ID, "publisher", s.Publisher, "title", s.Title, "year", s.Year, "url", s.URL, "note", s.Note)}
	}
	return out
}

func countryRows(in []mg.Country) []map[string]any {
	out := make([]map[string]any, len(in))
	for i, c := range in {
		out[i] = map[string]any{"props": props("code", c.Code, "alpha3", c.Alpha3, "name", c.Name, "aliases", c.Aliases)}
	}
	return out
}

func mineralRows(in []mg.Mineral) []map[string]any {
	out := make([]map[string]any, len(in))
	for i, m := range in {
		var groups []string
		if m.GroupID != "" {
			groups = []string{m.GroupID}
		}
		out[i] = map[string]any{"props": props("id", m.ID, "name", m.Name, "symbol", m.Symbol, "isGroup", m.IsGroup), "groups": groups}
	}
	return out
}

func worldRows(in []mg.WorldProduction) []map[string]any {
	out := make([]map[string]any, len(in))
	for i, w := range in {
		out[i] = map[string]any{
			"props":   props("id", w.ID, "stage", string(w.Stage), "year", w.Year, "amount", w.Amount, "unit", w.Unit, "basis", w.Basis, "note", w.Note),
			"mineral": w.MineralID, "source": w.SourceID,
		}
	}
	return out
}

func shareRows(in []mg.Share) []map[string]any {
	out := make([]map[string]any, len(in))
	for i, s := range in {
		out[i] = map[string]any{
			"props": props("id", s.ID, "stage", string(s.Stage), "year", s.Year, "amount", s.Amount, "unit", s.Unit,
				"percent", s.Percent, "percentBasis", string(s.PercentBasis), "basis", s.Basis, "note", s.Note),
			"mineral": s.MineralID, "country": s.CountryCode, "source": s.SourceID,
		}
	}
	return out
}

// checkReferences makes sure that every mineral, country and source a record of d refers to
// is in d or already in the graph, before anything is written.
func (s *Store) checkReferences(ctx context.Context, d *dataset.Dataset) error {
	refs := d.ExternalReferences()
	if len(refs.Minerals)+len(refs.Countries)+len(refs.Sources) == 0 {
		return nil
	}
	recs, err := s.read(ctx, "store.checkReferences", `RETURN
  [id IN $minerals WHERE NOT EXISTS { MATCH (:Mineral {id: id}) }] AS minerals,
  [code IN $countries WHERE NOT EXISTS { MATCH (:Country {code: code}) }] AS countries,
  [id IN $sources WHERE NOT EXISTS { MATCH (:Source {id: id}) }] AS sources`,
		map[string]any{"minerals": refs.Minerals, "countries": refs.Countries, "sources": refs.Sources})
	if err != nil {
		return err
	}
	var missing []string
	for _, kind := range []struct{ column, noun string }{{"minerals", "mineral"}, {"countries", "country"}, {"sources", "source"}} {
		ids, _, err := neo4j.GetRecordValue[[]any](recs[0], kind.column)
		if err != nil {
			return decodeErr(kind.column, err)
		}
		for _, id := range ids {
			missing = append(missing, fmt.Sprintf("%s %q", kind.noun, id))
		}
	}
	if len(missing) > 0 {
		return mg.Invalid("the dataset refers to records that are neither in it nor in the graph: %s; nothing was written", strings.Join(missing, ", "))
	}
	return nil
}
