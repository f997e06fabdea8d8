package dataset

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Importer of UN Comtrade CSV extracts (the columns of the Comtrade API's bulk format:
// reporterCode, partnerCode as M49 numbers, flowCode M or X, cmdCode HS, refYear,
// primaryValue in USD, netWgt in kg). Each row becomes a trade link as the reporter's customs
// saw it: an import (M) runs from the partner to the reporter, an export (X) the other way.
// Partner 0 is the world: it is not a link, but the importer's total that its partners' shares
// of imports are computed from, for the same reporter, commodity and year.

// m49 maps the UN M49 numbers that the extracts use to ISO alpha-2 codes. 842 is the United
// States in UN trade statistics (ISO's numeric code is 840).
var m49 = map[string]string{
	"842": "US", "840": "US", "156": "CN", "36": "AU", "360": "ID", "180": "CD", "124": "CA", "152": "CL", "32": "AR",
	"76": "BR", "392": "JP", "410": "KR", "276": "DE", "56": "BE", "528": "NL", "643": "RU", "710": "ZA", "458": "MY",
	"704": "VN", "356": "IN", "246": "FI", "578": "NO", "484": "MX", "604": "PE", "894": "ZM", "716": "ZW", "508": "MZ",
	"450": "MG", "104": "MM", "398": "KZ", "608": "PH", "490": "TW", "344": "HK", "826": "GB", "250": "FR", "380": "IT",
}

// comtradeMinerals maps the extracts' commodity_name (or, failing that, the HS code) to a
// mineral.
var comtradeMinerals = map[string]string{
	"cobalt": "cobalt", "copper": "copper", "gallium": "gallium", "graphite": "graphite", "heavy ree": "rare-earths",
	"light ree": "rare-earths", "rare earths": "rare-earths", "lithium": "lithium", "nickel": "nickel",
}

// ComtradeSource is the source of UN Comtrade extracts.
func ComtradeSource() mg.Source {
	return mg.Source{ID: "un-comtrade", Publisher: "United Nations Statistics Division", Title: "UN Comtrade database",
		Year: 2025, URL: "https://comtradeplus.un.org/",
		Note: "Annual customs statistics by reporter, partner and HS commodity; values in USD (primaryValue), quantities as net weight in kg. Mirror statistics (importer's and exporter's records) differ; each link says which country reported it. UN Comtrade terms of use apply."}
}

// ImportComtrade reads one UN Comtrade CSV extract into trade links.
func ImportComtrade(name string, in io.Reader, countries *CountryNames) (*Dataset, Summary, error) {
	sum := newSummary()
	sum.Files = 1
	base := filepath.Base(name)
	t, err := parseTable(base, in)
	if err != nil {
		return nil, sum, Errors{{File: base, Msg: err.Error()}}
	}
	if missing := t.missingColumns([]string{"refYear", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue", "netWgt"}); len(missing) > 0 {
		return nil, sum, Errors{{File: base, Line: 1, Msg: fmt.Sprintf("not a UN Comtrade extract: missing columns %v", missing)}}
	}
	src := ComtradeSource()
	d := &Dataset{Sources: []mg.Source{src}}
	var errs Errors
	type key struct{ reporter, flow, hs, year string }
	world := map[key]float64{}
	type pending struct {
		link mg.TradeLink
		key  key
		line int
	}
	var links []pending
	for i := range t.rows {
		r := row{t: t, i: i, errs: &errs}
		sum.Read++
		flow := strings.ToUpper(r.str("flowCode"))
		if flow != "M" && flow != "X" {
			sum.skip("flow other than import (M) or export (X)")
			continue
		}
		year, err := strconv.Atoi(r.str("refYear"))
		if err != nil {
			r.fail("refYear", "%q is not a year", r.str("refYear"))
			continue
		}
		value := r.number("primaryValue")
		weight := r.number("netWgt")
		hs := r.str("cmdCode")
		k := key{reporter: r.str("reporterCode"), flow: flow, hs: hs, year: r.str("refYear")}
		if r.str("partnerCode") == "0" {
			if value != nil {
				world[k] = *value
			}
			continue
		}
		mineral := ""
		if c, ok := t.columns["commodity_name"]; ok {
			mineral = comtradeMinerals[strings.ToLower(strings.TrimSpace(t.rows[i][c]))]
		}
		if mineral == "" {
			sum.unmapped(fmt.Sprintf("%s: commodity %q (HS %s)", base, r.str("commodity_name"), hs))
			continue
		}
		reporter, ok1 := m49[k.reporter]
		partner, ok2 := m49[r.str("partnerCode")]
		if !ok1 || !ok2 {
			sum.unmapped(fmt.Sprintf("%s: M49 country code %s or %s", base, k.reporter, r.str("partnerCode")))
			continue
		}
		l := mg.TradeLink{MineralID: mineral, YearFrom: year, YearTo: year, ValueUSD: value, Quantity: weight,
			Commodity: "HS " + hs, ReportedBy: reporter, SourceID: src.ID}
		if weight != nil {
			l.QuantityUnit = "kg"
		}
		if flow == "M" {
			l.Exporter, l.Importer = partner, reporter
			l.Note = "Import reported by the importer's customs."
		} else {
			l.Exporter, l.Importer = reporter, partner
			l.Note = "Export reported by the exporter's customs."
		}
		if l.Exporter == l.Importer {
			sum.skip("trade of a country with itself (re-imports)")
			continue
		}
		l.ID = TradeID(l)
		links = append(links, pending{link: l, key: k, line: r.line()})
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}
	seen := map[string]bool{}
	for _, p := range links {
		if seen[p.link.ID] {
			sum.skip("same row in two extracts (HS 2846 is in both rare-earth files)")
			continue
		}
		seen[p.link.ID] = true
		if total, ok := world[p.key]; ok && p.key.flow == "M" && p.link.ValueUSD != nil && total > 0 {
			share := math.Round(*p.link.ValueUSD/total*1000) / 10
			if share <= 100 {
				p.link.ImportShare = &share
			}
		}
		d.Trade = append(d.Trade, p.link)
		d.remember("trade", p.link.ID, base, p.line)
		sum.Mapped++
	}
	return d, sum, nil
}
