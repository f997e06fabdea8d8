package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

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

// dbHits profiles one query (store.Profile) and returns the database hits of its whole
// plan, and the Cypher with the plan's operator tree, for a reader to see which end a plan
// expands from when its hits change between runs.
func (b *bench) dbHits(ctx context.Context, cypher string, params map[string]any) (int64, string, error) {
	plan, err := b.compiler.s.Profile(ctx, cypher, params)
	if err != nil {
		return 0, "", err
	}
	return plan.DBHits, cypher + "\n\n" + plan.Tree, nil
}

// keepPlan writes a question's plans to <workdir>/plans/<graph>-<question>-<side>.txt.
func (b *bench) keepPlan(question, side, plans string) error {
	dir := filepath.Join(b.o.workdir, "plans")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, b.graph+"-"+question+"-"+side+".txt"), []byte(plans), 0o644)
}

// profileOurs returns the database hits of the queries our server sends for body, and
// their plans.
func (b *bench) profileOurs(ctx context.Context, body []byte) (int64, string, error) {
	qs, err := b.compiler.queries(ctx, body)
	if err != nil {
		return 0, "", err
	}
	var total int64
	var plans strings.Builder
	for _, q := range qs {
		n, plan, err := b.dbHits(ctx, q.Cypher, q.Params)
		if err != nil {
			return 0, "", fmt.Errorf("%s: %w", q.Op, err)
		}
		total += n
		fmt.Fprintf(&plans, "-- %s (%d db hits)\n%s\n", q.Op, n, plan)
	}
	return total, plans.String(), nil
}
