package mineralgraph

import "fmt"

// TradeKind says what a trade link records, so that a ranking of import sources and a
// customs figure are never mixed up, and so that one flow is never counted twice.
type TradeKind string

// The trade kinds.
const (
	// TradeImportRank is a publication's ranking of an importer's major sources over a
	// period (USGS MCS Figure 2): a rank, no value.
	TradeImportRank TradeKind = "IMPORT_RANK"
	// TradeCustomsImport is one year's flow as the importing country's customs reported it:
	// value CIF (at the importer's border), net weight, and the exporter's share of the
	// importer's imports of the commodity.
	TradeCustomsImport TradeKind = "CUSTOMS_IMPORT"
	// TradeCustomsExport is one year's flow as the exporting country's customs reported it:
	// value FOB (at the exporter's border). Kept only where the importer reports no figure
	// for the flow; it has no import share, since an exporter's FOB value divided by an
	// importer's CIF total is no share.
	TradeCustomsExport TradeKind = "CUSTOMS_EXPORT"
)

// TradeKinds lists every TradeKind.
var TradeKinds = []TradeKind{TradeImportRank, TradeCustomsImport, TradeCustomsExport}

// Valid reports whether k is one of TradeKinds.
func (k TradeKind) Valid() bool { return oneOf(k, TradeKinds) }

// TradeLink is a flow of a mineral from an exporting to an importing country over a period,
// with what its source tells of it: the exporter's rank among the importer's sources, the
// value, the quantity, the exporter's share of the importer's imports. Unknown parts are nil.
type TradeLink struct {
	ID               string
	Kind             TradeKind // never empty in the graph: a curator who names none gets DefaultKind's
	Exporter         string    // ISO alpha-2
	Importer         string    // ISO alpha-2
	MineralID        string
	YearFrom, YearTo int  // one year when equal; USGS ranks import sources over 2020-2023
	Rank             *int // 1 = the importer's largest source, as the source ranks them
	ValueUSD         *float64
	Quantity         *float64
	QuantityUnit     string
	ImportShare      *float64 // percent of the importer's imports of the commodity
	Commodity        string   // what was traded, in the source's terms: "HS 811292 gallium"
	ReportedBy       string   // ISO alpha-2 of the reporting country, for customs statistics
	Note             string
	SourceID         string
	Related          Related
}

// TradeID is the id of a trade link: one per mineral, pair of countries, period, reporter and
// commodity, so that mirror statistics (the importer's and the exporter's customs) coexist.
func TradeID(l TradeLink) string {
	period := fmt.Sprint(l.YearFrom)
	if l.YearTo != l.YearFrom {
		period += "-" + fmt.Sprint(l.YearTo)
	}
	id := fmt.Sprintf("%s/%s>%s/%s", l.MineralID, l.Exporter, l.Importer, period)
	if l.ReportedBy != "" {
		id += "/by-" + l.ReportedBy
	}
	if l.Commodity != "" {
		id += "/" + Slug(l.Commodity)
	}
	return id
}

// References returns the mineral, countries and source of the link.
func (t TradeLink) References() []Ref {
	out := append(refs("mineral", RefMineral, t.MineralID), refs("source", RefSource, t.SourceID)...)
	out = append(out, refs("exporter", RefCountry, t.Exporter)...)
	out = append(out, refs("importer", RefCountry, t.Importer)...)
	return append(out, refs("reported_by", RefCountry, t.ReportedBy)...)
}

// TradeFilter selects trade links; zero fields do not narrow.
type TradeFilter struct {
	Exporter, Importer, Mineral string
	Year                        int         // links whose period includes this year
	Kinds                       []TradeKind // of one of these kinds
}

// DefaultKind returns the link with the kind a curator means who names none, as the API's
// TradeLinkInput.kind describes it: a ranking where the link gives a rank, otherwise the
// importer's customs figure, which the importer reports (so ReportedBy is the importer where
// it names no reporter). A link that names its kind is returned as it is.
func (t TradeLink) DefaultKind() TradeLink {
	if t.Kind != "" {
		return t
	}
	if t.Rank != nil {
		t.Kind = TradeImportRank
		return t
	}
	t.Kind = TradeCustomsImport
	if t.ReportedBy == "" {
		t.ReportedBy = t.Importer
	}
	return t
}

// Check returns EINVALID naming every malformed field of the trade link.
func (t TradeLink) Check() error { return ProblemsError(t.Problems()) }

// Problems lists every malformed field of the trade link, by its field's name in the API.
// Check reports them to a curator, and the dataset's reader at the row and column of
// trade.csv. A link without a kind is refused: a ranking and a customs figure are never to be
// mixed up, and the dataset could not write it back.
func (t TradeLink) Problems() []Problem {
	var p problems
	p.id("mineral", t.MineralID)
	p.code("exporter", t.Exporter)
	p.code("importer", t.Importer)
	if t.ReportedBy != "" {
		p.code("reportedBy", t.ReportedBy)
	}
	p.year("yearFrom", t.YearFrom)
	p.year("yearTo", t.YearTo)
	if t.Rank != nil && *t.Rank < 1 {
		p.addf("rank", "ranks start at 1")
	}
	p.amount("valueUsd", t.ValueUSD)
	p.amount("quantity", t.Quantity)
	p.percent("importShare", t.ImportShare)
	if t.Quantity != nil && t.QuantityUnit == "" {
		p.addf("quantityUnit", "a quantity needs a unit")
	}
	if t.ValueUSD == nil && t.Quantity == nil && t.ImportShare == nil && t.Rank == nil {
		p.addf("valueUsd", "give a value, a quantity, an import share or a rank; a link without a figure says nothing")
	}
	p.text("quantityUnit", t.QuantityUnit, MaxNameLength)
	p.text("commodity", t.Commodity, MaxNameLength)
	p.text("note", t.Note, MaxTextLength)
	p.id("source", t.SourceID)
	if t.YearTo < t.YearFrom {
		p.addf("yearTo", "the period ends before it begins")
	}
	if t.Exporter != "" && t.Exporter == t.Importer {
		p.addf("importer", "a country does not trade with itself")
	}
	enum(&p, "kind", t.Kind, TradeKinds)
	switch t.Kind {
	case TradeImportRank:
		if t.Rank == nil {
			p.addf("rank", "a link of kind %s needs a rank", t.Kind)
		}
	case TradeCustomsImport, TradeCustomsExport:
		reporter := t.Importer
		if t.Kind == TradeCustomsExport {
			reporter = t.Exporter
		}
		if t.ReportedBy != reporter {
			p.addf("reportedBy", "a link of kind %s is reported by %s, not %q", t.Kind, reporter, clip(t.ReportedBy))
		}
		if t.YearFrom != t.YearTo {
			p.addf("yearTo", "customs figures are by year; give one year")
		}
		if t.Kind == TradeCustomsExport && t.ImportShare != nil {
			p.addf("importShare", "an exporter's report gives no share of the importer's imports")
		}
	}
	return p
}
