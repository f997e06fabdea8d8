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
		require.Equal(t, 67.9, c.Top1) // 240,000 of the 353,240 t the listed countries mine
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
