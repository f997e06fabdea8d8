package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Plan is what Neo4j did for one query under PROFILE: the work a plan costs, measured in
// database hits, which unlike timings are the same on every run of the same plan.
type Plan struct {
	// DBHits adds up the database hits of every operator.
	DBHits int64
	// Operators are the plan's operators depth first, each as "Operator details".
	Operators []string
	// Tree is the plan as an indented operator tree, a line an operator: its name, rows,
	// database hits and details, for a reader to see which end a plan expands from.
	Tree string
}

// Profile runs cypher under PROFILE in the store's database, in read access mode and routed
// to a reader as every read of the API is (so a statement that writes is refused), and
// returns its plan. It is for tools that look at plans (the bench,
// plan tests); the API never calls it. PROFILE rather than EXPLAIN: the driver's tree of an
// EXPLAIN plan repeats one child in place of the others.
func (s *Store) Profile(ctx context.Context, cypher string, params map[string]any) (Plan, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "PROFILE "+cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return Plan{}, err
	}
	root := res.Summary.Profile()
	if root == nil {
		return Plan{}, fmt.Errorf("store: Neo4j returned no profile for the query")
	}
	var plan Plan
	var tree strings.Builder
	var walk func(p neo4j.ProfiledPlan, depth int)
	walk = func(p neo4j.ProfiledPlan, depth int) {
		details, _ := p.Arguments()["Details"].(string)
		plan.DBHits += p.DbHits()
		plan.Operators = append(plan.Operators, p.Operator()+" "+details)
		fmt.Fprintf(&tree, "%s%s rows=%d hits=%d %s\n", strings.Repeat("  ", depth), p.Operator(), p.Records(), p.DbHits(), details)
		for _, c := range p.Children() {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	plan.Tree = tree.String()
	return plan, nil
}
