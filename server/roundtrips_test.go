package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/server"
)

// TestOneQueryPerRootField proves the read path's promise: a root field's whole selection,
// however deep and however many rows it returns, costs exactly one Cypher round trip. Each
// case lists the store operations the request made, one per root field.
func TestOneQueryPerRootField(t *testing.T) {
	a := newAPI(t)

	t.Run("every documented example", func(t *testing.T) {
		examples, err := server.Examples()
		require.NoError(t, err)
		for _, ex := range examples {
			resp, trips := a.query(ex.Query, nil)
			require.Empty(t, resp.Errors, ex.Name)
			// Every example asks one root field.
			require.Len(t, trips, 1, "%s: %v", ex.Name, trips)
		}
	})

	t.Run("minerals -> shares -> country -> source, for 1, 5 or 62 minerals", func(t *testing.T) {
		const nested = `query($n: Int) { minerals(first: $n) { nodes { id
		    shares(first: 100) { nodes { percent country { name } source { title } } } } } }`
		for _, n := range []int{1, 5, 62} {
			resp, trips := a.query(nested, map[string]any{"n": n})
			require.Empty(t, resp.Errors)
			var got struct {
				Minerals struct{ Nodes []json.RawMessage }
			}
			require.NoError(t, json.Unmarshal(resp.Data, &got))
			require.Len(t, got.Minerals.Nodes, n)
			require.Equal(t, []string{"store.Minerals"}, trips, "round trips for %d minerals", n)
		}
	})

	cases := []struct {
		name, query string
		want        []string
	}{
		{"mineral -> shares -> country -> facilities -> operator", `{ mineral(id: "rare-earths") { shares(first: 40) { nodes { percent
		    country { name facilities(mineral: "rare-earths", first: 5) { totalCount nodes { name operator { name } } } } } } } }`,
			[]string{"store.Mineral"}},
		{"fields under edges.node, share and country.shares", `{ minerals(first: 62) { edges { node { id
		    share(country: "CN", stage: REFINING) { percent source { title } } } } } }`, []string{"store.Minerals"}},
		{"countries -> shares -> mineral -> group", `{ countries(first: 30) { nodes { code
		    shares(first: 5) { totalCount nodes { percent mineral { name group { id } } } } } } }`, []string{"store.Countries"}},
		{"many nested fields of one level", `{ minerals(first: 62) { totalCount nodes { id group { id }
		    worldProduction { amount } shares(first: 100) { totalCount nodes { percent country { name } } } } } }`, []string{"store.Minerals"}},
		{"policies with their minerals, countries, relations and state", `{ policies(first: 100) { nodes { id
		    minerals { name } affectedCountries { name } activeOn(date: "2026-01-01") relations { policy { id } } source { title } } } }`,
			[]string{"store.Policies"}},
		{"facilities with their country, minerals, operator and owners", `{ facilities(first: 100) { nodes { name
		    country { name blocs { id } } minerals { name } operator { name } owners { name } source { title } } } }`,
			[]string{"store.Facilities"}},
		{"minerals with lists, end uses, reliance, import sources and policies", `{ minerals(first: 100) { nodes { id
		    lists { id } endUses { text source { title } } usNetImportReliance { value importer { name } }
		    importSources { rank exporter { name } } policies(activeOn: "2026-01-01") { id } } } }`, []string{"store.Minerals"}},
		{"concentration of every mineral with its producers' countries", `{ minerals(first: 100) { nodes { id
		    concentration(stage: MINING) { hhi mineral { name } producers(first: 3) { country { name } source { title } } } } } }`,
			[]string{"store.Minerals"}},
		{"exposure with everything it links to", `{ exposure(supplier: "CN", on: "2026-01-01") { mineral { name }
		    importer { name } supplier { name } importerReliance { value source { title } }
		    supplierMiningShare { percent source { title } } supplierRefiningShare { percent country { name } }
		    policiesInForce { id minerals { id } } importerMinesSupplierRefines } }`, []string{"store.Exposures"}},
		{"alternatives with their countries and facilities", `{ mineral(id: "gallium") { alternatives(stage: REFINING, excluding: "CN") {
		    excluding { name } countries(first: 5) { percent country { name } } facilities(first: 5) { totalCount nodes { name country { code } } } } } }`,
			[]string{"store.Mineral"}},
		{"search with the entities it found", `{ search(text: "rare earth", first: 20) { edges { score node {
		    ... on Mineral { id shares(first: 2) { nodes { percent } } } ... on Facility { name country { name } } ... on Country { code }
		    ... on Policy { title minerals { id } } ... on Organisation { name } } } } }`, []string{"store.Search"}},
		{"a node with what its type links to", `{ node(id: "gallium") { ... on Mineral { name lists { id } share(country: "CN", stage: REFINING) { percent } } } }`,
			[]string{"store.Node"}},
		{"chokepoint holders with their countries and shares", `{ chokepointHolders(stage: REFINING) { count country { name blocs { id } }
		    shares { percent mineral { name } source { title } } } }`, []string{"store.ChokepointHolders"}},
		{"two root fields: one query each", `{ a: mineral(id: "gallium") { name shares(first: 3) { nodes { percent } } }
		    b: mineral(id: "germanium") { name } lists { id minerals { id } } }`,
			[]string{"store.Lists", "store.Mineral", "store.Mineral"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, trips := a.query(c.query, nil)
			require.Empty(t, resp.Errors, fmt.Sprint(resp.Errors))
			require.Equal(t, c.want, trips)
		})
	}
}
