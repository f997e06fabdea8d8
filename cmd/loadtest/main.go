// Command loadtest measures mineralgraph under load, and under load while Neo4j crashes and
// comes back. It sets up everything on loopback: a Neo4j of its own (instance
// "loadtest-<port>", from Maven jars, wiped first), the curated dataset, and the server binary
// built from this checkout, run as a separate process as in production.
//
//	loadtest [flags] load    N clients run the documented queries for a fixed time
//	loadtest [flags] fault   the same, plus a writer, while Neo4j is killed and restarted
//	loadtest [flags] soak    the same load and a writer for long, reading the server's memory,
//	                         goroutines and open files every minute
//
// It prints the machine, the figures and, for fault, every criterion it checked; it exits 1
// when a criterion fails (any error in a load run).
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/loadtest"
	"github.com/mineralgraph/mineralgraph/loadtest/stack"
	"github.com/mineralgraph/mineralgraph/neo4jlocal"
	"github.com/mineralgraph/mineralgraph/server"
)

type options struct {
	clients  int
	duration time.Duration
	before   time.Duration
	outage   time.Duration
	after    time.Duration
	grace    time.Duration
	deadline time.Duration
	bolt     int
	keep     bool
	workdir  string
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	var o options
	fs.IntVar(&o.clients, "clients", 16, "concurrent clients")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "load, soak: how long the clients run")
	fs.DurationVar(&o.before, "before", 15*time.Second, "fault: load before Neo4j is killed")
	fs.DurationVar(&o.outage, "outage", 10*time.Second, "fault: how long Neo4j stays down before it is started again")
	fs.DurationVar(&o.after, "after", 45*time.Second, "fault: load after Neo4j accepts connections again")
	fs.DurationVar(&o.grace, "grace", 30*time.Second, "fault: how soon after Neo4j is back every answer must be correct (a restarted Neo4j is cold: its JIT, page cache and plan cache warm under the load)")
	fs.DurationVar(&o.deadline, "deadline", 10*time.Second, "the server's REQUEST_TIMEOUT")
	fs.IntVar(&o.bolt, "bolt-port", 7692, "Bolt port of the loadtest Neo4j on 127.0.0.1")
	fs.BoolVar(&o.keep, "keep", false, "leave the loadtest Neo4j running afterwards")
	fs.StringVar(&o.workdir, "workdir", "", "where the server binary and its log go (default: mineralgraph-loadtest-<bolt port> in the temporary directory)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loadtest [flags] load|fault|soak")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "load" && fs.Arg(0) != "fault" && fs.Arg(0) != "soak") {
		fs.Usage()
		return errors.New("say load, fault or soak")
	}
	if o.workdir == "" { // one per port, as the Neo4j instance: two harnesses never share a binary
		o.workdir = filepath.Join(os.TempDir(), "mineralgraph-loadtest-"+strconv.Itoa(o.bolt))
	}
	if o.clients < 1 || o.clients > 256 {
		return errors.New("-clients: 1 to 256")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Println("machine:", stack.Machine())
	env, err := stack.Start(ctx, stack.Options{Instance: "loadtest", BoltPort: o.bolt, Workdir: o.workdir,
		Env: []string{"REQUEST_TIMEOUT=" + o.deadline.String()}, Log: os.Stdout})
	if err != nil {
		return err
	}
	defer env.Close(o.keep)

	queries, err := documentedQueries()
	if err != nil {
		return err
	}
	readers := loadtest.NewClient(env.Base+"/graphql", o.clients)
	seen := map[string]bool{}
	readers.Mismatches = func(query, want, got string) { // the first wrong answer of each query, for diagnosis
		if !seen[query] {
			seen[query] = true
			_ = os.WriteFile(filepath.Join(o.workdir, "wrong-"+query+".json"), []byte(want+"\n"+got+"\n"), 0o644)
		}
	}
	began := time.Now()
	baseline, err := readers.Baseline(ctx, queries)
	if err != nil {
		return err
	}
	cold := time.Since(began) // every query's first plan, on a Neo4j just started: what a restart costs again
	fmt.Printf("baseline: %d queries answered once in %.1f s (each planned for the first time)\n", len(queries), cold.Seconds())
	switch fs.Arg(0) {
	case "load":
		return load(ctx, o, readers, queries, baseline)
	case "soak":
		return soak(ctx, o, env, readers, queries, baseline)
	}
	o.grace, o.after = faultGrace(o.grace, o.after, cold)
	return fault(ctx, o, env, readers, queries, baseline)
}

// faultGrace returns the grace and the after-phase of a fault run on this machine. A Neo4j
// restarted under load plans every query afresh, on a cold JVM and with the readers' plans
// competing for the CPUs, so how soon every answer can be correct again depends on how long
// planning them all takes here: the grace is the one asked for, or three times the baseline's
// cold pass (cold), whichever is longer. The load then goes on at least 15 s past the grace,
// so that the criterion "every answer correct after the grace" is always measured.
func faultGrace(grace, after, cold time.Duration) (time.Duration, time.Duration) {
	if g := 3 * cold; g > grace {
		grace = g.Round(time.Second)
	}
	if min := grace + 15*time.Second; after < min {
		after = min
	}
	return grace, after
}

func soak(ctx context.Context, o options, env *stack.Stack, readers *loadtest.Client, queries []loadtest.Query, baseline map[string]string) error {
	writer := loadtest.NewClient(env.Base+"/graphql", 1)
	writer.Header = http.Header{"Authorization": {"Bearer " + env.WriteKey}}
	httpPort, err := strconv.Atoi(env.Base[strings.LastIndexByte(env.Base, ':')+1:])
	if err != nil {
		return err
	}
	// Its own connection, not one of the readers', and no gzip: the server would allocate a
	// compressor for every reading, and the readings would measure themselves.
	metrics := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableCompression: true}}
	var id [4]byte
	_, _ = rand.Read(id[:])
	metric := func(ctx context.Context, name string) int64 {
		v, _ := loadtest.Metric(ctx, metrics, env.Base+"/metrics", name)
		return int64(v)
	}
	runID := hex.EncodeToString(id[:])
	if err := exemptWritten(ctx, readers, writer, queries, baseline, runID); err != nil {
		return err
	}
	s := loadtest.Soak{
		Readers: readers, Writer: writer, Queries: queries, Baseline: baseline, Clients: o.clients,
		Duration: o.duration, Every: time.Minute, WritePause: 250 * time.Millisecond, RunID: runID,
		Probe: func(ctx context.Context) (loadtest.Resources, error) {
			g, err := loadtest.Metric(ctx, metrics, env.Base+"/metrics", "go_goroutines")
			if err != nil {
				return loadtest.Resources{}, err
			}
			pid := env.ServerPID()
			files := stack.OpenFiles(pid, o.bolt, httpPort)
			return loadtest.Resources{RSS: stack.RSS(pid), AnonRSS: stack.AnonRSS(pid), HeapInUse: metric(ctx, "go_memstats_heap_inuse_bytes"),
				Goroutines: int(g), OpenFiles: files.Total,
				BoltSockets: files.Bolt, HTTPSockets: files.HTTP, ProfileBuckets: metric(ctx, "go_memstats_buck_hash_sys_bytes"),
				HeapRetained: metric(ctx, "go_memstats_heap_idle_bytes") - metric(ctx, "go_memstats_heap_released_bytes")}, nil
		},
	}
	fmt.Printf("soak: %d readers (the %d documented queries in turn) and 1 writer (a facility every %s) for %s; the server's resources every %s, read with the load paused until the server is at rest\n",
		o.clients, len(queries), s.WritePause, o.duration, s.Every)
	r, err := s.Run(ctx, func(x loadtest.Reading) {
		fmt.Printf("after %4.0f s of load: %d requests, %d failed; %s\n", x.At.Seconds(), x.Requests, x.Failures, x.Resources)
	})
	if err != nil {
		return err
	}
	fmt.Printf("\nbefore the load:             %s\nafter it, clients gone:      %s\n", r.IdleBefore, r.IdleAfter)
	fmt.Printf("readers: %s\n", r.Readers)
	w := r.Writes
	fmt.Printf("writes: %d attempted, %d acknowledged, %d in the graph whole, %d partial, %d lost\n",
		w.Attempted, w.Acknowledged, w.WholeAcknowledged, w.Partial, w.Lost)
	fmt.Printf("after the first minute: RSS within %.1f%% (anonymous within %.1f%%, heap in use within %.1f%%), goroutines within %.1f%%, open files within %.1f%%\n\n%s",
		r.SpreadRSS*100, r.SpreadAnonRSS*100, r.SpreadHeapInUse*100, r.SpreadGoroutines*100, r.SpreadOpenFiles*100, r.Table())
	if code, err := env.StopServer(); err != nil || code != 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("the server did not shut down cleanly: exit %d, %v", code, err))
	}
	if !r.OK() {
		for _, p := range r.Problems {
			fmt.Println("FAIL:", p)
		}
		return fmt.Errorf("%d criteria failed", len(r.Problems))
	}
	fmt.Println("\nsoak: PASS (no failed request or write; resident memory, goroutines and open files flat within 10% after the first minute)")
	return nil
}

func load(ctx context.Context, o options, c *loadtest.Client, queries []loadtest.Query, baseline map[string]string) error {
	fmt.Printf("load: %d clients, %s, %d documented queries in turn\n", o.clients, o.duration, len(queries))
	// A short warm-up, so that the figures are of a running system, not of a cold JIT.
	warm, cancel := context.WithTimeout(ctx, 3*time.Second)
	c.Load(warm, queries, baseline, o.clients, time.Now())
	cancel()
	runCtx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	samples := c.Load(runCtx, queries, baseline, o.clients, time.Now())
	all := loadtest.Summarise(samples, o.duration.Seconds())
	fmt.Printf("\nall queries: %s\n\n", all)
	fmt.Println("| query | requests | p50 | p90 | p99 | max | errors |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|")
	by := loadtest.ByQuery(samples)
	var names []string
	for n := range by {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		st := loadtest.Summarise(by[n], o.duration.Seconds())
		fmt.Printf("| %s | %d | %s | %s | %s | %s | %d |\n", n, st.Requests, ms(st.P50), ms(st.P90), ms(st.P99), ms(st.Max), st.Errors())
	}
	if all.Errors() > 0 {
		return fmt.Errorf("%d of %d requests failed or answered wrongly", all.Errors(), all.Requests)
	}
	fmt.Println("\nload: PASS (every answer equal to the baseline)")
	return nil
}

func fault(ctx context.Context, o options, env *stack.Stack, readers *loadtest.Client, queries []loadtest.Query, baseline map[string]string) error {
	writer := loadtest.NewClient(env.Base+"/graphql", 1)
	writer.Header = http.Header{"Authorization": {"Bearer " + env.WriteKey}}
	var id [4]byte
	_, _ = rand.Read(id[:])
	runID := hex.EncodeToString(id[:])
	if err := exemptWritten(ctx, readers, writer, queries, baseline, runID); err != nil {
		return err
	}
	f := loadtest.Fault{
		Readers: readers, Writer: writer, Base: env.Base, Queries: queries, Baseline: baseline, Clients: o.clients,
		Before: o.before, Outage: o.outage, After: o.after, Grace: o.grace, Deadline: o.deadline, RunID: runID,
		Stop: func() error { return neo4jlocal.Kill(env.Neo4j, os.Stdout) },
		Start: func() error {
			_, err := neo4jlocal.Start(ctx, env.Neo4j, os.Stdout)
			return err
		},
	}
	fmt.Printf("fault: %d readers and 1 writer; Neo4j killed (SIGKILL) after %s, started again %s later; load goes on %s after it is back; every answer correct again within %s of it (-grace, or 3x the baseline's cold pass)\n",
		o.clients, o.before, o.outage, o.after, o.grace)
	r, err := f.Run(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("\nNeo4j killed at %.1f s, accepting connections again at %.1f s\n", r.DownAt.Seconds(), r.BackAt.Seconds())
	fmt.Printf("before the outage:           %s\n", r.Before)
	fmt.Printf("while Neo4j was away:        %s\n", r.During)
	fmt.Printf("first %s after it was back: %s\n", o.grace, r.InGrace)
	fmt.Printf("after that:                   %s\n", r.AfterGrace)
	fmt.Printf("first correct answer %.1f s after Neo4j accepted connections; last failed request started %.1f s after\n", r.FirstCorrect.Seconds(), r.LastError.Seconds())
	var ready []string
	for _, c := range r.Ready {
		ready = append(ready, fmt.Sprintf("%.1f s: %d", c.At.Seconds(), c.Status))
	}
	fmt.Printf("/readyz: %s\n", strings.Join(ready, ", "))
	w := r.Writes
	fmt.Printf("writes: %d attempted, %d acknowledged; in the graph: %d whole and acknowledged, %d whole but unacknowledged (committed as the connection dropped), %d absent, %d partial, %d acknowledged but lost\n",
		w.Attempted, w.Acknowledged, w.WholeAcknowledged, w.WholeUnacknowledged, w.Absent, w.Partial, w.Lost)
	fmt.Printf("server goroutines idle: %.0f before, %.0f after; open files: %.0f before, %.0f after; /healthz after: %v\n",
		r.GoroutinesBefore, r.GoroutinesAfter, r.OpenFDsBefore, r.OpenFDsAfter, r.HealthyAfter)
	if code, err := env.StopServer(); err != nil || code != 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("the server did not shut down cleanly: exit %d, %v", code, err))
	} else {
		fmt.Println("server: shut down cleanly (exit 0) after the run")
	}
	if !r.OK() {
		for _, p := range r.Problems {
			fmt.Println("FAIL:", p)
		}
		return fmt.Errorf("%d criteria failed", len(r.Problems))
	}
	fmt.Println("\nfault: PASS (failures only while Neo4j was away, all UNAVAILABLE within the deadline; correct answers again after it came back; no partial or lost write; no leak; no restart)")
	return nil
}

// documentedQueries are the examples of the docs and the playground.
// exemptWritten leaves out of the comparison the documented queries whose answers the
// writer's facilities change (the freshness counts), and says which.
func exemptWritten(ctx context.Context, readers, writer *loadtest.Client, queries []loadtest.Query, baseline map[string]string, runID string) error {
	moved, err := readers.ExemptChangedBy(ctx, queries, baseline, loadtest.ProbeWrite(writer, runID))
	if err != nil {
		return err
	}
	if len(moved) > 0 {
		fmt.Printf("answers a written facility changes, sent but not compared: %s\n", strings.Join(moved, ", "))
	}
	return nil
}

func documentedQueries() ([]loadtest.Query, error) {
	examples, err := server.Examples()
	if err != nil {
		return nil, err
	}
	var out []loadtest.Query
	for _, e := range examples {
		body, err := json.Marshal(map[string]any{"query": e.Query})
		if err != nil {
			return nil, err
		}
		out = append(out, loadtest.Query{Name: e.Name, Body: body})
	}
	return out, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
