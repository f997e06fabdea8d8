package mineralgraph_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

func share(country string, pct float64) mg.Share {
	return mg.Share{CountryCode: country, Percent: &pct}
}

func TestConcentrate(t *testing.T) {
	c := mg.Concentrate("x", mg.StageMining, 2023, []mg.Share{share("B", 20), share("A", 50), {CountryCode: "U"}, share("C", 10), share("D", 5)})
	require.Equal(t, []string{"A", "B", "C", "D"}, []string{c.Producers[0].CountryCode, c.Producers[1].CountryCode, c.Producers[2].CountryCode, c.Producers[3].CountryCode})
	require.Equal(t, 50.0, c.Top1)
	require.Equal(t, 80.0, c.Top3)
	require.Equal(t, 50.0*50+20*20+10*10+5*5, c.HHI) // 3025
	require.Equal(t, 85.0, c.Coverage)

	one := mg.Concentrate("x", mg.StageMining, 2023, []mg.Share{share("A", 100)})
	require.Equal(t, 10000.0, one.HHI, "a monopoly")
}

func TestHoldersOf(t *testing.T) {
	h := mg.HoldersOf([]mg.Share{share("CN", 60), share("CD", 76), share("CN", 90)})
	require.Equal(t, "CN", h[0].Country)
	require.Equal(t, 90.0, *h[0].Shares[0].Percent, "largest first")
	require.Equal(t, "CD", h[1].Country)
}

func TestImporterMinesSupplierRefines(t *testing.T) {
	mines := share("US", 5)
	refines := share("CN", 44.4)
	e := mg.Exposure{ImporterMining: &mines, SupplierRefining: &refines}
	require.True(t, e.ImporterMinesSupplierRefines(40))
	require.False(t, e.ImporterMinesSupplierRefines(50))
	require.False(t, mg.Exposure{SupplierRefining: &refines}.ImporterMinesSupplierRefines(40), "the importer mines none")
}
