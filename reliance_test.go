package mineralgraph_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

func TestReliance(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		value string
		b     mg.Bounds
		want  bool
	}{
		{"100", mg.Bounds{Gte: f(100)}, true},
		{"99", mg.Bounds{Gte: f(100)}, false},
		{">50", mg.Bounds{Gt: f(49)}, true},
		{">50", mg.Bounds{Gt: f(50)}, true},
		{">50", mg.Bounds{Gte: f(60)}, false},
		{">50", mg.Bounds{Lte: f(100)}, true},
		{">75", mg.Bounds{Lt: f(100)}, true}, // USGS prints 100 where it is 100
		{">75", mg.Bounds{Gte: f(100)}, false},
		{"<25", mg.Bounds{Lt: f(25)}, true},
		{"<25", mg.Bounds{Lt: f(20)}, false},
		{"<25", mg.Bounds{Gte: f(0)}, true},
		{"E", mg.Bounds{Lt: f(0)}, true}, // a net exporter relies on imports for less than nothing
		{"E", mg.Bounds{Lte: f(0)}, true},
		{"E", mg.Bounds{Lt: f(10)}, true},
		{"E", mg.Bounds{Gte: f(0)}, false},
		{"48", mg.Bounds{Gt: f(40), Lt: f(50)}, true},
	}
	for _, c := range cases {
		r, err := mg.ParseReliance(c.value)
		require.NoError(t, err)
		require.Equal(t, c.want, r.Satisfies(c.b), "%q against %+v", c.value, c.b)
	}
	for _, bad := range []string{"", "W", "NA", ">", "101", "-5", ">x"} {
		_, err := mg.ParseReliance(bad)
		require.Error(t, err, bad)
	}
}
