package store

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestEveryFieldIsDeclared reads the API's schema and checks that each field of each type
// the store reads (every declared entity) has its declaration, so that no query can ask for a field the compiler does
// not know (which would fail the whole root field as an internal error). The store knows the
// API's field names and nothing else of GraphQL; the schema is read here only to compare.
func TestEveryFieldIsDeclared(t *testing.T) {
	sdl, err := os.ReadFile("../schema.graphqls")
	require.NoError(t, err)
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	require.Nil(t, gqlErr)
	byName := map[string]declared{}
	var types []string
	for _, e := range entities {
		byName[e.label()] = e
		types = append(types, e.label())
	}
	sort.Strings(types)
	for _, name := range types {
		def := schema.Types[name]
		require.NotNil(t, def, "the schema has no type %s", name)
		for _, f := range def.Fields {
			require.True(t, byName[name].declares(f.Name), "%s.%s has no declaration in the store", name, f.Name)
		}
	}
}

// TestNodeAndSearchFollowTheDeclarations checks the flags an entity's declaration carries
// against the schema, since node(id), search and the ids unique across kinds are read from
// them: the members of Node are the entities with a node key, the members of SearchResult
// the searched ones, and the full-text index covers every searched label.
func TestNodeAndSearchFollowTheDeclarations(t *testing.T) {
	sdl, err := os.ReadFile("../schema.graphqls")
	require.NoError(t, err)
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	require.Nil(t, gqlErr)
	var nodes, searched []string
	for _, e := range entities {
		if e.nodeKey() != "" {
			nodes = append(nodes, e.label())
		}
		if e.searched() {
			searched = append(searched, e.label())
		}
		if e.unique() {
			require.NotEmpty(t, e.nodeKey(), "%s: an id unique across kinds is one node(id) finds", e.label())
		}
	}
	var members []string
	for _, def := range schema.GetPossibleTypes(schema.Types["Node"]) {
		members = append(members, def.Name)
	}
	require.ElementsMatch(t, members, nodes, "the members of Node, and the entities declaring a node key")
	members = nil
	for _, def := range schema.GetPossibleTypes(schema.Types["SearchResult"]) {
		members = append(members, def.Name)
	}
	require.ElementsMatch(t, members, searched, "the members of SearchResult, and the entities declared searched")
	i := slices.IndexFunc(schemaStatements, func(s string) bool { return strings.Contains(s, "FULLTEXT INDEX "+searchIndex) })
	require.GreaterOrEqual(t, i, 0)
	for _, label := range searched {
		require.Regexp(t, `FOR \(n:([A-Za-z]+\|)*`+label+`(\|[A-Za-z]+)*\)`, schemaStatements[i], "the full-text index covers %s", label)
	}
}
