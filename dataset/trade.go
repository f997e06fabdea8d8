package dataset

import (
	"strconv"

	mg "github.com/mineralgraph/mineralgraph"
)

// Net import reliance (reliance.csv) and trade links (trade.csv).
func init() {
	register(kind{name: "reliance", order: 100,
		columns: []string{"mineral", "importer", "year", "value", "commodity", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			rel := mg.Reliance{MineralID: r.str("mineral"), Importer: r.str("importer"), Year: r.int("year"),
				Value: r.str("value"), Commodity: r.str("commodity"), SourceID: r.str("source"), Note: r.str("note")}
			if rel.Value != "" {
				rng, err := mg.ParseReliance(rel.Value)
				if err != nil {
					r.fail("value", "%v", err)
				}
				rel.Range = rng
			}
			rel.ID = mg.RelianceID(rel.MineralID, rel.Importer, rel.Year)
			d.Reliance = append(d.Reliance, rel)
			return rel.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.Reliance { return d.Reliance }, func(_ *Dataset, r mg.Reliance) []string {
			return []string{r.MineralID, r.Importer, strconv.Itoa(r.Year), r.Value, r.Commodity, r.SourceID, r.Note}
		}),
		each:  eachOf(func(d *Dataset) []mg.Reliance { return d.Reliance }, func(r mg.Reliance) string { return r.ID }, mg.Reliance.References, mg.Reliance.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.Reliance { return &d.Reliance }, func(r mg.Reliance) string { return r.ID }),
	})
	register(kind{name: "trade", order: 110,
		columns: []string{"mineral", "kind", "exporter", "importer", "year_from", "year_to", "rank", "value_usd", "quantity", "quantity_unit",
			"import_share", "commodity", "reported_by", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			l := mg.TradeLink{MineralID: r.str("mineral"), Kind: enum(r, "kind", mg.TradeKind.Valid, mg.TradeKinds),
				Exporter: r.str("exporter"), Importer: r.str("importer"),
				YearFrom: r.int("year_from"), YearTo: r.int("year_to"), Rank: r.optInt("rank"), ValueUSD: r.number("value_usd"),
				Quantity: r.number("quantity"), QuantityUnit: r.str("quantity_unit"), ImportShare: r.number("import_share"),
				Commodity: r.str("commodity"), ReportedBy: r.str("reported_by"), SourceID: r.str("source"), Note: r.str("note")}
			l.ID = mg.TradeID(l)
			d.Trade = append(d.Trade, l)
			return l.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.TradeLink { return d.Trade }, func(_ *Dataset, t mg.TradeLink) []string {
			return []string{t.MineralID, string(t.Kind), t.Exporter, t.Importer, strconv.Itoa(t.YearFrom), strconv.Itoa(t.YearTo), optInt(t.Rank),
				num(t.ValueUSD), num(t.Quantity), t.QuantityUnit, num(t.ImportShare), t.Commodity, t.ReportedBy, t.SourceID, t.Note}
		}),
		each:  eachOf(func(d *Dataset) []mg.TradeLink { return d.Trade }, func(t mg.TradeLink) string { return t.ID }, mg.TradeLink.References, mg.TradeLink.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.TradeLink { return &d.Trade }, func(t mg.TradeLink) string { return t.ID }),
	})
}
