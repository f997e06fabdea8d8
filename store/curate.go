package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	mg "github.com/mineralgraph/mineralgraph"
)

// Curators' writes. Each adds or corrects one record in one write transaction that also
// checks the record's references against the graph, validates it by the same rules as the
// curated dataset, and, when anything changed, writes an audit record with the values before
// and after:
//
//	(:AuditRecord {id, at, actor, action, recordType, recordId, before, after})-[:ABOUT]->(record)
//
// A write either happens whole, with its audit record, or not at all.

// Written is what a curator's write did.
type Written struct {
	RecordID string
	// Audit is the audit record of the change; nil when the record was already as given, in
	// which case nothing was written.
	Audit *mg.AuditRecord
}

// UpsertSource adds a source or corrects the one with the same id.
// Errors: EINVALID for a malformed source; ECONFLICT when the id belongs to another kind of
// record; EUNAVAILABLE when Neo4j cannot be reached (nothing is written then).
func (s *Store) UpsertSource(ctx context.Context, actor string, src mg.Source) (Written, error) {
	if err := src.Check(); err != nil {
		return Written{}, err
	}
	d := &mg.Records{Sources: []mg.Source{src}}
	return s.upsertRecord(ctx, actor, record{typ: mg.RecordSource, id: src.ID, kinds: []kind{kindSources}, data: d})
}

// UpsertFacility adds a facility or corrects the one with the same id. orgs are the
// organisations its OperatorID and OwnerIDs name; those not yet in the graph are added.
// Errors: EINVALID naming every problem (unknown mineral, country or source, bad values);
// ECONFLICT, EUNAVAILABLE as UpsertSource.
func (s *Store) UpsertFacility(ctx context.Context, actor string, f mg.Facility, orgs []mg.Organisation) (Written, error) {
	if err := f.Check(); err != nil {
		return Written{}, err
	}
	for _, o := range orgs {
		if err := o.Check(); err != nil {
			return Written{}, err
		}
	}
	d := &mg.Records{Facilities: []mg.Facility{f}, Organisations: orgs}
	return s.upsertRecord(ctx, actor, record{typ: mg.RecordFacility, id: f.ID, kinds: []kind{kindFacilities}, data: d})
}

// UpsertPolicy adds a policy or corrects the one with the same id, including its relations to
// other policies. Errors as UpsertFacility.
func (s *Store) UpsertPolicy(ctx context.Context, actor string, p mg.Policy) (Written, error) {
	if err := p.Check(); err != nil {
		return Written{}, err
	}
	d := &mg.Records{Policies: []mg.Policy{p}}
	return s.upsertRecord(ctx, actor, record{typ: mg.RecordPolicy, id: p.ID, kinds: []kind{kindPolicies, kindPolicyLinks}, data: d})
}

// UpsertShare adds or corrects the share of a country in a mineral's stage and year (its id
// is derived from those). Errors as UpsertFacility.
func (s *Store) UpsertShare(ctx context.Context, actor string, sh mg.Share) (Written, error) {
	if err := sh.Check(); err != nil {
		return Written{}, err
	}
	sh.ID = mg.ShareID(sh.MineralID, sh.Stage, sh.Year, sh.CountryCode)
	d := &mg.Records{Shares: []mg.Share{sh}}
	return s.upsertRecord(ctx, actor, record{typ: mg.RecordShare, id: sh.ID, kinds: []kind{kindShares}, data: d})
}

// UpsertTradeLink adds or corrects a trade link (its id is derived from mineral, exporter,
// importer, years and commodity). Errors as UpsertFacility.
func (s *Store) UpsertTradeLink(ctx context.Context, actor string, t mg.TradeLink) (Written, error) {
	if err := t.Check(); err != nil {
		return Written{}, err
	}
	t.ID = mg.TradeID(t)
	d := &mg.Records{Trade: []mg.TradeLink{t}}
	return s.upsertRecord(ctx, actor, record{typ: mg.RecordTradeLink, id: t.ID, kinds: []kind{kindTrade}, data: d})
}

// record is one curator write: the record's type and id, the kinds whose properties and links
// make it up (the first is the node's own), and the records holding it.
type record struct {
	typ   mg.RecordType
	id    string
	kinds []kind
	data  *mg.Records
}

// addressable returns the labels whose ids node(id) resolves as slugs (their domain types are
// mg.Addressable); an id is unique across them.
func addressable() []string {
	var out []string
	for _, e := range declaredWhere(declared.unique) {
		out = append(out, e.label())
	}
	return out
}

func (s *Store) upsertRecord(ctx context.Context, actor string, r record) (Written, error) {
	op := "store.Upsert" + string(r.typ)
	if actor == "" {
		return Written{}, &mg.Error{Code: mg.EUNAUTHENTICATED, Op: op, Message: "writes need an API key"}
	}
	if strings.TrimSpace(r.id) == "" {
		return Written{}, mg.Invalid("id: give the record an id")
	}
	// Several statements in one transaction: one round trip as the log counts them.
	return roundTrip(ctx, s, op, "", nil, func() (Written, error) {
		session := s.driver.NewSession(ctx, neo4j.SessionConfig{
			AccessMode: neo4j.AccessModeWrite, DatabaseName: s.db,
			// Reads that follow (the mutation's payload) see this write, on any cluster member.
			BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
		})
		defer session.Close(context.Background())
		return neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (Written, error) {
			return upsertInTx(ctx, tx, actor, r)
		}, neo4j.WithTxTimeout(s.txTimeout(ctx)))
	})
}

func upsertInTx(ctx context.Context, tx neo4j.ManagedTransaction, actor string, r record) (Written, error) {
	if err := checkRecord(ctx, tx, r); err != nil {
		return Written{}, err
	}
	before, err := snapshot(ctx, tx, r.kinds, r.id, true)
	if err != nil {
		return Written{}, err
	}
	for _, b := range rowsOf(r.data) {
		if len(b.rows) == 0 {
			continue
		}
		res, err := tx.Run(ctx, b.kind.upsert(b.withProps), map[string]any{"rows": b.rows, "keepCurated": false})
		if err != nil {
			return Written{}, err
		}
		if _, err := res.Consume(ctx); err != nil {
			return Written{}, err
		}
	}
	after, err := snapshot(ctx, tx, r.kinds, r.id, false)
	if err != nil {
		return Written{}, err
	}
	if reflect.DeepEqual(before, after) {
		return Written{RecordID: r.id}, nil
	}
	action := mg.AuditUpdated
	if before == nil {
		action = mg.AuditCreated
	}
	beforeJSON, afterJSON := "", ""
	if before != nil {
		beforeJSON = mustJSON(before)
	}
	afterJSON = mustJSON(after)
	var id [16]byte
	_, _ = rand.Read(id[:])
	// The audit time is read from the database's real-time clock after the record's lock was
	// taken, so that the order of audit records is the order the writes committed in.
	res, err := tx.Run(ctx, `MATCH (n:`+r.kinds[0].label+` {`+r.kinds[0].key+`: $recordId})
CREATE (a:AuditRecord {id: $id, at: datetime.realtime(), actor: $actor, action: $action, recordType: $recordType,
  recordId: $recordId, after: $after})-[:ABOUT]->(n)
SET a.before = $before
RETURN a`, map[string]any{"id": "audit-" + hex.EncodeToString(id[:]), "actor": actor, "action": string(action),
		"recordType": string(r.typ), "recordId": r.id, "before": nullIfEmpty(beforeJSON), "after": afterJSON})
	if err != nil {
		return Written{}, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return Written{}, err
	}
	a, err := decodeAudit(rec)
	if err != nil {
		return Written{}, err
	}
	return Written{RecordID: r.id, Audit: &a}, nil
}

// checkRecord validates the record against the graph: everything it refers to must exist,
// and its id must not belong to another kind of record. Every problem is reported at once.
// (Its own values were checked by its Check before the transaction began.)
func checkRecord(ctx context.Context, tx neo4j.ManagedTransaction, r record) error {
	var rs []mg.Ref
	r.data.Each(func(kind, id string, refs []mg.Ref) {
		if id == r.id {
			rs = append(rs, refs...)
		}
	})
	asked := map[mg.RefKind][]string{}
	for _, ref := range rs {
		kind := ref.Kind
		switch kind {
		case mg.RefGroup:
			kind = mg.RefMineral
		case mg.RefIssuer: // a country or a bloc: ask for it among the countries too
			kind = mg.RefCountry
		}
		asked[kind] = append(asked[kind], ref.ID)
	}
	// Which other kinds of record hold this id (labels are constants, one indexed lookup each).
	takenBy := "[]"
	if labels := addressable(); slices.Contains(labels, r.kinds[0].label) {
		var parts []string
		for _, label := range labels {
			if label != r.kinds[0].label {
				parts = append(parts, fmt.Sprintf("CASE WHEN EXISTS { MATCH (:%s {id: $id}) } THEN ['%s'] ELSE [] END", label, label))
			}
		}
		takenBy = strings.Join(parts, " + ")
	}
	res, err := tx.Run(ctx, `RETURN
  [id IN $minerals WHERE EXISTS { MATCH (:Mineral {id: id}) }] AS minerals,
  [id IN $minerals WHERE EXISTS { MATCH (:Mineral {id: id, isGroup: true}) }] AS groups,
  [code IN $countries WHERE EXISTS { MATCH (:Country {code: code}) }] AS countries,
  [id IN $sources WHERE EXISTS { MATCH (:Source {id: id}) }] AS sources,
  [id IN $policies WHERE EXISTS { MATCH (:Policy {id: id}) }] AS policies,
  COLLECT { MATCH (b:Bloc) RETURN b.code } AS blocs,
  `+takenBy+` AS taken`,
		map[string]any{"minerals": asked[mg.RefMineral], "countries": asked[mg.RefCountry], "sources": asked[mg.RefSource],
			"policies": asked[mg.RefPolicy], "id": r.id})
	if err != nil {
		return err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return err
	}
	set := func(column string) map[string]bool {
		vs, _, _ := neo4j.GetRecordValue[[]any](rec, column)
		out := make(map[string]bool, len(vs))
		for _, v := range vs {
			if s, ok := v.(string); ok {
				out[s] = true
			}
		}
		return out
	}
	taken := set("taken")
	for _, label := range addressable() {
		if taken[label] {
			return mg.Errorf(mg.ECONFLICT, "id %q already names a %s; choose another id", r.id, label)
		}
	}
	found := map[mg.RefKind]map[string]bool{mg.RefMineral: set("minerals"), mg.RefGroup: set("groups"),
		mg.RefCountry: set("countries"), mg.RefSource: set("sources"), mg.RefPolicy: set("policies")}
	blocs := set("blocs")
	return mg.ProblemsError(mg.UnknownReferences(r.id, rs, func(kind mg.RefKind, id string) bool {
		if kind == mg.RefIssuer {
			return found[mg.RefCountry][id] || blocs[id]
		}
		return found[kind][id]
	}))
}

// snapshot returns a record's stored properties and links (by relationship type), or nil
// when it does not exist. With lock, it first takes the record's write lock, so that two
// curators correcting the same record one after the other each see the other's values.
func snapshot(ctx context.Context, tx neo4j.ManagedTransaction, kinds []kind, id string, lock bool) (map[string]any, error) {
	own := kinds[0]
	var b strings.Builder
	fmt.Fprintf(&b, "MATCH (n:%s {%s: $id})\n", own.label, own.key)
	if lock {
		b.WriteString("SET n.`__lock` = true REMOVE n.`__lock`\n")
	}
	b.WriteString("RETURN properties(n) AS props, {")
	first := true
	for _, k := range kinds {
		for _, l := range k.links {
			if !first {
				b.WriteString(", ")
			}
			first = false
			fmt.Fprintf(&b, "`%s`: COLLECT { MATCH (n)%s(x:%s) RETURN x.%s ORDER BY x.%s }", l.rel, l.pattern(), l.target, l.key, l.key)
		}
	}
	b.WriteString("} AS links")
	res, err := tx.Run(ctx, b.String(), map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	ps, _, err := neo4j.GetRecordValue[map[string]any](recs[0], "props")
	if err != nil {
		return nil, decodeErr("props", err)
	}
	for k, v := range ps {
		if !slices.Contains(own.derived, k) {
			out[k] = plain(v)
		}
	}
	ls, _, err := neo4j.GetRecordValue[map[string]any](recs[0], "links")
	if err != nil {
		return nil, decodeErr("links", err)
	}
	for k, v := range ls {
		if vs, ok := v.([]any); ok && len(vs) > 0 {
			out[k] = plain(v)
		}
	}
	// Compare as the audit record stores them: through JSON.
	var normal map[string]any
	if err := json.Unmarshal([]byte(mustJSON(out)), &normal); err != nil {
		return nil, err
	}
	return normal, nil
}

// plain turns driver values into JSON-friendly ones: dates as "2025-10-09", points as
// {latitude, longitude}.
func plain(v any) any {
	switch x := v.(type) {
	case dbtype.Date:
		return x.Time().Format(time.DateOnly)
	case dbtype.Point2D:
		return map[string]any{"latitude": x.Y, "longitude": x.X}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: audit values are not JSON: %v", err))
	}
	return string(b)
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func decodeAudit(r *neo4j.Record) (mg.AuditRecord, error) {
	n, _, err := neo4j.GetRecordValue[neo4j.Node](r, "a")
	if err != nil {
		return mg.AuditRecord{}, decodeErr("a", err)
	}
	p := n.Props
	a := mg.AuditRecord{}
	var errs []error
	get := func(key string) string {
		v, err := neo4j.GetProperty[string](n, key)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	a.ID, a.Actor, a.RecordID = get("id"), get("actor"), get("recordId")
	a.Action, a.RecordType = mg.AuditAction(get("action")), mg.RecordType(get("recordType"))
	at, err := neo4j.GetProperty[time.Time](n, "at")
	if err != nil {
		errs = append(errs, err)
	}
	a.At = at.UTC()
	for key, into := range map[string]*map[string]any{"before": &a.Before, "after": &a.After} {
		if s, ok := p[key].(string); ok {
			if err := json.Unmarshal([]byte(s), into); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return a, decodeErr("audit record", errors.Join(errs...))
	}
	return a, nil
}
