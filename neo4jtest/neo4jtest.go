// Package neo4jtest gives integration tests a real Neo4j of their own, by the first route that
// works:
//
//  1. the server TEST_NEO4J_URI names (with TEST_NEO4J_USER, TEST_NEO4J_PASSWORD and
//     TEST_NEO4J_DATABASE when it needs them); `make test` starts a local one and sets it;
//  2. a testcontainers Neo4j container, when a Docker engine answers;
//  3. the local server of package neo4jlocal (instance "go-test-<port>" of this checkout, on
//     TEST_NEO4J_BOLT_PORT or 7689, left running for the next test run; stop it with
//     `go run ./cmd/neo4jlocal -name go-test-7689 stop`).
//
// Tests never read NEO4J_URI: that variable names the database a user serves the API from,
// and tests delete what their database holds. Even so, whatever the route, they wipe only a
// database that is theirs: one that was empty when this package first used it and that it
// marked then (store.ClaimForTests). Any other database is refused, with a message naming it
// and saying how to point the tests elsewhere, and nothing in it is touched.
//
// When no route works, a test skips with a message, except under CI=true, where it fails: CI
// never passes on skipped integration tests.
//
// Tests of several packages may share one database, so the first use in a test binary takes an
// exclusive lock on that database (released when the binary exits): packages that touch Neo4j
// run one after another, the others still run in parallel.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jlocal"
	"github.com/mineralgraph/mineralgraph/store"
)

// Image is the Docker image of route 2: the release line of neo4jlocal.Version.
const Image = "neo4j:5.26-community"

var (
	mu     sync.Mutex
	uri    string // the URI found by the first call to URI
	route  string // which route gave it
	shared *store.Store
	seeded bool
	// lock holds the lock file of the shared database open until the process exits; were it
	// garbage collected, its finalizer would close it and release the lock.
	lock *os.File
)

// URI returns the Bolt URI of a Neo4j for tests, found by the routes above (once per test
// binary), skipping the test (or failing it under CI=true) when there is none.
func URI(tb testing.TB) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	if uri != "" {
		return uri
	}
	var problems []string
	if env := os.Getenv("TEST_NEO4J_URI"); env != "" {
		uri, route = env, "TEST_NEO4J_URI"
		return uri
	}
	if u, err := fromDocker(); err == nil {
		uri, route = u, "testcontainers"
		return uri
	} else {
		problems = append(problems, "Docker: "+err.Error())
	}
	if u, err := fromLocal(); err == nil {
		uri, route = u, "neo4jlocal"
		return uri
	} else {
		problems = append(problems, "local server: "+err.Error())
	}
	msg := fmt.Sprintf("neo4jtest: no Neo4j for integration tests (set TEST_NEO4J_URI, run a Docker engine, or install Java 17 and Maven): %v", problems)
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg + "; CI=true: integration tests must run")
	}
	tb.Skip(msg)
	return ""
}

// Route says which route gave the test binary its Neo4j: TEST_NEO4J_URI, testcontainers or
// neo4jlocal ("" before the first URI call).
func Route() string {
	mu.Lock()
	defer mu.Unlock()
	return route
}

// fromDocker starts a Neo4j container when a Docker engine answers. testcontainers' reaper
// removes it when the test binary exits.
func fromDocker() (string, error) {
	provider, err := testcontainers.NewDockerProvider()
	if err != nil {
		return "", err
	}
	defer provider.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := provider.Health(ctx); err != nil {
		return "", fmt.Errorf("no Docker engine answers: %w", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := tcneo4j.Run(ctx, Image, tcneo4j.WithoutAuthentication())
	if err != nil {
		return "", err
	}
	return c.BoltUrl(ctx)
}

// fromLocal starts (or finds running) the local Neo4j instance "go-test-<port>" of this
// checkout. Its Bolt port is TEST_NEO4J_BOLT_PORT, or 7689.
func fromLocal() (string, error) {
	port := 7689
	if p, err := strconv.Atoi(os.Getenv("TEST_NEO4J_BOLT_PORT")); err == nil {
		port = p
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := neo4jlocal.Start(ctx, neo4jlocal.Options{Name: "go-test-" + strconv.Itoa(port), BoltPort: port}, io.Discard)
	if err != nil {
		return "", err
	}
	return s.URI(), nil
}

// MustStore returns a store connected to the test database, shared by the tests of this
// binary. The database's content is whatever the last test left; see Seeded and Empty.
func MustStore(tb testing.TB) *store.Store {
	tb.Helper()
	u := URI(tb)
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		return shared
	}
	l := lockDatabase(tb, u)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := openOwn(ctx, store.Config{
		URI: u, User: os.Getenv("TEST_NEO4J_USER"), Password: os.Getenv("TEST_NEO4J_PASSWORD"), Database: os.Getenv("TEST_NEO4J_DATABASE"),
	})
	if err != nil {
		l.Close() // a binary that will not use the database holds no lock on it
		tb.Fatal(err)
	}
	shared, lock = s, l
	return s
}

// openOwn opens the database of cfg and makes it the tests' own (store.ClaimForTests), or
// explains, naming it, why the tests will not use it.
func openOwn(ctx context.Context, cfg store.Config) (*store.Store, error) {
	s, err := store.Open(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("neo4jtest: cannot open %s: %w", cfg.URI, err)
	}
	if err := s.ClaimForTests(ctx); err != nil {
		s.Close(context.Background())
		if mg.Code(err) != mg.ECONFLICT {
			return nil, fmt.Errorf("neo4jtest: %s: %w", cfg.URI, err)
		}
		return nil, fmt.Errorf("neo4jtest: refusing the Neo4j at %s: %s.\n"+
			"Tests delete what their database holds, so they take only an empty one, and never read NEO4J_URI. "+
			"Point them at an empty database with TEST_NEO4J_URI (and TEST_NEO4J_USER, TEST_NEO4J_PASSWORD, TEST_NEO4J_DATABASE), "+
			"or unset it to let `make test` start a local Neo4j of its own", cfg.URI, mg.Message(err))
	}
	return s, nil
}

// Seeded returns the shared store holding exactly the curated dataset (loaded once per test
// binary, again after a test used Empty).
func Seeded(tb testing.TB) *store.Store {
	tb.Helper()
	s := MustStore(tb)
	mu.Lock()
	defer mu.Unlock()
	if seeded {
		return s
	}
	d, err := dataset.Curated()
	if err != nil {
		tb.Fatalf("neo4jtest: curated dataset: %v", err)
	}
	ctx := context.Background()
	if err := s.ResetTestDatabase(ctx); err != nil {
		tb.Fatalf("neo4jtest: wipe: %v", err)
	}
	if _, err := s.Load(ctx, d.Records(), nil); err != nil {
		tb.Fatalf("neo4jtest: seed: %v", err)
	}
	seeded = true
	return s
}

// Empty returns the shared store with the database emptied, for tests that load their own
// data; the next Seeded call reloads the curated dataset.
func Empty(tb testing.TB) *store.Store {
	tb.Helper()
	s := MustStore(tb)
	mu.Lock()
	defer mu.Unlock()
	if err := s.ResetTestDatabase(context.Background()); err != nil {
		tb.Fatalf("neo4jtest: wipe: %v", err)
	}
	seeded = false
	return s
}

// Changed marks the shared database as changed by a test (a write through the API), so that
// the next Seeded reloads the curated dataset. Call it from t.Cleanup of tests that write.
func Changed() {
	mu.Lock()
	defer mu.Unlock()
	seeded = false
}

// lockDatabase takes the cross-process lock of the database at uri; the kernel releases it
// when the file is closed or the process exits.
func lockDatabase(tb testing.TB, uri string) *os.File {
	tb.Helper()
	sum := sha256.Sum256([]byte(uri))
	path := filepath.Join(os.TempDir(), "mineralgraph-neo4jtest-"+hex.EncodeToString(sum[:6])+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		tb.Fatalf("neo4jtest: lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		tb.Fatalf("neo4jtest: lock %s: %v", path, err)
	}
	return f
}
