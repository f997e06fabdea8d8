// Package server is the mineralgraph program: it reads the configuration, connects the store
// to Neo4j, serves the GraphQL API, its playground and health endpoints over HTTP, and shuts
// down gracefully. It owns configuration and lifecycle; cmd/mineralgraph only calls Run.
//
// The server keeps no state between requests (each root field of a request is one Cypher
// query; nothing is cached across requests but parsed queries), so
// more traffic is served by more replicas behind a load balancer.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/mineralgraph/mineralgraph/graph"
	"github.com/mineralgraph/mineralgraph/store"
)

// Handler returns the HTTP routes of the API over an open store:
//
//	/graphql         GraphQL over POST and GET (GET runs queries only, never mutations)
//	/                the playground, opened on the documented example queries
//	/explore/        the explorer, a web app on the API (maps, charts, timelines)
//	/schema.graphql  the schema as SDL, for client code generators
//	/healthz         200 while the process runs
//	/readyz          200 when Neo4j answers, 503 when it does not
//	/metrics         Prometheus metrics
//
// The playground, /schema.graphql and introspection go when cfg.Introspection is false;
// /metrics when cfg.Metrics is false; /explore/ when cfg.Explorer is false. Every request gets
// an id, a log line, metrics and, when tracing is on, a span. /graphql speaks GraphQL over
// HTTP as its specification says (see httpTransport), is rate limited per client address,
// refuses bodies over the limit, reads API keys, and runs persisted documents by hash (only
// those, with cfg.TrustedDocumentsOnly).
// It fails only when the embedded examples, playground or manifest cannot be read (a build
// defect), or when trusted documents are asked for and the binary holds none.
func Handler(cfg Config, s *store.Store, log *slog.Logger) (http.Handler, error) {
	tp := cfg.TracerProvider
	if tp == nil {
		tp = noop.NewTracerProvider()
	}
	tel := newTelemetry(tp)
	manifest := cfg.Manifest
	if manifest == nil {
		m, err := EmbeddedManifest()
		if err != nil {
			return nil, err
		}
		manifest = m
	}
	if cfg.TrustedDocumentsOnly && manifest.Len() == 0 {
		return nil, errors.New("server: TRUSTED_DOCUMENTS_ONLY=true, but this binary holds no persisted documents: build it with the explorer (make explore, then make build)")
	}

	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{Store: s}})
	gql := handler.New(schema)
	gql.AddTransport(transport.Options{})
	gql.AddTransport(httpTransport{cacheMaxAge: cfg.CacheMaxAge})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](cfg.QueryCacheSize))
	gql.SetParserTokenLimit(cfg.Limits.MaxTokens)
	if cfg.Introspection {
		gql.Use(extension.Introspection{})
	} else {
		gql.Use(noIntrospection{})
	}
	apq := !cfg.TrustedDocumentsOnly && (cfg.PersistedQueryCache != nil || cfg.PersistedQueries > 0)
	gql.Use(persistedDocuments{manifest: manifest, only: cfg.TrustedDocumentsOnly, apq: apq, tokenLimit: cfg.Limits.MaxTokens})
	if apq {
		cache := cfg.PersistedQueryCache
		if cache == nil {
			cache = lru.New[string](cfg.PersistedQueries)
		}
		gql.Use(extension.AutomaticPersistedQuery{Cache: cache})
	}
	gql.Use(authorizer{readsNeedKey: cfg.ReadsNeedKey})
	gql.Use(limitsExtension{limits: cfg.Limits, pageSize: cfg.Neo4j.MaxPageSize})
	gql.AroundResponses(recordResponse)
	gql.SetErrorPresenter(presentError(log, schema.Schema()))
	gql.SetRecoverFunc(recoverPanic(log))

	var api http.Handler = withTimeout(cfg.RequestTimeout, gql)
	api = authenticate(cfg.APIKeys, api)
	api = limitBody(cfg.Limits.MaxBodyBytes, api)
	if cfg.RateLimit > 0 {
		api = rateLimit(cfg.RateLimit, cfg.RateLimitCounter, cfg.TrustedProxies, api)
	}

	mux := http.NewServeMux()
	mux.Handle("/graphql", api)
	if cfg.Introspection {
		examples, err := Examples()
		if err != nil {
			return nil, err
		}
		page, assets, err := playground(examples)
		if err != nil {
			return nil, err
		}
		mux.Handle("GET /{$}", page)
		mux.Handle("GET /playground/assets/", assets)
		sdl := schemaSDL(schema.Schema())
		mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write(sdl)
		})
	}
	if cfg.Explorer {
		mux.Handle("GET /explore/", explorer())
	}
	if cfg.Metrics {
		mux.Handle("GET /metrics", tel.metricsHandler())
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.Ping(ctx); err != nil {
			log.WarnContext(ctx, "not ready", "request_id", RequestID(ctx), "error", err.Error())
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "neo4j unavailable")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return tel.observe(log, cfg.TrustedProxies, recoverHTTP(log, withCORS(cfg.CORSOrigins, mux))), nil
}

// withTimeout bounds a request; the store passes the remaining time to Neo4j as the
// transaction timeout, so the database stops working on it too.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// recoverHTTP turns a panic outside a resolver (a middleware, a handler) into a 500 with a
// GraphQL-shaped INTERNAL error; the stack goes to the log with the request id.
func recoverHTTP(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(r.Context(), "panic in handler", "request_id", RequestID(r.Context()), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				writeGraphQLError(w, http.StatusInternalServerError, "INTERNAL", "internal error (request "+RequestID(r.Context())+")")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Run connects to Neo4j, serves until ctx is cancelled (SIGINT or SIGTERM in main), then
// stops accepting requests, lets in-flight ones finish (up to 15 s) and closes the driver.
// ready, when not nil, receives the listening address once the server accepts connections.
func Run(ctx context.Context, cfg Config, log *slog.Logger, ready func(addr string)) error {
	if cfg.Tracing == "otlp" && cfg.TracerProvider == nil {
		tp, err := otlpTracerProvider(ctx)
		if err != nil {
			return err
		}
		defer func() {
			flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := tp.Shutdown(flushCtx); err != nil {
				log.Warn("flushing traces", "error", err.Error())
			}
		}()
		cfg.TracerProvider = tp
	}
	s, err := OpenStore(ctx, cfg, "server")
	if err != nil {
		return err
	}
	defer s.Close(context.Background())

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	h, err := Handler(cfg, s, log)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.DebugAddr != "" {
		dbg, err := serveDebug(cfg.DebugAddr, errc)
		if err != nil {
			return err
		}
		defer dbg.Close()
		log.Info("serving the profiler", "addr", cfg.DebugAddr)
	}
	// procs is how many threads run Go code at once: GOMAXPROCS when set, else the CPUs the
	// process may use or its container's CPU limit rounded up, at least 2 (see the README's
	// "CPUs per replica").
	log.Info("serving", "addr", ln.Addr().String(), "neo4j", cfg.Neo4j.URI, "procs", runtime.GOMAXPROCS(0))
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	return nil
}

// serveDebug serves Go's profiler on its own listener, apart from the API and its middleware
// (no limits, no logs: it is for operators, on a private address).
func serveDebug(addr string, errc chan<- error) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("server: profiler: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("profiler: %w", err)
		}
	}()
	return srv, nil
}

// storeOpenTimeout bounds how long opening the store waits for Neo4j to answer.
const storeOpenTimeout = 30 * time.Second

// OpenStore connects to the Neo4j cfg names, waiting up to 30 s for it to answer. It is the
// one way the programs open the store; the error names the Neo4j that could not be reached,
// after op ("server", "seed", "import").
func OpenStore(ctx context.Context, cfg Config, op string) (*store.Store, error) {
	ctx, cancel := context.WithTimeout(ctx, storeOpenTimeout)
	defer cancel()
	s, err := store.Open(ctx, cfg.Neo4j)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot reach Neo4j at %s: %w", op, cfg.Neo4j.URI, err)
	}
	return s, nil
}
