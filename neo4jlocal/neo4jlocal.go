// Package neo4jlocal provisions and runs a real Neo4j Community server from the jars that
// Neo4j publishes on Maven Central, for development and tests on machines without Docker.
//
// The server is the same kernel and Cypher runtime as the official Docker image of the same
// version; it is assembled with Maven (once, into a cache outside the repository), configured
// with a neo4j.conf written here, and started with the server's own entry point. Instances are
// named ("dev", "test") so that tests never wipe a developer's data.
package neo4jlocal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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

// libDir is where the server's jars for Version are copied.
func (o Options) libDir() string { return filepath.Join(o.CacheDir, "neo4j-"+Version, "lib") }

// homeDir is the instance's home: conf, data, logs, run, import, plugins.
func (o Options) homeDir() string { return filepath.Join(o.CacheDir, "instances", o.Name) }

func (o Options) pidFile() string { return filepath.Join(o.homeDir(), "run", "neo4j.pid") }

// LogFile is the file that receives the server's console output.
func (o Options) LogFile() string { return filepath.Join(o.homeDir(), "logs", "console.log") }

// BoltURI is the address a driver uses to reach the instance.
func (o Options) BoltURI() string { return "bolt://127.0.0.1:" + strconv.Itoa(o.BoltPort) }

// ErrNotRunning is returned by Stop when the instance has no live process.
var ErrNotRunning = errors.New("neo4jlocal: instance is not running")

// Resolve returns opts with every default filled in, as Start would use them.
func Resolve(opts Options) (Options, error) { return opts.withDefaults() }
