package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

// running is a server.Run in progress: its base URL, and stop, which cancels it and
// requires a clean return.
type running struct {
	base string
	stop func()
}

func startRun(t *testing.T, cfg server.Config, log *slog.Logger) running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, log, func(a string) { addr <- a }) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		cancel()
		t.Fatalf("Run returned before serving: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("Run did not start serving within 30s")
	}
	return running{base: base, stop: func() {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(20 * time.Second):
			t.Fatal("Run did not return within 20s of cancellation")
		}
	}}
}

func TestRun(t *testing.T) {
	neo4jtest.Seeded(t)
	cfg := server.Defaults()
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.Neo4j.URI = neo4jtest.URI(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	status := func(t *testing.T, url string) int {
		t.Helper()
		resp, err := http.Get(url)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}

	t.Run("says at start how many threads run Go code", func(t *testing.T) {
		// A value no default gives, so that logging the CPUs instead would fail.
		want := runtime.NumCPU() + 1
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(want))
		var buf bytes.Buffer
		r := startRun(t, cfg, slog.New(slog.NewJSONHandler(&buf, nil)))
		r.stop()
		var serving map[string]any
		for _, line := range strings.Split(buf.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "serving" {
				serving = m
			}
		}
		require.NotNil(t, serving, "no \"serving\" line in the log:\n%s", buf.String())
		require.Equal(t, float64(want), serving["procs"], "the serving line: %v", serving)
	})

	t.Run("serves until cancelled, then shuts down cleanly", func(t *testing.T) {
		r := startRun(t, cfg, log)
		require.Equal(t, http.StatusOK, status(t, r.base+"/readyz"))
		r.stop()
		_, err := http.Get(r.base + "/healthz")
		require.Error(t, err, "the listener must be closed after shutdown")
	})

	t.Run("serves the profiler on DEBUG_ADDR only, never on the API's port", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		debug := l.Addr().String()
		require.NoError(t, l.Close())
		withDebug := cfg
		withDebug.DebugAddr = debug
		r := startRun(t, withDebug, log)
		require.Equal(t, http.StatusOK, status(t, "http://"+debug+"/debug/pprof/"))
		require.Equal(t, http.StatusNotFound, status(t, r.base+"/debug/pprof/"))
		r.stop()
		_, err = http.Get("http://" + debug + "/debug/pprof/")
		require.Error(t, err, "the profiler's listener closes with the server")
	})

	t.Run("refuses to start when Neo4j cannot be reached, naming the URI", func(t *testing.T) {
		bad := cfg
		bad.Neo4j.URI = "bolt://127.0.0.1:1"
		err := server.Run(context.Background(), bad, log, nil)
		require.ErrorContains(t, err, "cannot reach Neo4j at bolt://127.0.0.1:1")
	})
}
