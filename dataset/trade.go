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
			rel := mg.Reliance{MineralID: r.required("mineral"), Importer: r.country("importer"), Year: r.int("year"),
				Value: r.required("value"), Commodity: r.str("commodity"), SourceID: r.required("source"), Note: r.str("note")}
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
		each: eachOf(func(d *Dataset) []mg.Reliance { return d.Reliance }, func(r mg.Reliance) string { return r.ID }, mg.Reliance.References, false),
		check: func(v *validator) {
			for _, r := range v.d.Reliance {
				v.figure("reliance", r.ID, r.Year, nil, "")
			}
		},
		merge: mergeOf(func(d *Dataset) *[]mg.Reliance { return &d.Reliance }, func(r mg.Reliance) string { return r.ID }),
	})
	register(kind{name: "trade", order: 110,
		columns: []string{"mineral", "kind", "exporter", "importer", "year_from", "year_to", "rank", "value_usd", "quantity", "quantity_unit",
			"import_share", "commodity", "reported_by", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			l := mg.TradeLink{MineralID: r.required("mineral"), Kind: enum(r, "kind", mg.TradeKind.Valid, mg.TradeKinds),
				Exporter: r.country("exporter"), Importer: r.country("importer"),
				YearFrom: r.int("year_from"), YearTo: r.int("year_to"), Rank: r.optInt("rank"), ValueUSD: r.number("value_usd"),
				Quantity: r.number("quantity"), QuantityUnit: r.str("quantity_unit"), ImportShare: r.number("import_share"),
				Commodity: r.str("commodity"), ReportedBy: r.str("reported_by"), SourceID: r.required("source"), Note: r.str("note")}
			l.ID = mg.TradeID(l)
			d.Trade = append(d.Trade, l)
			return l.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.TradeLink { return d.Trade }, func(_ *Dataset, t mg.TradeLink) []string {
			return []string{t.MineralID, string(t.Kind), t.Exporter, t.Importer, strconv.Itoa(t.YearFrom), strconv.Itoa(t.YearTo), optInt(t.Rank),
				num(t.ValueUSD), num(t.Quantity), t.QuantityUnit, num(t.ImportShare), t.Commodity, t.ReportedBy, t.SourceID, t.Note}
		}),
		each:  eachOf(func(d *Dataset) []mg.TradeLink { return d.Trade }, func(t mg.TradeLink) string { return t.ID }, mg.TradeLink.References, false),
		check: checkTrade,
		merge: mergeOf(func(d *Dataset) *[]mg.TradeLink { return &d.Trade }, func(t mg.TradeLink) string { return t.ID }),
	})
}

func checkTrade(v *validator) {
	for _, t := range v.d.Trade {
		v.figure("trade", t.ID, t.YearFrom, t.Quantity, t.QuantityUnit)
		if t.YearTo < t.YearFrom {
			v.fail("trade", t.ID, "year_to", "%s: the period ends before it begins", t.ID)
		}
		if t.Exporter == t.Importer {
			v.fail("trade", t.ID, "importer", "%s: a country does not trade with itself", t.ID)
		}
		if t.Rank != nil && *t.Rank < 1 {
			v.fail("trade", t.ID, "rank", "%s: ranks start at 1", t.ID)
		}
		if t.ImportShare != nil && (*t.ImportShare < 0 || *t.ImportShare > 100) {
			v.fail("trade", t.ID, "import_share", "%s: %v is outside 0-100", t.ID, *t.ImportShare)
		}
		v.tradeKind(t)
	}
}

// tradeKind checks that a trade link holds what its kind says: a rank for a ranking, one
// year and its reporter for a customs figure, and no import share computed from an
// exporter's report.
func (v *validator) tradeKind(t mg.TradeLink) {
	switch t.Kind {
	case mg.TradeImportRank:
		if t.Rank == nil {
			v.fail("trade", t.ID, "rank", "%s: a link of kind %s needs a rank", t.ID, t.Kind)
		}
	case mg.TradeCustomsImport, mg.TradeCustomsExport:
		reporter := t.Importer
		if t.Kind == mg.TradeCustomsExport {
			reporter = t.Exporter
		}
		if t.ReportedBy != reporter {
			v.fail("trade", t.ID, "reported_by", "%s: a link of kind %s is reported by %s, not %q", t.ID, t.Kind, reporter, t.ReportedBy)
		}
		if t.YearFrom != t.YearTo {
			v.fail("trade", t.ID, "year_to", "%s: customs figures are by year; give one year", t.ID)
		}
		if t.Kind == mg.TradeCustomsExport && t.ImportShare != nil {
			v.fail("trade", t.ID, "import_share", "%s: an exporter's report gives no share of the importer's imports", t.ID)
		}
	}
}
