package neo4jtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRefusesADatabaseThatIsNotTheirs points the test setup, and then `make docs`, at a
// database holding one node that they did not write, as a user's own database would: both
// refuse it, naming it and saying how to point them elsewhere, and the node is still there.
//
// It is the only test of this package that calls Seeded: the package's shared database is the
// scratch one it sets through TEST_NEO4J_URI.
func TestRefusesADatabaseThatIsNotTheirs(t *testing.T) {
	uri := startScratch(t, nil)
	cypher(t, uri, `CREATE (:Customer {name: 'keep me'})`)
	customers := func() int64 { return cypher(t, uri, `MATCH (c:Customer {name: 'keep me'}) RETURN count(c)`).(int64) }

	t.Run("the test setup refuses it and deletes nothing", func(t *testing.T) {
		t.Setenv("TEST_NEO4J_URI", uri)
		msg := fatalOf(t, func(tb testing.TB) { Seeded(tb) })
		t.Log(msg)
		require.Contains(t, msg, "refusing the Neo4j at "+uri+": the server's default database holds 1 node (labels Customer) and no mark of mineralgraph's test setup")
		require.Contains(t, msg, "Point them at an empty database with TEST_NEO4J_URI")
		require.Equal(t, int64(1), customers())
		require.Equal(t, int64(0), cypher(t, uri, `MATCH (n) WHERE NOT n:Customer RETURN count(n)`), "nothing was written either")
	})

	t.Run("make docs refuses it, deletes nothing and rewrites no document", func(t *testing.T) {
		root, err := filepath.Abs("..")
		require.NoError(t, err)
		before := readDocs(t, root)
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "make", "--no-print-directory", "docs", "TEST_NEO4J_URI="+uri)
		cmd.Dir = root
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a timeout ends make and what it started
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		// A make of its own, not a job of the make that may run this test.
		cmd.Env = append(os.Environ(), "MAKEFLAGS=", "MAKELEVEL=", "UPDATE_DOCS=")
		out, err := cmd.CombinedOutput()
		t.Logf("make docs TEST_NEO4J_URI=%s:\n%s", uri, out)
		require.Error(t, err, "make docs must fail")
		require.Contains(t, string(out), "refusing the Neo4j at "+uri)
		require.Equal(t, int64(1), customers())
		require.Equal(t, before, readDocs(t, root))
	})
}

func readDocs(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range []string{"README.md", filepath.Join("docs", "queries.md")} {
		b, err := os.ReadFile(filepath.Join(root, name))
		require.NoError(t, err)
		out[name] = string(b)
	}
	return out
}
