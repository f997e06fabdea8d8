package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

func TestGuard(t *testing.T) {
	s := neo4jtest.Empty(t)
	t.Cleanup(neo4jtest.Changed)
	ctx := context.Background()
	curated, err := dataset.Curated()
	require.NoError(t, err)
	nodes := func() int64 {
		n, _, err := s.GraphSize(ctx)
		require.NoError(t, err)
		return n
	}
	run := func(cypher string) []any {
		values, err := store.RunAsUser(ctx, s, cypher)
		require.NoError(t, err)
		return values
	}

	t.Run("a wipe for tests keeps the mark that makes the database theirs", func(t *testing.T) {
		_, err := s.Load(ctx, curated.Records(), nil)
		require.NoError(t, err)
		require.NoError(t, s.ResetTestDatabase(ctx))
		require.Equal(t, int64(1), nodes(), "the mark alone")
		require.NoError(t, s.ClaimForTests(ctx), "still theirs")
	})

	t.Run("refuses a database without the mark for tests, and deletes nothing", func(t *testing.T) {
		run(`MATCH (m:MineralgraphTestDatabase) DELETE m`)
		run(`CREATE (:Customer {name: 'keep me'})`)
		t.Cleanup(func() { run(`MATCH (c:Customer) DELETE c`); require.NoError(t, s.ClaimForTests(ctx)) })
		err := s.ClaimForTests(ctx)
		require.Equal(t, mg.ECONFLICT, mg.Code(err))
		require.Contains(t, mg.Message(err), "holds 1 node (labels Customer) and no mark of mineralgraph's test setup")
		err = s.ResetTestDatabase(ctx)
		require.Equal(t, mg.ECONFLICT, mg.Code(err))
		require.Equal(t, []any{int64(1)}, run(`MATCH (c:Customer {name: 'keep me'}) RETURN count(c)`))
		require.Equal(t, int64(1), nodes(), "and wrote no mark")

		run(`MATCH (c:Customer) DELETE c`) // as its owner would; empty again, it may be claimed
		require.Equal(t, int64(0), nodes())
		require.NoError(t, s.ClaimForTests(ctx))
		require.NoError(t, s.ClaimForTests(ctx), "twice")
		require.Equal(t, []any{int64(1)}, run(`MATCH (m:MineralgraphTestDatabase) RETURN count(m)`))
	})

	t.Run("a reset deletes every record mineralgraph wrote, imported and curated alike", func(t *testing.T) {
		_, err := s.Load(ctx, curated.Records(), nil)
		require.NoError(t, err)
		imported := &dataset.Dataset{Facilities: []mg.Facility{{ID: "gmmfd-test-1", Name: "Imported Mine", Type: mg.FacilityMine,
			Country: "AU", Minerals: []string{"lithium"}, Status: mg.StatusUnknown, Precision: mg.PrecisionUnknown, SourceID: curated.Facilities[0].SourceID}}}
		_, err = s.Load(ctx, imported.Records(), nil)
		require.NoError(t, err)
		require.NoError(t, s.ResetGraph(ctx))
		require.Equal(t, int64(1), nodes(), "nothing but the mark")
		_, err = s.Load(ctx, curated.Records(), nil)
		require.NoError(t, err)
		page, err := s.Facilities(ctx, mg.FacilityFilter{}, mg.PageArgs{First: 1}, true, props("id"))
		require.NoError(t, err)
		require.Equal(t, len(curated.Facilities), *page.TotalCount, "the curated facilities alone")
	})

	t.Run("a reset refuses a database holding anything else, and deletes nothing", func(t *testing.T) {
		run(`CREATE (:Customer {name: 'keep me'})`)
		t.Cleanup(func() { run(`MATCH (c:Customer) DELETE c`) })
		before := nodes()
		err := s.ResetGraph(ctx)
		require.Equal(t, mg.ECONFLICT, mg.Code(err))
		require.Contains(t, mg.Message(err), "holds 1 node that mineralgraph did not write (labels Customer)")
		require.Equal(t, before, nodes())
	})

	t.Run("knows every label that loads and curators' writes make", func(t *testing.T) {
		f := curated.Facilities[0]
		f.Note = "a curator's correction"
		_, err := s.UpsertFacility(ctx, "guard-test", f, nil)
		require.NoError(t, err)
		labels := run(`MATCH (n) UNWIND labels(n) AS l RETURN collect(DISTINCT l)`)[0].([]any)
		require.NotEmpty(t, labels)
		for _, l := range labels {
			require.Contains(t, store.OwnLabels(), l)
		}
	})
}
