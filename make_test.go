package mineralgraph_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// makeIn runs make in the repository with args and returns its output and whether it
// succeeded. The make is one of its own, not a job of a make that may run this test: the
// Makefile's variables (a make test NEO4J_BOLT_PORT=... around this test exports them) and the
// user's NEO4J_URI are left out of its environment, the cache and the Go command kept.
func makeIn(t *testing.T, args ...string) (string, error) {
	t.Helper()
	makefile, err := os.ReadFile("Makefile")
	require.NoError(t, err)
	own := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([A-Z][A-Z0-9_]*) \?=`).FindAllStringSubmatch(string(makefile), -1) {
		own[m[1]] = m[1] != "MINERALGRAPH_CACHE" && m[1] != "GO"
	}
	cmd := exec.Command("make", append([]string{"--no-print-directory"}, args...)...)
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !own[name] && name != "MAKEFLAGS" && name != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestMakeHelp(t *testing.T) {
	t.Run("shows every target and variable with the values make would use", func(t *testing.T) {
		out, err := makeIn(t, "help", "NEO4J_BOLT_PORT=7702", "TEST_BOLT_PORT=7703")
		require.NoError(t, err, out)
		require.NotContains(t, out, "$(", "a variable printed unexpanded")
		require.Regexp(t, `make neo4j-start +start this checkout's local Neo4j dev-7702 on 127.0.0.1:7702`, out)
		require.Regexp(t, `(?m)^  TEST_BOLT_PORT +Bolt port .*\[7703\]$`, out)
		makefile, err := os.ReadFile("Makefile")
		require.NoError(t, err)
		for _, m := range regexp.MustCompile(`(?m)^## ([A-Z][A-Z0-9_]*) `).FindAllStringSubmatch(string(makefile), -1) {
			require.Regexp(t, `(?m)^  `+m[1]+` `, out, "make help lists %s", m[1])
		}
		for _, m := range regexp.MustCompile(`(?m)^([a-z0-9-]+):.*## `).FindAllStringSubmatch(string(makefile), -1) {
			require.Contains(t, out, "make "+m[1]+" ", "make help lists the target %s", m[1])
		}
	})

	t.Run("documents every variable a target line reads", func(t *testing.T) {
		makefile, err := os.ReadFile("Makefile")
		require.NoError(t, err)
		documented := map[string]bool{}
		for _, m := range regexp.MustCompile(`(?m)^## ([A-Z][A-Z0-9_]*) `).FindAllStringSubmatch(string(makefile), -1) {
			documented[m[1]] = true
		}
		for _, m := range regexp.MustCompile(`(?m)^([A-Z][A-Z0-9_]*) \?=`).FindAllStringSubmatch(string(makefile), -1) {
			require.True(t, documented[m[1]], "%s can be set (?=) but make help does not say what it is", m[1])
		}
	})
}

func TestMakeLocalInstances(t *testing.T) {
	t.Run("names the instance of a target for its port", func(t *testing.T) {
		out, err := makeIn(t, "-n", "neo4j-start", "NEO4J_BOLT_PORT=7702")
		require.NoError(t, err, out)
		require.Contains(t, out, "-name dev-7702 -bolt-port 7702 start")
		// (Not make -n test: make runs the lines of a recipe that calls $(MAKE) even with -n.)
		out, err = makeIn(t, "-n", "docs", "TEST_BOLT_PORT=7703")
		require.NoError(t, err, out)
		require.Contains(t, out, "-name test-7703 -bolt-port 7703 start")
	})

	t.Run("stops only the instance of the port it is given, and remembers the others", func(t *testing.T) {
		dir := t.TempDir()
		local := filepath.Join(dir, "local-neo4j")
		fake := filepath.Join(dir, "neo4jlocal")
		// A neo4jlocal that records its arguments and answers start with the URI it was given.
		require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho \"$*\" >> "+filepath.Join(dir, "calls")+
			"\nfor a; do case $a in start) echo bolt://127.0.0.1:$port;; [0-9]*) port=$a;; esac; done\n"), 0o755))
		vars := []string{"NEO4JLOCAL=" + fake, "LOCAL_NEO4J=" + local}

		for _, port := range []string{"7702", "7703"} {
			out, err := makeIn(t, append([]string{"neo4j-start", "NEO4J_BOLT_PORT=" + port}, vars...)...)
			require.NoError(t, err, out)
		}
		requireFile(t, local, "bolt://127.0.0.1:7702\nbolt://127.0.0.1:7703\n")

		out, err := makeIn(t, append([]string{"-n", "neo4j-stop"}, vars...)...)
		require.NoError(t, err, out)
		require.Contains(t, out, "-name dev-7703 stop", "without a port, the one started last")

		out, err = makeIn(t, append([]string{"neo4j-stop", "NEO4J_BOLT_PORT=7703"}, vars...)...)
		require.NoError(t, err, out)
		requireFile(t, local, "bolt://127.0.0.1:7702\n")
		out, err = makeIn(t, append([]string{"neo4j-stop", "NEO4J_BOLT_PORT=7702"}, vars...)...)
		require.NoError(t, err, out)
		_, err = os.Stat(local)
		require.True(t, os.IsNotExist(err), "nothing left to remember")
		requireFile(t, filepath.Join(dir, "calls"),
			"-name dev-7702 -bolt-port 7702 start\n-name dev-7703 -bolt-port 7703 start\n-name dev-7703 stop\n-name dev-7702 stop\n")
	})
}

func requireFile(t *testing.T, path, want string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, want, string(b))
}

func TestMakeScreenshot(t *testing.T) {
	t.Run("says in one line that it needs Chromium, where there is none", func(t *testing.T) {
		out, err := makeIn(t, "screenshot", "CHROMIUM=/nonexistent/chromium")
		require.Error(t, err)
		require.Contains(t, out, "make screenshot drives Chromium, and there is none at /nonexistent/chromium: install Debian's (apt-get install chromium) or set CHROMIUM=/path/to/chromium")
		require.NotContains(t, out, "    at ", "no stack trace")
		require.LessOrEqual(t, strings.Count(strings.TrimSpace(out), "\n"), 1, out)
	})
}
