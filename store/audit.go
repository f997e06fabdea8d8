package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// auditNewestFirst lists audit records from the newest; the id breaks ties of one millisecond.
var auditNewestFirst = ordering{name: "audit/at", keys: []sortKey{
	{expr: "a.at.epochMillis", desc: true, num: true},
	{expr: "a.id", desc: true},
}}

// AuditLog returns a page of the audit records matching f, newest first, and the size of the
// whole log when withTotal is true. One round trip. Errors: EINVALID for a bad cursor or page.
func (s *Store) AuditLog(ctx context.Context, f mg.AuditFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.AuditRecord], error) {
	q := newBuilder()
	p := q.p
	where := []string{"true"}
	if f.RecordID != "" {
		where = append(where, "a.recordId = "+p.add(f.RecordID))
	}
	if f.RecordType != "" {
		where = append(where, "a.recordType = "+p.add(string(f.RecordType)))
	}
	if f.Actor != "" {
		where = append(where, "a.actor = "+p.add(f.Actor))
	}
	if f.Since != nil {
		where = append(where, "a.at >= "+p.add(f.Since.UTC()))
	}
	pq := pagedQuery{op: "store.AuditLog", match: "MATCH (a:AuditRecord) WHERE " + strings.Join(where, " AND "), order: auditNewestFirst}
	return runPaged(ctx, s, q, pq, auditRecord, bind("a"), nil, page, withTotal)
}

// auditRecord is the audit record node itself: its fields are all its own properties, so it
// is served whole.
var auditRecord = fixed[mg.AuditRecord]{
	expr: func(v string) string { return v },
	decode: func(raw any) (mg.AuditRecord, error) {
		return decodeAudit(&neo4j.Record{Keys: []string{"a"}, Values: []any{raw}})
	},
}
