// Package server is the mineralgraph program: it reads the configuration, connects the store
// to Neo4j, serves the GraphQL API, its playground and health endpoints over HTTP, and shuts
// down gracefully. It owns configuration and lifecycle; cmd/mineralgraph only calls Run.
//
// The server keeps no state between requests (loaders and their caches are per request), so
// more traffic is served by more replicas behind a load balancer.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph"
	"github.com/mineralgraph/mineralgraph/loaders"
	"github.com/mineralgraph/mineralgraph/store"
)

// Handler returns the HTTP routes of the API over an open store:
//
//	/graphql         GraphQL over POST and GET
//	/                the playground, opened on the documented example queries
//	/schema.graphql  the schema as SDL, for client code generators
//	/healthz         200 while the process runs
//	/readyz          200 when Neo4j answers, 503 when it does not
//
// It fails only when the embedded examples or playground cannot be read (a build defect).
func Handler(cfg Config, s *store.Store, log *slog.Logger) (http.Handler, error) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{Store: s}})
	gql := handler.New(schema)
	gql.AddTransport(transport.Options{})
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})
	gql.SetQueryCache(lru.New[*ast.QueryDocument](cfg.QueryCacheSize))
	gql.Use(extension.Introspection{})
	gql.SetErrorPresenter(presentError(log, schema.Schema()))
	gql.SetRecoverFunc(recoverPanic(log))

	mux := http.NewServeMux()
	mux.Handle("/graphql", loaders.Middleware(s, cfg.LoaderWait, withTimeout(cfg.RequestTimeout, gql)))
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
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := s.Ping(ctx); err != nil {
			log.WarnContext(ctx, "not ready", "error", err.Error())
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "neo4j unavailable")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return withRequestID(log, mux), nil
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

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// withRequestID gives every request an id (the caller's X-Request-ID when it sends a sane
// one), echoes it in the response and logs one line per request.
func withRequestID(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if len(id) == 0 || len(id) > 64 {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
		log.InfoContext(r.Context(), "request", "request_id", id, "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// Run connects to Neo4j, serves until ctx is cancelled (SIGINT or SIGTERM in main), then
// stops accepting requests, lets in-flight ones finish (up to 15 s) and closes the driver.
// ready, when not nil, receives the listening address once the server accepts connections.
func Run(ctx context.Context, cfg Config, log *slog.Logger, ready func(addr string)) error {
	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	s, err := store.Open(openCtx, cfg.Neo4j)
	cancel()
	if err != nil {
		return fmt.Errorf("server: cannot reach Neo4j at %s: %w", cfg.Neo4j.URI, err)
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
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("serving", "addr", ln.Addr().String(), "neo4j", cfg.Neo4j.URI)
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
