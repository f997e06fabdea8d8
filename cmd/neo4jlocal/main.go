// Command neo4jlocal installs, starts, stops and wipes a local Neo4j Community server built
// from Maven Central jars, for machines without Docker.
//
//	neo4jlocal [flags] install|start|stop|status|wipe|logs|list
//
// An instance is known by its name and its scope (the checkout: by default the module root of
// the working directory), so stop and wipe never touch another checkout's instance. Flags may
// also come from the environment: NEO4J_LOCAL_NAME, NEO4J_BOLT_PORT, MINERALGRAPH_CACHE.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/neo4jlocal"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("neo4jlocal", flag.ContinueOnError)
	var opts neo4jlocal.Options
	fs.StringVar(&opts.Name, "name", envOr("NEO4J_LOCAL_NAME", "dev"), "instance name; each has its own data")
	fs.IntVar(&opts.BoltPort, "bolt-port", envInt("NEO4J_BOLT_PORT", 7687), "Bolt port on 127.0.0.1")
	fs.IntVar(&opts.HTTPPort, "http-port", 0, "HTTP port on 127.0.0.1 (default: bolt port - 213)")
	fs.StringVar(&opts.CacheDir, "cache", os.Getenv("MINERALGRAPH_CACHE"), "cache for jars and instances (default: user cache dir)")
	fs.StringVar(&opts.Scope, "scope", "", "the checkout the instance belongs to (default: the module root of the working directory)")
	fs.StringVar(&opts.Heap, "heap", "1g", "JVM heap size")
	fs.StringVar(&opts.PageCache, "pagecache", "512m", "page cache size")
	fs.DurationVar(&opts.StartTimeout, "timeout", 90*time.Second, "how long to wait for the server to accept connections")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: neo4jlocal [flags] install|start|stop|status|wipe|logs|list\n\n"+
			"Runs Neo4j %s Community from Maven Central jars on 127.0.0.1. An instance is its name in\n"+
			"its scope (the checkout); list shows every instance of the cache, of every scope.\n\n", neo4jlocal.Version)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("neo4jlocal: expected one command")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch fs.Arg(0) {
	case "install":
		_, err := neo4jlocal.Install(ctx, opts, os.Stderr)
		return err
	case "start":
		s, err := neo4jlocal.Start(ctx, opts, os.Stderr)
		if err != nil {
			return err
		}
		fmt.Println(s.URI())
		return nil
	case "stop":
		err := neo4jlocal.Stop(opts, os.Stderr)
		if errors.Is(err, neo4jlocal.ErrNotRunning) {
			fmt.Fprintf(os.Stderr, "neo4jlocal: %q is not running\n", opts.Name)
			return nil
		}
		return err
	case "status":
		pid, ok, err := neo4jlocal.Status(opts)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("neo4jlocal: %q is not running", opts.Name)
		}
		fmt.Printf("neo4jlocal: %q running (pid %d)\n", opts.Name, pid)
		return nil
	case "list":
		all, err := neo4jlocal.Instances(opts)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			fmt.Fprintln(os.Stderr, "neo4jlocal: no instances in this cache")
		}
		for _, i := range all {
			fmt.Println(i)
		}
		return nil
	case "wipe":
		return neo4jlocal.Wipe(opts, os.Stderr)
	case "logs":
		o, err := neo4jlocal.Resolve(opts)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(o.LogFile())
		if err != nil {
			return err
		}
		_, err = os.Stdout.Write(b)
		return err
	default:
		fs.Usage()
		return fmt.Errorf("neo4jlocal: unknown command %q", fs.Arg(0))
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	if v := os.Getenv(key); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		fmt.Fprintf(os.Stderr, "neo4jlocal: ignoring %s=%q: not a number\n", key, v)
	}
	return def
}
