package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph"
)

// introspectionQuery is the query GraphiQL sends to learn the schema (graphql-js
// getIntrospectionQuery with its default options): the deepest query a playground sends.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}`

func measureQuery(t *testing.T, schema *ast.Schema, query string) measurement {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, query)
	require.Empty(t, errs, query)
	require.Len(t, doc.Operations, 1)
	return measure(doc, doc.Operations[0], nil, DefaultLimits().UnpagedListSize)
}

func TestMeasure(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{Resolvers: &graph.Resolver{}}).Schema()
	limits := DefaultLimits()

	t.Run("the default limits admit every documented example and GraphiQL's introspection", func(t *testing.T) {
		examples, err := Examples()
		require.NoError(t, err)
		var worst measurement
		for _, e := range examples {
			m := measureQuery(t, schema, e.Query)
			require.LessOrEqual(t, m.depth, limits.MaxDepth, e.Name)
			require.LessOrEqual(t, m.cost, limits.MaxCost, e.Name)
			require.LessOrEqual(t, m.aliases, limits.MaxAliases, e.Name)
			worst = measurement{depth: max(worst.depth, m.depth), cost: max(worst.cost, m.cost), aliases: max(worst.aliases, m.aliases)}
		}
		intro := measureQuery(t, schema, introspectionQuery)
		require.LessOrEqual(t, intro.depth, limits.MaxDepth)
		require.Zero(t, intro.cost, "introspection is answered from memory")
		t.Logf("largest among %d examples: %s; introspection: %s; defaults: depth %d, cost %d, aliases %d",
			len(examples), worst, intro, limits.MaxDepth, limits.MaxCost, limits.MaxAliases)
	})

	t.Run("counts a page by its first argument, and a connection's nodes once", func(t *testing.T) {
		// minerals: 1 + 30 × (nodes: 1 + 1 × (id 1 + name 1)) = 1 + 30×3 = 91
		m := measureQuery(t, schema, `{ minerals(first: 30) { nodes { id name } } }`)
		require.Equal(t, 91, m.cost)
		require.Equal(t, 3, m.depth)
		// without first, the default page of 20: 1 + 20×3
		require.Equal(t, 61, measureQuery(t, schema, `{ minerals { nodes { id name } } }`).cost)
	})

	t.Run("counts a list without first as the unpaged list size", func(t *testing.T) {
		// mineral 1 + 1 × (lists: 1 + 10 × (id 1)) = 12
		require.Equal(t, 12, measureQuery(t, schema, `{ mineral(id: "gallium") { lists { id } } }`).cost)
	})

	t.Run("counts a fragment's fields each time it is spread", func(t *testing.T) {
		plain := measureQuery(t, schema, `{ a: mineral(id: "gallium") { id name } b: mineral(id: "cobalt") { id name } }`)
		spread := measureQuery(t, schema, `{ a: mineral(id: "gallium") { ...F } b: mineral(id: "cobalt") { ...F } } fragment F on Mineral { id name }`)
		require.Equal(t, plain, spread)
		require.Equal(t, 2, spread.aliases)
	})

	t.Run("measures a fragment bomb in linear time and sees its size", func(t *testing.T) {
		// F0 spreads F1 twice, F1 spreads F2 twice, ... : 2^40 fields if expanded.
		var b strings.Builder
		b.WriteString(`{ mineral(id: "gallium") { ...F0 } }`)
		const n = 40
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "\nfragment F%d on Mineral { a%d: lists { minerals { ...F%d } } b%d: lists { minerals { ...F%d } } }", i, i, i+1, i, i+1)
		}
		fmt.Fprintf(&b, "\nfragment F%d on Mineral { id }", n)
		doc, errs := gqlparser.LoadQuery(schema, b.String())
		if len(errs) > 0 {
			t.Skipf("gqlparser refuses the document itself: %v", errs)
		}
		m := measure(doc, doc.Operations[0], nil, limits.UnpagedListSize)
		require.Greater(t, m.cost, limits.MaxCost)
		require.Greater(t, m.depth, limits.MaxDepth)
	})
}
