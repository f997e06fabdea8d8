// Command bench measures mineralgraph against the obvious alternative, the Neo4j GraphQL
// Library on Apollo Server (the peer, in bench/peer), and against the floor, one hand-written
// Cypher query through the Go driver, on the same Neo4j, the same data and the same
// questions: first the curated graph, then the same graph grown with synthetic records
// (bench/scale). Before timing a question it checks that every side returns the same rows.
//
//	go run ./bench [flags]        (make bench)
//
// It prints a Markdown table and writes it, with a JSON file of every figure, under
// bench/results/.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/bench/scale"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/loadtest"
	"github.com/mineralgraph/mineralgraph/loadtest/stack"
	"github.com/mineralgraph/mineralgraph/store"
)

type options struct {
	duration    time.Duration
	warmup      time.Duration
	rounds      int
	concurrency int
	factor      int
	bolt        int
	out         string
	peerDir     string
	workdir     string
	profiles    string
	procs       int // our server's GOMAXPROCS; 0 for Go's default
	settle      time.Duration
	only        map[string]bool // question names to measure; nil for the whole mix
	graphs      map[string]bool // curated, grown
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var o options
	fs.DurationVar(&o.duration, "duration", 8*time.Second, "how long each side runs each question, in all")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before a side's measurement, in all (split over its stretches), so that no side is timed cold")
	fs.IntVar(&o.rounds, "rounds", 4, "stretches each side's measurement is split into, the sides taking turns in a rotating order")
	fs.DurationVar(&o.settle, "settle", 3*time.Minute, "unmeasured load on each graph before its first question, every question on every side in turn (at least one pass), so that Neo4j's JIT has compiled what the mix runs")
	fs.IntVar(&o.concurrency, "concurrency", 8, "concurrent clients")
	fs.IntVar(&o.factor, "factor", 100, "how many copies of each facility and trade link the grown graph holds")
	fs.IntVar(&o.bolt, "bolt-port", 7695, "Bolt port of the benchmark's own Neo4j (instance bench, wiped first)")
	fs.StringVar(&o.out, "out", "bench/results", "where the results go")
	fs.StringVar(&o.peerDir, "peer", "bench/peer", "the peer's directory")
	fs.StringVar(&o.workdir, "workdir", filepath.Join(os.TempDir(), "mineralgraph-bench"), "where binaries and logs go")
	fs.IntVar(&o.procs, "procs", 1, "our server's GOMAXPROCS, the threads that run its Go code: 1, as docker-compose.yml runs a replica (see the README's \"CPUs per replica\"); 0 for Go's default, the CPUs the process may use")
	fs.StringVar(&o.profiles, "cpuprofile", "", "a directory: save a CPU profile of our server for each measured question there (go tool pprof -top <file>)")
	only := fs.String("only", "", "comma-separated question names to measure (say search,mapPage), while working on them; the results then go under -workdir unless -out is given")
	graphs := fs.String("graphs", "curated,grown", "which graphs to measure: curated, grown or both")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.rounds = max(1, o.rounds)
	if o.procs < 0 {
		return fmt.Errorf("-procs %d: give 1 or more, or 0 for Go's default", o.procs)
	}
	var err error
	if o.only, err = pick("-only", *only, questionNames()); err != nil {
		return err
	}
	if o.graphs, err = pick("-graphs", *graphs, []string{"curated", "grown"}); err != nil {
		return err
	}
	if o.graphs == nil {
		return errors.New("-graphs: name curated, grown or both")
	}
	outGiven := false
	fs.Visit(func(f *flag.Flag) { outGiven = outGiven || f.Name == "out" })
	if o.partial() && !outGiven {
		// A partial run is for working on a question: it does not overwrite the day's table.
		o.out = filepath.Join(o.workdir, "results")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	began := time.Now()
	machine := stack.Machine()
	fmt.Println("machine:", machine)

	// Our server runs with its production defaults (rate limit off: one client machine) and
	// the GOMAXPROCS of -procs, as docker-compose.yml runs a replica. With -procs 0 the
	// variable is set empty, which Go reads as unset, so that a GOMAXPROCS in the caller's
	// environment cannot reach the server and make the report's "Go's default" untrue.
	env := []string{"GOMAXPROCS="}
	if o.procs > 0 {
		env = []string{"GOMAXPROCS=" + strconv.Itoa(o.procs)}
	}
	debug := ""
	if o.profiles != "" {
		if err := os.MkdirAll(o.profiles, 0o755); err != nil {
			return err
		}
		port, err := stack.FreePort()
		if err != nil {
			return err
		}
		debug = "127.0.0.1:" + strconv.Itoa(port)
		env = append(env, "DEBUG_ADDR="+debug)
	}
	st, err := stack.Start(ctx, stack.Options{Instance: "bench", BoltPort: o.bolt, Workdir: o.workdir, Env: env, Log: os.Stdout})
	if err != nil {
		return err
	}
	defer st.Close(false)
	peer, err := startPeer(ctx, o, st.URI)
	if err != nil {
		return err
	}
	defer peer.stop()
	driver, err := neo4j.NewDriverWithContext(st.URI, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())

	comp, err := newCompiler(ctx, st.URI)
	if err != nil {
		return err
	}
	defer comp.close()
	b := &bench{o: o, ours: loadtest.NewClient(st.Base+"/graphql", o.concurrency), peer: loadtest.NewClient(peer.url, o.concurrency),
		base: st.Base, debug: debug, ourPID: st.ServerPID(), peerPID: peer.pid, neo4jPID: st.Neo4jPID, driver: driver, peerQueries: peer.queries,
		compiler: comp}
	report := Report{Machine: machine, OurProcs: o.procs, Concurrency: o.concurrency, Duration: o.duration.String(), Rounds: o.rounds, Settle: o.settle.String(), Date: time.Now().UTC().Format(time.DateOnly)}

	sizes := []struct {
		name string
		grow func() (string, error)
	}{
		{"curated", func() (string, error) { return "the curated dataset", nil }},
		{fmt.Sprintf("grown ×%d", o.factor), func() (string, error) {
			curated, err := dataset.Curated()
			if err != nil {
				return "", err
			}
			grown := scale.Grow(curated, o.factor)
			start := time.Now()
			if _, err := st.Load(ctx, grown); err != nil {
				return "", err
			}
			return fmt.Sprintf("plus %d synthetic facilities, %d trade links and %d shares (loaded in %s)",
				len(grown.Facilities), len(grown.Trade), len(grown.Shares), time.Since(start).Round(time.Second)), nil
		}},
	}
	for _, size := range sizes {
		b.graph = strings.Fields(size.name)[0] // curated, grown
		if !o.graphs[b.graph] {
			continue
		}
		what, err := size.grow()
		if err != nil {
			return err
		}
		nodes, rels, err := graphSize(ctx, st.URI)
		if err != nil {
			return err
		}
		fmt.Printf("\n== %s: %s; %d nodes, %d relationships\n", size.name, what, nodes, rels)
		g := Graph{Name: size.name, Description: what, Nodes: nodes, Relationships: rels}
		// Every side answers every question for a while before anything is timed, so that no
		// question measured pays for Neo4j's JIT and plan cache.
		if err := b.settle(ctx); err != nil {
			return err
		}
		for _, q := range mix() {
			if o.only != nil && !o.only[q.name] {
				continue
			}
			row, err := b.measure(ctx, q)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", q.name, size.name, err)
			}
			g.Questions = append(g.Questions, row)
			fmt.Println(row.line())
		}
		report.Graphs = append(report.Graphs, g)
	}
	report.Seconds = time.Since(began).Seconds()
	return report.write(o.out)
}

// partial reports whether the run measures less than the whole mix on both graphs.
func (o *options) partial() bool { return o.only != nil || len(o.graphs) < 2 }

// pick parses a comma-separated list of names, each of which must be one of known; an empty
// list gives nil (no choice made).
func pick(flagName, list string, known []string) (map[string]bool, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	set := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		if !slices.Contains(known, n) {
			return nil, fmt.Errorf("%s: no %q; the names are %s", flagName, n, strings.Join(known, ", "))
		}
		set[n] = true
	}
	return set, nil
}

// questionNames lists the mix's questions in order.
func questionNames() []string {
	var names []string
	for _, q := range mix() {
		names = append(names, q.name)
	}
	return names
}

// bench holds the sides being measured.
type bench struct {
	o           options
	ours, peer  *loadtest.Client
	base        string
	debug       string // our server's profiler address, when profiles are asked for
	graph       string // which graph is being measured, for profile names
	ourPID      int
	peerPID     int
	neo4jPID    int
	driver      neo4j.DriverWithContext
	peerQueries map[string]peerQuery
	compiler    *compiler // answers questions in process, for the Cypher ours sends
}

// measure checks that every side answers q with the same rows, then times each side.
func (b *bench) measure(ctx context.Context, q question) (Row, error) {
	row := Row{Name: q.name, About: q.about}
	ourBody, err := b.ourBody(ctx, q)
	if err != nil {
		return row, err
	}
	pq, ok := b.peerQueries[q.name]
	if !ok {
		return row, fmt.Errorf("bench/peer/queries.json has no %q", q.name)
	}
	peerBody, _ := json.Marshal(map[string]any{"query": pq.Query, "variables": pq.Variables})

	ourRows, err := rowsOf(ctx, b.ours, ourBody, q.rows)
	if err != nil {
		return row, fmt.Errorf("ours: %w", err)
	}
	peerRows, err := rowsOf(ctx, b.peer, peerBody, q.peer)
	if err != nil {
		return row, fmt.Errorf("peer: %w", err)
	}
	if !sameRows(ourRows, peerRows, q.ordered) {
		return row, fmt.Errorf("the peer's rows differ from ours:\n  ours: %v\n  peer: %v", ourRows, peerRows)
	}
	row.Rows = len(ourRows)
	var plans string
	if row.DBHits, plans, err = b.profileOurs(ctx, ourBody); err != nil {
		return row, fmt.Errorf("profiling ours: %w", err)
	}
	if err := b.keepPlan(q.name, "ours", plans); err != nil {
		return row, err
	}
	if q.floor != nil {
		if row.FloorDBHits, plans, err = b.dbHits(ctx, q.floor.cypher, q.floor.params); err != nil {
			return row, fmt.Errorf("profiling the floor: %w", err)
		}
		if err := b.keepPlan(q.name, "floor", plans); err != nil {
			return row, err
		}
		got, err := b.floorRows(ctx, q.floor)
		if err != nil {
			return row, fmt.Errorf("floor: %w", err)
		}
		if !sameRows(ourRows, got, q.ordered) {
			return row, fmt.Errorf("the floor's rows differ from ours:\n  ours:  %v\n  floor: %v", ourRows, got)
		}
	}

	sides := []*contestant{
		{name: "ours", server: b.ourPID, load: b.httpLoad(b.ours, q.name, ourBody)},
		{name: "peer", server: b.peerPID, load: b.httpLoad(b.peer, q.name, peerBody)},
	}
	if q.floor != nil {
		sides = append(sides, &contestant{name: "floor", load: b.floorLoad(q.floor)})
	}
	before, err := loadtest.MetricSum(ctx, http.DefaultClient, b.base+"/metrics", "mineralgraph_neo4j_query_duration_seconds_count")
	if err != nil {
		return row, err
	}
	if err := b.interleave(ctx, q.name, sides); err != nil {
		return row, err
	}
	after, err := loadtest.MetricSum(ctx, http.DefaultClient, b.base+"/metrics", "mineralgraph_neo4j_query_duration_seconds_count")
	if err != nil {
		return row, err
	}
	row.Ours, row.Peer = sides[0].side(), sides[1].side()
	// Only our stretches (warm-up and measured) reach our server between the two readings.
	if n := row.Ours.Requests + sides[0].warm; n > 0 {
		row.RoundTrips = (after - before) / float64(n)
	}
	if q.floor != nil {
		f := sides[2].side()
		row.Floor = &f
	}
	return row, nil
}

// contestant is one side under load for one question: what drives it, and what it cost.
type contestant struct {
	name    string
	server  int                                         // its server's process; 0 for the floor, whose driver runs in this one
	load    func(ctx context.Context) []loadtest.Sample // requests until ctx ends
	samples []loadtest.Sample                           // measured
	rates   []float64                                   // requests per second, by measured stretch
	warm    int                                         // requests in the warm-ups
	cpu     [3]time.Duration                            // processor time while measured: its server, Neo4j, this process
	rss     int64                                       // its server's largest resident size
}

// interleave measures the sides in b.o.rounds stretches each, in turn and in a rotating
// order (ours, peer, floor; then peer, floor, ours; ...), each stretch after its own
// warm-up. A slow drift of the machine or of Neo4j (its JIT compiling, its garbage from the
// side before) then falls on every side alike, where measuring each side in one piece, in a
// fixed order, charged it to whichever side came first.
func (b *bench) interleave(ctx context.Context, question string, sides []*contestant) error {
	stretch, warm := b.o.duration/time.Duration(b.o.rounds), b.o.warmup/time.Duration(b.o.rounds)
	for r := range b.o.rounds {
		for i := range sides {
			c := sides[(i+r)%len(sides)]
			stopProfile := func() error { return nil }
			if c.name == "ours" && r == 0 {
				stopProfile = b.profile(ctx, question, warm+stretch)
			}
			wctx, cancel := context.WithTimeout(ctx, warm)
			c.warm += len(c.load(wctx))
			cancel()
			stopRSS := func() {}
			if c.server != 0 {
				stopRSS = sampleRSS(c.server, &c.rss)
			}
			meter := meterCPU(c.server, b.neo4jPID, os.Getpid())
			mctx, cancel := context.WithTimeout(ctx, stretch)
			measured := c.load(mctx)
			cancel()
			c.samples = append(c.samples, measured...)
			c.rates = append(c.rates, busyRate(measured))
			for i, d := range meter.used() {
				c.cpu[i] += d
			}
			stopRSS()
			if err := stopProfile(); err != nil {
				return fmt.Errorf("profiling our server: %w", err)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// busyRate is the throughput of one stretch: each client's requests over the time it was
// busy, summed over the clients. Requests in flight when a stretch ends finish and count,
// so requests over the stretch's nominal length would overstate a slow side (by about half
// a request per client: 13% at two requests a second per client over 2 s).
func busyRate(samples []loadtest.Sample) float64 {
	type span struct {
		n          int
		from, upto time.Duration
	}
	clients := map[int]*span{}
	for _, s := range samples {
		c, ok := clients[s.Client]
		if !ok {
			c = &span{from: s.Start, upto: s.Start + s.Latency}
			clients[s.Client] = c
		}
		c.n++
		c.from, c.upto = min(c.from, s.Start), max(c.upto, s.Start+s.Latency)
	}
	rate := 0.0
	for _, c := range clients {
		if c.upto > c.from {
			rate += float64(c.n) / (c.upto - c.from).Seconds()
		}
	}
	return rate
}

// side summarises a contestant's measured stretches. Its throughput is the mean of the
// stretches' rates (they are of one length), not requests over a nominal duration.
func (c *contestant) side() Side {
	st := loadtest.Summarise(c.samples, 0)
	for _, r := range c.rates {
		st.Throughput += r / float64(len(c.rates))
	}
	perRequest := func(d time.Duration) float64 {
		if st.Requests == 0 {
			return 0
		}
		return float64(d.Microseconds()) / 1000 / float64(st.Requests)
	}
	s := Side{Requests: st.Requests, Throughput: st.Throughput, P50: msOf(st.P50), P95: msOf(st.P95), P99: msOf(st.P99),
		Errors: st.Errors(), RSS: c.rss, ServerCPU: perRequest(c.cpu[0]), Neo4jCPU: perRequest(c.cpu[1]), ClientCPU: perRequest(c.cpu[2])}
	return s
}

// profile starts a CPU profile of our server lasting d (rounded up to whole seconds), when
// profiles were asked for; the returned function waits for it and saves it as
// <graph>-<question>.pprof.
func (b *bench) profile(ctx context.Context, question string, d time.Duration) func() error {
	if b.debug == "" {
		return func() error { return nil }
	}
	secs := int((d + time.Second - 1) / time.Second)
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", b.debug, secs)
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- err
			return
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			done <- fmt.Errorf("%s: HTTP %d", url, res.StatusCode)
			return
		}
		f, err := os.Create(filepath.Join(b.o.profiles, b.graph+"-"+question+".pprof"))
		if err != nil {
			done <- err
			return
		}
		_, err = io.Copy(f, res.Body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	return func() error { return <-done }
}

// settle repeats warmAll until b.o.settle has passed, printing each pass's requests per
// second so that a reader sees whether they had stopped rising.
func (b *bench) settle(ctx context.Context) error {
	began := time.Now()
	for pass := 1; ; pass++ {
		start := time.Now()
		n, err := b.warmAll(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("settling: pass %d, %.0f requests/s (ours and peer together)\n", pass, float64(n)/time.Since(start).Seconds())
		if time.Since(began) >= b.o.settle {
			return nil
		}
	}
}

// warmAll runs each question on each side for two seconds at the benchmark's concurrency,
// and returns how many requests that made.
func (b *bench) warmAll(ctx context.Context) (int, error) {
	n := 0
	for _, q := range mix() {
		ours, err := b.ourBody(ctx, q)
		if err != nil {
			return n, err
		}
		pq := b.peerQueries[q.name]
		peer, _ := json.Marshal(map[string]any{"query": pq.Query, "variables": pq.Variables})
		for _, side := range []struct {
			c    *loadtest.Client
			body []byte
		}{{b.ours, ours}, {b.peer, peer}} {
			warm, cancel := context.WithTimeout(ctx, 2*time.Second)
			n += len(side.c.Load(warm, []loadtest.Query{{Name: q.name, Body: side.body}}, nil, b.o.concurrency, time.Now()))
			cancel()
		}
	}
	return n, nil
}

// ourBody is our request for q; the deep page needs the cursor of the item before it, which
// a client gets by paging there (not timed).
func (b *bench) ourBody(ctx context.Context, q question) ([]byte, error) {
	vars := map[string]any{}
	if q.name == "deepPage50" {
		cursor, err := b.cursorBefore(ctx, (deepPage-1)*deepPageSize)
		if err != nil {
			return nil, err
		}
		vars["after"] = cursor
	}
	return json.Marshal(map[string]any{"query": q.ours, "variables": vars})
}

// cursorBefore returns the cursor of the n-th facility in name order (1-based), by paging.
func (b *bench) cursorBefore(ctx context.Context, n int) (string, error) {
	var after any
	cursor := ""
	for seen := 0; seen < n; {
		first := min(100, n-seen)
		body, _ := json.Marshal(map[string]any{"query": `query($first: Int, $after: String) { facilities(first: $first, after: $after) { pageInfo { endCursor } } }`,
			"variables": map[string]any{"first": first, "after": after}})
		_, resp, err := b.ours.Post(ctx, body)
		if err != nil || len(resp.Errors) > 0 {
			return "", fmt.Errorf("paging to item %d: %v %v", n, err, resp.Errors)
		}
		var d struct {
			Facilities struct{ PageInfo struct{ EndCursor string } }
		}
		if err := json.Unmarshal(resp.Data, &d); err != nil {
			return "", err
		}
		cursor = d.Facilities.PageInfo.EndCursor
		after = cursor
		seen += first
	}
	return cursor, nil
}

func rowsOf(ctx context.Context, c *loadtest.Client, body []byte, rows func(any) ([]string, error)) ([]string, error) {
	status, resp, err := c.Post(ctx, body)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK || len(resp.Errors) > 0 {
		return nil, fmt.Errorf("HTTP %d, errors %v", status, resp.Errors)
	}
	var data any
	if err := json.Unmarshal(resp.Data, &data); err != nil {
		return nil, err
	}
	return rows(data)
}

// Side is one side's figures for one question.
type Side struct {
	Requests   int     `json:"requests"`
	Throughput float64 `json:"throughput_per_s"`
	P50        float64 `json:"p50_ms"`
	P95        float64 `json:"p95_ms"`
	P99        float64 `json:"p99_ms"`
	Errors     int     `json:"errors"`
	RSS        int64   `json:"max_rss_bytes,omitempty"`
	// Processor time per measured request, in ms: the side's server process (none for the
	// floor, whose driver runs in this process) and Neo4j's.
	ServerCPU float64 `json:"server_cpu_ms_per_request,omitempty"`
	Neo4jCPU  float64 `json:"neo4j_cpu_ms_per_request"`
	// ClientCPU is the benchmark's own: its clients' (HTTP, decoding the answers) or, for
	// the floor, its driver's.
	ClientCPU float64 `json:"client_cpu_ms_per_request"`
}

// cpuMeter measures the processor time of processes over a stretch of time.
type cpuMeter struct {
	pids   []int
	before []time.Duration
}

func meterCPU(pids ...int) *cpuMeter {
	m := &cpuMeter{pids: pids, before: make([]time.Duration, len(pids))}
	for i, pid := range pids {
		if pid != 0 {
			m.before[i] = stack.CPU(pid)
		}
	}
	return m
}

// used returns each process's processor time since meterCPU; pid 0 (no process) used none.
func (m *cpuMeter) used() []time.Duration {
	out := make([]time.Duration, len(m.pids))
	for i, pid := range m.pids {
		if pid != 0 {
			out[i] = stack.CPU(pid) - m.before[i]
		}
	}
	return out
}

// httpLoad drives a GraphQL server with one request body from the benchmark's clients.
func (b *bench) httpLoad(c *loadtest.Client, name string, body []byte) func(context.Context) []loadtest.Sample {
	queries := []loadtest.Query{{Name: name, Body: body}}
	return func(ctx context.Context) []loadtest.Sample {
		return c.Load(ctx, queries, nil, b.o.concurrency, time.Now())
	}
}

// sampleRSS records the largest resident size of pid until the returned function is called.
func sampleRSS(pid int, max *int64) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			if r := stack.RSS(pid); r > *max {
				*max = r
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func (b *bench) floorRows(ctx context.Context, f *floorQuery) ([]string, error) {
	records, err := b.runFloor(ctx, f)
	if err != nil {
		return nil, err
	}
	recs := make([]map[string]any, len(records))
	for i, r := range records {
		recs[i] = r.AsMap()
	}
	return f.rows(recs), nil
}

// runFloor runs the floor's query the cheapest way the driver offers, as our store runs its
// reads: one auto-commit transaction in read access mode.
func (b *bench) runFloor(ctx context.Context, f *floorQuery) ([]*neo4j.Record, error) {
	session := b.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
	defer session.Close(context.Background())
	res, err := session.Run(ctx, f.cypher, f.params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// floorLoad runs the floor's query from as many goroutines as the benchmark has clients.
func (b *bench) floorLoad(f *floorQuery) func(context.Context) []loadtest.Sample {
	return func(ctx context.Context) []loadtest.Sample {
		var mu sync.Mutex
		var out []loadtest.Sample
		var wg sync.WaitGroup
		began := time.Now()
		for i := range b.o.concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []loadtest.Sample
				for ctx.Err() == nil {
					start := time.Now()
					_, err := b.runFloor(context.Background(), f)
					s := loadtest.Sample{Client: i, Start: start.Sub(began), Latency: time.Since(start), Outcome: "ok"}
					if err != nil {
						s.Outcome = "ERROR"
					}
					mine = append(mine, s)
				}
				mu.Lock()
				out = append(out, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		return out
	}
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func graphSize(ctx context.Context, uri string) (nodes, rels int64, err error) {
	s, err := store.Open(ctx, store.Config{URI: uri})
	if err != nil {
		return 0, 0, err
	}
	defer s.Close(context.Background())
	return s.GraphSize(ctx)
}

// peerProcess is the running peer.
type peerProcess struct {
	url     string
	pid     int
	cmd     *exec.Cmd
	queries map[string]peerQuery
}

type peerQuery struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
}

// startPeer installs the peer's packages (npm ci, from its lock file) and starts it.
func startPeer(ctx context.Context, o options, uri string) (*peerProcess, error) {
	raw, err := os.ReadFile(filepath.Join(o.peerDir, "queries.json"))
	if err != nil {
		return nil, err
	}
	p := &peerProcess{}
	if err := json.Unmarshal(raw, &p.queries); err != nil {
		return nil, fmt.Errorf("bench/peer/queries.json: %w", err)
	}
	if _, err := os.Stat(filepath.Join(o.peerDir, "node_modules")); err != nil {
		npm := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		npm.Dir, npm.Stdout, npm.Stderr = o.peerDir, os.Stderr, os.Stderr
		if err := npm.Run(); err != nil {
			return nil, fmt.Errorf("npm ci in %s: %w", o.peerDir, err)
		}
	}
	port, err := stack.FreePort()
	if err != nil {
		return nil, err
	}
	p.url = "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	logFile, err := os.Create(filepath.Join(o.workdir, "peer.log"))
	if err != nil {
		return nil, err
	}
	p.cmd = exec.Command("node", "server.mjs")
	p.cmd.Dir = o.peerDir
	p.cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "PORT="+strconv.Itoa(port), "NODE_ENV=production")
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	p.pid = p.cmd.Process.Pid
	// Ready when it answers a query.
	body := []byte(`{"query":"{ __typename }"}`)
	for deadline := time.Now().Add(60 * time.Second); ; {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if res, err := http.DefaultClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, errors.New("the peer did not answer within 60 s; see " + logFile.Name())
		}
		time.Sleep(250 * time.Millisecond)
	}
	fmt.Printf("peer (@neo4j/graphql on Apollo Server) pid %d at %s\n", p.pid, p.url)
	return p, nil
}

func (p *peerProcess) stop() {
	if p.cmd != nil && p.cmd.Process != nil {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		_ = p.cmd.Wait()
	}
}
