package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

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

// PlanOperators runs cypher under PROFILE and returns the operators of its plan, each as
// "Operator details", depth first. (PROFILE, not EXPLAIN: the driver's tree of an EXPLAIN
// plan repeats one child in place of the others.)
func PlanOperators(ctx context.Context, s *Store, cypher string, params map[string]any) ([]string, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "PROFILE "+cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	var out []string
	var walk func(p neo4j.ProfiledPlan)
	walk = func(p neo4j.ProfiledPlan) {
		details, _ := p.Arguments()["Details"].(string)
		out = append(out, p.Operator()+" "+details)
		for _, c := range p.Children() {
			walk(c)
		}
	}
	if plan := res.Summary.Profile(); plan != nil {
		walk(plan)
	}
	return out, nil
}
