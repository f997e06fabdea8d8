package server_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestKnowledge(t *testing.T) {
	a := newAPI(t)

	t.Run("says which policies on gallium were in force on a day, and why not the others", func(t *testing.T) {
		var got struct {
			Policies struct {
				Nodes []struct {
					ID       string
					ActiveOn bool
					Before   bool
				}
			}
		}
		a.data(`{ policies(first: 50, where: { mineral: "gallium" }) { nodes { id
		    activeOn(date: "2026-01-01") before: activeOn(date: "2025-06-01") } } }`, nil, &got)
		state := map[string][2]bool{}
		for _, n := range got.Policies.Nodes {
			state[n.ID] = [2]bool{n.Before, n.ActiveOn}
		}
		// In force in mid-2025, suspended from 2025-11-09 by MOFCOM announcement No. 72.
		require.Equal(t, [2]bool{true, false}, state["cn-export-ban-us-dual-use-2024"])
		require.Equal(t, [2]bool{true, true}, state["cn-export-control-gallium-germanium-2023"])
	})

	t.Run("shows the relation between a suspension and what it suspends", func(t *testing.T) {
		var got struct {
			Policy struct {
				Relations []struct {
					Type   string
					Policy struct{ ID string }
				}
			}
		}
		a.data(`{ policy(id: "cn-suspension-us-ban-no46-2025") { relations { type policy { id } } } }`, nil, &got)
		require.Contains(t, got.Policy.Relations, struct {
			Type   string
			Policy struct{ ID string }
		}{"SUSPENDS", struct{ ID string }{"cn-export-ban-us-dual-use-2024"}})
	})

	t.Run("keeps a published bound with the range it implies", func(t *testing.T) {
		var got struct {
			Mineral struct {
				UsNetImportReliance struct {
					Value               string
					LowerBound          float64
					LowerBoundInclusive bool
					UpperBound          float64
					NetExporter         bool
				}
			}
		}
		a.data(`{ mineral(id: "germanium") { usNetImportReliance { value lowerBound lowerBoundInclusive upperBound netExporter } } }`, nil, &got)
		r := got.Mineral.UsNetImportReliance
		require.Equal(t, ">50", r.Value)
		require.Equal(t, 50.0, r.LowerBound)
		require.False(t, r.LowerBoundInclusive)
		require.Equal(t, 100.0, r.UpperBound)
		require.False(t, r.NetExporter)
	})

	t.Run("finds facilities near a point, outside a country", func(t *testing.T) {
		var got struct {
			Facilities struct {
				TotalCount int
				Nodes      []struct {
					Country struct{ Code string }
				}
			}
		}
		// Within 300 km of Kalgoorlie, Western Australia.
		a.data(`{ facilities(first: 100, where: { near: { latitude: -30.75, longitude: 121.47, radiusKm: 300 }, notCountry: "CN" }) {
		    totalCount nodes { country { code } } } }`, nil, &got)
		require.NotZero(t, got.Facilities.TotalCount)
		require.Len(t, got.Facilities.Nodes, got.Facilities.TotalCount)
		for _, n := range got.Facilities.Nodes {
			require.Equal(t, "AU", n.Country.Code)
		}
	})

	t.Run("lists a country's facilities as the facilities list filtered by that country does", func(t *testing.T) {
		var nested, flat struct {
			Country struct {
				Facilities struct {
					TotalCount int
					Nodes      []struct{ ID string }
				}
			}
			Facilities struct {
				TotalCount int
				Nodes      []struct{ ID string }
			}
		}
		a.data(`{ country(code: "AU") { facilities(mineral: "rare-earths", first: 50) { totalCount nodes { id } } } }`, nil, &nested)
		a.data(`{ facilities(where: { country: "AU", mineral: "rare-earths" }, first: 50) { totalCount nodes { id } } }`, nil, &flat)
		require.NotZero(t, nested.Country.Facilities.TotalCount)
		require.Equal(t, flat.Facilities.TotalCount, nested.Country.Facilities.TotalCount)
		require.Equal(t, flat.Facilities.Nodes, nested.Country.Facilities.Nodes)
	})

	t.Run("lists the critical-mineral lists with their members", func(t *testing.T) {
		var got struct {
			Lists []struct {
				ID       string
				Minerals []json.RawMessage
			}
		}
		a.data(`{ lists { id minerals { id } } }`, nil, &got)
		size := map[string]int{}
		for _, l := range got.Lists {
			size[l.ID] = len(l.Minerals)
		}
		require.Equal(t, 35, size["usgs-2018"])
		require.Equal(t, 50, size["usgs-2022"])
		require.Equal(t, 54, size["usgs-2025-draft"])
		require.Equal(t, 60, size["usgs-2025"])
	})

	t.Run("rejects a malformed date", func(t *testing.T) {
		resp, _ := a.query(`{ policies(where: { activeOn: "1 Jan 2026" }) { totalCount } }`, nil)
		require.Len(t, resp.Errors, 1)
		require.Contains(t, resp.Errors[0].Message, "is not a date YYYY-MM-DD")
	})
}
