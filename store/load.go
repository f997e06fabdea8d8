package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

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

var (
	kindSources   = kind{name: "sources", label: "Source", key: "id"}
	kindCountries = kind{name: "countries", label: "Country", key: "code"}
	kindBlocs     = kind{name: "blocs", label: "Bloc", key: "id", links: []link{
		{rel: "IN_BLOC", in: true, target: "Country", key: "code"}, cites}}
	kindMinerals = kind{name: "minerals", label: "Mineral", key: "id", links: []link{
		{rel: "MEMBER_OF", target: "Mineral", key: "id"}}}
	kindLists = kind{name: "lists", label: "CriticalList", key: "id", links: []link{
		{rel: "ON_LIST", in: true, target: "Mineral", key: "id"}, {rel: "ISSUED_BY", target: "Country|Bloc", key: "code"}, cites}}
	kindEndUses = kind{name: "end uses", label: "EndUse", key: "id", links: []link{
		{rel: "OF_MINERAL", target: "Mineral", key: "id"}, cites}}
	kindWorld = kind{name: "world totals", label: "WorldProduction", key: "id", links: []link{
		{rel: "OF_MINERAL", target: "Mineral", key: "id"}, cites}}
	kindShares = kind{name: "shares", label: "Share", key: "id", links: []link{
		{rel: "OF_MINERAL", target: "Mineral", key: "id"}, {rel: "BY_COUNTRY", target: "Country", key: "code"}, cites}}
	kindReliance = kind{name: "import reliance", label: "Reliance", key: "id", links: []link{
		{rel: "OF_MINERAL", target: "Mineral", key: "id"}, {rel: "OF_IMPORTER", target: "Country", key: "code"}, cites}}
	kindTrade = kind{name: "trade links", label: "TradeLink", key: "id", links: []link{
		{rel: "OF_MINERAL", target: "Mineral", key: "id"}, {rel: "FROM", target: "Country", key: "code"},
		{rel: "TO", target: "Country", key: "code"}, {rel: "REPORTED_BY", target: "Country", key: "code"}, cites}}
	kindOrganisations = kind{name: "organisations", label: "Organisation", key: "id", keepExisting: true}
	kindFacilities    = kind{name: "facilities", label: "Facility", key: "id", links: []link{
		{rel: "IN_COUNTRY", target: "Country", key: "code"}, {rel: "PRODUCES", target: "Mineral", key: "id"},
		{rel: "OPERATED_BY", target: "Organisation", key: "id"}, {rel: "OWNED_BY", target: "Organisation", key: "id"}, cites,
		// The sources of the status and the capacity, where another publication than the
		// record's own reports them.
		{rel: "STATUS_CITES", target: "Source", key: "id"}, {rel: "CAPACITY_CITES", target: "Source", key: "id"}},
		derived: []string{"country"}}
	kindPolicies = kind{name: "policies", label: "Policy", key: "id", links: []link{
		{rel: "ISSUED_BY", target: "Country|Bloc", key: "code"}, {rel: "TARGETS", target: "Mineral", key: "id"},
		{rel: "AFFECTS", target: "Country", key: "code"}, cites}}
	// Relations between policies are written after every policy exists, by a kind of their
	// own whose rows carry no properties.
	kindPolicyLinks = kind{name: "policy relations", label: "Policy", key: "id", links: []link{
		{rel: "SUSPENDS", target: "Policy", key: "id"}, {rel: "EXTENDS", target: "Policy", key: "id"},
		{rel: "AMENDS", target: "Policy", key: "id"}, {rel: "REPLACES", target: "Policy", key: "id"},
		{rel: "IMPLEMENTS", target: "Policy", key: "id"}, {rel: "FOLLOWS", target: "Policy", key: "id"}}}
)

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

// rowsOf turns a dataset into batches, in an order where every link's target is written
// before the link: sources and countries first, policy relations last.
func rowsOf(d *mg.Records) []batch {
	row := func(key string, props map[string]any, links ...[]string) map[string]any {
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
	one := func(id string) []string {
		if id == "" {
			return nil
		}
		return []string{id}
	}
	var out []batch
	add := func(k kind, rows []map[string]any) { out = append(out, batch{kind: k, withProps: true, rows: rows}) }

	var rows []map[string]any
	for _, s := range d.Sources {
		rows = append(rows, row(s.ID, props("id", s.ID, "publisher", s.Publisher, "title", s.Title, "year", s.Year, "url", s.URL, "note", s.Note)))
	}
	add(kindSources, rows)

	rows = nil
	for _, c := range d.Countries {
		rows = append(rows, row(c.Code, props("code", c.Code, "alpha3", c.Alpha3, "name", c.Name, "aliases", c.Aliases)))
	}
	add(kindCountries, rows)

	rows = nil
	for _, b := range d.Blocs {
		rows = append(rows, row(b.ID, props("id", b.ID, "code", strings.ToUpper(b.ID), "name", b.Name, "note", b.Note), b.Members, one(b.SourceID)))
	}
	add(kindBlocs, rows)

	// Groups first, so that their members can link to them within one batch.
	minerals := slices.Clone(d.Minerals)
	sort.SliceStable(minerals, func(i, j int) bool { return minerals[i].IsGroup && !minerals[j].IsGroup })
	rows = nil
	for _, m := range minerals {
		rows = append(rows, row(m.ID, props("id", m.ID, "name", m.Name, "symbol", m.Symbol, "isGroup", m.IsGroup), one(m.GroupID)))
	}
	add(kindMinerals, rows)

	rows = nil
	for _, l := range d.Lists {
		rows = append(rows, row(l.ID, props("id", l.ID, "name", l.Name, "issuer", l.Issuer, "year", l.Year, "url", l.URL, "note", l.Note),
			l.Members, one(l.Issuer), one(l.SourceID)))
	}
	add(kindLists, rows)

	rows = nil
	for _, e := range d.EndUses {
		id := e.MineralID + "/end-uses"
		rows = append(rows, row(id, props("id", id, "text", e.Text), one(e.MineralID), one(e.SourceID)))
	}
	add(kindEndUses, rows)

	rows = nil
	for _, w := range d.World {
		rows = append(rows, row(w.ID, props("id", w.ID, "stage", string(w.Stage), "year", w.Year, "amount", w.Amount, "unit", w.Unit,
			"basis", w.Basis, "note", w.Note), one(w.MineralID), one(w.SourceID)))
	}
	add(kindWorld, rows)

	rows = nil
	for _, s := range d.Shares {
		rows = append(rows, row(s.ID, props("id", s.ID, "stage", string(s.Stage), "year", s.Year, "amount", s.Amount, "unit", s.Unit,
			"percent", s.Percent, "percentBasis", string(s.PercentBasis), "basis", s.Basis, "note", s.Note),
			one(s.MineralID), one(s.CountryCode), one(s.SourceID)))
	}
	add(kindShares, rows)

	rows = nil
	for _, r := range d.Reliance {
		rows = append(rows, row(r.ID, props("id", r.ID, "year", r.Year, "value", r.Value, "low", r.Range.Low, "high", r.Range.High,
			"lowInclusive", r.Range.LowInclusive, "highInclusive", r.Range.HighInclusive, "commodity", r.Commodity, "note", r.Note),
			one(r.MineralID), one(r.Importer), one(r.SourceID)))
	}
	add(kindReliance, rows)

	rows = nil
	for _, t := range d.Trade {
		var rank *float64
		if t.Rank != nil {
			f := float64(*t.Rank)
			rank = &f
		}
		rows = append(rows, row(t.ID, props("id", t.ID, "kind", string(t.Kind), "yearFrom", t.YearFrom, "yearTo", t.YearTo, "rank", rank, "valueUsd", t.ValueUSD,
			"quantity", t.Quantity, "quantityUnit", t.QuantityUnit, "importShare", t.ImportShare, "commodity", t.Commodity, "note", t.Note),
			one(t.MineralID), one(t.Exporter), one(t.Importer), one(t.ReportedBy), one(t.SourceID)))
	}
	add(kindTrade, rows)

	rows = nil
	for _, o := range d.Organisations {
		rows = append(rows, row(o.ID, props("id", o.ID, "name", o.Name)))
	}
	add(kindOrganisations, rows)

	rows = nil
	for _, f := range d.Facilities {
		// country repeats the IN_COUNTRY link as a property, so that a country's facilities
		// come in name order from one index (facility_country_name) instead of being sorted.
		p := props("id", f.ID, "name", f.Name, "country", f.Country, "type", string(f.Type), "precision", string(f.Precision), "status", string(f.Status),
			"otherCommodities", f.OtherCommodities,
			"capacity", f.Capacity, "capacityUnit", f.CapacityUnit, "sourceUrl", f.SourceURL, "note", f.Note,
			"statusYear", f.StatusYear, "capacityYear", f.CapacityYear)
		if f.Latitude != nil && f.Longitude != nil {
			p["location"] = dbtype.Point2D{X: *f.Longitude, Y: *f.Latitude, SpatialRefId: 4326}
		}
		rows = append(rows, row(f.ID, p, one(f.Country), f.Minerals, one(f.OperatorID), f.OwnerIDs, one(f.SourceID),
			one(f.StatusSourceID), one(f.CapacitySourceID)))
	}
	add(kindFacilities, rows)

	rows = nil
	var linkRows []map[string]any
	for _, p := range d.Policies {
		rows = append(rows, row(p.ID, props("id", p.ID, "title", p.Title, "type", string(p.Type), "issuer", p.Issuer,
			"announced", p.Announced, "effective", p.Effective, "suspended", p.Suspended, "expires", p.Expires,
			"summary", p.Summary, "note", p.Note), one(p.Issuer), p.Minerals, p.AffectedCountries, one(p.SourceID)))
		byRel := make([][]string, len(kindPolicyLinks.links))
		for _, l := range p.Links {
			for i, kl := range kindPolicyLinks.links {
				if kl.rel == string(l.Relation) {
					byRel[i] = append(byRel[i], l.PolicyID)
				}
			}
		}
		linkRows = append(linkRows, row(p.ID, nil, byRel...))
	}
	add(kindPolicies, rows)
	out = append(out, batch{kind: kindPolicyLinks, rows: linkRows})
	return out
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
