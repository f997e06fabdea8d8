package mineralgraph_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

// A computed share is to one decimal, except that a producer too small for one decimal keeps
// two significant digits instead of reading as 0% (rare earths, 2023: Brazil's 80 t of
// 350,000 t).
func TestComputedPercent(t *testing.T) {
	for _, c := range []struct {
		amount, total, want float64
	}{
		{240000, 350000, 68.6},
		{600, 350000, 0.2},
		{80, 350000, 0.023},
		{1, 3000000, 0.000033},
		{0, 350000, 0},
		{350000, 350000, 100},
		{349, 350000, 0.1},
	} {
		require.Equal(t, c.want, mg.ComputedPercent(c.amount, c.total), "%v of %v", c.amount, c.total)
	}
}
