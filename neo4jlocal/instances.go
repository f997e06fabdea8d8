package neo4jlocal

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// scopeFile, in a scope's folder, holds the scope's path: the folder's name is a digest.
const scopeFile = "scope"

// Instance is a local instance found in the cache.
type Instance struct {
	Name string
	// Scope is the directory the instance belongs to; "" for an instance made before instances
	// had scopes (cache/instances/<name>).
	Scope string
	Home  string
	// PID is the server's process id; 0 when it does not run.
	PID int
	// BoltPort and HTTPPort are the ports of its last start (0 before its first).
	BoltPort, HTTPPort int
}

func (i Instance) String() string {
	scope := i.Scope
	if scope == "" {
		scope = "no scope (made before instances had scopes)"
	}
	state := "stopped"
	if i.PID != 0 {
		state = fmt.Sprintf("running as pid %d", i.PID)
	}
	return fmt.Sprintf("%s of %s: %s, Bolt port %d, HTTP port %d, data %s", i.Name, scope, state, i.BoltPort, i.HTTPPort, i.Home)
}

// Instances lists every instance in the cache of opts, of every scope, running or not.
func Instances(opts Options) ([]Instance, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(opts.CacheDir, "instances")
	entries, err := os.ReadDir(root)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("neo4jlocal: %w", err)
	}
	var out []Instance
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		if !e.IsDir() {
			continue
		}
		if isHome(dir) { // the layout before scopes
			out = append(out, instanceAt(e.Name(), "", dir))
			continue
		}
		scope := ""
		if b, err := os.ReadFile(filepath.Join(dir, scopeFile)); err == nil {
			scope = strings.TrimSpace(string(b))
		}
		homes, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, h := range homes {
			if home := filepath.Join(dir, h.Name()); h.IsDir() && isHome(home) {
				out = append(out, instanceAt(h.Name(), scope, home))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Home < out[j].Home })
	return out, nil
}

func isHome(dir string) bool {
	info, err := os.Stat(filepath.Join(dir, "conf"))
	return err == nil && info.IsDir()
}

func instanceAt(name, scope, home string) Instance {
	i := Instance{Name: name, Scope: scope, Home: home}
	i.PID, _ = runningAt(home)
	i.BoltPort, i.HTTPPort = confPorts(home)
	return i
}

// portTaken explains why port is in use: by which local instance (of any scope), or by a
// process that is none of them.
func portTaken(opts Options, port int) error {
	all, _ := Instances(opts)
	for _, i := range all {
		if i.PID != 0 && (i.BoltPort == port || i.HTTPPort == port) {
			return fmt.Errorf("neo4jlocal: port %d on 127.0.0.1 is in use by another local Neo4j: %s; "+
				"choose other ports (make: NEO4J_BOLT_PORT and the like; neo4jlocal: -bolt-port) or stop it (kill %d)", port, i, i.PID)
		}
	}
	return fmt.Errorf("neo4jlocal: port %d on 127.0.0.1 is in use by a process that is no local Neo4j of this cache (%s); "+
		"choose other ports (make: NEO4J_BOLT_PORT and the like; neo4jlocal: -bolt-port)", port, opts.CacheDir)
}
