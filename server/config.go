package server

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/httprate"
	"go.opentelemetry.io/otel/trace"

	mg "github.com/mineralgraph/mineralgraph"
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
	// QueryCacheSize is how many parsed queries the server keeps (QUERY_CACHE_SIZE, 1000).
	QueryCacheSize int
	// Limits bound each operation and request body (MAX_QUERY_DEPTH, MAX_QUERY_COST,
	// MAX_ALIASES, MAX_QUERY_TOKENS, MAX_BODY_BYTES); see Limits.
	Limits Limits
	// Introspection serves the schema to clients: GraphQL introspection, /schema.graphql and
	// the playground (INTROSPECTION, default true; false hides all three in production).
	Introspection bool
	// PersistedQueries is how many automatic persisted queries (APQ) the server remembers
	// (APQ_CACHE_SIZE, default 1000; 0 turns APQ off). Each replica remembers its own: a
	// client whose hash a replica does not know resends the query, as the protocol says.
	PersistedQueries int
	// TrustedDocumentsOnly runs only the persisted documents of the manifest (the explorer's
	// operations and the playground's examples) and refuses every other document with
	// PERSISTED_QUERY_NOT_IN_LIST (TRUSTED_DOCUMENTS_ONLY, default false). APQ is off then.
	TrustedDocumentsOnly bool
	// Manifest, when set in code, replaces the persisted-documents manifest built into the
	// binary with the explorer (EmbeddedManifest).
	Manifest *Manifest
	// CacheMaxAge is how long browsers and shared caches may keep the answer to a persisted
	// read sent with GET (CACHE_MAX_AGE, default 60s; 0 turns caching off). Every other answer
	// of /graphql is sent with Cache-Control: no-store.
	CacheMaxAge time.Duration
	// Explorer serves the explorer web app at /explore/ (EXPLORER, default true).
	Explorer bool
	// PersistedQueryCache, when set in code, replaces the in-process APQ cache with a shared
	// one (Redis, memcached) implementing gqlgen's graphql.Cache.
	PersistedQueryCache graphql.Cache[string]
	// RateLimit is how many requests one client address may make per minute
	// (RATE_LIMIT_PER_MINUTE, default 600; 0 turns it off). Counted per replica unless
	// RateLimitCounter is set.
	RateLimit int
	// RateLimitCounter, when set in code, shares the rate limit's counts between replicas.
	RateLimitCounter httprate.LimitCounter
	// TrustedProxies are the load balancers whose X-Forwarded-For names the client
	// (TRUSTED_PROXIES, comma-separated CIDRs or addresses; default none).
	TrustedProxies []netip.Prefix
	// CORSOrigins may call the API from a browser (CORS_ALLOWED_ORIGINS, comma-separated;
	// "*" for any; default none, which sends no CORS headers).
	CORSOrigins []string
	// APIKeys are the keys the server accepts (API_KEYS, "name:scope:sha256-hex,...", scope
	// read or write; default none, so mutations are refused). See ParseAPIKeys.
	APIKeys []APIKey
	// ReadsNeedKey closes reads to clients without a key (READS_REQUIRE_KEY, default false).
	ReadsNeedKey bool
	// Metrics serves Prometheus metrics at /metrics (METRICS, default true).
	Metrics bool
	// Tracing names the OpenTelemetry trace exporter (OTEL_TRACES_EXPORTER: "none", the
	// default, or "otlp", configured by the standard OTEL_EXPORTER_OTLP_* variables).
	Tracing string
	// TracerProvider, when set in code, receives the server's spans instead (tests, embedding).
	TracerProvider trace.TracerProvider
	// DebugAddr, when set, serves Go's profiler (net/http/pprof, /debug/pprof/) on its own
	// listener (DEBUG_ADDR, e.g. 127.0.0.1:6060; default none). Never the public port: keep
	// it on loopback or a private network.
	DebugAddr string
}

// Defaults returns the configuration used when the environment says nothing.
func Defaults() Config {
	return Config{
		HTTPAddr:         ":8080",
		Neo4j:            store.Config{URI: "bolt://127.0.0.1:7687", MaxPageSize: mg.MaxPageSize, QueryTimeout: 20 * time.Second},
		RequestTimeout:   20 * time.Second,
		QueryCacheSize:   1000,
		Limits:           DefaultLimits(),
		Introspection:    true,
		PersistedQueries: 1000,
		CacheMaxAge:      time.Minute,
		Explorer:         true,
		RateLimit:        600,
		Metrics:          true,
		Tracing:          "none",
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
	num0 := func(key string, into *int) {
		if v, ok := lookup(key); ok && v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a whole number, 0 to turn it off", key, v))
				return
			}
			*into = n
		}
	}
	boolean := func(key string, into *bool) {
		if v, ok := lookup(key); ok && v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: want true or false", key, v))
				return
			}
			*into = b
		}
	}
	list := func(key string) []string {
		v, _ := lookup(key)
		var out []string
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
		return out
	}
	num("QUERY_CACHE_SIZE", &c.QueryCacheSize)
	num("MAX_PAGE_SIZE", &c.Neo4j.MaxPageSize)
	num("MAX_QUERY_DEPTH", &c.Limits.MaxDepth)
	num("MAX_QUERY_COST", &c.Limits.MaxCost)
	num("MAX_ALIASES", &c.Limits.MaxAliases)
	num("MAX_QUERY_TOKENS", &c.Limits.MaxTokens)
	var body int
	if num("MAX_BODY_BYTES", &body); body > 0 {
		c.Limits.MaxBodyBytes = int64(body)
	}
	boolean("INTROSPECTION", &c.Introspection)
	num0("APQ_CACHE_SIZE", &c.PersistedQueries)
	boolean("TRUSTED_DOCUMENTS_ONLY", &c.TrustedDocumentsOnly)
	boolean("EXPLORER", &c.Explorer)
	if v, ok := lookup("CACHE_MAX_AGE"); ok && v != "" {
		d, err := time.ParseDuration(v)
		if v == "0" {
			d, err = 0, nil
		}
		if err != nil || d < 0 {
			errs = append(errs, fmt.Errorf("CACHE_MAX_AGE=%q: want a duration such as 60s, or 0 to turn caching off", v))
		} else {
			c.CacheMaxAge = d
		}
	}
	num0("RATE_LIMIT_PER_MINUTE", &c.RateLimit)
	for _, p := range list("TRUSTED_PROXIES") {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %q is neither an address nor a CIDR", p))
				continue
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}
	c.CORSOrigins = list("CORS_ALLOWED_ORIGINS")
	if v, ok := lookup("API_KEYS"); ok && v != "" {
		keys, err := ParseAPIKeys(v)
		if err != nil {
			errs = append(errs, err)
		}
		c.APIKeys = keys
	}
	boolean("READS_REQUIRE_KEY", &c.ReadsNeedKey)
	boolean("METRICS", &c.Metrics)
	str("OTEL_TRACES_EXPORTER", &c.Tracing)
	str("DEBUG_ADDR", &c.DebugAddr)
	if c.Tracing != "none" && c.Tracing != "otlp" {
		errs = append(errs, fmt.Errorf("OTEL_TRACES_EXPORTER=%q: want none or otlp", c.Tracing))
	}
	if c.ReadsNeedKey && len(c.APIKeys) == 0 {
		errs = append(errs, fmt.Errorf("READS_REQUIRE_KEY=true but API_KEYS is empty: no request could be served"))
	}
	c.Neo4j.QueryTimeout = c.RequestTimeout
	if len(errs) > 0 {
		return c, fmt.Errorf("server: bad configuration: %v", errs)
	}
	return c, nil
}
