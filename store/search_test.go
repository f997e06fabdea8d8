package store_test

import (
	"context"
	"fmt"
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
	as := map[string]store.Selection{"Mineral": props("id"), "Country": props("code"), "Facility": props("id"),
		"Organisation": props("id"), "Policy": props("id")}
	kinds := func(hits []store.Hit) map[string]string {
		out := map[string]string{}
		for _, h := range hits {
			out[hitID(h)] = h.Kind
		}
		return out
	}

	t.Run("finds minerals, countries, facilities, organisations and policies by name, alias and title", func(t *testing.T) {
		p, err := s.Search(ctx, "gallium", page, as)
		require.NoError(t, err)
		got := kinds(p.Items)
		require.Equal(t, "Mineral", got["gallium"])
		require.Equal(t, "Policy", got["cn-export-control-gallium-germanium-2023"])
		require.Equal(t, "Mineral", p.Items[0].Kind, "the mineral named exactly ranks first")

		p, err = s.Search(ctx, "Burma", page, as) // an alias of Myanmar
		require.NoError(t, err)
		require.Equal(t, "Country", kinds(p.Items)["MM"])

		p, err = s.Search(ctx, "lyna", page, as) // a prefix
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
			_, err := s.Search(ctx, text, page, as)
			require.NoError(t, err, text)
		}
	})

	t.Run("pages by score with cursors", func(t *testing.T) {
		whole, err := s.Search(ctx, "rare earth", mg.PageArgs{First: 100}, as)
		require.NoError(t, err)
		var got []store.Hit
		pg := mg.PageArgs{First: 4}
		for {
			p, err := s.Search(ctx, "rare earth", pg, as)
			require.NoError(t, err)
			got = append(got, p.Items...)
			if !p.HasNextPage {
				break
			}
			pg.After = p.Cursor(len(p.Items) - 1)
		}
		require.Equal(t, whole.Items, got)
	})
}

// hitID is the id of the entity a hit found.
func hitID(h store.Hit) string {
	switch n := h.Node.(type) {
	case mg.Mineral:
		return n.ID
	case mg.Country:
		return n.Code
	case mg.Facility:
		return n.ID
	case mg.Organisation:
		return n.ID
	case mg.Policy:
		return n.ID
	}
	return ""
}

func TestNode(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	as := map[string]store.Selection{"Mineral": props("id"), "Country": props("code"), "Facility": props("id"),
		"CriticalList": props("id"), "Bloc": props("id"), "Policy": props("id"), "Source": props("id"), "Share": props("id")}
	for id, kind := range map[string]string{
		"gallium": "mineralgraph.Mineral", "CN": "mineralgraph.Country", "mountain-pass": "mineralgraph.Facility",
		"usgs-2022": "mineralgraph.CriticalList", "eu": "mineralgraph.Bloc", "cn-export-control-graphite-2023": "mineralgraph.Policy",
		"usgs-mcs-2025-t5": "mineralgraph.Source", "gallium/REFINING/2024/CN": "mineralgraph.Share",
	} {
		got, err := s.Node(ctx, id, as)
		require.NoError(t, err, id)
		require.Equal(t, kind, fmt.Sprintf("%T", got), id)
		require.Contains(t, fmt.Sprintf("%+v", got), id, "the node read is the one named")
	}
	_, err := s.Node(ctx, "nothing-here", as)
	require.Equal(t, mg.ENOTFOUND, mg.Code(err))
	require.EqualError(t, err, `node "nothing-here" not found`)
}
