package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

// Selections as the API would describe them, for tests of the compiled read path.

// props asks for properties, each under its own name.
func props(names ...string) store.Selection {
	out := make(store.Selection, len(names))
	for i, n := range names {
		out[i] = store.Field{Key: n, Name: n}
	}
	return out
}

// nest asks for a field with arguments and what it asks of its value, keyed by key.
func nest(key, name string, args map[string]any, of store.Selection) store.Field {
	return store.Field{Key: key, Name: name, Args: args, Of: of}
}

// rel returns the value a read stored for key, failing the test when it is missing, of
// another type, or an error.
func rel[T any](t *testing.T, r mg.Related, key string) T {
	t.Helper()
	v, ok := r[key]
	require.True(t, ok, "no value for %q in %v", key, r)
	if err, isErr := v.(error); isErr {
		require.NoError(t, err, key)
	}
	out, ok := v.(T)
	require.True(t, ok, "%q holds %T", key, v)
	return out
}

// relErr returns the error a read stored for key.
func relErr(t *testing.T, r mg.Related, key string) error {
	t.Helper()
	err, ok := r[key].(error)
	require.True(t, ok, "%q holds %T, not an error", key, r[key])
	return err
}

// A country's facilities, nested under a mineral's shares (the bench's nested question), are
// read by seeking the (country, name) index at each country, never by scanning all of it
// (which the planner chose under a plain index hint in two bench runs, at 14 times the db
// hits).
func TestCountryFacilitiesSeekTheirCountry(t *testing.T) {
	s := neo4jtest.Seeded(t)
	var log store.QueryLog
	ctx := store.WithQueryLog(context.Background(), &log)
	facilities := nest("f", "facilities", map[string]any{"mineral": ptr("rare-earths"), "first": ptr(5)}, props("id", "name"))
	country := nest("country", "country", nil, store.Selection{{Key: "code", Name: "code"}, facilities})
	shares := nest("s", "shares", map[string]any{"stage": ptr(mg.StageMining), "year": ptr(2023), "first": ptr(100)},
		store.Selection{{Key: "percent", Name: "percent"}, country})
	m, err := s.Mineral(ctx, "rare-earths", store.Selection{shares})
	require.NoError(t, err)
	rows := rel[mg.Page[mg.Share]](t, m.Related, "s").Items
	require.NotEmpty(t, rows)
	some := 0
	for _, sh := range rows {
		c := rel[*mg.Country](t, sh.Related, "country")
		some += len(rel[mg.Page[mg.Facility]](t, c.Related, "f").Items)
	}
	require.Positive(t, some, "some producing country has a rare-earth facility")

	qs := log.Queries()
	require.Len(t, qs, 1)
	plan, err := s.Profile(context.Background(), qs[0].Cypher, qs[0].Params)
	require.NoError(t, err)
	seeks := 0
	for _, op := range plan.Operators {
		name, details, _ := strings.Cut(op, " ")
		if !strings.HasPrefix(name, "Node") { // a leaf: how nodes are found
			continue
		}
		require.False(t, strings.HasPrefix(name, "NodeByLabelScan") && strings.Contains(details, ":Facility"), "every facility is read: %s", op)
		if strings.Contains(details, ":Facility(country, name)") {
			require.True(t, strings.HasPrefix(name, "NodeIndexSeek"), "the facilities are read by %s", op)
			seeks++
		}
	}
	require.Equal(t, 1, seeks, "plan:\n%s", plan.Tree)
}
