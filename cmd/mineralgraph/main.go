// Command mineralgraph serves the mineralgraph GraphQL API and loads its curated dataset.
//
//	mineralgraph serve   serve the API (configured by environment variables, see server.Config)
//	mineralgraph seed    load the curated dataset into Neo4j (idempotent)
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

const usage = `usage: mineralgraph serve|seed|import

  serve   serve the GraphQL API at $HTTP_ADDR (default :8080)
  seed    load the curated dataset into the Neo4j at $NEO4J_URI (idempotent)
  import  load publishers' files (USGS, facilities database, UN Comtrade); see import -h
  healthcheck  exit 0 when the server at $HTTP_ADDR answers /healthz (for container health checks)

Configuration comes from the environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE, HTTP_ADDR, REQUEST_TIMEOUT, LOADER_WAIT, MAX_PAGE_SIZE, QUERY_CACHE_SIZE.`

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], log); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, log *slog.Logger) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	cfg, err := server.FromEnv()
	if err != nil {
		return err
	}
	if args[0] != "import" && len(args) != 1 {
		return errors.New(usage)
	}
	switch args[0] {
	case "serve":
		return server.Run(ctx, cfg, log, func(addr string) {
			fmt.Fprintf(os.Stderr, "mineralgraph: playground at http://%s/ , GraphQL at http://%s/graphql\n", displayAddr(addr), displayAddr(addr))
		})
	case "seed":
		return seed(ctx, cfg)
	case "import":
		return runImport(ctx, args[1:], cfg)
	case "healthcheck":
		return healthcheck(ctx, cfg.HTTPAddr)
	default:
		return errors.New(usage)
	}
}

func seed(ctx context.Context, cfg server.Config) error {
	d, err := dataset.Curated()
	if err != nil {
		return err
	}
	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	s, err := store.Open(openCtx, cfg.Neo4j)
	cancel()
	if err != nil {
		return fmt.Errorf("seed: cannot reach Neo4j at %s: %w", cfg.Neo4j.URI, err)
	}
	defer s.Close(context.Background())
	start := time.Now()
	var progress store.Progress
	if isTerminal(os.Stderr) { // a log file gets the summary only, not a line per batch
		progress = func(done, total int) { fmt.Fprintf(os.Stderr, "\rseed: %d/%d records", done, total) }
		defer fmt.Fprintln(os.Stderr)
	}
	stats, err := s.Load(ctx, d, progress)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(os.Stderr, "seed: curated dataset loaded into %s in %s\n%s", cfg.Neo4j.URI, time.Since(start).Round(time.Millisecond), stats)
	return nil
}

// displayAddr makes a listening address clickable: ":8080" and "[::]:8080" become
// "localhost:8080".
func displayAddr(addr string) string {
	for _, p := range []string{"[::]", "0.0.0.0", ""} {
		if len(addr) > len(p) && addr[:len(p)+1] == p+":" {
			return "localhost" + addr[len(p):]
		}
	}
	return addr
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// healthcheck asks the local server whether it is up; distroless images have no curl.
func healthcheck(ctx context.Context, addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("healthcheck: HTTP_ADDR %q: %w", addr, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /healthz answered %s", resp.Status)
	}
	return nil
}
