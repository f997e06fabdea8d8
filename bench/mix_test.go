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

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

// TestMixRoundTrips proves, for every question of the benchmark, what the read path
// promises: one Cypher round trip per root field (each question asks one), through the real
// handler on the curated graph. It also checks that each question has an answer to compare.
func TestMixRoundTrips(t *testing.T) {
	s := neo4jtest.Seeded(t)
	h, err := server.Handler(server.Defaults(), s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
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
		})
	}
}
