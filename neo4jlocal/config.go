package neo4jlocal

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// writeConfig creates the instance's folders and writes conf/neo4j.conf. Neo4j validates its
// configuration strictly (an unknown or repeated key stops it), so every key here is one the
// 5.26 server knows. The server listens on loopback only and has authentication off: it is a
// throwaway development and test server, not a deployment (use docker-compose.yml or a managed
// Neo4j for that).
func writeConfig(opts Options) error {
	home := opts.homeDir()
	dirs := map[string]string{}
	for _, d := range []string{"conf", "data", "logs", "run", "import", "plugins"} {
		p := filepath.Join(home, d)
		if err := os.MkdirAll(p, 0o755); err != nil {
			return fmt.Errorf("neo4jlocal: %w", err)
		}
		dirs[d] = p
	}
	settings := [][2]string{
		{"server.default_listen_address", "127.0.0.1"},
		{"server.default_advertised_address", "127.0.0.1"},
		{"server.bolt.listen_address", fmt.Sprintf("127.0.0.1:%d", opts.BoltPort)},
		{"server.bolt.advertised_address", fmt.Sprintf("127.0.0.1:%d", opts.BoltPort)},
		{"server.http.listen_address", fmt.Sprintf("127.0.0.1:%d", opts.HTTPPort)},
		{"server.http.advertised_address", fmt.Sprintf("127.0.0.1:%d", opts.HTTPPort)},
		{"server.https.enabled", "false"},
		{"dbms.security.auth_enabled", "false"},
		{"dbms.usage_report.enabled", "false"},
		{"server.directories.data", dirs["data"]},
		{"server.directories.logs", dirs["logs"]},
		{"server.directories.run", dirs["run"]},
		{"server.directories.import", dirs["import"]},
		{"server.directories.plugins", dirs["plugins"]},
		{"server.memory.heap.initial_size", opts.Heap},
		{"server.memory.heap.max_size", opts.Heap},
		{"server.memory.pagecache.size", opts.PageCache},
		{"db.tx_log.preallocate", "false"},
		{"db.tx_log.rotation.size", "16m"},
		{"db.tx_log.rotation.retention_policy", "2 files"},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by mineralgraph's neo4jlocal for instance %q of %s; rewritten at every start.\n", opts.Name, opts.Scope)
	written := map[string]bool{}
	for _, kv := range settings {
		if v, ok := opts.Settings[kv[0]]; ok {
			kv[1] = v
		}
		fmt.Fprintf(&b, "%s=%s\n", kv[0], kv[1])
		written[kv[0]] = true
	}
	extra := make([]string, 0, len(opts.Settings))
	for k := range opts.Settings {
		extra = append(extra, k)
	}
	sort.Strings(extra)
	for _, k := range extra {
		if !written[k] {
			fmt.Fprintf(&b, "%s=%s\n", k, opts.Settings[k])
		}
	}
	return os.WriteFile(confFile(home), []byte(b.String()), 0o644)
}

func confFile(home string) string { return filepath.Join(home, "conf", "neo4j.conf") }

// confPorts reads the Bolt and HTTP ports an instance's configuration (as written at its last
// start) listens on; 0 for one it does not name.
func confPorts(home string) (bolt, http int) {
	b, err := os.ReadFile(confFile(home))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		_, port, _ := strings.Cut(value, ":")
		n, _ := strconv.Atoi(strings.TrimSpace(port))
		switch key {
		case "server.bolt.listen_address":
			bolt = n
		case "server.http.listen_address":
			http = n
		}
	}
	return bolt, http
}
