package store

import (
	"context"
	"fmt"

	mg "github.com/mineralgraph/mineralgraph"
)

// readOne reads the entity that match (a node pattern binding n, with %s where the key's
// parameter goes) finds for key, as sel asks: one round trip, and ENOTFOUND naming the kind
// and the key when the graph holds none. It is the one way to read a record by its id.
func readOne[T any](ctx context.Context, s *Store, op string, e *entity[T], match string, key any, kind string, sel Selection) (T, error) {
	var zero T
	q := newBuilder()
	pattern := fmt.Sprintf(match, q.param(key))
	proj, decode, err := e.project(q, bind("n"), sel)
	if err != nil {
		return zero, err
	}
	recs, err := s.read(ctx, op, "MATCH "+pattern+" RETURN "+proj+" AS row LIMIT 1", q.p)
	if err != nil {
		return zero, err
	}
	if len(recs) == 0 {
		return zero, mg.NotFound(kind, fmt.Sprint(key))
	}
	return decode(recs[0].Values[0])
}

// readAll reads every row a query returns, each row's entity as sel asks. cypher renders the
// query for the entity's projection (its RETURN value, named row).
func readAll[T any](ctx context.Context, s *Store, op string, q *builder, e *entity[T], b binding, sel Selection, cypher func(proj string) string) ([]T, error) {
	proj, decode, err := e.project(q, b, sel)
	if err != nil {
		return nil, err
	}
	return readRows(ctx, s, op, cypher(proj), q, decode)
}

// readAllNamed is readAll for a list whose filter names ids that must exist (named): the
// same round trip checks them, and an id the graph does not hold is ENOTFOUND naming it, as
// the paged lists report it, rather than an empty list. The collect in the subquery has no
// grouping key, so the query returns its one record when an id is missing or nothing matches.
func readAllNamed[T any](ctx context.Context, s *Store, op string, q *builder, e *entity[T], b binding, sel Selection, named refs, cypher func(proj string) string) ([]T, error) {
	if named.empty() {
		return readAll(ctx, s, op, q, e, b, sel, cypher)
	}
	proj, decode, err := e.project(q, b, sel)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, op, "WITH "+named.missingExpr(q.p)+" AS missing\n"+
		whenAllFound("CALL () { "+cypher(proj)+" }\n  RETURN collect(row) AS rows")+"\nRETURN missing, rows", q.p)
	if err != nil {
		return nil, err
	}
	if len(recs) != 1 {
		return nil, decodeErr("list", fmt.Errorf("%d records, want 1", len(recs)))
	}
	missing, _ := recs[0].Get("missing")
	if err := missingError(missing); err != nil {
		return nil, err
	}
	rows, _ := recs[0].Get("rows")
	return listOf(decode)(rows)
}
