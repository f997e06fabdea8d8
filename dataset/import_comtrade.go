package dataset

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Importer of UN Comtrade CSV extracts (the columns of the Comtrade API's bulk format:
// reporterCode, partnerCode as M49 numbers, flowCode M or X, cmdCode HS, refYear,
// primaryValue in USD, netWgt in kg, motCode the mode of transport).
//
// Every row ends in exactly one place of the summary:
//
//   - A country's report of its imports (M) from a partner becomes a link of kind
//     CUSTOMS_IMPORT from the partner to the reporter: value CIF, net weight, and the
//     partner's share of the reporter's imports of that HS code in that year, divided by the
//     reporter's own World row (partner 0) for the same flow, code and year.
//   - A country's report of its exports (X) to a partner describes the same flow as the
//     partner's import report. Where the importer reports the flow, the importer's figure is
//     kept (customs record imports more completely than exports, CIF is the importer's cost,
//     and the share of imports is the importer's) and the exporter's row is merged into that
//     link: its FOB value and weight are quoted in the link's note. Where the importer
//     reports nothing, the exporter's row becomes a link of kind CUSTOMS_EXPORT, with no
//     import share. So no flow is counted twice.
//   - A row broken down by mode of transport (motCode other than 0) is merged into the
//     all-modes row (motCode 0) of the same flow, which is the one kept.
//   - The same row in two extracts (the heavy and light rare-earth extracts both hold HS
//     280530 and 2846) is merged into the first.
//   - A World row of imports is used as the denominator of its partners' shares, or skipped
//     when no partner row needs it; a World row of exports is skipped (the graph keeps
//     importers' shares, not exporters').
//   - Re-imports and re-exports, trade of a country with itself, unknown codes: skipped or
//     unmapped, with the reason or name.

// m49 maps the UN M49 numbers that the extracts use to ISO alpha-2 codes. 842 is the United
// States in UN trade statistics (ISO's numeric code is 840); 156 is China without Hong Kong,
// Macao and Taiwan, which report on their own.
var m49 = map[string]string{
	"842": "US", "840": "US", "156": "CN", "36": "AU", "360": "ID", "180": "CD", "124": "CA", "152": "CL", "32": "AR",
	"76": "BR", "392": "JP", "410": "KR", "276": "DE", "56": "BE", "528": "NL", "643": "RU", "710": "ZA", "458": "MY",
	"704": "VN", "356": "IN", "246": "FI", "578": "NO", "484": "MX", "604": "PE", "894": "ZM", "716": "ZW", "508": "MZ",
	"450": "MG", "104": "MM", "398": "KZ", "608": "PH", "490": "TW", "344": "HK", "826": "GB", "250": "FR", "380": "IT",
}

// m49World is the partner code of a reporter's trade with all partners together.
const m49World = "0"

// comtradeMinerals maps the extracts' commodity_name to a mineral.
var comtradeMinerals = map[string]string{
	"cobalt": "cobalt", "copper": "copper", "gallium": "gallium", "graphite": "graphite", "heavy ree": "rare-earths",
	"light ree": "rare-earths", "rare earths": "rare-earths", "lithium": "lithium", "nickel": "nickel",
}

// hsCodes are the HS codes of the extracts: the mineral a code stands for where an extract
// names no commodity, and what the code covers, as the Harmonized System words it, so that a
// link says when its code holds more than its mineral.
var hsCodes = map[string]struct{ mineral, covers string }{
	"8105":   {"cobalt", "cobalt mattes and other intermediate products of cobalt metallurgy; cobalt, unwrought, waste, scrap and articles"},
	"282200": {"cobalt", "cobalt oxides and hydroxides; commercial cobalt oxides"},
	"7402":   {"copper", "unrefined copper; copper anodes for electrolytic refining"},
	"7403":   {"copper", "refined copper and copper alloys, unwrought"},
	"811292": {"gallium", "unwrought metals of heading 8112 not specified elsewhere (gallium, germanium, indium, niobium among them), waste, scrap and powders: more than gallium"},
	"250410": {"graphite", "natural graphite in powder or in flakes"},
	"380110": {"graphite", "artificial graphite"},
	"280530": {"rare-earths", "rare-earth metals, scandium and yttrium, whether or not intermixed or inter-alloyed"},
	"2846":   {"rare-earths", "compounds, inorganic or organic, of rare-earth metals, of yttrium or of scandium"},
	"253090": {"lithium", "mineral substances not elsewhere specified (spodumene concentrate among them): more than lithium"},
	"282520": {"lithium", "lithium oxide and hydroxide"},
	"283691": {"lithium", "lithium carbonates"},
	"7501":   {"nickel", "nickel mattes, nickel oxide sinters and other intermediate products of nickel metallurgy"},
	"7502":   {"nickel", "unwrought nickel"},
}

// ComtradeSource is the source of UN Comtrade extracts.
func ComtradeSource() mg.Source {
	return mg.Source{ID: "un-comtrade", Publisher: "United Nations Statistics Division", Title: "UN Comtrade database",
		Year: 2025, URL: "https://comtradeplus.un.org/",
		Note: "Annual customs statistics by reporter, partner and HS commodity, as retrieved through the UN Comtrade API " +
			"(the extracts of PNNL's cmm-data project, collected on 2025-12-28). Values in current US dollars (primaryValue: CIF " +
			"for imports, FOB for exports), quantities as net weight in kg. Where both sides report a flow, the importer's " +
			"record is kept and the exporter's is quoted in the note; each link says which country reported it. UN Comtrade " +
			"terms of use apply."}
}

// comtradeRow is one row of an extract, read.
type comtradeRow struct {
	file          string
	line          int
	mineral       string
	reporter      string // M49
	partner       string // M49
	flow          string // M or X
	hs            string
	year          int
	value, weight *float64
	estimated     bool // UN Comtrade estimated the net weight
	breakdown     string
}

// flowKey names one reporter's row of one flow: a breakdown by mode of transport and the
// same row in another extract share it.
type flowKey struct {
	mineral, reporter, partner, flow, hs string
	year                                 int
}

// linkKey names a flow whoever reports it: the importer's M row and the exporter's X row.
type linkKey struct {
	mineral, exporter, importer, hs string
	year                            int
}

// worldKey names a reporter's World row.
type worldKey struct {
	reporter, flow, hs string
	year               int
}

// breakdownColumns are columns whose value other than the total's means the row is a part
// of a total row, with the total's value of each.
var breakdownColumns = []struct{ col, total, what string }{
	{"motCode", "0", "mode of transport"}, {"mosCode", "0", "mode of supply"}, {"partner2Code", "0", "second partner"},
	{"customsCode", "C00", "customs procedure"},
}

// ImportComtrade reads UN Comtrade CSV extracts into trade links, reconciling them as the
// package comment of this file describes: one link per flow and year, the importer's report
// kept where both sides report it. The result and the summary do not depend on the order of
// files. Every problem is reported with file, line and field, and nothing is returned when
// there is one.
func ImportComtrade(files []Input, countries *CountryNames) (*Dataset, Summary, error) {
	sum := newSummary("rows")
	var errs Errors
	var rows []comtradeRow
	for _, in := range byName(files) {
		sum.Files++
		rs, err := readComtrade(in, &sum)
		if err != nil {
			errs = append(errs, err...)
			continue
		}
		rows = append(rows, rs...)
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}

	// The all-modes row of each reporter's flow, once; breakdowns and repeats merged into it.
	totals := map[flowKey]comtradeRow{}
	var order []flowKey
	for _, r := range rows {
		if r.breakdown != "" {
			continue
		}
		k := r.key()
		if first, dup := totals[k]; dup {
			if !sameFigures(first, r) {
				errs.add(filepath.Base(r.file), r.line, "primaryValue", fmt.Sprintf("reporter %s, partner %s, flow %s, HS %s, %d: "+
					"%v USD and %v kg here, but %v USD and %v kg at %s:%d", r.reporter, r.partner, r.flow, r.hs, r.year,
					num(r.value), num(r.weight), num(first.value), num(first.weight), filepath.Base(first.file), first.line))
				continue
			}
			sum.merge(fmt.Sprintf("same row in two extracts (%s and %s)", filepath.Base(first.file), filepath.Base(r.file)))
			continue
		}
		totals[k] = r
		order = append(order, k)
	}
	for _, r := range rows {
		if r.breakdown == "" {
			continue
		}
		if _, ok := totals[r.key()]; ok {
			sum.merge("breakdown by " + r.breakdown + " of a row that is kept (the all-modes row)")
		} else {
			sum.skip("breakdown by " + r.breakdown + " with no all-modes row of the same flow")
		}
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}

	world := map[worldKey]comtradeRow{}
	byLink := map[linkKey]struct{ imp, exp *comtradeRow }{}
	var links []linkKey
	for _, k := range order {
		r := totals[k]
		if r.partner == m49World {
			world[worldKey{r.reporter, r.flow, r.hs, r.year}] = r
			continue
		}
		reporter, partner := m49[r.reporter], m49[r.partner]
		lk := linkKey{mineral: r.mineral, exporter: partner, importer: reporter, hs: r.hs, year: r.year}
		if r.flow == "X" {
			lk.exporter, lk.importer = reporter, partner
		}
		if lk.exporter == lk.importer {
			sum.skip("trade of a country with itself (re-imports)")
			continue
		}
		sides, seen := byLink[lk]
		if !seen {
			links = append(links, lk)
		}
		if r.flow == "M" {
			sides.imp = &r
		} else {
			sides.exp = &r
		}
		byLink[lk] = sides
	}

	src := ComtradeSource()
	d := &Dataset{Sources: []mg.Source{src}}
	usedWorld := map[worldKey]bool{}
	for _, lk := range links {
		sides := byLink[lk]
		kept, mirror := sides.imp, sides.exp
		if kept == nil {
			kept, mirror = sides.exp, nil
		} else if mirror != nil {
			sum.merge("exporter's report of a flow its importer also reports (the importer's figure is kept, the exporter's quoted in the note)")
		}
		l := mg.TradeLink{Kind: mg.TradeCustomsImport, MineralID: lk.mineral, Exporter: lk.exporter, Importer: lk.importer,
			YearFrom: lk.year, YearTo: lk.year, ValueUSD: kept.value, Commodity: "HS " + lk.hs, ReportedBy: m49[kept.reporter],
			SourceID: src.ID}
		if kept.weight != nil {
			l.Quantity, l.QuantityUnit = kept.weight, "kg"
		}
		var notes []string
		if kept.flow == "M" {
			notes = append(notes, fmt.Sprintf("Imports as %s customs reported them; value CIF.", l.Importer))
			wk := worldKey{kept.reporter, "M", lk.hs, lk.year}
			if w, ok := world[wk]; ok && w.value != nil && *w.value > 0 && l.ValueUSD != nil {
				share := mg.ComputedPercent(*l.ValueUSD, *w.value)
				if share <= 100 {
					l.ImportShare = &share
					usedWorld[wk] = true
					notes = append(notes, fmt.Sprintf("Import share: of %s imports of HS %s from all partners in %d (USD %s).",
						l.Importer, lk.hs, lk.year, usd(*w.value)))
				} else {
					notes = append(notes, fmt.Sprintf("No import share: the value exceeds %s's reported imports from all partners.", l.Importer))
				}
			}
		} else {
			l.Kind = mg.TradeCustomsExport
			notes = append(notes, fmt.Sprintf("Exports as %s customs reported them; value FOB. %s reports no imports of this flow "+
				"in the extracts, so there is no import share.", l.Exporter, l.Importer))
		}
		if kept.estimated && l.Quantity != nil {
			notes = append(notes, "Net weight estimated by UN Comtrade.")
		}
		if mirror != nil {
			notes = append(notes, fmt.Sprintf("Mirror: %s customs report exports of %s FOB%s.", l.Exporter,
				usdOrUnknown(mirror.value), kgOrNothing(mirror.weight)))
		}
		if c, ok := hsCodes[lk.hs]; ok {
			notes = append(notes, fmt.Sprintf("HS %s: %s.", lk.hs, c.covers))
		}
		l.Note = strings.Join(notes, " ")
		l.ID = mg.TradeID(l)
		d.Trade = append(d.Trade, l)
		d.remember("trade", l.ID, filepath.Base(kept.file), kept.line)
		sum.Mapped++
	}
	for _, k := range order {
		r := totals[k]
		if r.partner != m49World {
			continue
		}
		wk := worldKey{r.reporter, r.flow, r.hs, r.year}
		switch {
		case usedWorld[wk]:
			sum.use("World import total: the denominator of its partners' import shares")
		case r.flow == "X":
			sum.skip("World export total (the graph keeps importers' shares of imports, not exporters' shares of exports)")
		case r.value == nil:
			sum.skip("World import total with no value")
		default:
			sum.skip("World import total that no link's share is computed from (no partner row of that reporter, code and year)")
		}
	}
	sort.SliceStable(d.Trade, func(i, j int) bool { return d.Trade[i].ID < d.Trade[j].ID })
	return d, sum, nil
}

func (r comtradeRow) key() flowKey {
	return flowKey{mineral: r.mineral, reporter: r.reporter, partner: r.partner, flow: r.flow, hs: r.hs, year: r.year}
}

func sameFigures(a, b comtradeRow) bool {
	return num(a.value) == num(b.value) && num(a.weight) == num(b.weight)
}

// readComtrade reads the rows of one extract, counting into sum those it leaves out.
func readComtrade(in Input, sum *Summary) ([]comtradeRow, Errors) {
	base := filepath.Base(in.Name)
	t, err := parseTable(base, in)
	if err != nil {
		return nil, Errors{{File: base, Msg: err.Error()}}
	}
	if missing := t.missingColumns([]string{"refYear", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue", "netWgt"}); len(missing) > 0 {
		return nil, Errors{{File: base, Line: 1, Msg: fmt.Sprintf("not a UN Comtrade extract: missing columns %v", missing)}}
	}
	var errs Errors
	var out []comtradeRow
	opt := func(r row, col string) string {
		if _, ok := t.columns[col]; ok {
			return r.str(col)
		}
		return ""
	}
	for i := range t.rows {
		r := row{t: t, i: i, errs: &errs}
		sum.Read++
		flow := strings.ToUpper(r.str("flowCode"))
		if flow != "M" && flow != "X" {
			sum.skip("flow other than import (M) or export (X): re-imports, re-exports")
			continue
		}
		year, err := strconv.Atoi(r.str("refYear"))
		if err != nil {
			r.fail("refYear", "%q is not a year", r.str("refYear"))
			continue
		}
		row := comtradeRow{file: in.Name, line: r.line(), reporter: r.str("reporterCode"), partner: r.str("partnerCode"),
			flow: flow, hs: r.str("cmdCode"), year: year, value: r.number("primaryValue"), weight: r.number("netWgt"),
			estimated: strings.EqualFold(opt(r, "isNetWgtEstimated"), "true")}
		if row.weight != nil && *row.weight == 0 && row.value != nil && *row.value > 0 {
			row.weight = nil // a flow worth money weighs something: 0 kg means the weight was not reported
		}
		name := strings.TrimSpace(opt(r, "commodity_name"))
		row.mineral = comtradeMinerals[strings.ToLower(name)]
		if row.mineral == "" && name == "" {
			row.mineral = hsCodes[row.hs].mineral
		}
		if row.mineral == "" {
			sum.unmapped(fmt.Sprintf("%s: commodity %q (HS %s)", base, name, row.hs))
			continue
		}
		if _, ok := m49[row.reporter]; !ok {
			sum.unmapped(fmt.Sprintf("%s: M49 country code %s", base, row.reporter))
			continue
		}
		if _, ok := m49[row.partner]; !ok && row.partner != m49World {
			sum.unmapped(fmt.Sprintf("%s: M49 country code %s", base, row.partner))
			continue
		}
		for _, b := range breakdownColumns {
			if v := opt(r, b.col); v != "" && v != b.total {
				row.breakdown = b.what
				break
			}
		}
		out = append(out, row)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// usd writes a value (never negative) in whole dollars with thousands separators:
// 12,636,598.
func usd(v float64) string {
	s := strconv.FormatFloat(math.Round(math.Abs(v)), 'f', 0, 64)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func usdOrUnknown(v *float64) string {
	if v == nil {
		return "an unreported value"
	}
	return "USD " + usd(*v)
}

func kgOrNothing(w *float64) string {
	if w == nil {
		return ""
	}
	return ", " + strconv.FormatFloat(*w, 'f', -1, 64) + " kg"
}
