package store

import "context"

// ProbeReadOnly tries to write through the path every read of the API takes; it must fail.
// It also fails when a probe node exists afterwards.
func ProbeReadOnly(ctx context.Context, s *Store) error {
	_, err := s.read(ctx, "store.ProbeReadOnly", `CREATE (p:ReadOnlyProbe) RETURN count(p) AS n`, nil)
	recs, countErr := s.read(ctx, "store.ProbeReadOnly", `MATCH (p:ReadOnlyProbe) RETURN count(p) AS n`, nil)
	if countErr != nil {
		return countErr
	}
	if n, _ := recs[0].Get("n"); n.(int64) != 0 {
		panic("a read transaction wrote to the graph")
	}
	return err
}

// OwnLabels are the labels mineralgraph writes, which a reset may delete.
var OwnLabels = ownLabels

// RunAsUser runs a statement as someone else using the database would, outside the store's
// vocabulary: a guard test's foreign data.
func RunAsUser(ctx context.Context, s *Store, cypher string) ([]any, error) {
	recs, err := s.write(ctx, "store.RunAsUser", cypher, nil)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0].Values, nil
}
