package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

// BenchmarkQuestions runs the questions of the bench mix (bench/mix.go) through the whole HTTP
// handler, in process, against the seeded Neo4j of TEST_NEO4J_URI, from parallel clients. It is
// where the server's own cost is profiled: Neo4j runs in another process, so a CPU profile
// of this benchmark holds only what mineralgraph spends, and waiting on Neo4j shows as such.
//
//	go test -run '^$' -bench Questions -cpuprofile cpu.prof ./server
//	go tool pprof -top cpu.prof
func BenchmarkQuestions(b *testing.B) {
	s := neo4jtest.Seeded(b)
	cfg := server.Defaults()
	cfg.RateLimit = 0
	h, err := server.Handler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []struct{ name, query string }{
		{"headline", `{ minerals(first: 100, where: { share: { country: "CN", stage: REFINING, gt: 50, year: 2023 } }) { nodes { id name } } }`},
		{"nested", `{ mineral(id: "rare-earths") { shares(stage: MINING, year: 2023, first: 100) { nodes { percent
  country { code name facilities(mineral: "rare-earths", first: 5) { nodes { id name } } } } } } }`},
		{"policies", `{ policies(where: { mineral: "gallium", activeOn: "2026-01-01" }, first: 100) { nodes { id } } }`},
		{"search", `{ search(text: "bayan", first: 10) { nodes { __typename ... on Facility { id name } } } }`},
		{"concentration", `{ mineral(id: "rare-earths") { concentration(stage: MINING, year: 2023) { hhi top1 top3 } } }`},
		{"deepPage1", `query($after: String) { facilities(first: 4, after: $after) { nodes { id name } } }`},
		{"countryPage", `{ country(code: "CN") { name shares(year: 2023, first: 100) { nodes { stage percent
  mineral { id name policies(activeOn: "2026-12-01") { id title } } } } } }`},
		{"policyPage", `{ policy(id: "us-section-301-final-critical-minerals-2024") { id title minerals { id name
  shares(stage: MINING, year: 2023, first: 3) { nodes { percent country { code name } } } } } }`},
		{"mapPage", `{ facilities(where: { near: { latitude: -10.71, longitude: 25.47, radiusKm: 500 } }, first: 100) { nodes { id name
  latitude longitude minerals { id } operator { name } } } }`},
	} {
		body, err := json.Marshal(map[string]any{"query": q.query})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
						b.Fatalf("%s: %d %s", q.name, rec.Code, rec.Body.String())
					}
				}
			})
		})
	}
}
