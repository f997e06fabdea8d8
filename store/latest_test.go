package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

// TestWhichFigureAnswers covers the rules of store/latest.go: members of a group answer with
// its figures when they have none, marked; a country's latest share is not hidden by a year
// that names only the leading producer.
func TestWhichFigureAnswers(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	reliance := store.Selection{nest("us", "usNetImportReliance", nil,
		store.Selection{{Key: "value", Name: "value"}, nest("from", "inheritedFrom", nil, props("id"))})}

	t.Run("a member without figures answers with its group's reliance, marked", func(t *testing.T) {
		nd, err := s.Mineral(ctx, "neodymium", reliance)
		require.NoError(t, err)
		r := rel[*mg.Reliance](t, nd.Related, "us")
		group, err := s.Mineral(ctx, "rare-earths", reliance)
		require.NoError(t, err)
		require.Equal(t, rel[*mg.Reliance](t, group.Related, "us").Value, r.Value)
		require.Equal(t, "rare-earths", rel[*mg.Mineral](t, r.Related, "from").ID)
		require.Nil(t, rel[*mg.Mineral](t, group.Related["us"].(*mg.Reliance).Related, "from"), "the group's own figure")
	})

	t.Run("a member with figures of its own keeps them, even where one is missing", func(t *testing.T) {
		y, err := s.Mineral(ctx, "yttrium", reliance)
		require.NoError(t, err)
		r := rel[*mg.Reliance](t, y.Related, "us")
		require.Equal(t, "100", r.Value) // MCS 2025 Figure 2 gives yttrium its own line
		require.Nil(t, rel[*mg.Mineral](t, r.Related, "from"))
	})

	t.Run("filters read the inherited figures too", func(t *testing.T) {
		p, err := s.Minerals(ctx, &mg.MineralFilter{Group: "rare-earths", USNetImportReliance: &mg.RelianceCondition{Bounds: mg.Bounds{Gt: ptr(50.0), Lt: ptr(100.0)}}},
			nil, mg.PageArgs{First: 100}, false, props("id"))
		require.NoError(t, err)
		curated, err := dataset.Curated()
		require.NoError(t, err)
		require.Equal(t, withoutFigures(t, curated, "rare-earths"), ids(p.Items))
	})

	t.Run("a year naming only the leader keeps each other producer's latest figure", func(t *testing.T) {
		at := func(key, country string) store.Field {
			return nest(key, "share", map[string]any{"country": country, "stage": mg.StageMining}, props("year", "percent", "coverage"))
		}
		re, err := s.Mineral(ctx, "rare-earths", store.Selection{at("cn", "CN"), at("us", "US")})
		require.NoError(t, err)
		cn, us := rel[*mg.Share](t, re.Related, "cn"), rel[*mg.Share](t, re.Related, "us")
		require.Equal(t, 2024, cn.Year, "MCS Table 5 names China, the leader, for 2024")
		require.Equal(t, 2023, us.Year)
		require.Equal(t, 12.2, *us.Percent) // 43,000 of the 353,240 t the listed countries mine
		cover := func(sh *mg.Share) float64 { return *rel[*float64](t, sh.Related, "coverage") }
		require.Less(t, cover(cn), 100.0, "2024 names only China: the figures of the year cover its share only")
		require.Greater(t, cover(us), 99.0)
	})

	t.Run("leading: the largest producer of the stage in that year", func(t *testing.T) {
		leads := func(v bool) []string {
			// China: 80.8% of tungsten, 7.7% of copper (Chile leads), no cobalt mining figure.
			f := &mg.MineralFilter{IDIn: []string{"tungsten", "copper", "cobalt"}, Share: &mg.ShareCondition{Country: "CN", Stage: mg.StageMining, Leading: &v}}
			p, err := s.Minerals(ctx, f, nil, mg.PageArgs{First: 10}, false, props("id"))
			require.NoError(t, err)
			return ids(p.Items)
		}
		require.Equal(t, []string{"tungsten"}, leads(true))
		require.Equal(t, []string{"copper"}, leads(false), "a mineral without China's figure meets neither")
	})
}

func TestFreshness(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	curated, err := dataset.Curated()
	require.NoError(t, err)
	f, err := s.Freshness(ctx, store.Selection{{Key: "newestPolicy", Name: "newestPolicy"},
		nest("counts", "counts", nil, props("kind", "count")),
		nest("figures", "figures", nil, append(props("stage", "newestYear", "oldestYear", "shares"), nest("source", "source", nil, props("id"))))})
	require.NoError(t, err)
	var newest mg.Date
	for _, p := range curated.Policies {
		for _, d := range []*mg.Date{p.Announced, p.Effective} {
			if d != nil && d.After(newest.Time) {
				newest = *d
			}
		}
	}
	require.Equal(t, newest.String(), f.NewestPolicy.String())
	counts := map[string]int{}
	for _, c := range rel[[]mg.RecordCount](t, f.Related, "counts") {
		counts[c.Kind] = c.Count
	}
	require.Equal(t, len(curated.Minerals), counts["Mineral"])
	require.Equal(t, len(curated.Shares), counts["Share"])
	shares := 0
	for _, c := range rel[[]mg.FigureCoverage](t, f.Related, "figures") {
		require.LessOrEqual(t, c.OldestYear, c.NewestYear)
		require.NotEmpty(t, rel[*mg.Source](t, c.Related, "source").ID)
		shares += c.Shares
	}
	require.Equal(t, len(curated.Shares), shares, "every share counted under its source and stage")
}
