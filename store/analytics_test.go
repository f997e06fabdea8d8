package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
)

func TestAnalytics(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()

	t.Run("measures the concentration of rare-earth mining in 2023", func(t *testing.T) {
		got, err := s.ConcentrationsOf(ctx, []string{"rare-earths"}, mg.StageMining, 2023)
		require.NoError(t, err)
		c := got["rare-earths"]
		require.Equal(t, 2023, c.Year)
		require.Equal(t, "CN", c.Producers[0].CountryCode)
		require.Equal(t, 68.6, c.Top1) // mcs2024-raree_world.csv: China 240000 of 350000 t
		require.Greater(t, c.HHI, 68.6*68.6)
		require.LessOrEqual(t, c.Coverage, 100.0)
	})

	t.Run("takes the latest year with more than one producer when none is given", func(t *testing.T) {
		got, err := s.ConcentrationsOf(ctx, []string{"cobalt", "germanium", "nope"}, mg.StageMining, 0)
		require.NoError(t, err)
		// 2024 has only Table 5's leading producer; 2023 has every country of the world file.
		require.Equal(t, 2023, got["cobalt"].Year)
		require.Equal(t, "CD", got["cobalt"].Producers[0].CountryCode)
		require.Greater(t, len(got["cobalt"].Producers), 5)
		require.NotContains(t, got, "germanium", "no germanium mining figures at all")
		require.NotContains(t, got, "nope")
		got, err = s.ConcentrationsOf(ctx, []string{"cobalt"}, mg.StageMining, 2024)
		require.NoError(t, err)
		require.Equal(t, 76.0, got["cobalt"].Top1) // MCS 2025 Table 5: Congo (Kinshasa) 76%
	})

	t.Run("finds the chokepoints of refining: one country with at least 90%", func(t *testing.T) {
		shares, err := s.Chokepoints(ctx, mg.StageRefining, 90, 0)
		require.NoError(t, err)
		got := map[string]string{}
		for _, sh := range shares {
			got[sh.MineralID] = sh.CountryCode
			require.GreaterOrEqual(t, *sh.Percent, 90.0)
		}
		require.Equal(t, "CN", got["gallium"])   // 99% (2024)
		require.Equal(t, "CN", got["magnesium"]) // 95% (2024)
		require.Equal(t, "CN", got["rare-earths"])
		holders := mg.HoldersOf(shares)
		require.Equal(t, "CN", holders[0].Country)
	})

	t.Run("rejects a threshold that is not a percentage", func(t *testing.T) {
		_, err := s.Chokepoints(ctx, mg.StageMining, 0, 0)
		require.Equal(t, mg.EINVALID, mg.Code(err))
	})

	t.Run("describes the US's exposure to China, mineral by mineral", func(t *testing.T) {
		day, err := mg.ParseDate("2026-01-01")
		require.NoError(t, err)
		exposures, err := s.Exposures(ctx, "US", "CN", day)
		require.NoError(t, err)
		by := map[string]mg.Exposure{}
		for _, e := range exposures {
			by[e.MineralID] = e
		}
		ga := by["gallium"]
		require.Equal(t, "100", ga.Reliance.Value)
		require.Equal(t, 2, *ga.SupplierRank) // Japan, China, Germany, Canada (2020-2023)
		require.Equal(t, [2]int{2020, 2023}, ga.RankPeriod)
		require.Equal(t, 99.0, *ga.SupplierRefining.Percent)
		require.Contains(t, ga.PolicyIDs, "cn-export-control-gallium-germanium-2023")
		require.NotContains(t, ga.PolicyIDs, "cn-export-ban-us-dual-use-2024", "suspended on that day")
		// The seed question: the US mines beryllium (it leads the world) but is that a case of
		// China refining? No: no Chinese refining figure. Copper: the US mines it, China
		// refines 44.4% (2023), under 50.
		require.False(t, by["copper"].ImporterMinesSupplierRefines(50))
		require.True(t, by["copper"].ImporterMinesSupplierRefines(40))
	})

	t.Run("names an unknown country", func(t *testing.T) {
		day, _ := mg.ParseDate("2026-01-01")
		_, err := s.Exposures(ctx, "US", "XX", day)
		require.Equal(t, mg.ENOTFOUND, mg.Code(err))
		require.EqualError(t, err, `country "XX" not found`)
	})
}
