// Package store owns every line of Cypher in mineralgraph: it reads the knowledge graph for
// the API and writes datasets into it, through one Neo4j driver. It speaks the domain types
// of package mineralgraph and knows nothing of GraphQL.
//
// Reads run in read transactions routed to readers, so the same code works against one
// server (bolt://) and a cluster or Aura (neo4j://, reads served by followers). Every query is
// parameterised; labels, relationship types and sort keys come from constants in this package.
package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://host:7687 for one server, neo4j://host:7687 for a cluster or Aura
	User     string // empty: no authentication
	Password string
	Database string // empty: the server's default database
	// MaxPageSize caps PageArgs.First; 0 means mineralgraph.MaxPageSize.
	MaxPageSize int
	// QueryTimeout bounds each transaction on the server when the context has no deadline;
	// 0 means 30s. A context deadline, when earlier, wins.
	QueryTimeout time.Duration
}

// MaxConnectionPoolSize is the most connections one Store holds to each Neo4j server; a
// request waits up to 10 s for a free one before failing with EUNAVAILABLE.
const MaxConnectionPoolSize = 100

// Store reads and writes the knowledge graph. It is safe for concurrent use; one Store (one
// driver and its connection pool) serves a whole process.
type Store struct {
	driver  neo4j.DriverWithContext
	db      string
	maxPage int
	timeout time.Duration
	queries atomic.Int64 // Cypher round trips since Open, for metrics and tests
	brk     breaker
}

// Open connects to Neo4j and verifies that it answers. It fails with EUNAVAILABLE when the
// server cannot be reached and EINVALID when the configuration is malformed.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, mg.Invalid("store: NEO4J_URI is empty")
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *neo4j.Config) {
		c.MaxConnectionPoolSize = MaxConnectionPoolSize
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.SocketConnectTimeout = 5 * time.Second
		c.UserAgent = "mineralgraph"
		// Managed transactions retry transient failures for at most this long; during an
		// outage a request then fails with EUNAVAILABLE instead of waiting out its deadline.
		c.MaxTransactionRetryTime = 5 * time.Second
	})
	if err != nil {
		return nil, &mg.Error{Code: mg.EINVALID, Op: "store.Open", Message: "bad Neo4j URI " + cfg.URI, Err: err}
	}
	s := &Store{driver: driver, db: cfg.Database, maxPage: cfg.MaxPageSize, timeout: cfg.QueryTimeout}
	s.brk = breaker{probe: s.Ping, probeEvery: 250 * time.Millisecond}
	if s.maxPage <= 0 {
		s.maxPage = mg.MaxPageSize
	}
	if s.timeout <= 0 {
		s.timeout = 30 * time.Second
	}
	if err := s.Ping(ctx); err != nil {
		driver.Close(context.Background())
		return nil, err
	}
	return s, nil
}

// Close releases the driver and its connections.
func (s *Store) Close(ctx context.Context) error { return s.driver.Close(ctx) }

// Ping checks that Neo4j answers a query in the store's database now (with neo4j://, through
// the cluster's routing), without retrying: a server that accepts connections while its
// database is still starting or recovering is not ready. It returns EUNAVAILABLE when it
// does not answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return classify("store.Ping", err)
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.db})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, "RETURN 1", nil, neo4j.WithTxTimeout(2*time.Second))
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		err = classify("store.Ping", err)
		if mg.Code(err) == mg.EINTERNAL { // the database exists but cannot serve: not ready
			err = &mg.Error{Code: mg.EUNAVAILABLE, Op: "store.Ping", Message: "the graph database is unavailable; retry later", Err: err}
		}
		return err
	}
	return nil
}

// GraphSize returns how many nodes and relationships the graph holds (from Neo4j's count
// store: instant whatever the size).
func (s *Store) GraphSize(ctx context.Context) (nodes, relationships int64, err error) {
	recs, err := s.read(ctx, "store.GraphSize", `CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships`, nil)
	if err != nil {
		return 0, 0, err
	}
	n, err := intValue(recs[0], "nodes")
	if err != nil {
		return 0, 0, err
	}
	r, err := intValue(recs[0], "relationships")
	return int64(n), int64(r), err
}

// MaxPageSize is the largest page a list call accepts.
func (s *Store) MaxPageSize() int { return s.maxPage }

// QueryCount is the number of Cypher round trips the store has made since Open.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// QueryLog records the Cypher round trips made on behalf of one request, by operation name,
// with the query sent. Tests use it to prove that a GraphQL query costs a fixed number of
// round trips, and to PROFILE the Cypher a query compiles to.
type QueryLog struct {
	mu      sync.Mutex
	ops     []string
	queries []Query
}

// Query is one Cypher round trip as the store sent it.
type Query struct {
	Op     string
	Cypher string
	Params map[string]any
}

// Queries returns the round trips recorded so far, in the order they began.
func (l *QueryLog) Queries() []Query {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Query(nil), l.queries...)
}

// Ops returns the operations recorded so far, sorted, so that batches that ran concurrently
// compare equal whatever their order.
func (l *QueryLog) Ops() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]string(nil), l.ops...)
	sort.Strings(out)
	return out
}

type queryLogKey struct{}

// WithQueryLog returns a context in which every Cypher round trip the store makes is also
// recorded in l.
func WithQueryLog(ctx context.Context, l *QueryLog) context.Context {
	return context.WithValue(ctx, queryLogKey{}, l)
}

// Observer is told of every Cypher round trip made under a context that carries it (see
// WithObserver): it is called as the round trip starts with the store operation's name
// ("store.Minerals"), and the function it returns is called with the outcome when it ends.
// The server uses it for latency metrics and trace spans; the store knows neither.
type Observer func(ctx context.Context, op string) (done func(err error))

type observerKey struct{}

// WithObserver returns a context under which every Cypher round trip is reported to o.
func WithObserver(ctx context.Context, o Observer) context.Context {
	return context.WithValue(ctx, observerKey{}, o)
}

// begin counts a round trip and reports it to the context's QueryLog and Observer; the
// caller calls the returned function with the round trip's outcome.
func (s *Store) begin(ctx context.Context, op, cypher string, params map[string]any) func(error) {
	s.queries.Add(1)
	if l, ok := ctx.Value(queryLogKey{}).(*QueryLog); ok {
		l.mu.Lock()
		l.ops = append(l.ops, op)
		l.queries = append(l.queries, Query{Op: op, Cypher: cypher, Params: params})
		l.mu.Unlock()
	}
	if o, ok := ctx.Value(observerKey{}).(Observer); ok && o != nil {
		return o(ctx, op)
	}
	return func(error) {}
}

// read runs one read-only query and returns its records. Every read is a single statement,
// so it runs as an auto-commit transaction in read access mode: routed to a reader in a
// cluster, refused by Neo4j if it tried to write, and causally after this process's writes
// (it shares the bookmark manager the writes use). An explicit transaction would add BEGIN
// and COMMIT, two more Bolt messages for nothing: without them the headline query ran 18%
// more requests per second with 20-27% less client CPU (driver alone, 8 clients, two runs).
// Transient failures are retried, as a managed transaction would, but at most readAttempts
// times and within the request's deadline.
func (s *Store) read(ctx context.Context, op, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return roundTrip(ctx, s, op, cypher, params, func() ([]*neo4j.Record, error) {
		for attempt := 1; ; attempt++ {
			recs, err := s.autocommit(ctx, cypher, params)
			if err == nil || attempt == readAttempts || !neo4j.IsRetryable(err) || outOfTime(err) || !pause(ctx, retryPause<<attempt) {
				return recs, err
			}
		}
	})
}

// roundTrip brackets one round trip to Neo4j (call): it counts it and reports it to the
// context's QueryLog and Observer, lets the breaker refuse it at once while Neo4j is
// unreachable, and on failure tells the breaker and turns the driver's error into the
// domain's vocabulary (classify).
func roundTrip[T any](ctx context.Context, s *Store, op, cypher string, params map[string]any, call func() (T, error)) (T, error) {
	var zero T
	done := s.begin(ctx, op, cypher, params)
	if err := s.brk.allow(ctx); err != nil {
		done(err)
		return zero, err
	}
	v, err := call()
	if err != nil {
		s.brk.record(err)
		err = classify(op, err)
		done(err)
		return zero, err
	}
	done(nil)
	return v, nil
}

// readAttempts bounds the tries of a read; retryPause<<n is the pause after the n-th.
const (
	readAttempts = 3
	retryPause   = 10 * time.Millisecond
)

// autocommit runs cypher in an auto-commit transaction in read access mode.
func (s *Store) autocommit(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.db,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, cypher, params, neo4j.WithTxTimeout(s.txTimeout(ctx)))
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// pause waits d, or less if ctx ends first; it reports whether the wait was whole.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// write runs one query in a managed write transaction on the leader (retried on transient
// errors by the driver).
func (s *Store) write(ctx context.Context, op, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return s.exec(ctx, op, cypher, params, neo4j.ExecuteQueryWithWritersRouting())
}

func (s *Store) exec(ctx context.Context, op, cypher string, params map[string]any, routing neo4j.ExecuteQueryConfigurationOption) ([]*neo4j.Record, error) {
	return roundTrip(ctx, s, op, cypher, params, func() ([]*neo4j.Record, error) {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
			routing, neo4j.ExecuteQueryWithDatabase(s.db),
			neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.txTimeout(ctx))))
		if err != nil {
			return nil, err
		}
		return res.Records, nil
	})
}

// txTimeout passes the request's remaining time to the server, so that a query whose client
// has given up stops running there too.
func (s *Store) txTimeout(ctx context.Context) time.Duration {
	t := s.timeout
	if dl, ok := ctx.Deadline(); ok {
		if left := time.Until(dl); left < t {
			t = left
		}
	}
	if t < time.Millisecond {
		t = time.Millisecond
	}
	return t
}

// classify maps a driver error to the domain vocabulary. The driver's text goes into Err (for
// logs) and never into Message (for clients).
func classify(op string, err error) error {
	var (
		me    *mg.Error
		conn  *neo4j.ConnectivityError
		limit *neo4j.TransactionExecutionLimit
		n4    *neo4j.Neo4jError
	)
	tooLong := "the query took too long and was stopped; narrow it or retry later"
	switch {
	case errors.As(err, &me):
		return err
	case outOfTime(err) && !errors.Is(err, context.Canceled):
		return &mg.Error{Code: mg.EUNAVAILABLE, Op: op, Message: tooLong, Err: err}
	case errors.Is(err, context.Canceled):
		return &mg.Error{Code: mg.EUNAVAILABLE, Op: op, Message: "the request was cancelled", Err: err}
	case errors.As(err, &n4) && strings.Contains(n4.Code, "TransactionTimedOut"):
		return &mg.Error{Code: mg.EUNAVAILABLE, Op: op, Message: tooLong, Err: err}
	case errors.As(err, &conn), errors.As(err, &limit), neo4j.IsRetryable(err):
		// A transaction execution limit means the driver retried until it gave up, which in
		// practice means the server or cluster cannot be reached.
		return &mg.Error{Code: mg.EUNAVAILABLE, Op: op, Message: "the graph database is unavailable; retry later", Err: err}
	}
	return &mg.Error{Code: mg.EINTERNAL, Op: op, Message: "internal error", Err: fmt.Errorf("neo4j: %w", err)}
}
