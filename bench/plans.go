package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

// Plans: the database work each question costs, deterministic where timings are not. Our
// Cypher is what our server sends for the question; it is captured by answering the question
// once with the same handler in process (a QueryLog records the queries), then each query
// runs under PROFILE and its plan's database hits are added up. The floor's query is
// profiled the same way. The peer's Cypher is generated inside the library and not seen here.

// compiler answers questions in process to capture the Cypher our server would send.
type compiler struct {
	h http.Handler
	s *store.Store
}

func newCompiler(ctx context.Context, uri string) (*compiler, error) {
	s, err := store.Open(ctx, store.Config{URI: uri})
	if err != nil {
		return nil, err
	}
	cfg := server.Defaults()
	cfg.RateLimit = 0
	h, err := server.Handler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		s.Close(context.Background())
		return nil, err
	}
	return &compiler{h: h, s: s}, nil
}

func (c *compiler) close() { c.s.Close(context.Background()) }

// queries returns the Cypher our server sends for a request body.
func (c *compiler) queries(ctx context.Context, body []byte) ([]store.Query, error) {
	var log store.QueryLog
	req := httptest.NewRequestWithContext(store.WithQueryLog(ctx, &log), http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
		return nil, fmt.Errorf("compiling the question: HTTP %d %s", rec.Code, rec.Body.String())
	}
	return log.Queries(), nil
}

// dbHits runs cypher under PROFILE and returns the database hits of its whole plan.
func dbHits(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) (int64, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, "PROFILE "+cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, err
	}
	var sum func(p neo4j.ProfiledPlan) int64
	sum = func(p neo4j.ProfiledPlan) int64 {
		n := p.DbHits()
		for _, c := range p.Children() {
			n += sum(c)
		}
		return n
	}
	plan := res.Summary.Profile()
	if plan == nil {
		return 0, fmt.Errorf("no profile returned")
	}
	return sum(plan), nil
}

// profileOurs returns the database hits of the queries our server sends for body.
func (b *bench) profileOurs(ctx context.Context, body []byte) (int64, error) {
	qs, err := b.compiler.queries(ctx, body)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, q := range qs {
		n, err := dbHits(ctx, b.driver, q.Cypher, q.Params)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", q.Op, err)
		}
		total += n
	}
	return total, nil
}
