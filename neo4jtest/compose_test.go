package neo4jtest

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/mineralgraph/mineralgraph/neo4jlocal"
)

// The Docker path cannot be run here (no Docker engine), so TestCompose does what the image
// would do with docker-compose.yml, with the parts that are not Docker's own: the official
// image turns its environment into neo4j.conf, and Neo4j refuses a setting it does not know.

// imageControls are the NEO4J_* variables the official image reads itself and does not write
// into neo4j.conf (not_configs in docker-image-src/5/coredb/docker-entrypoint.sh of
// neo4j/docker-neo4j).
var imageControls = map[string]bool{
	"NEO4J_ACCEPT_LICENSE_AGREEMENT": true, "NEO4J_AUTH": true, "NEO4J_AUTH_PATH": true, "NEO4J_DEBUG": true,
	"NEO4J_EDITION": true, "NEO4J_HOME": true, "NEO4J_PLUGINS": true, "NEO4J_SHA256": true, "NEO4J_TARBALL": true,
}

// imageSettings applies the official Neo4j 5 image's rule to a container's environment: every
// variable named NEO4J_*, except the image's controls, with a value, becomes the setting named
// by what follows NEO4J_, with "_" read as "." and then ".." as "_" (NEO4J_server_memory_heap_max__size
// is server.memory.heap.max_size). Names that would start with a digit are skipped, as the
// image skips them; apoc.* settings go to apoc.conf there, which this project does not use.
func imageSettings(env map[string]string) map[string]string {
	out := map[string]string{}
	for name, value := range env {
		if !strings.HasPrefix(name, "NEO4J_") || imageControls[name] || value == "" {
			continue
		}
		setting := strings.ReplaceAll(strings.ReplaceAll(strings.TrimPrefix(name, "NEO4J_"), "_", "."), "..", "_")
		if setting != "" && (setting[0] < '0' || setting[0] > '9') {
			out[setting] = value
		}
	}
	return out
}

// machineSettings are settings a container gets from its network and file system, which the
// local server keeps its own values for (it listens on loopback, in its own folders). They
// are the keys neo4jlocal writes itself, so a misspelt one still reaches Neo4j and is refused.
var machineSettings = regexp.MustCompile(`^server\.(default_listen_address|default_advertised_address|(bolt|http|https)\.(listen|advertised)_address|directories\.\w+)$`)

// service is what the test reads of a service of docker-compose.yml.
type service struct {
	Environment yaml.Node
	Healthcheck struct {
		Test []string
	}
}

// composeFile returns the compose file the test reads: $COMPOSE_FILE (as docker compose reads
// it), else the repository's docker-compose.yml.
func composeFile() string {
	if f := os.Getenv("COMPOSE_FILE"); f != "" {
		return f
	}
	return filepath.Join("..", "docker-compose.yml")
}

// readCompose reads the services of a compose file, with ${...} in environments and health
// checks interpolated from dotenv as docker compose does from .env.
func readCompose(t *testing.T, path string, dotenv map[string]string) (envs map[string]map[string]string, health map[string][]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var file struct{ Services map[string]service }
	require.NoError(t, yaml.Unmarshal(b, &file), path)
	envs, health = map[string]map[string]string{}, map[string][]string{}
	for name, svc := range file.Services {
		env := map[string]string{}
		var raw any
		require.NoError(t, svc.Environment.Decode(&raw))
		switch v := raw.(type) {
		case map[string]any: // KEY: value (merges of anchors included)
			for k, x := range v {
				env[k] = interpolate(t, fmt.Sprint(x), dotenv)
			}
		case []any: // - KEY=value
			for _, x := range v {
				k, val, _ := strings.Cut(fmt.Sprint(x), "=")
				env[k] = interpolate(t, val, dotenv)
			}
		case nil:
		default:
			t.Fatalf("%s: service %s: environment is neither a map nor a list", path, name)
		}
		envs[name] = env
		for _, x := range svc.Healthcheck.Test {
			health[name] = append(health[name], interpolate(t, x, dotenv))
		}
	}
	return envs, health
}

// variable is compose's interpolation: $$, ${NAME}, ${NAME:-default}, ${NAME-default},
// ${NAME:?error}, ${NAME?error}, $NAME.
var variable = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

func interpolate(t *testing.T, s string, vars map[string]string) string {
	t.Helper()
	return variable.ReplaceAllStringFunc(s, func(m string) string {
		if m == "$$" {
			return "$"
		}
		g := variable.FindStringSubmatch(m)
		name, op, arg := g[1], g[2], g[3]
		if name == "" {
			name = g[4]
		}
		value, set := vars[name]
		empty := !set || (strings.HasPrefix(op, ":") && value == "")
		switch {
		case strings.HasSuffix(op, "-") && empty:
			return arg
		case strings.HasSuffix(op, "?") && empty:
			t.Fatalf("docker compose would refuse to start: %s: %s", name, arg)
		}
		return value
	})
}

// TestCompose checks the neo4j service of docker-compose.yml as the official image would run
// it: its environment becomes settings by the image's rule, and the local Neo4j, started with
// those settings and strict validation on, must accept them; its health check must find the
// password; the services that connect to it must use the credentials it sets. Run it on
// another compose file with COMPOSE_FILE=path.
func TestCompose(t *testing.T) {
	const password = "compose-test-password" // what .env would hold
	path := composeFile()
	envs, health := readCompose(t, path, map[string]string{"NEO4J_PASSWORD": password})
	env, ok := envs["neo4j"]
	require.True(t, ok, "%s has no neo4j service", path)

	t.Run("turns no variable of the neo4j service into a setting Neo4j refuses", func(t *testing.T) {
		settings := imageSettings(env)
		var names []string
		for k := range settings {
			names = append(names, k)
		}
		sort.Strings(names)
		t.Logf("%s: the image writes %s", path, strings.Join(names, ", "))
		err := startWithImageSettings(t, settings)
		require.NoError(t, err, "Neo4j %s refuses the settings the image makes of the neo4j service's environment", neo4jlocal.Version)
	})

	t.Run("gives the health check the password without a variable the image would turn into a setting", func(t *testing.T) {
		test := health["neo4j"]
		require.Len(t, test, 2, "healthcheck.test: [CMD-SHELL, command]")
		require.Equal(t, "CMD-SHELL", test[0])
		// A cypher-shell that answers only to neo4j and the password, as the server would.
		bin := t.TempDir()
		shell := fmt.Sprintf("#!/bin/sh\n[ \"$*\" = \"-u neo4j -p %s RETURN 1\" ] || { echo \"cypher-shell $*: wrong credentials\" >&2; exit 1; }\n", password)
		require.NoError(t, os.WriteFile(filepath.Join(bin, "cypher-shell"), []byte(shell), 0o755))
		cmd := exec.Command("/bin/sh", "-c", test[1]+" && echo healthy")
		cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin"}
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "the health check fails: %s", out)
		require.Equal(t, "healthy\n", string(out))
	})

	t.Run("runs the api on one thread of Go code", func(t *testing.T) {
		// The README's "CPUs per replica". The service's cpus limit alone would not do it: Go
		// sizes itself from a container's CPU limit, but never below 2 threads.
		require.Equal(t, "1", envs["api"]["GOMAXPROCS"], "%s: the api service's GOMAXPROCS", path)
	})

	t.Run("connects seed and api with the credentials NEO4J_AUTH sets", func(t *testing.T) {
		auth := regexp.MustCompile(`^([^/]+)/([^/]+)/?([tT][rR][uU][eE])?$`).FindStringSubmatch(env["NEO4J_AUTH"])
		require.NotNil(t, auth, "NEO4J_AUTH=%q: the image wants user/password", env["NEO4J_AUTH"])
		require.Equal(t, "neo4j", auth[1], "the image's admin user")
		for _, name := range []string{"seed", "api"} {
			require.Equal(t, auth[1], envs[name]["NEO4J_USER"], name)
			require.Equal(t, auth[2], envs[name]["NEO4J_PASSWORD"], name)
			require.Equal(t, "bolt://neo4j:7687", envs[name]["NEO4J_URI"], name)
		}
	})

	t.Run("would refuse the variable that once stopped Neo4j (NEO4J_PASSWORD)", func(t *testing.T) {
		// The check itself can fail: docker-compose.yml once gave the service NEO4J_PASSWORD,
		// which the image wrote as the setting PASSWORD.
		bad := map[string]string{"NEO4J_PASSWORD": password}
		for k, v := range env {
			bad[k] = v
		}
		settings := imageSettings(bad)
		require.Equal(t, password, settings["PASSWORD"])
		err := startWithImageSettings(t, settings)
		require.ErrorContains(t, err, "Unrecognized setting. No declared setting with name: PASSWORD")
	})
}

// startWithImageSettings starts a scratch local Neo4j with the image's settings (but its own
// addresses and folders) and strict validation on, and stops it again.
func startWithImageSettings(t *testing.T, image map[string]string) error {
	t.Helper()
	settings := map[string]string{"server.config.strict_validation.enabled": "true"}
	for k, v := range image {
		if !machineSettings.MatchString(k) {
			settings[k] = v
		}
	}
	o := scratchOptions(t, settings)
	s, err := neo4jlocal.Start(context.Background(), o, io.Discard)
	if err != nil {
		return err
	}
	return s.Stop()
}
