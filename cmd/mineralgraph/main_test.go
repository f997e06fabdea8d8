package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// closedPort is a loopback port nothing listens on: a Neo4j there cannot be reached, and the
// error names the address the command chose.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func TestLocalNeo4j(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	file := filepath.Join(filepath.Dir(exe), "local-neo4j") // as bin/local-neo4j beside bin/mineralgraph
	last, other := closedPort(t), closedPort(t)
	require.NoError(t, os.WriteFile(file, []byte("bolt://127.0.0.1:"+other+"\nbolt://127.0.0.1:"+last+"\n"), 0o644))
	t.Cleanup(func() { os.Remove(file) })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))

	t.Run("seed without NEO4J_URI uses the local Neo4j make started last", func(t *testing.T) {
		t.Setenv("NEO4J_URI", "")
		err := run(context.Background(), []string{"seed"}, log)
		require.ErrorContains(t, err, "cannot reach Neo4j at bolt://127.0.0.1:"+last)
	})

	t.Run("NEO4J_URI wins over it", func(t *testing.T) {
		t.Setenv("NEO4J_URI", "bolt://127.0.0.1:"+other)
		err := run(context.Background(), []string{"seed", "-reset"}, log)
		require.ErrorContains(t, err, "cannot reach Neo4j at bolt://127.0.0.1:"+other)
	})
}

func TestMemProfileRate(t *testing.T) {
	t.Run("samples the heap only when the profiler is served", func(t *testing.T) {
		require.Zero(t, memProfileRate("", 512*1024))
		require.Equal(t, 512*1024, memProfileRate("127.0.0.1:6060", 512*1024))
	})
}
