// Command mineralgraph serves the mineralgraph GraphQL API and loads its curated dataset.
//
//	mineralgraph serve   serve the API (configured by environment variables, see server.Config)
//	mineralgraph seed    load the curated dataset into Neo4j (idempotent)
//	mineralgraph apikey  make an API key for a curator or a client
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/server"
)

const usage = `usage: mineralgraph serve|seed|import|apikey|healthcheck

  serve   serve the GraphQL API at $HTTP_ADDR (default :8080)
  seed [-force|-reset]  load the curated dataset into the Neo4j at $NEO4J_URI (idempotent;
          skipped when this build already loaded it there, unless -force). Records that are
          not curated (imported, or added by curators) stay; -reset deletes every record
          first, curators' corrections and the audit log too, so that the graph holds the
          curated dataset alone (it refuses a database that holds anything else)
  import  load publishers' files (USGS, facilities database, UN Comtrade); see import -h
  apikey  NAME [write]  print a new API key and the API_KEYS entry that admits it
          (read-only unless "write"); the server stores only the key's hash
  healthcheck  exit 0 when the server at $HTTP_ADDR answers /healthz (for container health checks)

Without NEO4J_URI, serve, seed and import use the local Neo4j that make started last in this
checkout (bin/local-neo4j), else bolt://127.0.0.1:7687.

Configuration comes from the environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
NEO4J_DATABASE, HTTP_ADDR, REQUEST_TIMEOUT, MAX_PAGE_SIZE, QUERY_CACHE_SIZE,
MAX_QUERY_DEPTH, MAX_QUERY_COST, MAX_ALIASES, MAX_QUERY_TOKENS, MAX_BODY_BYTES, INTROSPECTION,
APQ_CACHE_SIZE, RATE_LIMIT_PER_MINUTE, TRUSTED_PROXIES, CORS_ALLOWED_ORIGINS, API_KEYS,
READS_REQUIRE_KEY, METRICS, OTEL_TRACES_EXPORTER (see the README's operations section).`

func main() {
	runtime.MemProfileRate = memProfileRate(os.Getenv("DEBUG_ADDR"), runtime.MemProfileRate)
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
	if args[0] == "apikey" { // needs no configuration
		return apikey(args[1:])
	}
	cfg, err := server.FromEnv()
	if err != nil {
		return err
	}
	force := args[0] == "seed" && len(args) == 2 && args[1] == "-force"
	reset := args[0] == "seed" && len(args) == 2 && args[1] == "-reset"
	if args[0] != "import" && len(args) != 1 && !force && !reset {
		return errors.New(usage)
	}
	if args[0] != "healthcheck" {
		if os.Getenv("NEO4J_URI") == "" { // as server.FromEnv reads it: empty is unset
			if uri, from := localNeo4j(); uri != "" {
				cfg.Neo4j.URI = uri
				fmt.Fprintf(os.Stderr, "mineralgraph: NEO4J_URI is not set: using %s, the local Neo4j make started last (%s)\n", uri, from)
			}
		}
	}
	switch args[0] {
	case "serve":
		return server.Run(ctx, cfg, log, func(addr string) {
			fmt.Fprintf(os.Stderr, "mineralgraph: playground at http://%s/ , GraphQL at http://%s/graphql\n", displayAddr(addr), displayAddr(addr))
		})
	case "seed":
		return seed(ctx, cfg, force, reset)
	case "import":
		return runImport(ctx, args[1:], cfg)
	case "healthcheck":
		return healthcheck(ctx, cfg.HTTPAddr)
	default:
		return errors.New(usage)
	}
}

// memProfileRate is the heap profiler's sampling rate: Go's (rate) when the profiler is served
// (DEBUG_ADDR, which is where a heap profile can be read), else off. Sampling keeps a record
// of every distinct allocation stack it meets, for good: in `make soak` that table grew from
// 1.4 to 3.2 MiB in five minutes, the one growth of the server's memory, for a profile nobody
// could read. It is set first thing in main, as the runtime asks.
func memProfileRate(debugAddr string, rate int) int {
	if debugAddr == "" {
		return 0
	}
	return rate
}

// localNeo4j returns the Bolt URI of the local Neo4j that make started last in this checkout:
// the last line of local-neo4j beside the executable (bin/), which `make neo4j-start` keeps;
// "" when there is none.
func localNeo4j() (uri, file string) {
	exe, err := os.Executable()
	if err != nil {
		return "", ""
	}
	file = filepath.Join(filepath.Dir(exe), "local-neo4j")
	b, err := os.ReadFile(file)
	if err != nil {
		return "", ""
	}
	lines := strings.Fields(string(b))
	if len(lines) == 0 {
		return "", ""
	}
	return lines[len(lines)-1], file
}

// seed loads the curated dataset. When the graph records that this very build (the same
// curated files and the same program, hence the same loading code) loaded it completely,
// there is nothing to do, which keeps `make run` quick; -force loads anyway. -reset first
// deletes every record, if the database holds nothing mineralgraph did not write.
func seed(ctx context.Context, cfg server.Config, force, reset bool) error {
	d, err := dataset.Curated()
	if err != nil {
		return err
	}
	fingerprint, err := buildFingerprint()
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	s, err := server.OpenStore(ctx, cfg, "seed")
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	if reset {
		nodes, _, err := s.GraphSize(ctx)
		if err != nil {
			return fmt.Errorf("seed -reset: %w", err)
		}
		if err := s.ResetGraph(ctx); err != nil {
			return fmt.Errorf("seed -reset: %s: %w", cfg.Neo4j.URI, err)
		}
		fmt.Fprintf(os.Stderr, "seed -reset: deleted the %d nodes of %s (what mineralgraph wrote there)\n", nodes, cfg.Neo4j.URI)
	}
	if !force && !reset {
		loaded, err := s.DatasetFingerprint(ctx, "curated")
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if loaded == fingerprint {
			fmt.Fprintf(os.Stderr, "seed: %s already holds the curated dataset of this build; nothing to do (seed -force reloads)\n", cfg.Neo4j.URI)
			return nil
		}
	}
	start := time.Now()
	stats, err := loadShowing(ctx, s, d.Records(), "seed")
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := s.RecordDatasetFingerprint(ctx, "curated", fingerprint); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(os.Stderr, "seed: curated dataset loaded into %s in %s\n%s", cfg.Neo4j.URI, time.Since(start).Round(time.Millisecond), stats)
	return nil
}

// buildFingerprint digests the curated files and this program's executable.
func buildFingerprint() (string, error) {
	files, err := dataset.CuratedFingerprint()
	if err != nil {
		return "", err
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	h.Write([]byte(files))
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// apikey prints a new key once, for its holder, and the entry an operator adds to API_KEYS.
func apikey(args []string) error {
	if len(args) < 1 || len(args) > 2 || len(args) == 2 && args[1] != "write" {
		return errors.New("usage: mineralgraph apikey NAME [write]")
	}
	key, entry, err := server.NewAPIKey(args[0], len(args) == 2)
	if err != nil {
		return err
	}
	fmt.Printf("key (give it to %s; it is not stored anywhere):\n  %s\n", args[0], key)
	fmt.Printf("API_KEYS entry (add it to the server's configuration, comma-separated):\n  %s\n", entry)
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
