package neo4jlocal

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestOptions(t *testing.T) {
	t.Run("fills every default and derives the HTTP port from the Bolt port", func(t *testing.T) {
		o, err := Options{CacheDir: t.TempDir(), BoltPort: 7688}.withDefaults()
		require.NoError(t, err)
		require.Equal(t, "dev", o.Name)
		require.Equal(t, 7475, o.HTTPPort)
		require.Equal(t, "bolt://127.0.0.1:7688", o.BoltURI())
		require.Equal(t, filepath.Join(o.CacheDir, "neo4j-"+Version, "lib"), o.libDir())
	})

	t.Run("refuses an instance name that could escape the cache", func(t *testing.T) {
		_, err := Options{CacheDir: t.TempDir(), Name: "../etc"}.withDefaults()
		require.ErrorContains(t, err, "instance name")
	})
}

func TestWriteConfig(t *testing.T) {
	o, err := Options{CacheDir: t.TempDir(), Name: "t", BoltPort: 17687}.withDefaults()
	require.NoError(t, err)
	require.NoError(t, writeConfig(o))
	conf, err := os.ReadFile(filepath.Join(o.homeDir(), "conf", "neo4j.conf"))
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(conf)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		key, _, ok := strings.Cut(line, "=")
		require.True(t, ok, line)
		require.False(t, seen[key], "Neo4j refuses a repeated key: %s", key)
		seen[key] = true
	}
	require.Contains(t, string(conf), "server.bolt.listen_address=127.0.0.1:17687\n")
	require.Contains(t, string(conf), "server.default_listen_address=127.0.0.1\n", "never listen beyond loopback")
}

func TestStartFailure(t *testing.T) {
	// A fake Java that prints like a server and dies: Start must give up at once and show
	// the log, not wait out its timeout.
	cache := t.TempDir()
	o := Options{CacheDir: cache, Name: "broken", BoltPort: 17999, StartTimeout: time.Minute}
	resolved, err := o.withDefaults()
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(resolved.libDir(), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(resolved.libDir(), completeMarker), nil, 0o644))
	fake := filepath.Join(cache, "java")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho 'ERROR Invalid memory configuration' \nexit 1\n"), 0o755))
	o.Java = fake

	began := time.Now()
	_, err = Start(context.Background(), o, io.Discard)
	require.Error(t, err)
	require.Less(t, time.Since(began), 10*time.Second)
	require.ErrorContains(t, err, "exited while starting")
	require.ErrorContains(t, err, "Invalid memory configuration")
	_, running, err := Status(o)
	require.NoError(t, err)
	require.False(t, running)
}

// TestComposeVersion keeps docker-compose.yml on the release line of Version, so that Docker
// users and everyone else run the same Neo4j.
func TestComposeVersion(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docker-compose.yml"))
	require.NoError(t, err)
	m := regexp.MustCompile(`image: neo4j:(\d+\.\d+)[.\d]*-community`).FindSubmatch(b)
	require.NotNil(t, m, "docker-compose.yml runs no neo4j:<version>-community image")
	require.True(t, strings.HasPrefix(Version, string(m[1])+"."), "compose runs Neo4j %s, neo4jlocal %s", m[1], Version)
}
