package loadtest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Soak is a long load run with a writer, during which the server's resources are read before
// it (after a warm-up), after its first seconds, after every Every and after its end: a leak
// shows as growth that does not level off. Readers send the documented queries, the writer
// adds facilities through the API, and Probe reads the server's resources (its process, which
// this package cannot see, is the caller's). Each reading is taken with the load paused for a moment, once the server
// has finished what was in flight: requests under way would count too, and they move the
// goroutines by a third from one instant to the next.
type Soak struct {
	Readers  *Client // anonymous clients
	Writer   *Client // a client with a write key
	Queries  []Query
	Baseline map[string]string
	Clients  int
	Duration time.Duration // how long the load runs, pauses for readings not counted
	Every    time.Duration // how often the resources are read
	// Warmup is how long the pools (connections, buffers, the heap's target) take to fill:
	// readings before it are shown but not judged. Default one minute.
	Warmup     time.Duration
	WritePause time.Duration // the writer's pause between two writes
	RunID      string        // makes this run's facility ids unique
	Probe      func(ctx context.Context) (Resources, error)
}

// Resources are what the server holds at one moment.
type Resources struct {
	RSS int64 // resident memory, bytes
	// AnonRSS is the part of RSS that is the process's own (heap, stacks), shown for diagnosis;
	// the rest is pages of files it maps (its executable: two thirds of RSS). A few MiB, it
	// moves by a tenth with the garbage of the moment, so RSS is what is judged.
	AnonRSS    int64
	Goroutines int
	OpenFiles  int
	// Of the open files, the sockets connected to Neo4j's Bolt port (the driver's pool) and
	// those of the API's HTTP port (its listener and the clients' connections).
	BoltSockets, HTTPSockets int
	// HeapInUse is the Go heap's spans in use, garbage not yet collected included;
	// ProfileBuckets what the runtime keeps for its memory profile (a record per distinct
	// stack it sampled, never freed: the server samples only when it serves the profiler);
	// HeapRetained the free heap it has not returned to the system. Parts of AnonRSS, shown
	// for diagnosis (0 when unknown).
	HeapInUse, ProfileBuckets, HeapRetained int64
}

func (r Resources) String() string {
	return fmt.Sprintf("RSS %.1f MiB (anonymous %.1f MiB: heap in use %.1f, free heap kept %.1f, profile buckets %.1f), %d goroutines, %d open files (%d Bolt sockets, %d HTTP sockets, %d other)",
		mib(r.RSS), mib(r.AnonRSS), mib(r.HeapInUse), mib(r.HeapRetained), mib(r.ProfileBuckets), r.Goroutines, r.OpenFiles, r.BoltSockets, r.HTTPSockets,
		r.OpenFiles-r.BoltSockets-r.HTTPSockets)
}

func mib(b int64) float64 {
	return float64(b) / (1 << 20)
}

// Reading is the resources after a time of load, and the requests sent until then.
type Reading struct {
	At                 time.Duration // load so far
	Requests, Failures int64
	Resources
}

// SoakReport is what a soak run measured.
type SoakReport struct {
	IdleBefore Resources // before the load
	Readings   []Reading // after its first seconds, every Every, and at its end
	IdleAfter  Resources // after it, once the clients have closed their connections
	Readers    Stats
	Writes     WriteCheck
	// WriteFailures counts the writes that were not acknowledged, by outcome ("UNAVAILABLE 1").
	WriteFailures string
	// Spread is, from Warmup on, (largest - smallest) / smallest of each resource.
	SpreadRSS, SpreadAnonRSS, SpreadHeapInUse, SpreadGoroutines, SpreadOpenFiles float64
	Problems                                                                     []string
}

// OK reports whether the run met every criterion.
func (r SoakReport) OK() bool { return len(r.Problems) == 0 }

// flatWithin is how much a resource may vary under a steady load after Warmup.
const flatWithin = 0.10

// Run performs the soak and checks its criteria: no failed request or write, and every
// resource flat within flatWithin after Warmup. report, when not nil, is told each
// reading as it is taken.
func (s Soak) Run(ctx context.Context, report func(Reading)) (SoakReport, error) {
	var r SoakReport
	var err error
	// A warm-up, as a load run has, not counted: a Neo4j just started compiles each query the
	// first time it meets it, which can take a write past its deadline on a busy machine.
	warm := writeFacility(s.Writer, "fault-"+s.RunID+"-warm", s.RunID)
	if !warm.ok {
		return r, fmt.Errorf("the warm-up write failed: %s", warm.outcome)
	}
	warmCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	s.Readers.Load(warmCtx, s.Queries, s.Baseline, s.Clients, time.Now())
	cancel()
	warmRequests, warmFailures := s.Readers.Counts()
	s.Readers.HTTP.CloseIdleConnections()
	if r.IdleBefore, err = s.atRest(ctx); err != nil {
		return r, err
	}
	// Readings after a few seconds (the pools filling), then every Every, and at the end.
	marks := []time.Duration{min(10*time.Second, s.Every/2)}
	for at := s.Every; at < s.Duration; at += s.Every {
		marks = append(marks, at)
	}
	marks = append(marks, s.Duration)

	var samples []Sample
	var writes []write
	loaded := time.Duration(0)
	for _, mark := range marks {
		segment, stop := context.WithTimeout(ctx, mark-loaded)
		began := time.Now().Add(-loaded) // samples are timed from the start of the load
		var wg sync.WaitGroup
		var got []Sample
		var wrote []write
		wg.Add(2)
		go func() { defer wg.Done(); got = s.Readers.Load(segment, s.Queries, s.Baseline, s.Clients, began) }()
		go func() {
			defer wg.Done()
			wrote = writeFacilities(segment, s.Writer, s.RunID+"-"+fmt.Sprint(len(r.Readings)), s.WritePause)
		}()
		<-segment.Done()
		stop()
		wg.Wait() // every request in flight has had its answer
		if err := ctx.Err(); err != nil {
			return r, err
		}
		samples, writes, loaded = append(samples, got...), append(writes, wrote...), mark
		res, err := s.atRest(ctx)
		if err != nil {
			return r, err
		}
		requests, failures := s.Readers.Counts()
		reading := Reading{At: loaded, Requests: requests - warmRequests, Failures: failures - warmFailures, Resources: res}
		r.Readings = append(r.Readings, reading)
		if report != nil {
			report(reading)
		}
	}

	r.Readers = Summarise(samples, s.Duration.Seconds())
	r.Writes = checkWrites(ctx, s.Readers, writes)
	failed := map[string]int{}
	for _, w := range writes {
		if !w.ok {
			failed[w.outcome]++
		}
	}
	r.WriteFailures = listOutcomes(failed)
	r.Problems = append(r.Problems, r.Writes.Problems...)
	s.Readers.HTTP.CloseIdleConnections()
	s.Writer.HTTP.CloseIdleConnections()
	if r.IdleAfter, err = s.atRest(ctx); err != nil {
		return r, err
	}
	s.judge(&r)
	return r, nil
}

// judge checks the criteria on a finished run.
func (s Soak) judge(r *SoakReport) {
	if n := r.Readers.Errors(); n > 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("%d of %d requests failed or answered wrongly (%s)", n, r.Readers.Requests, r.Readers))
	}
	if r.Writes.Acknowledged != r.Writes.Attempted {
		r.Problems = append(r.Problems, fmt.Sprintf("%d of %d writes were not acknowledged (%s)", r.Writes.Attempted-r.Writes.Acknowledged, r.Writes.Attempted, r.WriteFailures))
	}
	warmup := s.Warmup
	if warmup == 0 {
		warmup = time.Minute
	}
	var steady []Reading
	for _, x := range r.Readings {
		if x.At >= warmup {
			steady = append(steady, x)
		}
	}
	if len(steady) < 2 {
		r.Problems = append(r.Problems, fmt.Sprintf("fewer than two readings after %s: run longer to judge", warmup))
		return
	}
	spread := func(name string, judged bool, v func(Reading) float64) float64 {
		lo, hi := v(steady[0]), v(steady[0])
		for _, x := range steady[1:] {
			lo, hi = min(lo, v(x)), max(hi, v(x))
		}
		d := 0.0
		if lo > 0 {
			d = (hi - lo) / lo
		}
		if judged && d > flatWithin {
			r.Problems = append(r.Problems, fmt.Sprintf("%s moved %.0f%% after %s (%.0f to %.0f): more than %.0f%%", name, d*100, warmup, lo, hi, flatWithin*100))
		}
		return d
	}
	r.SpreadRSS = spread("resident memory", true, func(x Reading) float64 { return float64(x.RSS) })
	r.SpreadAnonRSS = spread("anonymous resident memory", false, func(x Reading) float64 { return float64(x.AnonRSS) })
	r.SpreadHeapInUse = spread("heap in use", false, func(x Reading) float64 { return float64(x.HeapInUse) })
	r.SpreadGoroutines = spread("goroutines", true, func(x Reading) float64 { return float64(x.Goroutines) })
	r.SpreadOpenFiles = spread("open files", true, func(x Reading) float64 { return float64(x.OpenFiles) })
}

// atRest reads the resources once the server's goroutines have settled (two readings a
// second apart agree, as settle waits): connections that were just closed take a moment to go.
func (s Soak) atRest(ctx context.Context) (Resources, error) {
	var last Resources
	var err error
	settle(ctx, func() float64 {
		last, err = s.Probe(ctx)
		return float64(last.Goroutines)
	}, 0)
	return last, err
}

// Table renders the readings as a Markdown table.
func (r SoakReport) Table() string {
	var b strings.Builder
	b.WriteString("| reading | requests | failed | RSS MiB | anonymous | heap in use | free heap kept | profile buckets | goroutines | open files | Bolt sockets | HTTP sockets |\n" +
		"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	row := func(at string, requests, failures string, x Resources) {
		fmt.Fprintf(&b, "| %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %d |\n", at, requests, failures, mib(x.RSS), mib(x.AnonRSS),
			mib(x.HeapInUse), mib(x.HeapRetained), mib(x.ProfileBuckets), x.Goroutines, x.OpenFiles, x.BoltSockets, x.HTTPSockets)
	}
	row("before the load", "", "", r.IdleBefore)
	for _, x := range r.Readings {
		row(fmt.Sprintf("%.0f s of load", x.At.Seconds()), fmt.Sprint(x.Requests), fmt.Sprint(x.Failures), x.Resources)
	}
	row("after, clients gone", "", "", r.IdleAfter)
	return b.String()
}
