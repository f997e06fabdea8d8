package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Whose database this is. Two things delete what a database holds: the test setup, and
// `mineralgraph seed -reset`. Each does it only to a database that is its own, and refuses any
// other, saying what it holds, with nothing deleted.

// testMarkLabel labels the one node the test setup writes into an empty database to make it
// its own. Wiping for tests keeps it, so the database stays theirs from one run to the next.
const testMarkLabel = "MineralgraphTestDatabase"

// ownLabels are the labels mineralgraph writes: every label that has a uniqueness constraint
// in the schema (a load MERGEs on each, which needs one), and the test mark.
var ownLabels = sync.OnceValue(func() []string {
	labels := []string{testMarkLabel}
	constraint := regexp.MustCompile(`^CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(n:(\w+)\)`)
	for _, stmt := range schema() {
		if m := constraint.FindStringSubmatch(stmt); m != nil && !slices.Contains(labels, m[1]) {
			labels = append(labels, m[1])
		}
	}
	return labels
}) // once: the entity files' init functions have registered their constraints by the first call

// ClaimForTests makes the database the test setup's own: it marks an empty database (one
// without nodes; constraints and indexes do not count) and accepts one that carries the mark.
// Errors: ECONFLICT, saying what the database holds, for a database with nodes and no mark:
// nothing is written to it.
func (s *Store) ClaimForTests(ctx context.Context) error {
	recs, err := s.write(ctx, "store.ClaimForTests", `
CALL () { MATCH (m:`+testMarkLabel+`) RETURN count(m) AS marks }
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL (marks, nodes) {
  WITH marks, nodes WHERE marks = 0 AND nodes = 0
  CREATE (:`+testMarkLabel+` {by: 'the test setup of mineralgraph', at: datetime()})
}
RETURN marks, nodes`, nil)
	if err != nil {
		return err
	}
	marks, nodes, err := counts(recs[0], "marks")
	if err != nil || marks > 0 || nodes == 0 {
		return err
	}
	return &mg.Error{Code: mg.ECONFLICT, Op: "store.ClaimForTests", Message: fmt.Sprintf(
		"%s holds %s (labels %s) and no mark of mineralgraph's test setup, which uses only a database that is empty or that it marked itself; nothing was written or deleted",
		s.databaseName(), nodesWord(nodes), s.labelsOf(ctx, false))}
}

// ResetTestDatabase deletes every node and relationship of a database that ClaimForTests made
// the test setup's own; constraints, indexes and the mark stay. Errors: ECONFLICT when the
// database carries no mark: nothing is deleted then.
func (s *Store) ResetTestDatabase(ctx context.Context) error {
	recs, err := s.read(ctx, "store.ResetTestDatabase", `
CALL () { MATCH (m:`+testMarkLabel+`) RETURN count(m) AS marks }
CALL () { MATCH (n) RETURN count(n) AS nodes }
RETURN marks, nodes`, nil)
	if err != nil {
		return err
	}
	marks, nodes, err := counts(recs[0], "marks")
	if err != nil {
		return err
	}
	if marks == 0 {
		return &mg.Error{Code: mg.ECONFLICT, Op: "store.ResetTestDatabase", Message: fmt.Sprintf(
			"%s carries no mark of mineralgraph's test setup (it holds %s, labels %s); nothing was deleted",
			s.databaseName(), nodesWord(nodes), s.labelsOf(ctx, false))}
	}
	return s.deleteAll(ctx, "store.ResetTestDatabase")
}

// ResetGraph deletes every record mineralgraph wrote (curated, imported, curators' writes, the
// audit log, what loads recorded), so that a load afterwards leaves the graph exactly as that
// dataset says. Constraints, indexes and a test mark stay. Errors: ECONFLICT for a database
// that holds anything mineralgraph does not write (a node with another label, or with none),
// naming it: nothing is deleted then.
func (s *Store) ResetGraph(ctx context.Context) error {
	own := map[string]any{"own": ownLabels()}
	recs, err := s.read(ctx, "store.ResetGraph", `
CALL () { MATCH (n) WHERE `+foreignNode+` RETURN count(n) AS foreign }
CALL () { MATCH (n) RETURN count(n) AS nodes }
RETURN foreign, nodes`, own)
	if err != nil {
		return err
	}
	foreign, _, err := counts(recs[0], "foreign")
	if err != nil {
		return err
	}
	if foreign > 0 {
		return &mg.Error{Code: mg.ECONFLICT, Op: "store.ResetGraph", Message: fmt.Sprintf(
			"%s holds %s that mineralgraph did not write (labels %s); a reset deletes only a database that holds nothing else, so nothing was deleted",
			s.databaseName(), nodesWord(foreign), s.labelsOf(ctx, true))}
	}
	return s.deleteAll(ctx, "store.ResetGraph")
}

// deleteAll removes every node but the test mark, in batches that keep each transaction small.
func (s *Store) deleteAll(ctx context.Context, op string) error {
	for {
		recs, err := s.write(ctx, op, `MATCH (n) WHERE NOT n:`+testMarkLabel+`
WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n`, nil)
		if err != nil {
			return err
		}
		n, err := intValue(recs[0], "n")
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
}

// foreignNode is the predicate "node n is none that mineralgraph writes", over $own.
const foreignNode = `(size(labels(n)) = 0 OR any(l IN labels(n) WHERE NOT l IN $own))`

// counts reads a count column and the node count of a guard's query.
func counts(r *neo4j.Record, count string) (n, nodes int, err error) {
	if n, err = intValue(r, count); err != nil {
		return 0, 0, err
	}
	nodes, err = intValue(r, "nodes")
	return n, nodes, err
}

// labelsOf lists, for a refusal's message, the labels of the nodes (only those mineralgraph
// does not write, when foreign), at most ten, read from the first 100,000 such nodes: a
// message need not scan a huge database. (db.labels() would also list labels that only a
// constraint or an index names.)
func (s *Store) labelsOf(ctx context.Context, foreign bool) string {
	where := "true"
	if foreign {
		where = foreignNode
	}
	recs, err := s.read(ctx, "store.labelsOf", `MATCH (n) WHERE `+where+`
WITH n LIMIT 100000 UNWIND labels(n) AS l RETURN collect(DISTINCT l) AS labels`, map[string]any{"own": ownLabels()})
	if err != nil || len(recs) == 0 {
		return "unknown"
	}
	raw, _, err := neo4j.GetRecordValue[[]any](recs[0], "labels")
	if err != nil {
		return "unknown"
	}
	labels := make([]string, 0, len(raw))
	for _, l := range raw {
		if name := fmt.Sprint(l); !foreign || !slices.Contains(ownLabels(), name) {
			labels = append(labels, name)
		}
	}
	sort.Strings(labels)
	switch {
	case len(labels) == 0:
		return "none"
	case len(labels) > 10:
		return strings.Join(labels[:10], ", ") + fmt.Sprintf(" and %d more", len(labels)-10)
	}
	return strings.Join(labels, ", ")
}

func nodesWord(n int) string {
	if n == 1 {
		return "1 node"
	}
	return fmt.Sprintf("%d nodes", n)
}

// databaseName names the database the store uses, for messages.
func (s *Store) databaseName() string {
	if s.db == "" {
		return "the server's default database"
	}
	return fmt.Sprintf("database %q", s.db)
}
