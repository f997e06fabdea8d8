package server

import (
	"fmt"
	"os"
	"strconv"
	"time"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/loaders"
	"github.com/mineralgraph/mineralgraph/store"
)

// Config is everything the server can be told. Defaults suit a laptop; every field can be set
// from the environment (see FromEnv), which is how containers and CI configure it.
type Config struct {
	// HTTPAddr is where the API listens (HTTP_ADDR, default ":8080").
	HTTPAddr string
	// Neo4j says how to reach the graph: NEO4J_URI (default bolt://127.0.0.1:7687; use
	// neo4j:// for a cluster or Aura), NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.
	Neo4j store.Config
	// RequestTimeout bounds each GraphQL request, including its Neo4j transactions
	// (REQUEST_TIMEOUT, default 20s).
	RequestTimeout time.Duration
	// LoaderWait is how long loaders gather keys before querying (LOADER_WAIT, default 2ms).
	LoaderWait time.Duration
	// QueryCacheSize is how many parsed queries the server keeps (QUERY_CACHE_SIZE, 1000).
	QueryCacheSize int
}

// Defaults returns the configuration used when the environment says nothing.
func Defaults() Config {
	return Config{
		HTTPAddr:       ":8080",
		Neo4j:          store.Config{URI: "bolt://127.0.0.1:7687", MaxPageSize: mg.MaxPageSize, QueryTimeout: 20 * time.Second},
		RequestTimeout: 20 * time.Second,
		LoaderWait:     loaders.DefaultWait,
		QueryCacheSize: 1000,
	}
}

// FromEnv returns Defaults overridden by the environment; a malformed value is an error that
// names the variable, never silently ignored.
func FromEnv() (Config, error) {
	return fromLookup(os.LookupEnv)
}

func fromLookup(lookup func(string) (string, bool)) (Config, error) {
	c := Defaults()
	str := func(key string, into *string) {
		if v, ok := lookup(key); ok && v != "" {
			*into = v
		}
	}
	var errs []error
	dur := func(key string, into *time.Duration) {
		if v, ok := lookup(key); ok && v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a positive duration such as 20s or 2ms", key, v))
				return
			}
			*into = d
		}
	}
	num := func(key string, into *int) {
		if v, ok := lookup(key); ok && v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a positive whole number", key, v))
				return
			}
			*into = n
		}
	}
	str("HTTP_ADDR", &c.HTTPAddr)
	str("NEO4J_URI", &c.Neo4j.URI)
	str("NEO4J_USER", &c.Neo4j.User)
	str("NEO4J_PASSWORD", &c.Neo4j.Password)
	str("NEO4J_DATABASE", &c.Neo4j.Database)
	dur("REQUEST_TIMEOUT", &c.RequestTimeout)
	dur("LOADER_WAIT", &c.LoaderWait)
	num("QUERY_CACHE_SIZE", &c.QueryCacheSize)
	num("MAX_PAGE_SIZE", &c.Neo4j.MaxPageSize)
	c.Neo4j.QueryTimeout = c.RequestTimeout
	if len(errs) > 0 {
		return c, fmt.Errorf("server: bad configuration: %v", errs)
	}
	return c, nil
}
