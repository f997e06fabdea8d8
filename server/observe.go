package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/netip"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// requestInfo gathers, as a request passes through the layers, what its log line and metrics
// report: who asked, which operation, which error codes came back.
type requestInfo struct {
	mu        sync.Mutex
	id        string
	actor     string
	operation string // the operation's name, "" when anonymous
	opType    string // query or mutation; "" when the request never got that far
	codes     []string
}

type requestInfoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return i
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if i := infoFrom(ctx); i != nil {
		return i.id
	}
	return ""
}

func setActor(ctx context.Context, name string) {
	if i := infoFrom(ctx); i != nil {
		i.mu.Lock()
		i.actor = name
		i.mu.Unlock()
	}
}

// telemetry is the server's metrics and traces. Metrics live in a registry of the server's
// own (not the process-global one), so that two servers in one test process do not collide.
type telemetry struct {
	registry *prometheus.Registry
	tracer   trace.Tracer

	httpRequests  *prometheus.CounterVec
	operations    *prometheus.CounterVec
	errors        *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	neo4jDuration *prometheus.HistogramVec
	neo4jInFlight prometheus.Gauge
}

func newTelemetry(tp trace.TracerProvider) *telemetry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	t := &telemetry{
		registry: reg,
		tracer:   tp.Tracer("github.com/mineralgraph/mineralgraph/server"),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mineralgraph_http_requests_total", Help: "HTTP requests by route and status code.",
		}, []string{"route", "status"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mineralgraph_graphql_operations_total", Help: "GraphQL operations by type (query, mutation; none when refused before parsing) and outcome (ok, error).",
		}, []string{"type", "outcome"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mineralgraph_graphql_errors_total", Help: "GraphQL errors returned to clients, by extensions.code.",
		}, []string{"code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mineralgraph_graphql_duration_seconds", Help: "Time to answer a GraphQL request, by operation type.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20},
		}, []string{"type"}),
		neo4jDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "mineralgraph_neo4j_query_duration_seconds", Help: "Time of one Cypher round trip, by store operation and outcome (ok or the error code).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation", "outcome"}),
		neo4jInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "mineralgraph_neo4j_queries_in_flight", Help: "Cypher round trips running now; each holds one pooled connection (see mineralgraph_neo4j_pool_max_connections).",
		}),
	}
	poolMax := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "mineralgraph_neo4j_pool_max_connections", Help: "Size of the Neo4j driver's connection pool.",
	})
	poolMax.Set(store.MaxConnectionPoolSize)
	reg.MustRegister(t.httpRequests, t.operations, t.errors, t.duration, t.neo4jDuration, t.neo4jInFlight, poolMax)
	return t
}

// metricsHandler serves the registry in the Prometheus text format.
func (t *telemetry) metricsHandler() http.Handler {
	return promhttp.HandlerFor(t.registry, promhttp.HandlerOpts{})
}

// observeStore is the store.Observer of a request: a latency sample and a span per Cypher
// round trip, and the count of those in flight.
func (t *telemetry) observeStore(ctx context.Context, op string) func(error) {
	start := time.Now()
	t.neo4jInFlight.Inc()
	_, span := t.tracer.Start(ctx, op, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attribute.String("db.system", "neo4j"), attribute.String("db.operation", op)))
	return func(err error) {
		t.neo4jInFlight.Dec()
		outcome := "ok"
		if err != nil {
			outcome = string(mg.Code(err))
			span.SetStatus(codes.Error, outcome)
		}
		t.neo4jDuration.WithLabelValues(op, outcome).Observe(time.Since(start).Seconds())
		span.End()
	}
}

// routes are the paths metrics name; anything else counts as "other", so that a scanner
// probing random paths cannot grow the metrics without bound.
var routes = map[string]bool{"/graphql": true, "/": true, "/schema.graphql": true, "/healthz": true, "/readyz": true, "/metrics": true}

func routeOf(path string) string {
	switch {
	case routes[path]:
		return path
	case len(path) > len("/playground/assets/") && path[:len("/playground/assets/")] == "/playground/assets/":
		return "/playground/assets/"
	case path == "/explore" || len(path) >= len("/explore/") && path[:len("/explore/")] == "/explore/":
		return "/explore/"
	}
	return "other"
}

// observe wraps every request: it gives it an id (the caller's X-Request-ID when it sends a
// sane one, echoed in the response), a span continuing the caller's trace, and, when it ends,
// one structured log line and its metrics. Headers are never logged: they carry API keys.
func (t *telemetry) observe(log *slog.Logger, trusted []netip.Prefix, next http.Handler) http.Handler {
	propagator := propagation.TraceContext{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !saneRequestID(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		info := &requestInfo{id: id}
		ctx := context.WithValue(r.Context(), requestInfoKey{}, info)
		ctx = propagator.Extract(ctx, propagation.HeaderCarrier(r.Header))
		ctx, span := t.tracer.Start(ctx, r.Method+" "+routeOf(r.URL.Path), trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.request.method", r.Method), attribute.String("url.path", r.URL.Path),
				attribute.String("mineralgraph.request_id", id)))
		defer span.End()
		ctx = store.WithObserver(ctx, t.observeStore)

		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		elapsed := time.Since(start)

		info.mu.Lock()
		defer info.mu.Unlock()
		route := routeOf(r.URL.Path)
		t.httpRequests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		span.SetAttributes(attribute.Int("http.response.status_code", rec.status))
		attrs := []any{"request_id", id, "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"duration_ms", float64(elapsed.Microseconds()) / 1000, "client", clientAddr(r, trusted)}
		if info.actor != "" {
			attrs = append(attrs, "actor", info.actor)
		}
		if route == "/graphql" && r.Method != http.MethodOptions {
			opType := info.opType
			if opType == "" {
				opType = "none"
			}
			outcome := "ok"
			if len(info.codes) > 0 || rec.status >= 400 {
				outcome = "error"
			}
			t.operations.WithLabelValues(opType, outcome).Inc()
			t.duration.WithLabelValues(opType).Observe(elapsed.Seconds())
			for _, c := range info.codes {
				t.errors.WithLabelValues(c).Inc()
			}
			name := info.operation
			if name == "" {
				name = "(anonymous)"
			}
			span.SetName("graphql " + opType + " " + name)
			span.SetAttributes(attribute.String("graphql.operation.type", opType), attribute.String("graphql.operation.name", info.operation))
			attrs = append(attrs, "operation", name, "operation_type", opType)
			if len(info.codes) > 0 {
				span.SetStatus(codes.Error, info.codes[0])
				attrs = append(attrs, "errors", info.codes)
			}
		}
		log.InfoContext(ctx, "request", attrs...)
	})
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// recordResponse is the gqlgen response middleware that tells requestInfo which operation ran
// and which error codes it returned. It sees every response, including refusals before the
// operation ran (limits, authorization, validation).
func recordResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	info := infoFrom(ctx)
	if info == nil || resp == nil {
		return resp
	}
	info.mu.Lock()
	defer info.mu.Unlock()
	if graphql.HasOperationContext(ctx) {
		op := graphql.GetOperationContext(ctx)
		info.operation = op.OperationName
		if op.Operation != nil {
			info.opType = string(op.Operation.Operation)
			if info.operation == "" {
				info.operation = op.Operation.Name
			}
		}
	}
	for _, e := range resp.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" {
			code = "UNKNOWN"
		}
		info.codes = append(info.codes, code)
	}
	sort.Strings(info.codes)
	return resp
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the underlying writer (flushing, deadlines).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
