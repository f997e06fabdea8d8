package mineralgraph_test

import (
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/mineralgraph/mineralgraph"

// arrow is an import that must not exist, directly or through other packages: from a package
// (or a folder and everything below it, with a trailing "/...") to another.
type arrow struct{ from, to string }

// forbidden are the arrows docs/architecture.md lists ("Arrows that must not exist"): the
// domain imports nothing of ours; the API imports neither the file formats nor the program;
// the store and the dataset do not know each other, and neither knows the API.
var forbidden = []arrow{
	{"", "/..."},
	{"/graph/...", "/dataset/..."},
	{"/graph/...", "/server/..."},
	{"/graph/...", "/cmd/..."},
	{"/store/...", "/dataset/..."},
	{"/store/...", "/graph/..."},
	{"/store/...", "/server/..."},
	{"/dataset/...", "/store/..."},
	{"/dataset/...", "/graph/..."},
	{"/dataset/...", "/server/..."},
}

// matches reports whether the import path is the package pattern names (a path below the
// module, "" for the module's root package; "/..." for a folder and all below it).
func matches(pattern, path string) bool {
	if folder, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == module+folder || strings.HasPrefix(path, module+folder+"/")
	}
	return path == module+pattern
}

// pkg is a package with its direct imports and every package it depends on.
type pkg struct {
	path          string
	imports, deps []string
}

// violations returns, for each package that depends on what an arrow forbids, the arrow and
// the direct import that leads there.
func violations(pkgs []pkg) []string {
	byPath := map[string]pkg{}
	for _, p := range pkgs {
		byPath[p.path] = p
	}
	var out []string
	for _, p := range pkgs {
		for _, a := range forbidden {
			if !matches(a.from, p.path) {
				continue
			}
			for _, dep := range p.deps {
				if dep == p.path || !matches(a.to, dep) {
					continue
				}
				via := dep
				for _, imp := range p.imports {
					if imp == dep || contains(byPath[imp].deps, dep) {
						via = imp
						break
					}
				}
				msg := p.path + " imports " + dep
				if via != dep {
					msg += " (through " + via + ")"
				}
				out = append(out, msg)
			}
		}
	}
	sort.Strings(out)
	return out
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// TestArrowsThatMustNotExist lists the module's packages with go list and fails naming every
// import that an arrow of docs/architecture.md forbids. Test files are not packages' imports:
// a store test may load the curated dataset, as a command would.
func TestArrowsThatMustNotExist(t *testing.T) {
	t.Run("finds a forbidden arrow, direct or through another package", func(t *testing.T) {
		pkgs := []pkg{
			{path: module + "/graph", imports: []string{module, module + "/store"}, deps: []string{module, module + "/dataset", module + "/store"}},
			{path: module + "/store", imports: []string{module, module + "/dataset"}, deps: []string{module, module + "/dataset"}},
			{path: module + "/dataset", imports: []string{module}, deps: []string{module}},
			{path: module, imports: []string{"fmt"}, deps: []string{"fmt"}},
			// a sub-package counts as its folder, on either side of an arrow
			{path: module + "/dataset/usgs", imports: []string{module + "/store"}, deps: []string{module, module + "/store"}},
		}
		require.Equal(t, []string{
			module + "/dataset/usgs imports " + module + "/store",
			module + "/graph imports " + module + "/dataset (through " + module + "/store)",
			module + "/store imports " + module + "/dataset",
		}, violations(pkgs))
		root := []pkg{{path: module, imports: []string{module + "/store"}, deps: []string{module + "/store"}}}
		require.Equal(t, []string{module + " imports " + module + "/store"}, violations(root), "the domain imports nothing of ours")
	})
	t.Run("finds none in the module", func(t *testing.T) {
		cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .Deps " "}}`, module+"/...")
		out, err := cmd.Output()
		require.NoError(t, err, "go list: %s", stderrOf(err))
		var pkgs []pkg
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			parts := strings.Split(line, "|")
			require.Len(t, parts, 3, line)
			pkgs = append(pkgs, pkg{path: parts[0], imports: strings.Fields(parts[1]), deps: strings.Fields(parts[2])})
		}
		require.Greater(t, len(pkgs), 10, "go list found the module's packages")
		require.Empty(t, violations(pkgs), "arrows that must not exist (docs/architecture.md)")
	})
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
