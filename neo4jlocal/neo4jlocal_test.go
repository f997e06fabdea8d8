package neo4jlocal

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
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

	t.Run("scopes an instance to the module root by default, so that every package's tests agree", func(t *testing.T) {
		o, err := Options{CacheDir: t.TempDir()}.withDefaults()
		require.NoError(t, err)
		root, err := filepath.Abs("..")
		require.NoError(t, err)
		require.Equal(t, root, o.Scope)
	})

	t.Run("gives two checkouts different homes for the same name", func(t *testing.T) {
		cache := t.TempDir()
		a, err := Options{CacheDir: cache, Name: "dev", Scope: "/src/one/mineralgraph"}.withDefaults()
		require.NoError(t, err)
		b, err := Options{CacheDir: cache, Name: "dev", Scope: "/src/two/mineralgraph"}.withDefaults()
		require.NoError(t, err)
		require.NotEqual(t, a.homeDir(), b.homeDir())
		require.Contains(t, a.homeDir(), filepath.Join("instances", "mineralgraph-"), "the folder says whose it is")
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
	bolt, http := confPorts(o.homeDir())
	require.Equal(t, [2]int{17687, 17474}, [2]int{bolt, http})

	t.Run("lets extra settings replace a default, never repeat it", func(t *testing.T) {
		o.Settings = map[string]string{"server.memory.heap.max_size": "2g", "db.logs.query.enabled": "OFF"}
		require.NoError(t, writeConfig(o))
		conf, err := os.ReadFile(filepath.Join(o.homeDir(), "conf", "neo4j.conf"))
		require.NoError(t, err)
		require.Equal(t, 1, strings.Count(string(conf), "server.memory.heap.max_size="))
		require.Contains(t, string(conf), "server.memory.heap.max_size=2g\n")
		require.Contains(t, string(conf), "db.logs.query.enabled=OFF\n")
	})
}

// fakeServer makes a live process that looks like the server of instance o (its command line
// names the entry point and o's home) and records it in o's pid file and configuration, as
// Start would; the process ends with the test.
func fakeServer(t *testing.T, o Options) int {
	t.Helper()
	o, err := o.withDefaults()
	require.NoError(t, err)
	require.NoError(t, writeConfig(o))
	cmd := exec.Command("sh", "-c", "sleep 600; :", entryPoint, homeFlag(o.homeDir()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	require.NoError(t, os.WriteFile(o.pidFile(), []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(o.scopeDir(), scopeFile), []byte(o.Scope+"\n"), 0o644))
	return cmd.Process.Pid
}

// fakeInstall makes the cache look installed, with a java that fails at once: tests of what
// Start refuses never get as far as a JVM.
func fakeInstall(t *testing.T, cache string) string {
	t.Helper()
	o, err := Options{CacheDir: cache}.withDefaults()
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(o.libDir(), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(o.libDir(), completeMarker), nil, 0o644))
	java := filepath.Join(cache, "java")
	require.NoError(t, os.WriteFile(java, []byte("#!/bin/sh\necho 'no JVM in this test'\nexit 1\n"), 0o755))
	return java
}

func TestInstancesStayApart(t *testing.T) {
	cache := t.TempDir()
	java := fakeInstall(t, cache)
	dev := Options{CacheDir: cache, Name: "dev", Scope: "/src/one/mineralgraph", BoltPort: 17101, Java: java}
	pid := fakeServer(t, dev)
	resolved, err := dev.withDefaults()
	require.NoError(t, err)

	t.Run("refuses at once to start an instance that runs on another port, naming its pid, port and data", func(t *testing.T) {
		o := dev
		o.BoltPort = 17102
		began := time.Now()
		_, err := Start(context.Background(), o, io.Discard)
		require.Less(t, time.Since(began), 5*time.Second)
		require.ErrorContains(t, err, fmt.Sprintf("already runs, as pid %d on Bolt port 17101 (not 17102)", pid))
		require.ErrorContains(t, err, resolved.homeDir())
	})

	t.Run("names the local instance that holds a port another start wants", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		port := l.Addr().(*net.TCPAddr).Port
		holder := Options{CacheDir: cache, Name: "test", Scope: "/src/one/mineralgraph", BoltPort: port, HTTPPort: 17199}
		holderPID := fakeServer(t, holder)
		other := Options{CacheDir: cache, Name: "dev", Scope: "/src/two/mineralgraph", BoltPort: port, HTTPPort: 17198, Java: java}
		_, err = Start(context.Background(), other, io.Discard)
		require.ErrorContains(t, err, fmt.Sprintf("port %d on 127.0.0.1 is in use by another local Neo4j: test of /src/one/mineralgraph: running as pid %d", port, holderPID))
	})

	t.Run("says when a port is held by something that is no local Neo4j", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		o := Options{CacheDir: cache, Name: "x", Scope: "/src/two/mineralgraph", BoltPort: l.Addr().(*net.TCPAddr).Port, HTTPPort: 17197, Java: java}
		_, err = Start(context.Background(), o, io.Discard)
		require.ErrorContains(t, err, "is in use by a process that is no local Neo4j of this cache")
	})

	t.Run("stops and wipes only the instance of the caller's checkout", func(t *testing.T) {
		other := Options{CacheDir: cache, Name: "dev", Scope: "/src/two/mineralgraph"}
		require.ErrorIs(t, Stop(other, io.Discard), ErrNotRunning)
		require.NoError(t, Wipe(other, io.Discard))
		require.True(t, alive(pid), "the other checkout's server still runs")
		_, err := os.Stat(resolved.homeDir())
		require.NoError(t, err, "and its data is still there")
	})

	t.Run("does not take a live process of another instance for its own", func(t *testing.T) {
		o, err := Options{CacheDir: cache, Name: "impostor", Scope: "/src/one/mineralgraph"}.withDefaults()
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(o.pidFile()), 0o755))
		require.NoError(t, os.WriteFile(o.pidFile(), []byte(strconv.Itoa(pid)+"\n"), 0o644))
		_, ok := running(o)
		require.False(t, ok)
	})

	t.Run("lists every instance of the cache with its scope, pid and ports", func(t *testing.T) {
		all, err := Instances(Options{CacheDir: cache})
		require.NoError(t, err)
		var found bool
		for _, i := range all {
			if i.Name == "dev" && i.Scope == "/src/one/mineralgraph" {
				found = true
				require.Equal(t, pid, i.PID)
				require.Equal(t, 17101, i.BoltPort)
			}
		}
		require.True(t, found, "%v", all)
	})
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
