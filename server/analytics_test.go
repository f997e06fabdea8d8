package server_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAnalyticsAPI(t *testing.T) {
	a := newAPI(t)

	t.Run("computes the concentration of a stage from the listed producers", func(t *testing.T) {
		var got struct {
			Mineral struct {
				Concentration struct {
					Year                      int
					Top1, Top3, HHI, Coverage float64
					CountriesKnown            int
					Producers                 []struct{ Percent float64 }
				}
			}
		}
		a.data(`{ mineral(id: "rare-earths") { concentration(stage: MINING) { year top1 top3 hhi coverage countriesKnown producers(first: 3) { percent } } } }`, nil, &got)
		c := got.Mineral.Concentration
		require.Equal(t, 2023, c.Year, "2024 has only the leading producer (Table 5)")
		require.Equal(t, 68.6, c.Top1)
		require.Len(t, c.Producers, 3)
		sum3 := c.Producers[0].Percent + c.Producers[1].Percent + c.Producers[2].Percent
		require.InDelta(t, sum3, c.Top3, 0.05)
		require.Greater(t, c.HHI, c.Top1*c.Top1)
		require.Less(t, c.HHI, 10000.0)
	})

	t.Run("lists the countries holding the most chokepoints first", func(t *testing.T) {
		var got struct {
			ChokepointHolders []struct {
				Country struct{ Code string }
				Count   int
				Shares  []struct{ Percent float64 }
			}
		}
		a.data(`{ chokepointHolders(stage: REFINING, minShare: 50) { country { code } count shares { percent } } }`, nil, &got)
		require.Equal(t, "CN", got.ChokepointHolders[0].Country.Code)
		for i, h := range got.ChokepointHolders {
			require.Len(t, h.Shares, h.Count)
			if i > 0 {
				require.LessOrEqual(t, h.Count, got.ChokepointHolders[i-1].Count)
			}
		}
	})

	t.Run("flags where the US mines but China refines", func(t *testing.T) {
		var got struct {
			Exposure []struct {
				Mineral                      struct{ ID string }
				SupplierRank                 *int
				ImporterMinesSupplierRefines bool
			}
		}
		a.data(`{ exposure(supplier: "CN", on: "2026-01-01") { mineral { id } supplierRank importerMinesSupplierRefines(refiningOver: 40) } }`, nil, &got)
		by := map[string]bool{}
		for _, e := range got.Exposure {
			by[e.Mineral.ID] = e.ImporterMinesSupplierRefines
		}
		require.True(t, by["copper"], "the US mines copper; China refines 44.4% (2023)")
		require.False(t, by["gallium"], "the US mines no gallium")
	})

	t.Run("finds alternatives to China's gallium refining", func(t *testing.T) {
		var got struct {
			Mineral struct {
				Alternatives struct {
					Countries []struct {
						Country struct{ Code string }
						Year    int
					}
				}
			}
		}
		a.data(`{ mineral(id: "gallium") { alternatives(stage: REFINING, excluding: "CN") { countries(first: 10) { country { code } year } } } }`, nil, &got)
		cs := got.Mineral.Alternatives.Countries
		require.NotEmpty(t, cs)
		for _, c := range cs {
			require.NotEqual(t, "CN", c.Country.Code)
			require.Equal(t, 2023, c.Year)
		}
	})

	t.Run("returns a union from search and a node from its id", func(t *testing.T) {
		var got struct {
			Search struct {
				Nodes []struct {
					Typename string `json:"__typename"`
					ID       string
				}
			}
			Node struct {
				Typename string `json:"__typename"`
				Name     string
			}
		}
		a.data(`{ search(text: "gallium", first: 3) { nodes { __typename ... on Mineral { id } ... on Policy { id } } }
		    node(id: "CN") { __typename ... on Country { name } } }`, nil, &got)
		require.Equal(t, "Mineral", got.Search.Nodes[0].Typename)
		require.Equal(t, "gallium", got.Search.Nodes[0].ID)
		require.Equal(t, "Country", got.Node.Typename)
		require.Equal(t, "China", got.Node.Name)
	})
}

func TestAnalyticsRoundTrips(t *testing.T) {
	a := newAPI(t)
	cases := []struct {
		name, query string
		want        []string
	}{
		{"concentration of every mineral with its producers' countries", `{ minerals(first: 100) { nodes { id
		    concentration(stage: MINING) { hhi producers(first: 3) { country { name } source { title } } } } } }`,
			[]string{"store.ConcentrationsOf", "store.CountriesByCode", "store.Minerals", "store.SourcesByID"}},
		{"exposure with everything it links to", `{ exposure(supplier: "CN", on: "2026-01-01") { mineral { name }
		    importer { name } supplier { name } importerReliance { value source { title } }
		    supplierMiningShare { percent source { title } } supplierRefiningShare { percent country { name } }
		    policiesInForce { id minerals { id } } } }`,
			[]string{
				"store.CountriesByCode", // importer, supplier and the refining shares' countries: one set
				"store.Exposures",       // the exposures, with reliance and shares inline
				"store.MineralsByID",    // the exposures' minerals
				"store.MineralsByID",    // the minerals the policies target (another set)
				"store.PoliciesByID",    // the policies in force
				"store.SourcesByID",     // the reliance figures' sources
				"store.SourcesByID",     // the shares' sources (another set)
			}},
		{"search with the entities it found", `{ search(text: "rare earth", first: 20) { nodes {
		    ... on Mineral { id } ... on Facility { name } ... on Country { code } ... on Policy { title } ... on Organisation { name } } } }`,
			[]string{"store.FacilitiesByID", "store.MineralsByID", "store.OrganisationsByID", "store.PoliciesByID", "store.Search"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, trips := a.query(c.query, nil)
			require.Empty(t, resp.Errors)
			require.Equal(t, c.want, trips)
		})
	}
}
