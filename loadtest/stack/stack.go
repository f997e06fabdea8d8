// Package stack sets the scene for the harnesses (make loadtest, make faulttest, make bench):
// a Neo4j of their own from Maven jars, the curated dataset loaded into it, and the server
// built from this checkout and run as a separate process on loopback, as in production.
package stack

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jlocal"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

// Options say which Neo4j instance to use and where the server's binary and log go.
type Options struct {
	Instance string   // the neo4jlocal instance, wiped first; its name gets the port: loadtest-7692
	BoltPort int      // its Bolt port on 127.0.0.1
	Workdir  string   // where the server binary and its log go
	Env      []string // extra environment for the server (KEY=value)
	Log      io.Writer
}

// Stack is a running Neo4j with the curated dataset and a server process over it.
type Stack struct {
	Neo4j    neo4jlocal.Options
	URI      string // Neo4j's Bolt URI
	Neo4jPID int    // Neo4j's process id
	Base     string // the server's base URL: Base+"/graphql" is the API
	WriteKey string // an API key with the write scope the server accepts
	cmd      *exec.Cmd
	exited   chan error
	log      *os.File
	out      io.Writer
}

// Start wipes and starts the Neo4j instance, loads the curated dataset, builds the server
// and starts it, and returns once /readyz answers 200. When a step fails after Neo4j has
// started, it stops what it started.
func Start(ctx context.Context, o Options) (_ *Stack, err error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	s := &Stack{Neo4j: neo4jlocal.Options{Name: o.Instance + "-" + strconv.Itoa(o.BoltPort), BoltPort: o.BoltPort}, out: o.Log}
	if err := os.MkdirAll(o.Workdir, 0o755); err != nil {
		return nil, err
	}
	if err := neo4jlocal.Wipe(s.Neo4j, io.Discard); err != nil {
		return nil, err
	}
	n, err := neo4jlocal.Start(ctx, s.Neo4j, o.Log)
	if err != nil {
		return nil, err
	}
	s.URI, s.Neo4jPID = n.URI(), n.PID()
	defer func() {
		if err != nil {
			s.Close(false)
		}
	}()
	d, err := dataset.Curated()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if _, err := s.Load(ctx, d); err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Log, "curated dataset loaded in %s\n", time.Since(start).Round(time.Millisecond))

	bin := filepath.Join(o.Workdir, "mineralgraph")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/mineralgraph")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the server: %w", err)
	}
	key, entry, err := server.NewAPIKey("harness", true)
	if err != nil {
		return nil, err
	}
	s.WriteKey = key
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	s.Base = "http://127.0.0.1:" + strconv.Itoa(port)
	if s.log, err = os.Create(filepath.Join(o.Workdir, "server.log")); err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = append(append(os.Environ(), "NEO4J_URI="+s.URI, "HTTP_ADDR=127.0.0.1:"+strconv.Itoa(port),
		"RATE_LIMIT_PER_MINUTE=0", "API_KEYS="+entry), o.Env...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	s.exited = make(chan error, 1)
	go func() { s.exited <- s.cmd.Wait() }()
	if err := WaitReady(ctx, s.Base+"/readyz", 30*time.Second); err != nil {
		return nil, fmt.Errorf("the server: %w; see %s", err, s.log.Name())
	}
	fmt.Fprintf(o.Log, "server pid %d at %s (log %s), Neo4j %s at %s\n", s.cmd.Process.Pid, s.Base, s.log.Name(), neo4jlocal.Version, s.URI)
	return s, nil
}

// Load writes a dataset into the stack's Neo4j.
func (s *Stack) Load(ctx context.Context, d *dataset.Dataset) (store.LoadStats, error) {
	st, err := store.Open(ctx, store.Config{URI: s.URI})
	if err != nil {
		return store.LoadStats{}, err
	}
	defer st.Close(context.Background())
	return st.Load(ctx, d.Records(), nil)
}

// ServerPID is the server process's id.
func (s *Stack) ServerPID() int {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// StopServer sends the server SIGTERM and returns its exit code.
func (s *Stack) StopServer() (int, error) {
	if s.cmd == nil || s.cmd.Process == nil {
		return 0, nil
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	defer func() { s.cmd = nil }()
	select {
	case err := <-s.exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), nil
		}
		return 0, err
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		return -1, errors.New("no exit within 30 s of SIGTERM")
	}
}

// Close stops the server and, unless keepNeo4j, Neo4j.
func (s *Stack) Close(keepNeo4j bool) {
	_, _ = s.StopServer()
	if s.log != nil {
		s.log.Close()
	}
	if !keepNeo4j {
		_ = neo4jlocal.Stop(s.Neo4j, io.Discard)
	}
}

// WaitReady polls url until it answers 200, for at most limit.
func WaitReady(ctx context.Context, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer 200 within %s", url, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// RSS returns the resident memory of a process, in bytes (0 when unknown).
func RSS(pid int) int64 { return procStatus(pid, "VmRSS") }

// AnonRSS returns the part of a process's resident memory that is its own (heap, stacks),
// not pages of files it maps, such as its executable, which the kernel maps in and out as the
// machine's memory is wanted elsewhere (0 when unknown).
func AnonRSS(pid int) int64 { return procStatus(pid, "RssAnon") }

// procStatus reads a size in kB from /proc/PID/status, in bytes.
func procStatus(pid int, key string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			if f := strings.Fields(line); len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// Files is what a process holds open.
type Files struct {
	Total int
	// Bolt counts the TCP sockets connected to the Bolt port; HTTP those on the HTTP port
	// (the listener and the connections it accepted).
	Bolt, HTTP int
}

// OpenFiles counts the open files of a process, and among them its TCP sockets to boltPort and
// on httpPort, from /proc (zero when unknown).
func OpenFiles(pid, boltPort, httpPort int) Files {
	var f Files
	entries, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return f
	}
	sockets := map[string]bool{}
	for _, e := range entries {
		f.Total++
		if link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, e.Name())); err == nil && strings.HasPrefix(link, "socket:[") {
			sockets[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	// /proc/PID/net/tcp: "sl local_address rem_address st ... inode", addresses as HEXIP:HEXPORT.
	port := func(addr string) int {
		_, hex, _ := strings.Cut(addr, ":")
		n, _ := strconv.ParseInt(hex, 16, 32)
		return int(n)
	}
	for _, table := range []string{"tcp", "tcp6"} {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fields := strings.Fields(line)
			if len(fields) < 10 || !sockets[fields[9]] {
				continue
			}
			switch {
			case port(fields[2]) == boltPort:
				f.Bolt++
			case port(fields[1]) == httpPort:
				f.HTTP++
			}
		}
	}
	return f
}

// CPU returns the processor time a process has used so far, user and system (0 when
// unknown). Linux reports it in clock ticks, which are 1/100 s on every common platform.
func CPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, field 2, is in parentheses and may hold spaces: count from after it.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// Machine describes where figures were measured.
func Machine() string {
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
	return fmt.Sprintf("%d CPUs (%s)%s, %s %s/%s; everything on loopback, clients on the same machine",
		runtime.NumCPU(), model, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
