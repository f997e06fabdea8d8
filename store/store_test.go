package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

func ptr[T any](v T) *T { return &v }

func ids(ms []mg.Mineral) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func TestMinerals(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	curated, err := dataset.Curated()
	require.NoError(t, err)
	all := mg.PageArgs{First: 100}

	t.Run("lists every mineral and group by name", func(t *testing.T) {
		p, err := s.Minerals(ctx, nil, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Len(t, p.Items, len(curated.Minerals))
		require.Equal(t, "aluminum", p.Items[0].ID)
		require.False(t, p.HasNextPage)
	})

	t.Run("finds the minerals of which China refines more than half, in the latest year of each", func(t *testing.T) {
		// Latest figures: MCS 2025 Table 5 (2024: bismuth 81, gallium 99, indium 70, magnesium
		// 95, tellurium 77, titanium 69), MCS 2024 world files (2023: aluminum 58.6, silicon
		// 78.9; copper 44.4 must not match), outlets quoting the IEA or Benchmark (lithium 70,
		// cobalt 78 in 2024; rare earths 92, graphite 99 in 2023; nickel 28 must not match).
		f := &mg.MineralFilter{Share: &mg.ShareCondition{Country: "CN", Stage: mg.StageRefining, Gt: ptr(50.0)}}
		cn := nest("cn", "share", map[string]any{"country": "CN", "stage": mg.StageRefining},
			store.Selection{nest("from", "inheritedFrom", nil, props("id"))})
		p, err := s.Minerals(ctx, f, nil, all, true, append(props("id"), cn))
		require.NoError(t, err)
		var own, inherited []string
		for _, m := range p.Items {
			if from := rel[*mg.Share](t, m.Related, "cn").Related["from"].(*mg.Mineral); from != nil {
				require.Equal(t, "rare-earths", from.ID, m.ID)
				inherited = append(inherited, m.ID)
			} else {
				own = append(own, m.ID)
			}
		}
		want := []string{"aluminum", "bismuth", "cobalt", "gallium", "graphite", "indium", "lithium", "magnesium", "rare-earths", "silicon", "tellurium", "titanium"}
		require.Equal(t, want, own)
		require.Equal(t, len(own)+len(inherited), *p.TotalCount)
		// The rare earths' members that USGS reports only within the group answer with its
		// 92%; yttrium and scandium, which have chapters (and figures) of their own, do not.
		require.Equal(t, withoutFigures(t, curated, "rare-earths"), inherited)
	})

	t.Run("compares a given year instead of the latest", func(t *testing.T) {
		// Gallium: 98.4% in 2023 (computed), 99% in 2024 (published).
		f := &mg.MineralFilter{IDIn: []string{"gallium"}, Share: &mg.ShareCondition{Country: "CN", Stage: mg.StageRefining, Year: ptr(2023), Gte: ptr(98.5)}}
		p, err := s.Minerals(ctx, f, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Empty(t, p.Items)
		f.Share.Year = ptr(2024)
		p, err = s.Minerals(ctx, f, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Equal(t, []string{"gallium"}, ids(p.Items))
	})

	t.Run("combines conditions with AND, OR and NOT", func(t *testing.T) {
		refinesMost := mg.MineralFilter{Share: &mg.ShareCondition{Country: "CN", Stage: mg.StageRefining, Gt: ptr(50.0)}}
		minesMost := mg.MineralFilter{Share: &mg.ShareCondition{Country: "CN", Stage: mg.StageMining, Gt: ptr(50.0)}}
		// Gallium: China refines 99%; tungsten: China mines 83%; copper: 44.4% refined and a
		// small share mined; nickel: Indonesia leads both.
		universe := []string{"gallium", "tungsten", "copper", "nickel"}
		f := &mg.MineralFilter{IDIn: universe, Or: []mg.MineralFilter{refinesMost, minesMost}}
		p, err := s.Minerals(ctx, f, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Equal(t, []string{"gallium", "tungsten"}, ids(p.Items))
		f.Not = &mg.MineralFilter{NameContains: "GALL"}
		p, err = s.Minerals(ctx, f, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Equal(t, []string{"tungsten"}, ids(p.Items))
		p, err = s.Minerals(ctx, &mg.MineralFilter{IDIn: universe, And: []mg.MineralFilter{refinesMost, minesMost}}, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Empty(t, p.Items)
	})

	t.Run("filters by list, group and US net import reliance as published", func(t *testing.T) {
		p, err := s.Minerals(ctx, &mg.MineralFilter{OnList: "usgs-2022", USNetImportReliance: &mg.RelianceCondition{Bounds: mg.Bounds{Gte: ptr(100.0)}}}, nil, all, false, props("id"))
		require.NoError(t, err)
		// MCS 2025 Figure 2: the 12 minerals of the 2022 list that were 100% import-reliant in 2024.
		require.Equal(t, []string{"arsenic", "cesium", "fluorspar", "gallium", "graphite", "indium", "manganese", "niobium",
			"rubidium", "scandium", "tantalum", "yttrium"}, ids(p.Items))
		// Germanium is published as ">50": it certainly exceeds 49, not certainly 60.
		for bounds, want := range map[mg.Bounds]bool{{Gt: ptr(49.0)}: true, {Gte: ptr(60.0)}: false} {
			p, err := s.Minerals(ctx, &mg.MineralFilter{IDIn: []string{"germanium"}, USNetImportReliance: &mg.RelianceCondition{Bounds: bounds}}, nil, all, false, props("id"))
			require.NoError(t, err)
			require.Equal(t, want, len(p.Items) == 1)
		}
		p, err = s.Minerals(ctx, &mg.MineralFilter{Group: "pgms"}, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Equal(t, []string{"iridium", "palladium", "platinum", "rhodium", "ruthenium"}, ids(p.Items))
	})

	t.Run("pages with cursors that continue exactly where the last page ended", func(t *testing.T) {
		var got []string
		page := mg.PageArgs{First: 7}
		for {
			p, err := s.Minerals(ctx, nil, nil, page, false, props("id"))
			require.NoError(t, err)
			got = append(got, ids(p.Items)...)
			require.Equal(t, page.After != "", p.HasPreviousPage)
			if !p.HasNextPage {
				break
			}
			page.After = p.Cursor(len(p.Items) - 1)
		}
		whole, err := s.Minerals(ctx, nil, nil, all, false, props("id"))
		require.NoError(t, err)
		require.Equal(t, ids(whole.Items), got)
	})

	t.Run("pages in reverse name order with cursors, the whole list reversed", func(t *testing.T) {
		var got []string
		desc := &mg.MineralOrder{Field: mg.OrderByName, Direction: mg.Desc}
		page := mg.PageArgs{First: 7}
		for {
			p, err := s.Minerals(ctx, nil, desc, page, false, props("id"))
			require.NoError(t, err)
			got = append(got, ids(p.Items)...)
			if !p.HasNextPage {
				break
			}
			page.After = p.Cursor(len(p.Items) - 1)
		}
		whole, err := s.Minerals(ctx, nil, nil, all, false, props("id"))
		require.NoError(t, err)
		want := ids(whole.Items)
		slices.Reverse(want)
		require.Equal(t, want, got)
	})

	t.Run("rejects a cursor of another list", func(t *testing.T) {
		c, err := s.Countries(ctx, "", mg.PageArgs{First: 1}, false, props("code"))
		require.NoError(t, err)
		_, err = s.Minerals(ctx, nil, nil, mg.PageArgs{First: 1, After: c.Cursor(0)}, false, props("id"))
		require.Equal(t, mg.EINVALID, mg.Code(err))
	})

	t.Run("treats hostile text as data", func(t *testing.T) {
		for _, text := range []string{`"}) MATCH (n) DETACH DELETE n //`, "`", `\u0000`, "' OR 1=1 --"} {
			p, err := s.Minerals(ctx, &mg.MineralFilter{NameContains: text}, nil, all, false, props("id"))
			require.NoError(t, err)
			require.Empty(t, p.Items)
		}
		p, err := s.Minerals(ctx, nil, nil, mg.PageArgs{First: 1}, true, props("id"))
		require.NoError(t, err)
		require.Equal(t, len(curated.Minerals), *p.TotalCount)
	})

	t.Run("says which mineral is missing", func(t *testing.T) {
		_, err := s.Mineral(ctx, "unobtainium", nil)
		require.Equal(t, mg.ENOTFOUND, mg.Code(err))
		require.EqualError(t, err, `mineral "unobtainium" not found`)
	})
}

func TestShares(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	share := props("id", "year", "percent", "unit", "stage")
	sharesOf := func(key string, args map[string]any) store.Field {
		return nest(key, "shares", args, append(share, nest("source", "source", nil, props("id"))))
	}

	t.Run("returns each mineral's own page of shares in the mineral's one query", func(t *testing.T) {
		curated, err := dataset.Curated()
		require.NoError(t, err)
		galliumRefining := 0
		for _, sh := range curated.Shares {
			if sh.MineralID == "gallium" && sh.Stage == mg.StageRefining {
				galliumRefining++
			}
		}
		before := s.QueryCount()
		refining := sharesOf("refining", map[string]any{"stage": ptr(mg.StageRefining), "first": ptr(1)})
		refining.Total = true
		p, err := s.Minerals(ctx, &mg.MineralFilter{IDIn: []string{"gallium", "copper", "germanium", "nope"}}, nil, mg.PageArgs{First: 10}, false,
			append(props("id"), refining))
		require.NoError(t, err)
		require.Equal(t, int64(1), s.QueryCount()-before)
		pages := map[string]mg.Page[mg.Share]{}
		for _, m := range p.Items {
			pages[m.ID] = rel[mg.Page[mg.Share]](t, m.Related, "refining")
		}
		require.Len(t, pages, 3, "unknown ids match no mineral")
		require.Equal(t, "gallium/REFINING/2024/CN", pages["gallium"].Items[0].ID) // newest year first
		require.True(t, pages["gallium"].HasNextPage)
		require.Equal(t, "copper/REFINING/2023/CN", pages["copper"].Items[0].ID) // largest share of the year first
		require.Equal(t, galliumRefining, *pages["gallium"].TotalCount)
		require.Equal(t, 0, *pages["germanium"].TotalCount, "USGS gives germanium refinery output as NA")

		after := sharesOf("rest", map[string]any{"stage": ptr(mg.StageRefining), "first": ptr(100), "after": ptr(pages["gallium"].Cursor(0))})
		g, err := s.Mineral(ctx, "gallium", store.Selection{after})
		require.NoError(t, err)
		next := rel[mg.Page[mg.Share]](t, g.Related, "rest")
		require.Nil(t, next.TotalCount, "not asked for")
		require.True(t, next.HasPreviousPage)
		require.False(t, next.HasNextPage)
		require.Len(t, next.Items, galliumRefining-1)
		second := next.Items[0]
		require.Equal(t, "gallium/REFINING/2023/CN", second.ID)
		require.Equal(t, 98.4, *second.Percent)
		require.Equal(t, "kg", second.Unit)
		require.Equal(t, "usgs-mcs-2024-world", rel[*mg.Source](t, second.Related, "source").ID)
	})

	t.Run("lists a country's shares, largest first within a year", func(t *testing.T) {
		f := nest("mined", "shares", map[string]any{"year": ptr(2024), "stage": ptr(mg.StageMining), "first": ptr(3)},
			store.Selection{nest("mineral", "mineral", nil, props("id"))})
		f.Total = true
		count := map[string]int{}
		for _, code := range []string{"CN", "US", "FI"} {
			c, err := s.Country(ctx, code, store.Selection{f})
			require.NoError(t, err)
			pg := rel[mg.Page[mg.Share]](t, c.Related, "mined")
			count[code] = *pg.TotalCount
			if code == "CN" {
				var got []string
				for _, sh := range pg.Items {
					got = append(got, rel[*mg.Mineral](t, sh.Related, "mineral").ID)
				}
				require.Equal(t, []string{"tungsten", "graphite", "vanadium"}, got) // 83, 79, 70
			}
		}
		// China: antimony, fluorspar, graphite, rare-earths, tin, tungsten, vanadium, zinc.
		require.Equal(t, map[string]int{"CN": 8, "US": 1, "FI": 0}, count)
	})

	t.Run("finds the latest figure when no year is given", func(t *testing.T) {
		at := func(key, country string, year *int) store.Field {
			return nest(key, "share", map[string]any{"country": country, "stage": mg.StageRefining, "year": year}, props("year"))
		}
		g, err := s.Mineral(ctx, "gallium", store.Selection{at("latest", "CN", nil), at("2023", "CN", ptr(2023)), at("other", "JP", nil), at("missing", "FR", nil)})
		require.NoError(t, err)
		require.Equal(t, 2024, rel[*mg.Share](t, g.Related, "latest").Year, "MCS Table 5 names China, the leader, for 2024")
		require.Equal(t, 2023, rel[*mg.Share](t, g.Related, "2023").Year)
		// 2024 names only China: Japan's latest figure is of the complete year before.
		require.Equal(t, 2023, rel[*mg.Share](t, g.Related, "other").Year)
		require.Nil(t, rel[*mg.Share](t, g.Related, "missing"), "no figure of France at all")
	})

	t.Run("keeps a world total that USGS does not give as unknown", func(t *testing.T) {
		world := nest("world", "worldProduction", map[string]any{"stage": ptr(mg.StageRefining)}, props("amount", "note", "year"))
		ge, err := s.Mineral(ctx, "germanium", store.Selection{world})
		require.NoError(t, err)
		w := rel[[]mg.WorldProduction](t, ge.Related, "world")
		require.Nil(t, w[0].Amount)
		require.Contains(t, w[0].Note, "NA")
		ga, err := s.Mineral(ctx, "gallium", store.Selection{world})
		require.NoError(t, err)
		w = rel[[]mg.WorldProduction](t, ga.Related, "world")
		require.Equal(t, 760.0, *w[0].Amount)
		require.Equal(t, 2024, w[0].Year)
	})

	t.Run("reports a bad argument on its field alone", func(t *testing.T) {
		g, err := s.Mineral(ctx, "gallium", store.Selection{
			{Key: "name", Name: "name"},
			nest("bad", "shares", map[string]any{"first": ptr(101)}, props("id")),
		})
		require.NoError(t, err)
		require.Equal(t, "Gallium", g.Name)
		require.Equal(t, mg.EINVALID, mg.Code(relErr(t, g.Related, "bad")))
	})
}

func TestLoad(t *testing.T) {
	s := neo4jtest.Empty(t)
	ctx := context.Background()
	d, err := dataset.Curated()
	require.NoError(t, err)

	t.Run("creates everything once, then changes nothing", func(t *testing.T) {
		first, err := s.Load(ctx, d.Records(), nil)
		require.NoError(t, err)
		require.True(t, first.Changed())
		for _, k := range first.Kinds {
			require.Zero(t, k.Updated, k.Kind)
			if k.Kind != "policy relations" {
				require.Zero(t, k.Unchanged, k.Kind)
			}
		}
		// Relations are written onto the policies just created: created for each policy that
		// has some, unchanged (none before, none now) for the others.
		related := 0
		for _, p := range d.Policies {
			if len(p.Links) > 0 {
				related++
			}
		}
		require.Equal(t, store.KindStats{Kind: "policy relations", Created: related, Unchanged: len(d.Policies) - related}, first.Kind("policy relations"))
		second, err := s.Load(ctx, d.Records(), nil)
		require.NoError(t, err)
		require.False(t, second.Changed(), second.String())
	})

	t.Run("updates a figure whose value or source changed", func(t *testing.T) {
		changed := &dataset.Dataset{Sources: d.Sources[:1], Shares: []mg.Share{d.Shares[0]}}
		changed.Shares[0].Note = "revised"
		stats, err := s.Load(ctx, changed.Records(), nil)
		require.NoError(t, err)
		require.Equal(t, store.KindStats{Kind: "shares", Updated: 1}, stats.Kind("shares"))
		_, err = s.Load(ctx, d.Records(), nil) // restore
		require.NoError(t, err)
	})

	t.Run("writes nothing when a record refers to something unknown", func(t *testing.T) {
		bad := &dataset.Dataset{
			Sources: []mg.Source{{ID: "test-source", Publisher: "p", Title: "t", Year: 2025}},
			Shares:  []mg.Share{{ID: "gallium/MINING/2024/XX", MineralID: "gallium", CountryCode: "XX", Stage: mg.StageMining, Year: 2024, Percent: ptr(1.0), SourceID: "test-source"}},
		}
		_, err := s.Load(ctx, bad.Records(), nil)
		require.Equal(t, mg.EINVALID, mg.Code(err))
		require.ErrorContains(t, err, `country "XX"`)
		_, err = s.Source(ctx, "test-source", nil)
		require.Equal(t, mg.ENOTFOUND, mg.Code(err), "the source must not be written either")
	})
}

func TestUnavailable(t *testing.T) {
	t.Run("reports a server that does not answer as unavailable, quickly", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err := store.Open(ctx, store.Config{URI: "bolt://127.0.0.1:1"})
		require.Equal(t, mg.EUNAVAILABLE, mg.Code(err))
		require.Equal(t, "the graph database is unavailable; retry later", mg.Message(err))
	})
}

func TestMineralOrder(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()

	t.Run("orders by a country's share, largest first, keeping cursors exact", func(t *testing.T) {
		o := &mg.MineralOrder{Field: mg.OrderByShare, Share: &mg.ShareSlot{Country: "CN", Stage: mg.StageRefining}}
		f := &mg.MineralFilter{Share: &mg.ShareCondition{Country: "CN", Stage: mg.StageRefining, Gt: ptr(50.0)}}
		whole, err := s.Minerals(ctx, f, o, mg.PageArgs{First: 100}, false, props("id"))
		require.NoError(t, err)
		require.Equal(t, []string{"gallium", "graphite"}, ids(whole.Items[:2])) // 99% each, by name
		require.Equal(t, "magnesium", whole.Items[2].ID)                        // 95%
		var got []string
		page := mg.PageArgs{First: 5}
		for {
			p, err := s.Minerals(ctx, f, o, page, false, props("id"))
			require.NoError(t, err)
			got = append(got, ids(p.Items)...)
			if !p.HasNextPage {
				break
			}
			page.After = p.Cursor(len(p.Items) - 1)
		}
		require.Equal(t, ids(whole.Items), got)
	})

	t.Run("orders by US import reliance, reading a bound by its lower end", func(t *testing.T) {
		o := &mg.MineralOrder{Field: mg.OrderByUSNetImportReliance, Direction: mg.Asc}
		p, err := s.Minerals(ctx, &mg.MineralFilter{IDIn: []string{"gallium", "germanium", "nickel", "beryllium"}}, o, mg.PageArgs{First: 10}, false, props("id"))
		require.NoError(t, err)
		// Beryllium E (net exporter), nickel 48, germanium >50, gallium 100 (MCS 2025 Figure 2).
		require.Equal(t, []string{"beryllium", "nickel", "germanium", "gallium"}, ids(p.Items))
	})

	t.Run("refuses a cursor made for another ordering", func(t *testing.T) {
		byName, err := s.Minerals(ctx, nil, nil, mg.PageArgs{First: 1}, false, props("id"))
		require.NoError(t, err)
		_, err = s.Minerals(ctx, nil, &mg.MineralOrder{Field: mg.OrderByUSNetImportReliance}, mg.PageArgs{First: 1, After: byName.Cursor(0)}, false, props("id"))
		require.Equal(t, mg.EINVALID, mg.Code(err))
	})

	t.Run("names an unknown country, list or group in a filter", func(t *testing.T) {
		for f, want := range map[*mg.MineralFilter]string{
			{Share: &mg.ShareCondition{Country: "XX", Stage: mg.StageMining}}: `country "XX" not found`,
			{OnList: "usgs-1999"}:                          `list "usgs-1999" not found`,
			{Not: &mg.MineralFilter{Group: "unobtainium"}}: `mineral "unobtainium" not found`,
		} {
			_, err := s.Minerals(ctx, f, nil, mg.PageArgs{First: 1}, true, props("id"))
			require.Equal(t, mg.ENOTFOUND, mg.Code(err))
			require.EqualError(t, err, want)
		}
	})
}

// withoutFigures lists, by id, the members of a group that have no figure of their own in
// the curated dataset (no share, reliance figure, world total or trade link): those that
// answer with the group's figures.
func withoutFigures(t *testing.T, d *dataset.Dataset, group string) []string {
	t.Helper()
	has := map[string]bool{}
	for _, s := range d.Shares {
		has[s.MineralID] = true
	}
	for _, r := range d.Reliance {
		has[r.MineralID] = true
	}
	for _, w := range d.World {
		has[w.MineralID] = true
	}
	for _, l := range d.Trade {
		has[l.MineralID] = true
	}
	var out []string
	for _, m := range d.Minerals {
		if m.GroupID == group && !has[m.ID] {
			out = append(out, m.ID)
		}
	}
	slices.Sort(out)
	require.NotEmpty(t, out)
	return out
}
