package store

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLoadOrder checks the registry the entity files fill: every link a loader writes points
// at a label an earlier loader wrote (or its own, as a mineral's group is a mineral), so a
// load never looks for a node it has yet to write; and no two loaders share a place, which
// would leave their order to the order of the files' init functions.
func TestLoadOrder(t *testing.T) {
	require.NotEmpty(t, loaders)
	places := map[int]string{}
	written := map[string]bool{}
	for _, l := range loaders {
		if other, ok := places[l.order]; ok {
			t.Errorf("%s and %s share the load order %d", other, l.kind.name, l.order)
		}
		places[l.order] = l.kind.name
		for _, ln := range l.kind.links {
			for _, target := range strings.Split(ln.target, "|") {
				require.True(t, written[target] || target == l.kind.label,
					"%s links %s to %s, which no earlier loader writes", l.kind.name, ln.rel, target)
			}
		}
		written[l.kind.label] = true
	}
}
