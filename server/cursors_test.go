package server_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCursorsThroughTheAPI follows a list page by page the way a client does, with the
// cursors the API hands out (edges.cursor, pageInfo.startCursor and endCursor, made only
// when selected): the pages put together are the whole list (its first 100 are the list read
// in one page), every edge's cursor continues right after its item, and an empty page has
// no cursors.
func TestCursorsThroughTheAPI(t *testing.T) {
	a := newAPI(t)
	type page struct {
		Facilities struct {
			Edges []struct {
				Cursor string
				Node   struct{ ID string }
			}
			Nodes      []struct{ ID string }
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				StartCursor *string
				EndCursor   *string
			}
		}
	}
	const q = `query($first: Int, $after: String) { facilities(first: $first, after: $after) {
	    edges { cursor node { id } } nodes { id } pageInfo { hasNextPage startCursor endCursor } } }`

	var whole page
	a.data(`{ facilities(first: 100) { nodes { id } totalCount } }`, nil, &whole)
	all := whole.Facilities.Nodes
	require.Len(t, all, 100, "the curated facilities fill more than one page of 100")

	var got []string
	var after any
	for {
		var p page
		a.data(q, map[string]any{"first": 7, "after": after}, &p)
		f := p.Facilities
		if len(f.Edges) == 0 {
			require.Nil(t, f.PageInfo.StartCursor)
			require.Nil(t, f.PageInfo.EndCursor)
			break
		}
		require.Equal(t, f.Edges[0].Cursor, *f.PageInfo.StartCursor)
		require.Equal(t, f.Edges[len(f.Edges)-1].Cursor, *f.PageInfo.EndCursor)
		for i, e := range f.Edges {
			require.Equal(t, f.Nodes[i].ID, e.Node.ID)
			got = append(got, e.Node.ID)
		}
		// The second edge's cursor continues right after it.
		if len(f.Edges) > 2 {
			var next page
			a.data(q, map[string]any{"first": 1, "after": f.Edges[1].Cursor}, &next)
			require.Equal(t, f.Edges[2].Node.ID, next.Facilities.Nodes[0].ID)
		}
		if !f.PageInfo.HasNextPage {
			break
		}
		after = *f.PageInfo.EndCursor
	}
	ids := make([]string, len(all))
	for i, n := range all {
		ids[i] = n.ID
	}
	require.Len(t, got, whole.Facilities.TotalCount, "every facility once")
	require.Equal(t, ids, got[:100])
}
