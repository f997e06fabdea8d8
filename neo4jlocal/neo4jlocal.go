// Package neo4jlocal provisions and runs a real Neo4j Community server from the jars that
// Neo4j publishes on Maven Central, for development and tests on machines without Docker.
//
// The server is the same kernel and Cypher runtime as the official Docker image of the same
// version; it is assembled with Maven (once, into a cache outside the repository), configured
// with a neo4j.conf written here, and started with the server's own entry point.
//
// An instance is named ("dev-7687", "test-7688") and belongs to a scope, normally the checkout
// it was started from: instances of two checkouts never share data, whatever their names, and
// stop and wipe act only on the instance of the caller's scope. One instance runs on one port:
// starting it on another while it runs fails at once, naming its pid, port and data folder.
package neo4jlocal

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Version is the Neo4j release this project runs. It is pinned here and nowhere else for the
// local server; docker-compose.yml uses the same version, and a test checks that they agree.
const Version = "5.26.30"

// dependencyPluginVersion pins the Maven plugin that copies the server's jars.
const dependencyPluginVersion = "3.8.1"

// Options says where an instance lives and how it listens. The zero value is usable: every
// field has a default (see withDefaults).
type Options struct {
	// Name of the instance; each name has its own data, logs and configuration. Default "dev".
	Name string
	// Scope is the directory the instance belongs to, normally a checkout: instances of
	// different scopes never share data, whatever their names. Default: the nearest directory
	// at or above the working directory that holds a go.mod, else the working directory.
	Scope string
	// CacheDir holds the downloaded jars and the instances. Default: $MINERALGRAPH_CACHE, else
	// the user cache directory (for example ~/.cache/mineralgraph).
	CacheDir string
	// BoltPort is the loopback port for Bolt. Default 7687.
	BoltPort int
	// HTTPPort is the loopback port for Neo4j's HTTP API and Browser. Default BoltPort-213
	// (7474 for 7687), so that two instances with different Bolt ports never collide.
	HTTPPort int
	// Heap is the JVM heap size (initial and maximum), in Neo4j's notation. Default "1g".
	Heap string
	// PageCache is the page cache size. Default "512m".
	PageCache string
	// StartTimeout bounds the wait for the server to accept Bolt connections. Default 90s.
	StartTimeout time.Duration
	// Java is the java executable. Default $JAVA_HOME/bin/java when JAVA_HOME is set, else
	// "java" from PATH.
	Java string
	// Settings are extra neo4j.conf settings; one with the key of a default replaces it (Neo4j
	// refuses a repeated key). Neo4j validates them strictly: an unknown key stops the server.
	Settings map[string]string
}

func (o Options) withDefaults() (Options, error) {
	if o.Name == "" {
		o.Name = "dev"
	}
	if o.CacheDir == "" {
		o.CacheDir = os.Getenv("MINERALGRAPH_CACHE")
	}
	if o.CacheDir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return o, fmt.Errorf("neo4jlocal: no cache directory (set MINERALGRAPH_CACHE): %w", err)
		}
		o.CacheDir = filepath.Join(base, "mineralgraph")
	}
	abs, err := filepath.Abs(o.CacheDir)
	if err != nil {
		return o, fmt.Errorf("neo4jlocal: cache directory: %w", err)
	}
	o.CacheDir = abs
	if o.Scope == "" {
		if o.Scope, err = defaultScope(); err != nil {
			return o, err
		}
	}
	if o.Scope, err = filepath.Abs(o.Scope); err != nil {
		return o, fmt.Errorf("neo4jlocal: scope: %w", err)
	}
	if o.BoltPort == 0 {
		o.BoltPort = 7687
	}
	if o.HTTPPort == 0 {
		o.HTTPPort = o.BoltPort - 213
	}
	if o.BoltPort < 1 || o.BoltPort > 65535 || o.HTTPPort < 1 || o.HTTPPort > 65535 || o.BoltPort == o.HTTPPort {
		return o, fmt.Errorf("neo4jlocal: bad ports bolt=%d http=%d", o.BoltPort, o.HTTPPort)
	}
	if o.Heap == "" {
		o.Heap = "1g"
	}
	if o.PageCache == "" {
		o.PageCache = "512m"
	}
	if o.StartTimeout == 0 {
		o.StartTimeout = 90 * time.Second
	}
	if o.Java == "" {
		o.Java = "java"
		if home := os.Getenv("JAVA_HOME"); home != "" {
			o.Java = filepath.Join(home, "bin", "java")
		}
	}
	if !validName(o.Name) {
		return o, fmt.Errorf("neo4jlocal: instance name %q: use letters, digits, '-' and '_'", o.Name)
	}
	return o, nil
}

func validName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return s != ""
}

// defaultScope is the module root of the working directory (the nearest directory holding a
// go.mod), so that make, go test in any package and go run in one checkout agree; the working
// directory itself outside a module.
func defaultScope() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("neo4jlocal: scope: %w", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return wd, nil
		}
	}
}

// libDir is where the server's jars for Version are copied.
func (o Options) libDir() string { return filepath.Join(o.CacheDir, "neo4j-"+Version, "lib") }

// scopeDir holds the instances of o's scope: its folder name is readable (the scope's base
// name) and unique (a digest of its path).
func (o Options) scopeDir() string {
	sum := sha256.Sum256([]byte(o.Scope))
	base := strings.Map(func(r rune) rune {
		if validName(string(r)) {
			return r
		}
		return '_'
	}, filepath.Base(o.Scope))
	return filepath.Join(o.CacheDir, "instances", base+"-"+hex.EncodeToString(sum[:5]))
}

// homeDir is the instance's home: conf, data, logs, run, import, plugins.
func (o Options) homeDir() string { return filepath.Join(o.scopeDir(), o.Name) }

func (o Options) pidFile() string { return pidFileAt(o.homeDir()) }

func pidFileAt(home string) string { return filepath.Join(home, "run", "neo4j.pid") }

// LogFile is the file that receives the server's console output.
func (o Options) LogFile() string { return filepath.Join(o.homeDir(), "logs", "console.log") }

// BoltURI is the address a driver uses to reach the instance.
func (o Options) BoltURI() string { return "bolt://127.0.0.1:" + strconv.Itoa(o.BoltPort) }

// ErrNotRunning is returned by Stop when the instance has no live process.
var ErrNotRunning = errors.New("neo4jlocal: instance is not running")

// Resolve returns opts with every default filled in, as Start would use them.
func Resolve(opts Options) (Options, error) { return opts.withDefaults() }
