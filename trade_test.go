package mineralgraph_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

func TestTradeLinkCheck(t *testing.T) {
	value := 1000.0
	link := func() mg.TradeLink {
		return mg.TradeLink{Kind: mg.TradeCustomsImport, MineralID: "gallium", Exporter: "DE", Importer: "US", YearFrom: 2024,
			YearTo: 2024, ValueUSD: &value, ReportedBy: "US", SourceID: "usgs-mcs-2025-t4"}
	}

	t.Run("accepts an importer's customs figure reported by the importer", func(t *testing.T) {
		require.NoError(t, link().Check())
	})

	t.Run("refuses a link without a kind, which would mix rankings and customs figures", func(t *testing.T) {
		l := link()
		l.Kind = ""
		err := l.Check()
		require.Equal(t, mg.EINVALID, mg.Code(err))
		require.Contains(t, mg.Message(err), "kind: required; use one of [IMPORT_RANK CUSTOMS_IMPORT CUSTOMS_EXPORT]")
	})

	t.Run("gives a link without a kind the one the API describes", func(t *testing.T) {
		l := link()
		l.Kind, l.ReportedBy = "", ""
		require.Equal(t, link(), l.DefaultKind(), "an importer's customs figure, reported by the importer")

		rank := 2
		l.Rank = &rank
		require.Equal(t, mg.TradeImportRank, l.DefaultKind().Kind, "a ranking where it gives a rank")
		require.NoError(t, l.DefaultKind().Check())

		l = link()
		l.Kind = mg.TradeCustomsExport
		require.Equal(t, l, l.DefaultKind(), "a link that names its kind keeps it")
	})
}
