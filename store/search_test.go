package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

func TestSearch(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	page := mg.PageArgs{First: 20}
	kinds := func(hits []store.Hit) map[string]string {
		out := map[string]string{}
		for _, h := range hits {
			out[h.ID] = h.Kind
		}
		return out
	}

	t.Run("finds minerals, countries, facilities, organisations and policies by name, alias and title", func(t *testing.T) {
		p, err := s.Search(ctx, "gallium", page)
		require.NoError(t, err)
		got := kinds(p.Items)
		require.Equal(t, "Mineral", got["gallium"])
		require.Equal(t, "Policy", got["cn-export-control-gallium-germanium-2023"])
		require.Equal(t, "Mineral", p.Items[0].Kind, "the mineral named exactly ranks first")

		p, err = s.Search(ctx, "Burma", page) // an alias of Myanmar
		require.NoError(t, err)
		require.Equal(t, "Country", kinds(p.Items)["MM"])

		p, err = s.Search(ctx, "lyna", page) // a prefix
		require.NoError(t, err)
		var facility, organisation bool
		for _, h := range p.Items {
			facility = facility || h.Kind == "Facility"
			organisation = organisation || h.Kind == "Organisation"
		}
		require.True(t, facility && organisation, "Lynas's plant and company: %v", p.Items)
	})

	t.Run("treats Lucene syntax as text", func(t *testing.T) {
		for _, text := range []string{`gallium"`, `AND OR NOT`, `(`, `*`, `title:x`, `\`, `a~2^3`} {
			_, err := s.Search(ctx, text, page)
			require.NoError(t, err, text)
		}
	})

	t.Run("pages by score with cursors", func(t *testing.T) {
		whole, err := s.Search(ctx, "rare earth", mg.PageArgs{First: 100})
		require.NoError(t, err)
		var got []store.Hit
		pg := mg.PageArgs{First: 4}
		for {
			p, err := s.Search(ctx, "rare earth", pg)
			require.NoError(t, err)
			got = append(got, p.Items...)
			if !p.HasNextPage {
				break
			}
			pg.After = p.Cursors[len(p.Cursors)-1]
		}
		require.Equal(t, whole.Items, got)
	})
}

func TestKindOf(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	for id, kind := range map[string]string{
		"gallium": "Mineral", "CN": "Country", "mountain-pass": "Facility", "usgs-2022": "CriticalList", "eu": "Bloc",
		"cn-export-control-graphite-2023": "Policy", "usgs-mcs-2025-t5": "Source", "gallium/REFINING/2024/CN": "Share",
	} {
		got, err := s.KindOf(ctx, id)
		require.NoError(t, err, id)
		require.Equal(t, kind, got, id)
	}
	_, err := s.KindOf(ctx, "nothing-here")
	require.Equal(t, mg.ENOTFOUND, mg.Code(err))
}
