package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/loadtest"
)

// A stretch's throughput is each client's requests over the time it was busy: a request in
// flight when the stretch ended, finishing after it, neither inflates nor dilutes the rate.
func TestBusyRate(t *testing.T) {
	ms := time.Millisecond
	// Client 0: four requests of 500 ms back to back, the last finishing at 2.0 s (2/s).
	// Client 1: three of 800 ms, the last started at 1.6 s and finishing at 2.4 s (1.25/s).
	samples := []loadtest.Sample{
		{Client: 0, Start: 0, Latency: 500 * ms}, {Client: 0, Start: 500 * ms, Latency: 500 * ms},
		{Client: 0, Start: 1000 * ms, Latency: 500 * ms}, {Client: 0, Start: 1500 * ms, Latency: 500 * ms},
		{Client: 1, Start: 0, Latency: 800 * ms}, {Client: 1, Start: 800 * ms, Latency: 800 * ms},
		{Client: 1, Start: 1600 * ms, Latency: 800 * ms},
	}
	require.InDelta(t, 3.25, busyRate(samples), 1e-9)
	// Seven requests over a nominal 2 s stretch would have said 3.5/s.
	require.InDelta(t, 0.0, busyRate(nil), 0)

	c := &contestant{cpu: [3]time.Duration{40 * ms, 20 * ms, 7 * ms}, samples: samples, rates: []float64{3.25, 4.75}}
	s := c.side()
	require.InDelta(t, 4.0, s.Throughput, 1e-9, "the mean of the stretches' rates")
	require.Equal(t, 7, s.Requests)
	require.InDelta(t, 40.0/7, s.ServerCPU, 1e-3)
	require.InDelta(t, 20.0/7, s.Neo4jCPU, 1e-3)
	require.InDelta(t, 1.0, s.ClientCPU, 1e-3)
}

// Each side runs b.o.rounds stretches, each after a warm-up of its own, and who goes first
// rotates: a drift over the measurement falls on every side alike.
func TestInterleaveRotates(t *testing.T) {
	var calls []string
	side := func(name string) *contestant {
		return &contestant{name: name, load: func(ctx context.Context) []loadtest.Sample {
			calls = append(calls, name)
			<-ctx.Done()
			return []loadtest.Sample{{Client: 0, Latency: time.Millisecond}}
		}}
	}
	ours, peer, floor := side("ours"), side("peer"), side("floor")
	b := &bench{o: options{rounds: 3, duration: 3 * time.Millisecond, warmup: 3 * time.Millisecond}}
	require.NoError(t, b.interleave(context.Background(), "q", []*contestant{ours, peer, floor}))
	// Each stretch is a warm-up call and a measured call.
	require.Equal(t, []string{
		"ours", "ours", "peer", "peer", "floor", "floor",
		"peer", "peer", "floor", "floor", "ours", "ours",
		"floor", "floor", "ours", "ours", "peer", "peer",
	}, calls)
	for _, c := range []*contestant{ours, peer, floor} {
		require.Len(t, c.rates, 3, c.name)
		require.Len(t, c.samples, 3, c.name)
		require.Equal(t, 3, c.warm, c.name)
	}
}
