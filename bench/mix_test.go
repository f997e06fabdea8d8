package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

// TestMixRoundTrips proves, for every question of the benchmark, what the read path
// promises: one Cypher round trip per root field (each question asks one), through the real
// handler on the curated graph. It also checks that each question has an answer to compare,
// and that the floor's hand-written query, where there is one, answers the same rows.
func TestMixRoundTrips(t *testing.T) {
	s := neo4jtest.Seeded(t)
	h, err := server.Handler(server.Defaults(), s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	driver, err := neo4j.NewDriverWithContext(neo4jtest.URI(t), neo4j.NoAuth())
	require.NoError(t, err)
	t.Cleanup(func() { driver.Close(context.Background()) })
	b := &bench{driver: driver}
	for _, q := range mix() {
		t.Run(q.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": q.ours, "variables": q.vars})
			var trips store.QueryLog
			req := httptest.NewRequestWithContext(store.WithQueryLog(context.Background(), &trips), http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			var resp struct {
				Data   any
				Errors []any
			}
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp))
			require.Empty(t, resp.Errors)
			require.Len(t, trips.Ops(), 1, "one root field, one round trip: %v", trips.Ops())
			rows, err := q.rows(resp.Data)
			require.NoError(t, err)
			require.NotEmpty(t, rows)
			if q.floor == nil {
				return
			}
			// The floor's Cypher (the store's) gives the same rows, as the bench checks
			// before it times anything.
			floor, err := b.floorRows(context.Background(), q.floor)
			require.NoError(t, err)
			if !q.ordered {
				rows, floor = sorted(rows), sorted(floor)
			}
			require.Equal(t, rows, floor)
		})
	}
}
