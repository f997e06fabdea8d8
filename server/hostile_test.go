package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

// hostile are strings an attacker or an unlucky paste sends: quotes and Cypher that would
// break out of a string literal, a label, a property or a Lucene query, parameter sigils,
// control and bidirectional characters, and sizes far beyond any real name.
var hostile = []string{
	`'; MATCH (n) DETACH DELETE n //`,
	`") RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //`,
	"`Mineral` {id: 'x'}) DETACH DELETE m //",
	`\' OR 1=1 --`,
	`$id ${id} {id}`,
	`*:* OR name:/.*/ AND title:(a OR b)~2 \`,
	"gállïüm 中文 🦄 \u202eevil\u202c \t\r\n",
	"nul\x00byte",
	"CALL db.labels() YIELD label RETURN label",
	strings.Repeat("Ω", 60000), // 120 kB as UTF-8: under the body limit, far over any field's
}

// argCase is one query that puts a value into one string slot of one argument.
type argCase struct {
	label string
	query string
	vars  map[string]any
}

// caseBuilder walks the schema from a root type to every field argument that holds a string
// (an ID or String, in a list or an input object), and writes a query that fills that slot
// with a value and every other required argument with a plain default.
type caseBuilder struct {
	schema *ast.Schema
}

type step struct {
	field    *ast.FieldDefinition
	fragment string // "... on T" to enter a union or interface member
}

// paths returns, for every object type reachable from root, the shortest chain of fields
// that reaches it.
func (b caseBuilder) paths(root string) map[string][]step {
	out := map[string][]step{root: nil}
	queue := []string{root}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		for _, f := range b.schema.Types[name].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			rt := b.schema.Types[f.Type.Name()]
			var targets []*ast.Definition
			switch rt.Kind {
			case ast.Object:
				targets = []*ast.Definition{rt}
			case ast.Union, ast.Interface:
				targets = b.schema.GetPossibleTypes(rt)
			}
			for _, t := range targets {
				if _, seen := out[t.Name]; seen {
					continue
				}
				path := append(append([]step(nil), out[name]...), step{field: f})
				if rt.Kind != ast.Object {
					path = append(path, step{fragment: t.Name})
				}
				out[t.Name] = path
				queue = append(queue, t.Name)
			}
		}
	}
	return out
}

// slots lists the ways to put v into a value of type t: a function building the value, and
// a label saying where v went. depth bounds recursion through nested inputs (AND, OR).
func (b caseBuilder) slots(t *ast.Type, v any, depth int) []struct {
	label string
	value any
} {
	type slot = struct {
		label string
		value any
	}
	if t.Elem != nil {
		var out []slot
		for _, s := range b.slots(t.Elem, v, depth) {
			out = append(out, slot{s.label + "[]", []any{s.value}})
		}
		return out
	}
	def := b.schema.Types[t.NamedType]
	switch {
	case t.NamedType == "String" || t.NamedType == "ID":
		return []slot{{"", v}}
	case def.Kind == ast.InputObject && depth > 0:
		var out []slot
		for _, f := range def.Fields {
			for _, s := range b.slots(f.Type, v, depth-1) {
				obj := b.defaultObject(def, f.Name)
				obj[f.Name] = s.value
				out = append(out, slot{"." + f.Name + s.label, obj})
			}
		}
		return out
	}
	return nil
}

// defaultObject fills the required fields of an input object, except skip.
func (b caseBuilder) defaultObject(def *ast.Definition, skip string) map[string]any {
	obj := map[string]any{}
	for _, f := range def.Fields {
		if f.Name != skip && f.Type.NonNull && f.DefaultValue == nil {
			obj[f.Name] = b.defaultValue(f.Name, f.Type)
		}
	}
	return obj
}

// defaultValue is a plain, valid value for a required argument or field.
func (b caseBuilder) defaultValue(name string, t *ast.Type) any {
	if t.Elem != nil {
		return []any{b.defaultValue(name, t.Elem)}
	}
	switch t.NamedType {
	case "ID", "String":
		switch name {
		case "code", "country", "importer", "exporter", "supplier", "issuer", "reportedBy", "affectedCountry":
			return "US"
		case "source":
			return "usgs-mcs-2025-t4"
		}
		return "gallium"
	case "Int":
		if name == "first" {
			return 2
		}
		return 2024
	case "Float":
		return 1.5
	case "Boolean":
		return false
	case "Date":
		return "2025-01-01"
	case "DateTime":
		return "2025-01-01T00:00:00Z"
	}
	def := b.schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		return b.defaultObject(def, "")
	}
	panic("no default for " + t.String())
}

// cases returns one query per string slot of every argument reachable from root.
func (b caseBuilder) cases(root, opType string, v any) []argCase {
	paths := b.paths(root)
	var names []string
	for n := range paths {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []argCase
	for _, typeName := range names {
		for _, f := range b.schema.Types[typeName].Fields {
			for _, arg := range f.Arguments {
				for _, s := range b.slots(arg.Type, v, 2) {
					out = append(out, b.build(opType, paths[typeName], f, arg, s.value, typeName+"."+f.Name+"("+arg.Name+s.label+")"))
				}
			}
		}
	}
	return out
}

func (b caseBuilder) build(opType string, path []step, target *ast.FieldDefinition, arg *ast.ArgumentDefinition, value any, label string) argCase {
	vars := map[string]any{}
	var decls []string
	bind := func(a *ast.ArgumentDefinition, v any) string {
		name := fmt.Sprintf("v%d", len(vars))
		vars[name] = v
		decls = append(decls, "$"+name+": "+a.Type.String())
		return a.Name + ": $" + name
	}
	call := func(f *ast.FieldDefinition, chosen *ast.ArgumentDefinition, v any) string {
		var args []string
		for _, a := range f.Arguments {
			switch {
			case a == chosen:
				args = append(args, bind(a, v))
			case a.Type.NonNull && a.DefaultValue == nil:
				args = append(args, bind(a, b.defaultValue(a.Name, a.Type)))
			}
		}
		if len(args) == 0 {
			return f.Name
		}
		return f.Name + "(" + strings.Join(args, ", ") + ")"
	}
	var open []string
	for _, s := range path {
		if s.fragment != "" {
			open = append(open, "... on "+s.fragment)
		} else {
			open = append(open, call(s.field, nil, nil))
		}
	}
	leaf := call(target, arg, value)
	if k := b.schema.Types[target.Type.Name()].Kind; k != ast.Scalar && k != ast.Enum {
		leaf += " { __typename }"
	}
	body := leaf
	for i := len(open) - 1; i >= 0; i-- {
		body = open[i] + " { " + body + " }"
	}
	head := opType
	if len(decls) > 0 {
		head += "(" + strings.Join(decls, ", ") + ")"
	}
	return argCase{label: label, query: head + " { " + body + " }", vars: vars}
}

func TestHostileStrings(t *testing.T) {
	s := neo4jtest.Seeded(t)
	key, entry, err := server.NewAPIKey("fuzzer", true)
	require.NoError(t, err)
	keys, err := server.ParseAPIKeys(entry)
	require.NoError(t, err)
	cfg := server.Defaults()
	cfg.RateLimit = 0
	cfg.APIKeys = keys
	h, err := server.Handler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	a := &api{t: t, h: h}
	b := caseBuilder{schema: graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()}

	// check sends one case and asserts the value was treated as data: an answer or a client
	// error, never INTERNAL, never words of the database or driver.
	check := func(t *testing.T, c argCase, header http.Header) response {
		t.Helper()
		raw, err := json.Marshal(map[string]any{"query": c.query, "variables": c.vars})
		require.NoError(t, err)
		rec := a.post(string(raw), header)
		require.Contains(t, []int{http.StatusOK, http.StatusUnprocessableEntity}, rec.Code, c.label+": "+rec.Body.String())
		resp := decode(t, rec)
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			require.Contains(t, []string{"BAD_USER_INPUT", "NOT_FOUND", "GRAPHQL_VALIDATION_FAILED", "CONFLICT"}, code, c.label+": "+e.Message)
			msg := e.Message
			for _, h := range hostile {
				msg = strings.ReplaceAll(msg, h, "")
			}
			for _, leak := range []string{"Neo4jError", "neo4j:", "driver", "Cypher", "internal error"} {
				require.NotContains(t, msg, leak, c.label)
			}
		}
		return resp
	}

	nodes, rels, err := s.GraphSize(context.Background())
	require.NoError(t, err)

	queries := 0
	for _, v := range hostile {
		for _, c := range b.cases("Query", "query", v) {
			check(t, c, nil)
			queries++
		}
	}
	t.Logf("%d queries: %d string slots × %d hostile values", queries, queries/len(hostile), len(hostile))
	require.Greater(t, queries/len(hostile), 40, "the walk reaches the string arguments of the schema")

	t.Run("queries with hostile strings in every string argument change nothing in the graph", func(t *testing.T) {
		n, r, err := s.GraphSize(context.Background())
		require.NoError(t, err)
		require.Equal(t, nodes, n)
		require.Equal(t, rels, r)
	})

	t.Run("mutations refuse hostile ids and keep hostile text verbatim", func(t *testing.T) {
		t.Cleanup(neo4jtest.Changed)
		auth := http.Header{"Authorization": {"Bearer " + key}}
		mutations := 0
		for _, v := range hostile {
			for _, c := range b.cases("Mutation", "mutation", v) {
				check(t, c, auth)
				mutations++
			}
		}
		t.Logf("%d mutations", mutations)

		for i, v := range hostile {
			id := fmt.Sprintf("hostile-%d", i)
			note := v
			if len(note) > 1000 { // one huge field per request: two would pass the body limit
				note = "long name"
			}
			in := map[string]any{"id": id, "name": v, "type": "MINE", "country": "US", "minerals": []string{"gallium"},
				"status": "UNKNOWN", "note": note, "source": "usgs-mcs-2025-t4"}
			resp := check(t, argCase{label: "facility name " + id, vars: map[string]any{"in": in},
				query: `mutation($in: FacilityInput!) { upsertFacility(input: $in) { facility { name note } } }`}, auth)
			if len(resp.Errors) > 0 { // refused: NUL, or longer than a name may be
				require.Equal(t, "BAD_USER_INPUT", resp.Errors[0].Extensions["code"])
				continue
			}
			var got struct {
				UpsertFacility struct{ Facility struct{ Name, Note string } }
			}
			require.NoError(t, json.Unmarshal(resp.Data, &got))
			require.Equal(t, strings.TrimSpace(v), got.UpsertFacility.Facility.Name, "stored and served as sent")
			require.Equal(t, strings.TrimSpace(note), got.UpsertFacility.Facility.Note)
		}
	})
}
