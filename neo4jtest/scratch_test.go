package neo4jtest

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jlocal"
)

// scratchOptions describe a local Neo4j of one test alone: instance "scratch-<port>" of this
// checkout. Its Bolt port is TEST_SCRATCH_BOLT_PORT (make: SCRATCH_BOLT_PORT) with HTTP on
// Bolt-213, or, when that is unset, two ports the kernel picks. It skips the test when this
// machine cannot run a local Neo4j (fails it under CI=true).
func scratchOptions(t *testing.T, settings map[string]string) neo4jlocal.Options {
	t.Helper()
	var bolt, http int
	if p, err := strconv.Atoi(os.Getenv("TEST_SCRATCH_BOLT_PORT")); err == nil {
		bolt, http = p, p-213
	} else {
		bolt, http = freePort(t), freePort(t)
		for http == bolt {
			http = freePort(t)
		}
	}
	o := neo4jlocal.Options{Name: "scratch-" + strconv.Itoa(bolt), BoltPort: bolt, HTTPPort: http, StartTimeout: 2 * time.Minute, Settings: settings}
	_, javaErr := exec.LookPath(javaOf(o))
	_, installErr := neo4jlocal.Install(context.Background(), o, io.Discard)
	if err := firstErr(javaErr, installErr); err != nil {
		msg := fmt.Sprintf("no local Neo4j can run here: %v", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true: integration tests must run")
		}
		t.Skip(msg)
	}
	require.NoError(t, neo4jlocal.Wipe(o, io.Discard))
	t.Cleanup(func() { _ = neo4jlocal.Wipe(o, io.Discard) })
	return o
}

// startScratch starts the instance of scratchOptions and returns its Bolt URI; it stops and
// deletes it when the test ends.
func startScratch(t *testing.T, settings map[string]string) string {
	t.Helper()
	o := scratchOptions(t, settings)
	s, err := neo4jlocal.Start(context.Background(), o, io.Discard)
	require.NoError(t, err)
	return s.URI()
}

func javaOf(o neo4jlocal.Options) string {
	o, err := neo4jlocal.Resolve(o)
	if err != nil {
		return "java"
	}
	return o.Java
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// cypher runs one statement on the server at uri as a user of that database would, outside
// mineralgraph, and returns the first column of the first row.
func cypher(t *testing.T, uri, statement string) any {
	t.Helper()
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	require.NoError(t, err)
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, statement, nil, neo4j.EagerResultTransformer)
	require.NoError(t, err)
	if len(res.Records) == 0 {
		return nil
	}
	return res.Records[0].Values[0]
}

// fatalRecorder is a testing.TB whose Fatal and Skip record the message and end the calling
// goroutine, so that a test can show what a helper refuses.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper()                   {}
func (r *fatalRecorder) Fatal(args ...any)         { r.stop(fmt.Sprint(args...)) }
func (r *fatalRecorder) Fatalf(f string, a ...any) { r.stop(fmt.Sprintf(f, a...)) }
func (r *fatalRecorder) Skip(args ...any)          { r.stop("skipped: " + fmt.Sprint(args...)) }
func (r *fatalRecorder) Skipf(f string, a ...any)  { r.stop("skipped: " + fmt.Sprintf(f, a...)) }
func (r *fatalRecorder) stop(msg string)           { r.msg = msg; runtime.Goexit() }

// fatalOf runs f with a fatalRecorder and returns what it was stopped with ("" when it
// returned).
func fatalOf(t *testing.T, f func(testing.TB)) string {
	r := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.msg
}
