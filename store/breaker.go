package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// breaker makes requests fail at once while Neo4j cannot be reached, instead of each waiting
// out the driver's retries (MaxTransactionRetryTime) and holding a client and a goroutine
// meanwhile. It opens when a call fails for want of a connection. While it is open, calls
// first ask whether Neo4j answers now (one probe at a time, its answer shared for
// probeEvery) and fail with EUNAVAILABLE while it does not; the first probe that succeeds
// closes it, so service resumes as soon as Neo4j does, with no restart.
//
// Why ours and not sony/gobreaker (v2): gobreaker's half-open state lets real requests
// through as trials (up to MaxRequests once Timeout has passed) and judges Neo4j by how they
// end. Ours never sends a request to find out: while open, callers wait on one Ping (a
// RETURN 1 in the store's database, without the driver's retries), share its answer for
// probeEvery, and the first Ping that succeeds closes the breaker at once. So a request during
// an outage fails in microseconds instead of spending its deadline as a trial, a database that
// accepts connections but cannot serve yet stays open, and recovery takes at most one
// probeEvery. It also opens on the first connection failure, never on requests that merely
// ran out of time (unreachable), which gobreaker's ReadyToTrip and IsSuccessful could express
// but its trial requests could not.
//
// The state is per process: each replica finds out for itself, which is what a replica
// behind a load balancer should do.
type breaker struct {
	mu         sync.Mutex
	open       bool
	probedAt   time.Time
	probeErr   error
	probing    chan struct{} // closed when the probe in flight ends; nil when none is
	probe      func(context.Context) error
	probeEvery time.Duration
}

// allow returns nil when a call may go to Neo4j, or the EUNAVAILABLE error of the last probe.
func (b *breaker) allow(ctx context.Context) error {
	b.mu.Lock()
	if !b.open {
		b.mu.Unlock()
		return nil
	}
	if time.Since(b.probedAt) < b.probeEvery {
		err := b.probeErr
		b.mu.Unlock()
		return err
	}
	if wait := b.probing; wait != nil { // another call is probing: share its answer
		b.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return classify("store.breaker", ctx.Err())
		}
		b.mu.Lock()
		err := b.probeErr
		if !b.open {
			err = nil
		}
		b.mu.Unlock()
		return err
	}
	done := make(chan struct{})
	b.probing = done
	b.mu.Unlock()

	err := b.probe(ctx)

	b.mu.Lock()
	b.probing = nil
	b.probedAt = time.Now()
	b.probeErr = err
	if err == nil {
		b.open = false
	}
	b.mu.Unlock()
	close(done)
	return err
}

// record opens the breaker when err says Neo4j could not be reached.
func (b *breaker) record(err error) {
	if err == nil || !unreachable(err) {
		return
	}
	b.mu.Lock()
	if !b.open {
		b.open = true
		b.probedAt = time.Now()
		b.probeErr = &mg.Error{Code: mg.EUNAVAILABLE, Op: "store.breaker", Message: "the graph database is unavailable; retry later", Err: err}
	}
	b.mu.Unlock()
}

// unreachable reports whether err means no connection could be made or kept: a connectivity
// error, or the driver giving up its retries (which it does on those). A request that ran out
// of time does not count, even though the driver reports a deadline met while connecting as a
// connectivity error: the database answers, slowly, and failing everyone else's requests
// would make a slow moment an outage.
func unreachable(err error) bool {
	if outOfTime(err) {
		return false
	}
	var (
		conn  *neo4j.ConnectivityError
		limit *neo4j.TransactionExecutionLimit
	)
	return errors.As(err, &conn) || errors.As(err, &limit)
}

// outOfTime reports whether err comes from the request's context ending (deadline or
// cancellation), looking inside the driver's errors, which do not unwrap their causes.
func outOfTime(err error) bool {
	ctxErr := func(e error) bool { return errors.Is(e, context.DeadlineExceeded) || errors.Is(e, context.Canceled) }
	if ctxErr(err) {
		return true
	}
	var conn *neo4j.ConnectivityError
	if errors.As(err, &conn) && conn.Inner != nil && ctxErr(conn.Inner) {
		return true
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) && len(limit.Errors) > 0 {
		last := limit.Errors[len(limit.Errors)-1]
		return ctxErr(last) || (errors.As(last, &conn) && conn.Inner != nil && ctxErr(conn.Inner))
	}
	return false
}
