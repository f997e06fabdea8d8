package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

// logged is a handler whose JSON log lines can be read back.
type logged struct {
	*api
	buf *bytes.Buffer
}

func newLoggedAPI(t *testing.T, edit func(*server.Config)) logged {
	t.Helper()
	s := neo4jtest.Seeded(t)
	cfg := server.Defaults()
	edit(&cfg)
	var buf bytes.Buffer
	h, err := server.Handler(cfg, s, slog.New(slog.NewJSONHandler(&buf, nil)))
	require.NoError(t, err)
	return logged{api: &api{t: t, h: h}, buf: &buf}
}

// lines returns the log lines written since the last call, decoded.
func (l logged) lines() []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(l.t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	l.buf.Reset()
	return out
}

func (a *api) get(path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestObservability(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	l := newLoggedAPI(t, func(c *server.Config) {
		c.TracerProvider = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	})

	t.Run("logs one line per request with its id, operation, type, status and duration", func(t *testing.T) {
		rec := l.post(body(`query GalliumName { mineral(id: "gallium") { name } }`), http.Header{"X-Request-Id": {"trace-me-1"}})
		require.Equal(t, "trace-me-1", rec.Header().Get("X-Request-ID"))
		lines := l.lines()
		require.Len(t, lines, 1)
		line := lines[0]
		require.Equal(t, "request", line["msg"])
		require.Equal(t, "trace-me-1", line["request_id"])
		require.Equal(t, "GalliumName", line["operation"])
		require.Equal(t, "query", line["operation_type"])
		require.EqualValues(t, 200, line["status"])
		require.Contains(t, line, "duration_ms")
		require.NotContains(t, line, "errors")
	})

	t.Run("logs the error codes a request returned", func(t *testing.T) {
		l.post(body(`{ mineral(id: "unobtainium") { name } }`), nil)
		line := l.lines()[0]
		require.Equal(t, "(anonymous)", line["operation"])
		require.Equal(t, []any{"NOT_FOUND"}, line["errors"])
	})

	t.Run("replaces a request id that is not safe to log", func(t *testing.T) {
		rec := l.post(body(`{ mineral(id: "gallium") { id } }`), http.Header{"X-Request-Id": {"a\nforged: line"}})
		require.NotContains(t, rec.Header().Get("X-Request-ID"), "\n")
		require.Len(t, rec.Header().Get("X-Request-ID"), 16)
		l.lines()
	})

	t.Run("exposes requests, errors by code, latency and Neo4j round trips at /metrics", func(t *testing.T) {
		rec := l.get("/metrics")
		require.Equal(t, http.StatusOK, rec.Code)
		m := rec.Body.String()
		require.Contains(t, m, `mineralgraph_graphql_operations_total{outcome="ok",type="query"} 2`)
		require.Contains(t, m, `mineralgraph_graphql_operations_total{outcome="error",type="query"} 1`)
		require.Contains(t, m, `mineralgraph_graphql_errors_total{code="NOT_FOUND"} 1`)
		require.Contains(t, m, `mineralgraph_graphql_duration_seconds_count{type="query"} 3`)
		require.Contains(t, m, `mineralgraph_neo4j_query_duration_seconds_count{operation="store.Mineral",outcome="ok"}`)
		require.Contains(t, m, `mineralgraph_neo4j_queries_in_flight 0`)
		require.Contains(t, m, `mineralgraph_neo4j_pool_max_connections 100`)
		require.Contains(t, m, `mineralgraph_http_requests_total{route="/graphql",status="200"} 3`)
		require.Contains(t, m, "go_goroutines ")
		l.lines()
	})

	t.Run("traces a request as a span with one child per Cypher round trip, continuing the caller's trace", func(t *testing.T) {
		const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
		l.post(body(`query Traced { mineral(id: "gallium") { name lists { id } } }`),
			http.Header{"Traceparent": {"00-" + traceID + "-00f067aa0ba902b7-01"}})
		var root sdktrace.ReadOnlySpan
		children := map[string]bool{}
		for _, s := range spans.Ended() {
			if s.SpanContext().TraceID().String() != traceID {
				continue
			}
			if s.Name() == "graphql query Traced" {
				root = s
			} else {
				children[s.Name()] = true
			}
		}
		require.NotNil(t, root, "the request span is named for the operation")
		require.Equal(t, "00f067aa0ba902b7", root.Parent().SpanID().String(), "the caller's span is the parent")
		require.Equal(t, map[string]bool{"store.Mineral": true}, children, "one Cypher round trip: the mineral and its lists")
		l.lines()
	})
}

func TestPanics(t *testing.T) {
	// A resolver graph without a store panics on its first database call: a stand-in for any
	// bug in a resolver.
	var buf bytes.Buffer
	h, err := server.Handler(server.Defaults(), nil, slog.New(slog.NewJSONHandler(&buf, nil)))
	require.NoError(t, err)
	a := &api{t: t, h: h}

	t.Run("turns a panic in a resolver into INTERNAL with the request id, and keeps serving", func(t *testing.T) {
		rec := a.post(body(`{ mineral(id: "gallium") { name } }`), http.Header{"X-Request-Id": {"panic-1"}})
		resp := decode(t, rec)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "INTERNAL", resp.Errors[0].Extensions["code"])
		require.Equal(t, "panic-1", resp.Errors[0].Extensions["requestId"])
		require.Equal(t, "internal error", resp.Errors[0].Message)
		require.NotContains(t, rec.Body.String(), "goroutine", "no stack reaches the client")
		require.NotContains(t, rec.Body.String(), "nil pointer")
		require.Contains(t, buf.String(), `"request_id":"panic-1"`)
		require.Contains(t, buf.String(), "panic in resolver")

		require.Equal(t, http.StatusOK, a.get("/healthz").Code)
	})
}

func TestNoInternalsLeak(t *testing.T) {
	// A store whose driver is closed fails every query with the driver's own words.
	s, err := store.Open(context.Background(), store.Config{URI: neo4jtest.URI(t)})
	require.NoError(t, err)
	require.NoError(t, s.Close(context.Background()))
	var logs bytes.Buffer
	h, err := server.Handler(server.Defaults(), s, slog.New(slog.NewJSONHandler(&logs, nil)))
	require.NoError(t, err)
	a := &api{t: t, h: h}

	t.Run("a query that fails in the driver shows neither Cypher nor the driver's words", func(t *testing.T) {
		rec := a.post(body(`{ minerals(where: { nameContains: "gall" }) { totalCount } }`), nil)
		resp := decode(t, rec)
		require.NotEmpty(t, resp.Errors, rec.Body.String())
		e := resp.Errors[0]
		require.Equal(t, "INTERNAL", e.Extensions["code"])
		require.Equal(t, "internal error", e.Message)
		for _, leak := range []string{"MATCH", "RETURN", "$", "neo4j", "driver", "closed", "goroutine"} {
			require.NotContains(t, rec.Body.String(), leak)
		}
		require.Contains(t, logs.String(), e.Extensions["requestId"], "the detail is logged under the request id")
		require.Contains(t, logs.String(), "store.Minerals")
	})
}
