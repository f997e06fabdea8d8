package store

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

func TestBreaker(t *testing.T) {
	down := &neo4j.ConnectivityError{Inner: errors.New("dial tcp 127.0.0.1:7687: connect: connection refused")}
	var probes atomic.Int32
	var up atomic.Bool
	b := &breaker{probeEvery: 0, probe: func(context.Context) error {
		probes.Add(1)
		if up.Load() {
			return nil
		}
		return &mg.Error{Code: mg.EUNAVAILABLE, Message: "the graph database is unavailable; retry later", Err: down}
	}}
	ctx := context.Background()

	t.Run("lets calls through while nothing failed, without probing", func(t *testing.T) {
		require.NoError(t, b.allow(ctx))
		require.Zero(t, probes.Load())
	})
	t.Run("stays closed when a request merely ran out of time", func(t *testing.T) {
		b.record(&neo4j.ConnectivityError{Inner: context.DeadlineExceeded})
		b.record(fmt.Errorf("wrapped: %w", context.DeadlineExceeded))
		require.NoError(t, b.allow(ctx))
		require.Zero(t, probes.Load())
	})
	t.Run("opens on a connection failure and fails calls while the probe fails", func(t *testing.T) {
		b.record(down)
		err := b.allow(ctx)
		require.Equal(t, mg.EUNAVAILABLE, mg.Code(err))
		require.Positive(t, probes.Load())
	})
	t.Run("closes on the first probe that succeeds", func(t *testing.T) {
		up.Store(true) // probeEvery is 0 here, so the next call probes again
		require.NoError(t, b.allow(ctx))
		before := probes.Load()
		require.NoError(t, b.allow(ctx))
		require.Equal(t, before, probes.Load(), "closed again: no more probes")
	})
}

func TestOutOfTime(t *testing.T) {
	require.True(t, outOfTime(&neo4j.ConnectivityError{Inner: context.DeadlineExceeded}))
	require.True(t, outOfTime(&mg.Error{Code: mg.EUNAVAILABLE, Err: &neo4j.TransactionExecutionLimit{Errors: []error{&neo4j.ConnectivityError{Inner: context.Canceled}}}}))
	require.False(t, outOfTime(&neo4j.ConnectivityError{Inner: errors.New("connection refused")}))
}
