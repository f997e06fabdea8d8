package main

import (
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
	s := c.side(4 * time.Second)
	require.InDelta(t, 4.0, s.Throughput, 1e-9, "the mean of the stretches' rates")
	require.Equal(t, 7, s.Requests)
	require.InDelta(t, 40.0/7, s.ServerCPU, 1e-3)
	require.InDelta(t, 20.0/7, s.Neo4jCPU, 1e-3)
	require.InDelta(t, 1.0, s.ClientCPU, 1e-3)
}
