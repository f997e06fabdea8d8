package mineralgraph

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
	Kind             TradeKind // empty where the writer did not say (a curator's upsert)
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
