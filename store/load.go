package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// The graph a load writes. Every fact links to the Source it cites; figures are nodes so that
// they can:
//
//	(:Mineral)-[:MEMBER_OF]->(:Mineral {isGroup})        (:Country)-[:IN_BLOC]->(:Bloc)
//	(:Mineral)-[:ON_LIST]->(:CriticalList)-[:ISSUED_BY]->(:Country|Bloc)
//	(:EndUse)-[:OF_MINERAL]->(:Mineral)
//	(:Share)-[:OF_MINERAL]->(:Mineral), (:Share)-[:BY_COUNTRY]->(:Country)
//	(:WorldProduction)-[:OF_MINERAL]->(:Mineral)
//	(:Reliance)-[:OF_MINERAL]->(:Mineral), (:Reliance)-[:OF_IMPORTER]->(:Country)
//	(:TradeLink)-[:OF_MINERAL|FROM|TO|REPORTED_BY]->(...)
//	(:Facility)-[:IN_COUNTRY|PRODUCES|OPERATED_BY|OWNED_BY|STATUS_CITES|CAPACITY_CITES]->(...)
//	(:Policy)-[:ISSUED_BY|TARGETS|AFFECTS]->(...), (:Policy)-[:SUSPENDS|EXTENDS|...]->(:Policy)
//	(any of the above)-[:CITES]->(:Source)

// LoadStats counts what a load did to each kind of record.
type LoadStats struct {
	Kinds []KindStats
}

// KindStats counts one kind of record: created (new), updated (existed with other values or
// links), unchanged (existed as it is, so nothing was written) and kept (differs, but a
// curator has written the record through the API since, so the load leaves it as they left it).
type KindStats struct {
	Kind                              string
	Created, Updated, Unchanged, Kept int
}

// Kind returns the counts of the named kind (zero when the load had none).
func (s LoadStats) Kind(name string) KindStats {
	for _, k := range s.Kinds {
		if k.Kind == name {
			return k
		}
	}
	return KindStats{Kind: name}
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
	var b strings.Builder
	for _, k := range s.Kinds {
		fmt.Fprintf(&b, "%-18s created %6d  updated %6d  unchanged %6d", k.Kind, k.Created, k.Updated, k.Unchanged)
		if k.Kept > 0 {
			fmt.Fprintf(&b, "  kept as curated %d", k.Kept)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Progress is told, after each batch, how many records of the whole load are written.
type Progress func(done, total int)

// loadBatchSize bounds the rows of one transaction: big enough to amortise a round trip,
// small enough to keep a transaction's memory on the server modest.
const loadBatchSize = 1000

// link is a relationship a kind of node owns: the loader replaces all of a node's links of
// these types when the node changes.
type link struct {
	rel    string // relationship type
	in     bool   // the relationship points at the node (e.g. (:Mineral)-[:ON_LIST]->(list))
	target string // label expression of the other node, e.g. "Mineral" or "Country|Bloc"
	key    string // the other node's key property
}

// kind is one kind of node a load writes: its label, key property and links. Every part of
// the Cypher made from it comes from the constants below, never from data.
type kind struct {
	name  string
	label string
	key   string
	links []link
	// keepExisting leaves a node that exists as it is: organisations are named by several
	// datasets, each spelling the name its own way, and the first spelling stays.
	keepExisting bool
	// derived are properties that repeat what a link says, for the read path's indexes (a
	// facility's country): not the record's own, so audit records leave them out.
	derived []string
}

var cites = link{rel: "CITES", target: "Source", key: "id"}

// upsert renders the statement that writes rows of k. Each row is {props, links}: links[i]
// lists the keys of the nodes that k.links[i] points to, sorted. The statement compares each
// row with the graph (properties and links), writes only rows that differ, and returns how
// many rows were created, updated and unchanged. MERGE on a constrained key makes loading
// idempotent. A kind without properties (policy relations) only replaces links.
func (k kind) upsert(withProps bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "UNWIND $rows AS row\nOPTIONAL MATCH (old:%s {%s: row.key})\n", k.label, k.key)
	olds := make([]string, len(k.links))
	for i, l := range k.links {
		olds[i] = fmt.Sprintf("COLLECT { MATCH (old)%s(x:%s) RETURN x.%s ORDER BY x.%s }", l.pattern(), l.target, l.key, l.key)
	}
	same := "true"
	if withProps && !k.keepExisting {
		same = "properties(old) = row.props"
	}
	if len(k.links) > 0 {
		fmt.Fprintf(&b, "WITH row, old, [%s] AS oldLinks\n", strings.Join(olds, ", "))
		same += " AND oldLinks = row.links"
	}
	// A kind of links only (policy relations) writes onto nodes another kind has just written:
	// a node that had none of its links yet gets them created, not updated.
	linksCreated := "false"
	if !withProps && len(k.links) > 0 {
		linksCreated = "all(l IN oldLinks WHERE size(l) = 0)"
	}
	fmt.Fprintf(&b, "WITH row, CASE WHEN old IS NULL THEN 'created' WHEN %s THEN 'unchanged'\n"+
		"  WHEN $keepCurated AND EXISTS { MATCH (old)<-[:ABOUT]-(:AuditRecord) } THEN 'kept' WHEN %s THEN 'created' ELSE 'updated' END AS outcome\n", same, linksCreated)
	b.WriteString("CALL (row, outcome) {\n  WITH row WHERE outcome IN ['created', 'updated']\n")
	fmt.Fprintf(&b, "  MERGE (n:%s {%s: row.key})\n", k.label, k.key)
	if withProps {
		b.WriteString("  SET n = row.props\n")
	}
	if len(k.links) > 0 {
		rels := make([]string, len(k.links))
		for i, l := range k.links {
			rels[i] = l.rel
		}
		// Links are replaced as a whole: drop this kind's links of the node, then create them.
		b.WriteString("  WITH n, row\n")
		for _, dir := range []bool{false, true} {
			var types []string
			for _, l := range k.links {
				if l.in == dir {
					types = append(types, l.rel)
				}
			}
			if len(types) == 0 {
				continue
			}
			arrow := "-[r:" + strings.Join(types, "|") + "]->"
			if dir {
				arrow = "<-[r:" + strings.Join(types, "|") + "]-"
			}
			fmt.Fprintf(&b, "  CALL (n) { MATCH (n)%s() DELETE r }\n", arrow)
		}
		for i, l := range k.links {
			fmt.Fprintf(&b, "  CALL (n, row) { UNWIND row.links[%d] AS k MATCH (x:%s {%s: k}) MERGE (n)%s(x) }\n",
				i, l.target, l.key, l.pattern())
		}
	}
	b.WriteString("}\nRETURN outcome, count(*) AS n")
	return b.String()
}

// pattern renders the relationship from the node to its target: -[:T]-> or <-[:T]-.
func (l link) pattern() string {
	if l.in {
		return "<-[:" + l.rel + "]-"
	}
	return "-[:" + l.rel + "]->"
}

// batch is the rows of one kind ready to write.
type batch struct {
	kind      kind
	withProps bool
	rows      []map[string]any
}

// Load writes records (a dataset's) into the graph: schema first, then each kind of record in batches of
// one transaction each, referenced records before the records that refer to them. Records
// already in the graph with the same values and links are left untouched, so loading twice
// changes nothing the second time. Records a curator has written through the API since (those
// with an audit record) are kept as the curator left them, and counted as Kept: a reload of
// the curated dataset never silently undoes a correction. Progress, when not nil, is called
// after every batch.
// Errors: EINVALID when a record refers to something neither in the dataset nor in the graph
// (nothing is written then); EUNAVAILABLE when Neo4j is down (batches already written stay
// written, and loading again completes the load).
func (s *Store) Load(ctx context.Context, d *mg.Records, progress Progress) (LoadStats, error) {
	if err := s.EnsureSchema(ctx); err != nil {
		return LoadStats{}, err
	}
	if err := s.checkReferences(ctx, d); err != nil {
		return LoadStats{}, err
	}
	batches := rowsOf(d)
	total := 0
	for _, b := range batches {
		total += len(b.rows)
	}
	var stats LoadStats
	done := 0
	for _, b := range batches {
		if len(b.rows) == 0 {
			continue
		}
		cypher := b.kind.upsert(b.withProps)
		ks := KindStats{Kind: b.kind.name}
		for start := 0; start < len(b.rows); start += loadBatchSize {
			rows := b.rows[start:min(start+loadBatchSize, len(b.rows))]
			recs, err := s.write(ctx, "store.Load "+b.kind.name, cypher, map[string]any{"rows": rows, "keepCurated": true})
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
				case "kept":
					ks.Kept += n
				default:
					ks.Unchanged += n
				}
			}
			if counted != len(rows) {
				return stats, &mg.Error{Code: mg.EINTERNAL, Op: "store.Load", Message: "internal error",
					Err: fmt.Errorf("%s: wrote %d of %d rows", b.kind.name, counted, len(rows))}
			}
			done += len(rows)
			if progress != nil {
				progress(done, total)
			}
		}
		stats.Kinds = append(stats.Kinds, ks)
	}
	return stats, nil
}

// checkReferences makes sure that every mineral, country, source and policy a record of d
// refers to is in d or already in the graph, before anything is written.
func (s *Store) checkReferences(ctx context.Context, d *mg.Records) error {
	refs := d.ExternalReferences()
	if len(refs.Minerals)+len(refs.Countries)+len(refs.Sources)+len(refs.Policies) == 0 {
		return nil
	}
	recs, err := s.read(ctx, "store.checkReferences", `RETURN
  [id IN $minerals WHERE NOT EXISTS { MATCH (:Mineral {id: id}) }] AS minerals,
  [code IN $countries WHERE NOT EXISTS { MATCH (:Country {code: code}) }] AS countries,
  [id IN $sources WHERE NOT EXISTS { MATCH (:Source {id: id}) }] AS sources,
  [id IN $policies WHERE NOT EXISTS { MATCH (:Policy {id: id}) }] AS policies`,
		map[string]any{"minerals": refs.Minerals, "countries": refs.Countries, "sources": refs.Sources, "policies": refs.Policies})
	if err != nil {
		return err
	}
	var missing []string
	for _, k := range []struct{ column, noun string }{{"minerals", "mineral"}, {"countries", "country"}, {"sources", "source"}, {"policies", "policy"}} {
		ids, _, err := neo4j.GetRecordValue[[]any](recs[0], k.column)
		if err != nil {
			return decodeErr(k.column, err)
		}
		for _, id := range ids {
			missing = append(missing, fmt.Sprintf("%s %q", k.noun, id))
		}
	}
	if len(missing) > 0 {
		return mg.Invalid("the dataset refers to records that are neither in it nor in the graph: %s; nothing was written", strings.Join(missing, ", "))
	}
	return nil
}

// loader writes one kind of node: its kind, and the rows of the records of that kind.
// Each entity's file registers its loaders (registerLoad); order places them so that every
// link's target is written before the link: sources and countries first, policy relations
// last.
type loader struct {
	kind      kind
	order     int
	withProps bool
	rows      func(d *mg.Records) []map[string]any
	// schema are statements EnsureSchema runs for the kind (its key's constraint), for kinds
	// whose statements schemaStatements does not hold.
	schema []string
}

// loaders are the registered loaders, in order.
var loaders []loader

// registerLoad adds a loader; each entity's file calls it from init.
func registerLoad(l loader) {
	loaders = append(loaders, l)
	sort.SliceStable(loaders, func(i, j int) bool { return loaders[i].order < loaders[j].order })
}

// rowsOf turns records into batches, in the loaders' order.
func rowsOf(d *mg.Records) []batch {
	out := make([]batch, 0, len(loaders))
	for _, l := range loaders {
		out = append(out, batch{kind: l.kind, withProps: l.withProps, rows: l.rows(d)})
	}
	return out
}

// loadRow is one row of a load: the node's key, its properties and, for each of its kind's
// links in order, the keys of the nodes it links to (sorted, each once).
func loadRow(key string, props map[string]any, links ...[]string) map[string]any {
	ls := make([]any, len(links))
	for i, l := range links {
		sorted := slices.Clone(l)
		sort.Strings(sorted)
		sorted = slices.Compact(sorted)
		if sorted == nil {
			sorted = []string{}
		}
		ls[i] = sorted
	}
	return map[string]any{"key": key, "props": props, "links": ls}
}

// single is the links to the one node id names, none when it is empty.
func single(id string) []string {
	if id == "" {
		return nil
	}
	return []string{id}
}

// props builds a property map, dropping empty values: Neo4j does not store nulls, so a map
// with a null would never compare equal to the stored node and every load would count as an
// update.
func props(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		key := kv[i].(string)
		switch v := kv[i+1].(type) {
		case string:
			if v != "" {
				m[key] = v
			}
		case *float64:
			if v != nil {
				m[key] = *v
			}
		case *int:
			if v != nil {
				m[key] = int64(*v)
			}
		case []string:
			if len(v) > 0 {
				m[key] = v
			}
		case bool:
			if v {
				m[key] = v
			}
		case int:
			m[key] = int64(v)
		case *mg.Date:
			if v != nil {
				m[key] = neo4j.DateOf(v.Time)
			}
		default:
			panic(fmt.Sprintf("store: props: unsupported %T for %s", v, key))
		}
	}
	return m
}

// DatasetFingerprint returns the fingerprint that the last complete load of the named dataset
// recorded with RecordDatasetFingerprint, or "" when there is none.
func (s *Store) DatasetFingerprint(ctx context.Context, name string) (string, error) {
	recs, err := s.read(ctx, "store.DatasetFingerprint",
		`OPTIONAL MATCH (d:LoadedDataset {name: $name}) RETURN d.fingerprint AS fingerprint`, map[string]any{"name": name})
	if err != nil {
		return "", err
	}
	return optStr(recs[0], "fingerprint"), nil
}

// RecordDatasetFingerprint records that the named dataset, as fingerprinted, is fully loaded.
func (s *Store) RecordDatasetFingerprint(ctx context.Context, name, fingerprint string) error {
	_, err := s.write(ctx, "store.RecordDatasetFingerprint",
		`MERGE (d:LoadedDataset {name: $name}) SET d.fingerprint = $fingerprint, d.loadedAt = datetime.realtime()`,
		map[string]any{"name": name, "fingerprint": fingerprint})
	return err
}
