// Package neo4jtest gives integration tests a real Neo4j: the server named by NEO4J_URI
// (`make test` starts a local one and sets it). Without NEO4J_URI a test skips with a message,
// except under CI=true, where it fails: CI never passes on skipped integration tests.
//
// Tests of several packages share one database, so the first use in a test binary takes an
// exclusive lock on that database (released when the binary exits): packages that touch Neo4j
// run one after another, the others still run in parallel.
package neo4jtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/store"
)

var (
	mu     sync.Mutex
	shared *store.Store
	seeded bool
	// lock holds the database lock file open; were it garbage collected, its finalizer would
	// close it and release the lock.
	lock *os.File
)

// URI returns the Neo4j URI tests use, skipping the test (or failing it under CI=true) when
// none is configured.
func URI(tb testing.TB) string {
	tb.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("neo4jtest: NEO4J_URI is not set and CI=true: integration tests must run in CI (use `make test`)")
		}
		tb.Skip("neo4jtest: NEO4J_URI is not set; run `make test`, or start Neo4j with `make neo4j-start` and set NEO4J_URI")
	}
	return uri
}

// MustStore returns a store connected to the test database, shared by the tests of this
// binary. The database's content is whatever the last test left; see Seeded and Empty.
func MustStore(tb testing.TB) *store.Store {
	tb.Helper()
	uri := URI(tb)
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		return shared
	}
	lockDatabase(tb, uri)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, store.Config{
		URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE"),
	})
	if err != nil {
		tb.Fatalf("neo4jtest: cannot open %s: %v", uri, err)
	}
	shared = s
	return s
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
	if err := s.DeleteAll(ctx); err != nil {
		tb.Fatalf("neo4jtest: wipe: %v", err)
	}
	if _, err := s.Load(ctx, d, nil); err != nil {
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
	if err := s.DeleteAll(context.Background()); err != nil {
		tb.Fatalf("neo4jtest: wipe: %v", err)
	}
	seeded = false
	return s
}

// lockDatabase takes the cross-process lock of the database at uri for the rest of the
// process's life; the kernel releases it when the process exits.
func lockDatabase(tb testing.TB, uri string) {
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
	lock = f // stays open until the process exits
}
