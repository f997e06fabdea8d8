package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

func TestAnalytics(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	concentration := func(t *testing.T, mineral string, stage mg.Stage, year *int) *mg.Concentration {
		t.Helper()
		f := nest("c", "concentration", map[string]any{"stage": stage, "year": year},
			store.Selection{nest("producers", "producers", map[string]any{"first": ptr(100)},
				store.Selection{nest("country", "country", nil, props("code"))})})
		m, err := s.Mineral(ctx, mineral, store.Selection{f})
		require.NoError(t, err)
		return rel[*mg.Concentration](t, m.Related, "c")
	}
	producers := func(t *testing.T, c *mg.Concentration) []mg.Share {
		return rel[[]mg.Share](t, c.Related, "producers")
	}
	country := func(t *testing.T, sh mg.Share) string { return rel[*mg.Country](t, sh.Related, "country").Code }

	t.Run("measures the concentration of rare-earth mining in 2023", func(t *testing.T) {
		c := concentration(t, "rare-earths", mg.StageMining, ptr(2023))
		require.Equal(t, 2023, c.Year)
		require.Equal(t, "CN", country(t, producers(t, c)[0]))
		// mcs2024-raree_world.csv: China 240,000 t; the world total, 350,000 t, is rounded below
		// the 353,240 t of the countries listed, which is the denominator then.
		require.Equal(t, 67.9, c.Top1)
		require.Greater(t, c.HHI, 67.9*67.9)
		require.LessOrEqual(t, c.Coverage, 100.0)
	})

	t.Run("takes the latest year with more than one producer when none is given", func(t *testing.T) {
		c := concentration(t, "cobalt", mg.StageMining, nil)
		// 2024 has only Table 5's leading producer; 2023 has every country of the world file.
		require.Equal(t, 2023, c.Year)
		require.Equal(t, "CD", country(t, producers(t, c)[0]))
		require.Greater(t, len(producers(t, c)), 5)
		require.Nil(t, concentration(t, "germanium", mg.StageMining, nil), "no germanium mining figures at all")
		require.Equal(t, 76.0, concentration(t, "cobalt", mg.StageMining, ptr(2024)).Top1) // MCS 2025 Table 5: Congo (Kinshasa) 76%
		require.Nil(t, concentration(t, "cobalt", mg.StageMining, ptr(1990)), "no figure that year: null, never zeros")
	})

	t.Run("finds the chokepoints of refining: one country with at least 90%", func(t *testing.T) {
		sel := append(props("percent"), nest("m", "mineral", nil, props("id")), nest("c", "country", nil, props("code")))
		shares, err := s.Chokepoints(ctx, mg.StageRefining, 90, 0, sel)
		require.NoError(t, err)
		got := map[string]string{}
		for _, sh := range shares {
			got[rel[*mg.Mineral](t, sh.Related, "m").ID] = rel[*mg.Country](t, sh.Related, "c").Code
			require.GreaterOrEqual(t, *sh.Percent, 90.0)
		}
		require.Equal(t, "CN", got["gallium"])   // 99% (2024)
		require.Equal(t, "CN", got["magnesium"]) // 95% (2024)
		require.Equal(t, "CN", got["rare-earths"])
		holders, err := s.ChokepointHolders(ctx, mg.StageRefining, 90, 0, store.Selection{nest("c", "country", nil, props("name"))})
		require.NoError(t, err)
		require.Equal(t, "CN", holders[0].Country)
		require.Equal(t, "China", rel[*mg.Country](t, holders[0].Related, "c").Name)
		require.Len(t, holders[0].Shares, len(shares), "every refining chokepoint of 90% is China's")
	})

	t.Run("rejects a threshold that is not a percentage", func(t *testing.T) {
		_, err := s.Chokepoints(ctx, mg.StageMining, 0, 0, nil)
		require.Equal(t, mg.EINVALID, mg.Code(err))
	})

	t.Run("describes the US's exposure to China, mineral by mineral", func(t *testing.T) {
		day, err := mg.ParseDate("2026-01-01")
		require.NoError(t, err)
		sel := store.Selection{
			nest("m", "mineral", nil, props("id")),
			nest("r", "importerReliance", nil, props("value")),
			nest("refining", "supplierRefiningShare", nil, props("percent")),
			nest("p", "policiesInForce", nil, props("id")),
		}
		exposures, err := s.Exposures(ctx, "US", "CN", day, sel)
		require.NoError(t, err)
		by := map[string]mg.Exposure{}
		for _, e := range exposures {
			by[rel[*mg.Mineral](t, e.Related, "m").ID] = e
		}
		ga := by["gallium"]
		require.Equal(t, "100", rel[*mg.Reliance](t, ga.Related, "r").Value)
		require.Equal(t, 2, *ga.SupplierRank) // Japan, China, Germany, Canada (2020-2023)
		require.Equal(t, [2]int{2020, 2023}, ga.RankPeriod)
		require.Equal(t, 99.0, *rel[*mg.Share](t, ga.Related, "refining").Percent)
		require.Equal(t, 99.0, *ga.SupplierRefining.Percent, "read for the flag whatever the caller asks")
		policies := policyIDs(rel[[]mg.Policy](t, ga.Related, "p"))
		require.Contains(t, policies, "cn-export-control-gallium-germanium-2023")
		require.NotContains(t, policies, "cn-export-ban-us-dual-use-2024", "suspended on that day")
		// The seed question: the US mines beryllium (it leads the world) but is that a case of
		// China refining? No: no Chinese refining figure. Copper: the US mines it, China
		// refines 44.4% (2023), under 50.
		require.False(t, by["copper"].ImporterMinesSupplierRefines(50))
		require.True(t, by["copper"].ImporterMinesSupplierRefines(40))
	})

	t.Run("names an unknown country", func(t *testing.T) {
		day, _ := mg.ParseDate("2026-01-01")
		_, err := s.Exposures(ctx, "US", "XX", day, nil)
		require.Equal(t, mg.ENOTFOUND, mg.Code(err))
		require.EqualError(t, err, `country "XX" not found`)
	})
}
