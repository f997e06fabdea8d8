package mineralgraph

// TradeLink is a flow of a mineral from an exporting to an importing country over a period,
// with what its source tells of it: the exporter's rank among the importer's sources, the
// value, the quantity, the exporter's share of the importer's imports. Unknown parts are nil.
type TradeLink struct {
	ID               string
	Exporter         string // ISO alpha-2
	Importer         string // ISO alpha-2
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
