package scale_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/bench/scale"
	"github.com/mineralgraph/mineralgraph/dataset"
)

func TestGrow(t *testing.T) {
	curated, err := dataset.Curated()
	require.NoError(t, err)
	grown := scale.Grow(curated, 100)

	t.Run("passes the curated dataset's own validation", func(t *testing.T) {
		require.NoError(t, grown.ValidateAgainst(curated))
	})
	t.Run("multiplies facilities and trade links by the factor, and fills every year with shares", func(t *testing.T) {
		require.Equal(t, 99*len(curated.Facilities), len(grown.Facilities))
		require.Equal(t, 99*len(curated.Trade), len(grown.Trade))
		require.Greater(t, len(grown.Shares), 40*len(curated.Shares))
		t.Logf("synthetic: %d facilities, %d trade links, %d shares (curated: %d, %d, %d)",
			len(grown.Facilities), len(grown.Trade), len(grown.Shares), len(curated.Facilities), len(curated.Trade), len(curated.Shares))
	})
	t.Run("marks every record synthetic and leaves the curated years and names alone", func(t *testing.T) {
		earliest := 9999
		for _, s := range curated.Shares {
			earliest = min(earliest, s.Year)
		}
		for _, s := range grown.Shares {
			require.Equal(t, scale.SourceID, s.SourceID)
			require.Less(t, s.Year, earliest)
		}
		for _, f := range grown.Facilities {
			require.Equal(t, scale.SourceID, f.SourceID)
			require.True(t, strings.HasPrefix(f.Name, "Synthetic site "), f.Name)
		}
		for _, tl := range grown.Trade {
			require.Equal(t, scale.SourceID, tl.SourceID)
		}
	})
}
