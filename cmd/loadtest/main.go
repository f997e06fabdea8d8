// Command loadtest measures mineralgraph under load, and under load while Neo4j crashes and
// comes back. It sets up everything on loopback: a Neo4j of its own (instance "loadtest",
// from Maven jars, wiped first), the curated dataset, and the server binary built from this
// checkout, run as a separate process as in production.
//
//	loadtest [flags] load    N clients run the documented queries for a fixed time
//	loadtest [flags] fault   the same, plus a writer, while Neo4j is killed and restarted
//
// It prints the machine, the figures and, for fault, every criterion it checked; it exits 1
// when a criterion fails (any error in a load run).
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/loadtest"
	"github.com/mineralgraph/mineralgraph/neo4jlocal"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
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
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "load: how long the clients run")
	fs.DurationVar(&o.before, "before", 15*time.Second, "fault: load before Neo4j is killed")
	fs.DurationVar(&o.outage, "outage", 10*time.Second, "fault: how long Neo4j stays down before it is started again")
	fs.DurationVar(&o.after, "after", 45*time.Second, "fault: load after Neo4j accepts connections again")
	fs.DurationVar(&o.grace, "grace", 30*time.Second, "fault: how soon after Neo4j is back every answer must be correct (a restarted Neo4j is cold: its JIT, page cache and plan cache warm under the load)")
	fs.DurationVar(&o.deadline, "deadline", 10*time.Second, "the server's REQUEST_TIMEOUT")
	fs.IntVar(&o.bolt, "bolt-port", 7692, "Bolt port of the loadtest Neo4j on 127.0.0.1")
	fs.BoolVar(&o.keep, "keep", false, "leave the loadtest Neo4j running afterwards")
	fs.StringVar(&o.workdir, "workdir", filepath.Join(os.TempDir(), "mineralgraph-loadtest"), "where the server binary and its log go")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loadtest [flags] load|fault")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "load" && fs.Arg(0) != "fault") {
		fs.Usage()
		return errors.New("say load or fault")
	}
	if o.clients < 1 || o.clients > 256 {
		return errors.New("-clients: 1 to 256")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Println(machine())
	env, err := setUp(ctx, o)
	if err != nil {
		return err
	}
	defer env.tearDown(o.keep)

	queries, err := documentedQueries()
	if err != nil {
		return err
	}
	readers := loadtest.NewClient(env.base+"/graphql", o.clients)
	seen := map[string]bool{}
	readers.Mismatches = func(query, want, got string) { // the first wrong answer of each query, for diagnosis
		if !seen[query] {
			seen[query] = true
			_ = os.WriteFile(filepath.Join(o.workdir, "wrong-"+query+".json"), []byte(want+"\n"+got+"\n"), 0o644)
		}
	}
	baseline, err := readers.Baseline(ctx, queries)
	if err != nil {
		return err
	}
	if fs.Arg(0) == "load" {
		return load(ctx, o, readers, queries, baseline)
	}
	return fault(ctx, o, env, readers, queries, baseline)
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

func fault(ctx context.Context, o options, env *environment, readers *loadtest.Client, queries []loadtest.Query, baseline map[string]string) error {
	writer := loadtest.NewClient(env.base+"/graphql", 1)
	writer.Header = http.Header{"Authorization": {"Bearer " + env.writeKey}}
	var id [4]byte
	_, _ = rand.Read(id[:])
	f := loadtest.Fault{
		Readers: readers, Writer: writer, Base: env.base, Queries: queries, Baseline: baseline, Clients: o.clients,
		Before: o.before, Outage: o.outage, After: o.after, Grace: o.grace, Deadline: o.deadline, RunID: hex.EncodeToString(id[:]),
		Stop: func() error { return neo4jlocal.Kill(env.neo4j, os.Stdout) },
		Start: func() error {
			_, err := neo4jlocal.Start(ctx, env.neo4j, os.Stdout)
			return err
		},
	}
	fmt.Printf("fault: %d readers and 1 writer; Neo4j killed (SIGKILL) after %s, started again %s later; load goes on %s after it is back\n",
		o.clients, o.before, o.outage, o.after)
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
	if code, err := env.stopServer(); err != nil || code != 0 {
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

// environment is what setUp started.
type environment struct {
	neo4j    neo4jlocal.Options
	base     string
	writeKey string
	cmd      *exec.Cmd
	exited   chan error
	log      *os.File
}

// setUp starts a fresh Neo4j, loads the curated dataset, builds the server and starts it.
func setUp(ctx context.Context, o options) (*environment, error) {
	env := &environment{neo4j: neo4jlocal.Options{Name: "loadtest", BoltPort: o.bolt}}
	if err := os.MkdirAll(o.workdir, 0o755); err != nil {
		return nil, err
	}
	if err := neo4jlocal.Wipe(env.neo4j, io.Discard); err != nil {
		return nil, err
	}
	n, err := neo4jlocal.Start(ctx, env.neo4j, os.Stdout)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, store.Config{URI: n.URI()})
	if err != nil {
		return nil, err
	}
	d, err := dataset.Curated()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if _, err := s.Load(ctx, d, nil); err != nil {
		return nil, err
	}
	s.Close(ctx)
	fmt.Printf("curated dataset loaded in %s\n", time.Since(start).Round(time.Millisecond))

	bin := filepath.Join(o.workdir, "mineralgraph")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/mineralgraph")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the server: %w", err)
	}
	key, entry, err := server.NewAPIKey("loadtest", true)
	if err != nil {
		return nil, err
	}
	env.writeKey = key
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	env.base = "http://127.0.0.1:" + strconv.Itoa(port)
	env.log, err = os.Create(filepath.Join(o.workdir, "server.log"))
	if err != nil {
		return nil, err
	}
	env.cmd = exec.Command(bin, "serve")
	env.cmd.Env = append(os.Environ(), "NEO4J_URI="+n.URI(), "HTTP_ADDR=127.0.0.1:"+strconv.Itoa(port),
		"RATE_LIMIT_PER_MINUTE=0", "API_KEYS="+entry, "REQUEST_TIMEOUT="+o.deadline.String())
	env.cmd.Stdout, env.cmd.Stderr = env.log, env.log
	if err := env.cmd.Start(); err != nil {
		return nil, err
	}
	env.exited = make(chan error, 1)
	go func() { env.exited <- env.cmd.Wait() }()
	for deadline := time.Now().Add(30 * time.Second); ; {
		if res, err := http.Get(env.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			env.tearDown(o.keep)
			return nil, fmt.Errorf("the server did not become ready in 30 s; see %s", env.log.Name())
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("server pid %d at %s (log %s), Neo4j %s at %s\n", env.cmd.Process.Pid, env.base, env.log.Name(), neo4jlocal.Version, n.URI())
	return env, nil
}

// stopServer sends SIGTERM and waits for the exit code.
func (e *environment) stopServer() (int, error) {
	if e.cmd == nil || e.cmd.Process == nil {
		return 0, nil
	}
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-e.exited:
		e.cmd = nil
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), nil
		}
		return 0, err
	case <-time.After(30 * time.Second):
		_ = e.cmd.Process.Kill()
		e.cmd = nil
		return -1, errors.New("no exit within 30 s of SIGTERM")
	}
}

func (e *environment) tearDown(keep bool) {
	_, _ = e.stopServer()
	if e.log != nil {
		e.log.Close()
	}
	if !keep {
		_ = neo4jlocal.Stop(e.neo4j, io.Discard)
	}
}

// documentedQueries are the examples of the docs and the playground.
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

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// machine describes where the figures were measured.
func machine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "MemTotal:") {
				if kb, err := strconv.Atoi(strings.Fields(line)[1]); err == nil {
					mem = fmt.Sprintf(", %.1f GiB RAM", float64(kb)/(1<<20))
				}
			}
		}
	}
	return fmt.Sprintf("machine: %d CPUs (%s)%s, %s %s/%s; everything on loopback, clients on the same machine",
		runtime.NumCPU(), model, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
