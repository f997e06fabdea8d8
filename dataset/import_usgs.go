package dataset

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Importers of the U.S. Geological Survey's Mineral Commodity Summaries (MCS) data releases:
// the world production files (one CSV per commodity), Table 5 (salient statistics of critical
// minerals) and Figure 2 (net import reliance and major import sources), in the 2023, 2024
// and 2025 layouts. Their quirks: a byte-order mark, trailing empty columns and rows, units in
// column names ("Prod_kt_est_2023"), footnote markers glued to names ("Japane", "World total
// (rounded)8"), values "W" (withheld), "NA", "XX", ">75", "<25", "E", thousands separators.
// Every name is mapped to our ids through the tables below and countries.csv; what they do
// not know is reported, never guessed.

// worldType maps a type of row of a world production file to a mineral and stage. A file's
// rows whose Type contains match (ignoring case) are that mineral at that stage.
type worldType struct {
	match   string
	mineral string
	stage   mg.Stage
}

// worldFiles maps the commodity code of a world production file ("galli" in
// mcs2024-galli_world.csv) to the kinds of rows it holds. Types not listed are reported as
// unmapped; codes not listed are commodities the graph does not cover.
var worldFiles = map[string][]worldType{
	"alumi": {{"smelter production", "aluminum", mg.StageRefining}},
	"antim": {{"mine production", "antimony", mg.StageMining}},
	"arsen": {{"arsenic trioxide", "arsenic", mg.StageRefining}},
	"barit": {{"mine production", "barite", mg.StageMining}},
	// Alumina (refinery) rows are left to the report: the aluminum REFINING figure is the
	// smelter's metal, from mcs*-alumi.
	"bauxi": {{"mine production, bauxite", "aluminum", mg.StageMining}},
	"beryl": {{"mine production", "beryllium", mg.StageMining}},
	"bismu": {{"refinery production", "bismuth", mg.StageRefining}},
	"chrom": {{"chromite", "chromium", mg.StageMining}},
	"cobal": {{"mine production", "cobalt", mg.StageMining}},
	"coppe": {{"mine production", "copper", mg.StageMining}, {"refinery production", "copper", mg.StageRefining}},
	"fluor": {{"mine production", "fluorspar", mg.StageMining}},
	"galli": {{"primary production", "gallium", mg.StageRefining}},
	"germa": {{"refinery production", "germanium", mg.StageRefining}},
	"graph": {{"mine production", "graphite", mg.StageMining}},
	"heliu": {{"mine production", "helium", mg.StageMining}},
	"indiu": {{"refinery production", "indium", mg.StageRefining}},
	"lead":  {{"mine production", "lead", mg.StageMining}},
	"lithi": {{"mine production", "lithium", mg.StageMining}},
	"manga": {{"mine production", "manganese", mg.StageMining}},
	"mgmet": {{"smelter production", "magnesium", mg.StageRefining}},
	"molyb": {{"mine production", "molybdenum", mg.StageMining}},
	"nicke": {{"mine production", "nickel", mg.StageMining}},
	"niobi": {{"mine production", "niobium", mg.StageMining}},
	"phosp": {{"phosphate rock", "phosphate", mg.StageMining}},
	"plati": {{"palladium", "palladium", mg.StageMining}, {"platinum", "platinum", mg.StageMining}},
	"potas": {{"mine production", "potash", mg.StageMining}},
	"raree": {{"mine production", "rare-earths", mg.StageMining}},
	"rheni": {{"mine production", "rhenium", mg.StageMining}},
	"silve": {{"mine production", "silver", mg.StageMining}},
	// Ferrosilicon rows are left to the report: silicon REFINING is silicon metal.
	"simet": {{"silicon metal", "silicon", mg.StageRefining}},
	"stron": {{"mine production", "strontium", mg.StageMining}},
	"tanta": {{"mine production", "tantalum", mg.StageMining}},
	"tellu": {{"refinery production", "tellurium", mg.StageRefining}},
	"tin":   {{"mine production", "tin", mg.StageMining}},
	"titan": {{"sponge metal production", "titanium", mg.StageRefining}},
	"tungs": {{"mine production", "tungsten", mg.StageMining}},
	"vanad": {{"mine production", "vanadium", mg.StageMining}},
	"zinc":  {{"mine production", "zinc", mg.StageMining}},
	"zirco": {{"mine production", "zirconium", mg.StageMining}},
}

// worldFileName reads the edition and commodity code of a world production file's name.
var worldFileName = regexp.MustCompile(`(?i)^mcs(\d{4})-([a-z]+)(?:-[a-z]+)?_world\.csv$`)

// prodColumn reads a production column's unit and year: Prod_kt_2022, Prod_kg_est_2023,
// Prod_Sponge_t_Est_2022.
var prodColumn = regexp.MustCompile(`(?i)^Prod_(?:sponge_)?([a-z]+)_(?:est_)?(\d{4})$`)

// releaseDOIs are the DOIs of the MCS data releases the importers know; a later edition is
// imported all the same, with the USGS publications page as its address.
var releaseDOIs = map[int]string{2023: "https://doi.org/10.5066/P9WCYUI6", 2024: "https://doi.org/10.5066/P144BA54",
	2025: "https://doi.org/10.5066/P13XCP3R"}

func releaseURL(edition int) string {
	if u, ok := releaseDOIs[edition]; ok {
		return u
	}
	return "https://www.usgs.gov/centers/national-minerals-information-center/mineral-commodity-summaries"
}

// WorldSource is the source of an edition's world production data release.
func WorldSource(edition int) mg.Source {
	return mg.Source{ID: fmt.Sprintf("usgs-mcs-%d-world", edition), Publisher: "U.S. Geological Survey",
		Title: fmt.Sprintf("Mineral Commodity Summaries %d, world production data release", edition), Year: edition,
		URL: releaseURL(edition),
		Note: fmt.Sprintf("World mine, refinery, smelter and plant production by country for %d and %d (the latter estimated), "+
			"one file per commodity. Percentages of world are computed from the world total USGS reports (rounded), "+
			"not from the rows shown. Where a later edition gives a year again, the graph holds the later edition's "+
			"figures for that year of that mineral and stage, all of them.", edition-2, edition-1)}
}

// Table5Source is the source of an edition's Table 5.
func Table5Source(edition int) mg.Source {
	return mg.Source{ID: fmt.Sprintf("usgs-mcs-%d-t5", edition), Publisher: "U.S. Geological Survey",
		Title: fmt.Sprintf("Mineral Commodity Summaries %d, Table 5: Salient statistics for critical minerals in %d", edition, edition-1),
		Year:  edition, URL: releaseURL(edition),
		Note: fmt.Sprintf("%d figures are USGS estimates, in metric tons: the leading producer, its output and percent of world "+
			"as published, and the world total.", edition-1)}
}

// Fig2Source is the source of an edition's Figure 2.
func Fig2Source(edition int) mg.Source {
	return mg.Source{ID: fmt.Sprintf("usgs-mcs-%d-fig2", edition), Publisher: "U.S. Geological Survey",
		Title: fmt.Sprintf("Mineral Commodity Summaries %d, Figure 2: U.S. net import reliance for selected nonfuel mineral commodities in %d", edition, edition-1),
		Year:  edition, URL: releaseURL(edition),
		Note: fmt.Sprintf("Net import reliance in %d as a percent of apparent consumption, as published (100, >50, <25, E for net "+
			"exporter), and the major import sources of %d-%d in descending order of import share.", edition-1, edition-5, edition-2)}
}

// ImportUSGSWorld reads world production files of the MCS data releases (one per edition and
// commodity, named so: mcs2024-galli_world.csv) into shares and world totals, in figures: a
// row holds one figure per production year. Files of commodities the graph does not cover
// are read and their figures counted as skipped. countries resolves country names.
//
// Editions overlap: MCS 2023 gives 2021 and 2022, MCS 2024 gives 2022 (revised) and 2023.
// For each mineral, stage and year, the newest edition that has a row for it gives all its
// figures (the world total and every country's): a later edition revises an earlier one's
// estimates, and one year's shares must divide by one world total. The older edition's
// figures of that year are counted as merged, whatever their value; a country only the older
// edition names for that year is left out with them, since the newer edition puts it in
// "Other countries" or withholds it. The result does not depend on the order of files, and
// importing the same files again gives the same records.
//
// Every problem is reported with file, line and field, and nothing is returned when there is
// one.
func ImportUSGSWorld(files []Input, countries *CountryNames) (*Dataset, Summary, error) {
	sum := newSummary("figures")
	var errs Errors
	var parts []worldEdition
	for _, in := range byName(files) {
		sum.Files++
		p, err := readWorldFile(in, countries, &sum)
		if err != nil {
			errs = append(errs, err...)
			continue
		}
		parts = append(parts, p)
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}
	newest := map[string]int{} // WorldID -> the newest edition with a row for it
	for _, p := range parts {
		for slot := range p.slots {
			newest[slot] = max(newest[slot], p.edition)
		}
	}
	d := &Dataset{}
	cited := map[string]bool{}
	revised := func(p worldEdition, slot string) bool {
		if newest[slot] == p.edition {
			return false
		}
		sum.Mapped--
		sum.merge(fmt.Sprintf("MCS %d figure of a year MCS %d gives again (the newer edition's figures are kept)", p.edition, newest[slot]))
		return true
	}
	seen, seenWorld := map[string]bool{}, map[string]bool{}
	for _, p := range parts {
		for _, w := range p.d.World {
			if revised(p, w.ID) {
				continue
			}
			if seenWorld[w.ID] {
				sum.Mapped--
				sum.merge("second world total for the same mineral, stage and year")
				continue
			}
			seenWorld[w.ID] = true
			d.World = append(d.World, w)
			cited[w.SourceID] = true
			file, line := p.d.where("world", w.ID)
			d.remember("world", w.ID, file, line)
		}
		for _, sh := range p.d.Shares {
			if revised(p, mg.WorldID(sh.MineralID, sh.Stage, sh.Year)) {
				continue
			}
			if seen[sh.ID] {
				sum.Mapped--
				sum.merge("second figure for the same country, mineral, stage and year (a file listing a country under two product names)")
				continue
			}
			seen[sh.ID] = true
			d.Shares = append(d.Shares, sh)
			cited[sh.SourceID] = true
			file, line := p.d.where("shares", sh.ID)
			d.remember("shares", sh.ID, file, line)
		}
	}
	for _, p := range parts {
		if src := WorldSource(p.edition); cited[src.ID] {
			d.addSource(src)
		}
	}
	return d, sum, nil
}

// worldEdition is what one world production file holds: its edition, its figures, and the
// mineral-stage-years it has rows for (whether or not USGS gives a figure).
type worldEdition struct {
	edition int
	d       *Dataset
	slots   map[string]bool
}

// readWorldFile reads one world production file, counting its figures into sum.
func readWorldFile(in Input, countries *CountryNames, sum *Summary) (worldEdition, Errors) {
	base := filepath.Base(in.Name)
	m := worldFileName.FindStringSubmatch(base)
	if m == nil {
		return worldEdition{}, Errors{{File: base, Msg: "not a USGS world production file name such as mcs2024-galli_world.csv (the name says the edition and the commodity)"}}
	}
	edition, _ := strconv.Atoi(m[1])
	commodity := strings.ToLower(m[2])
	t, err := parseTable(base, in)
	if err != nil {
		return worldEdition{}, Errors{{File: base, Msg: err.Error()}}
	}
	type prod struct {
		col, unit string
		year      int
		index     int
	}
	var prods []prod
	for col, i := range t.columns {
		if pm := prodColumn.FindStringSubmatch(col); pm != nil {
			y, _ := strconv.Atoi(pm[2])
			prods = append(prods, prod{col: col, unit: strings.ToLower(pm[1]), year: y, index: i})
		}
	}
	sort.Slice(prods, func(i, j int) bool { return prods[i].index < prods[j].index })
	types, covered := worldFiles[commodity]
	if len(prods) == 0 && covered {
		return worldEdition{}, Errors{{File: base, Line: 1, Msg: "no production columns such as Prod_t_2023 in the header"}}
	}
	// The type column is named Type, except in files where the third column's name is the
	// type of every row (mcs2024-fluor).
	typeCol, typeOfAll := "Type", ""
	if _, ok := t.columns["Type"]; !ok {
		for col, i := range t.columns {
			if i == 2 {
				typeCol, typeOfAll = "", col
			}
		}
	}
	var errs Errors
	d := &Dataset{}
	slots := map[string]bool{}
	src := WorldSource(edition)
	for i := range t.rows {
		r := row{t: t, i: i, errs: &errs}
		country, typ := strings.TrimSpace(r.str("Country")), typeOfAll
		if typeCol != "" {
			typ = strings.TrimSpace(r.str(typeCol))
		}
		if country == "" {
			continue // trailing empty rows
		}
		sum.Read += len(prods)
		all := func(count func(string), what string) {
			for range prods {
				count(what)
			}
		}
		if !covered {
			all(sum.skip, "file of a commodity the graph does not cover: "+commodity)
			continue
		}
		wt, ok := matchType(types, typ)
		if !ok {
			all(sum.unmapped, fmt.Sprintf("%s: type %q", base, typ))
			continue
		}
		for _, p := range prods {
			slots[mg.WorldID(wt.mineral, wt.stage, p.year)] = true
		}
		lower := strings.ToLower(country)
		isWorld := strings.HasPrefix(lower, "world total") || strings.HasPrefix(strings.ToLower(typ), "world ")
		if lower == "other" || strings.HasPrefix(lower, "other countries") {
			all(sum.skip, "aggregate row \"Other countries\"")
			continue
		}
		code := ""
		if !isWorld {
			if code, ok = countries.Lookup(country); !ok {
				all(sum.unmapped, fmt.Sprintf("%s: country %q", base, country))
				continue
			}
		}
		for _, p := range prods {
			amount, estimated, why := usgsNumber(r, p.col)
			if amount == nil {
				sum.skip("value " + why)
				continue
			}
			note := estimateNote(p.col, country, estimated)
			if isWorld {
				d.World = append(d.World, mg.WorldProduction{ID: mg.WorldID(wt.mineral, wt.stage, p.year), MineralID: wt.mineral,
					Stage: wt.stage, Year: p.year, Amount: amount, Unit: p.unit, Basis: strings.TrimSpace(typ),
					Note: note, SourceID: src.ID})
				d.remember("world", mg.WorldID(wt.mineral, wt.stage, p.year), base, r.line())
			} else {
				id := mg.ShareID(wt.mineral, wt.stage, p.year, code)
				d.Shares = append(d.Shares, mg.Share{ID: id, MineralID: wt.mineral, CountryCode: code, Stage: wt.stage,
					Year: p.year, Amount: amount, Unit: p.unit, Basis: strings.TrimSpace(typ), Note: note,
					SourceID: src.ID})
				d.remember("shares", id, base, r.line())
			}
			sum.Mapped++
		}
	}
	if len(errs) > 0 {
		return worldEdition{}, errs
	}
	if err := d.ComputePercents(); err != nil {
		var es Errors
		if errors.As(err, &es) {
			return worldEdition{}, es
		}
		return worldEdition{}, Errors{{File: base, Msg: err.Error()}}
	}
	return worldEdition{edition: edition, d: d, slots: slots}, nil
}

func matchType(types []worldType, typ string) (worldType, bool) {
	lower := strings.ToLower(typ)
	for _, t := range types {
		if strings.Contains(lower, t.match) {
			return t, true
		}
	}
	return worldType{}, false
}

// usgsNumber reads a USGS cell. A number (thousands separators and stray spaces allowed; an
// "e" before it marks a USGS estimate) is known. "W" (withheld), "NA", "XX", "--", bounds
// (">25", "Less than ½ unit") and "Included with ..." are unknown: reason says why. Anything
// else is an error.
func usgsNumber(r row, col string) (value *float64, estimated bool, reason string) {
	v := strings.TrimSpace(strings.ReplaceAll(r.str(col), ",", ""))
	lower := strings.ToLower(v)
	switch {
	case v == "":
		return nil, false, "empty"
	case lower == "w":
		return nil, false, "withheld (W)"
	case lower == "na", lower == "xx", v == "--", v == "—", v == "-":
		return nil, false, "not available (NA, XX)"
	case strings.HasPrefix(v, ">"), strings.HasPrefix(v, "<"), strings.HasPrefix(lower, "less than"):
		return nil, false, "published as a bound, not a figure (>25, less than ½ unit)"
	case strings.HasPrefix(lower, "included with"):
		return nil, false, "included with another figure"
	case strings.HasPrefix(lower, "e") && len(v) > 1 && v[1] >= '0' && v[1] <= '9':
		v, estimated = v[1:], true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !finite(f) {
		r.fail(col, "%q is not a number, W, NA or XX", r.str(col))
		return nil, false, "malformed"
	}
	return &f, estimated, ""
}

// estimateNote says when a figure is a USGS estimate (the column name says so) and keeps
// "rounded" from a world total's label.
func estimateNote(col, label string, estimated bool) string {
	var notes []string
	if estimated || strings.Contains(strings.ToLower(col), "est") {
		notes = append(notes, "USGS estimate.")
	}
	if strings.Contains(strings.ToLower(label), "rounded") {
		notes = append(notes, "World total (rounded).")
	}
	return strings.Join(notes, " ")
}

// t5Minerals maps the Critical_mineral names of Table 5 to a mineral, the stage its world
// production measures and a basis, as USGS describes the figure. Names are matched after
// trimming, ignoring case.
var t5Minerals = map[string]struct {
	mineral string
	stage   mg.Stage
	basis   string
}{
	"aluminum (bauxite)":                 {"aluminum", mg.StageMining, "bauxite"},
	"antimony":                           {"antimony", mg.StageMining, ""},
	"arsenic":                            {"arsenic", mg.StageRefining, "arsenic trioxide"},
	"barite":                             {"barite", mg.StageMining, ""},
	"beryllium":                          {"beryllium", mg.StageMining, ""},
	"bismuth":                            {"bismuth", mg.StageRefining, "refinery production"},
	"chromium":                           {"chromium", mg.StageMining, ""},
	"cobalt":                             {"cobalt", mg.StageMining, ""},
	"fluorspar":                          {"fluorspar", mg.StageMining, ""},
	"gallium":                            {"gallium", mg.StageRefining, "primary production"},
	"germanium":                          {"germanium", mg.StageRefining, "refinery production"},
	"graphite (natural)":                 {"graphite", mg.StageMining, "natural graphite"},
	"indium":                             {"indium", mg.StageRefining, "refinery production"},
	"lithium":                            {"lithium", mg.StageMining, ""},
	"magnesium":                          {"magnesium", mg.StageRefining, "magnesium metal"},
	"manganese":                          {"manganese", mg.StageMining, ""},
	"nickel":                             {"nickel", mg.StageMining, ""},
	"niobium":                            {"niobium", mg.StageMining, ""},
	"palladium":                          {"palladium", mg.StageMining, ""},
	"platinum":                           {"platinum", mg.StageMining, ""},
	"rare earths (compounds and metals)": {"rare-earths", mg.StageMining, "mine production of rare earth concentrates"},
	"scandium":                           {"scandium", mg.StageMining, ""},
	"tantalum":                           {"tantalum", mg.StageMining, ""},
	"tellurium":                          {"tellurium", mg.StageRefining, "refinery production"},
	"tin":                                {"tin", mg.StageMining, ""},
	"titanium (metal)":                   {"titanium", mg.StageRefining, "titanium metal (sponge)"},
	"tungsten":                           {"tungsten", mg.StageMining, ""},
	"vanadium":                           {"vanadium", mg.StageMining, ""},
	"yttrium":                            {"yttrium", mg.StageMining, ""},
	"zinc":                               {"zinc", mg.StageMining, ""},
	"zirconium (ores and concentrates)":  {"zirconium", mg.StageMining, "ores and concentrates"},
}

var editionYear = regexp.MustCompile(`(?i)^mcs\s*(\d{4})$`)

// ImportUSGSTable5 reads Table 5 of an MCS data release (2024 or 2025 layout): for each
// critical mineral, the leading producer's output and percent of world (as published) and the
// world total, in metric tons. NA values are left out, with the world total kept as unknown.
// The summary counts figures: each row holds two, the world total and the leading producer's.
func ImportUSGSTable5(name string, in io.Reader, countries *CountryNames) (*Dataset, Summary, error) {
	sum := newSummary("figures")
	sum.Files = 1
	base := filepath.Base(name)
	t, err := parseTable(base, in)
	if err != nil {
		return nil, sum, Errors{{File: base, Msg: err.Error()}}
	}
	if missing := t.missingColumns([]string{"Source", "Year", "Critical_mineral", "Leading_source_country", "Leading_country_prod",
		"Leading_source_precent_world", "World_total_prod"}); len(missing) > 0 {
		return nil, sum, Errors{{File: base, Line: 1, Msg: fmt.Sprintf("not an MCS Table 5 file: missing columns %v", missing)}}
	}
	var errs Errors
	d := &Dataset{}
	for i := range t.rows {
		r := row{t: t, i: i, errs: &errs}
		name := strings.TrimSpace(r.str("Critical_mineral"))
		if name == "" {
			continue
		}
		sum.Read += 2
		m, ok := t5Minerals[strings.ToLower(name)]
		if !ok {
			sum.unmapped(fmt.Sprintf("%s: critical mineral %q", base, name))
			sum.unmapped(fmt.Sprintf("%s: critical mineral %q", base, name))
			continue
		}
		em := editionYear.FindStringSubmatch(strings.TrimSpace(r.str("Source")))
		year, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(r.str("Year")), "_estimated"))
		if em == nil || err != nil {
			r.fail("Year", "want an edition such as MCS2025 and a year such as 2024_estimated, got %q and %q", r.str("Source"), r.str("Year"))
			continue
		}
		edition, _ := strconv.Atoi(em[1])
		source := d.addSource(Table5Source(edition))
		world, _, _ := usgsNumber(r, "World_total_prod")
		w := mg.WorldProduction{ID: mg.WorldID(m.mineral, m.stage, year), MineralID: m.mineral, Stage: m.stage, Year: year,
			Amount: world, Unit: "t", Basis: m.basis, Note: strings.TrimSpace(r.str("World_prod_notes")), SourceID: source}
		if world == nil {
			w.Note = strings.TrimSpace("USGS reports NA (not available) for world production. " + w.Note)
		}
		d.World = append(d.World, w)
		d.remember("world", w.ID, base, r.line())
		sum.Mapped++
		amount, _, _ := usgsNumber(r, "Leading_country_prod")
		pct, _, _ := usgsNumber(r, "Leading_source_precent_world")
		if amount == nil && pct == nil {
			sum.skip("leading producer's output and share not available (NA)")
			continue
		}
		country := strings.TrimSpace(r.str("Leading_source_country"))
		code, ok := countries.Lookup(country)
		if !ok {
			sum.unmapped(fmt.Sprintf("%s: country %q", base, country))
			continue
		}
		s := mg.Share{ID: mg.ShareID(m.mineral, m.stage, year, code), MineralID: m.mineral, CountryCode: code, Stage: m.stage,
			Year: year, Amount: amount, Unit: "t", Percent: pct, Basis: m.basis, Note: "Leading producer.", SourceID: source}
		if pct != nil {
			s.PercentBasis = mg.PercentPublished
		}
		d.Shares = append(d.Shares, s)
		d.remember("shares", s.ID, base, r.line())
		sum.Mapped++
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}
	return d, sum, nil
}

// fig2Commodities maps the commodity names of Figure 2 to minerals. Where several rows
// measure one mineral, the table names the one that stands for it, as in Table 5 (bauxite for
// aluminum, sponge metal for titanium, metal for magnesium); the others are reported as
// skipped. Names are matched after trimming, ignoring case.
var fig2Commodities = map[string]string{
	"arsenic, all forms":                 "arsenic",
	"cesium":                             "cesium",
	"fluorspar":                          "fluorspar",
	"gallium, metal":                     "gallium",
	"graphite (natural)":                 "graphite",
	"indium":                             "indium",
	"manganese":                          "manganese",
	"niobium (columbium)":                "niobium",
	"rubidium":                           "rubidium",
	"scandium":                           "scandium",
	"strontium":                          "strontium",
	"tantalum":                           "tantalum",
	"yttrium, compounds":                 "yttrium",
	"titanium, sponge metal":             "titanium",
	"potash":                             "potash",
	"bismuth, metal, alloys, and scrap":  "bismuth",
	"antimony, metal and oxide":          "antimony",
	"platinum":                           "platinum",
	"rare earths, compounds and metals":  "rare-earths",
	"chromium, all forms":                "chromium",
	"cobalt, metal, oxides, and salts":   "cobalt",
	"barite":                             "barite",
	"bauxite":                            "aluminum",
	"magnesium metal":                    "magnesium",
	"tin, refined":                       "tin",
	"zinc, refined":                      "zinc",
	"rhenium":                            "rhenium",
	"silver":                             "silver",
	"germanium":                          "germanium",
	"lithium":                            "lithium",
	"tungsten":                           "tungsten",
	"silicon, metal and ferrosilicon":    "silicon",
	"nickel":                             "nickel",
	"copper, refined":                    "copper",
	"vanadium":                           "vanadium",
	"palladium":                          "palladium",
	"lead, refined":                      "lead",
	"tellurium":                          "tellurium",
	"zirconium, ores and concentrates":   "zirconium",
	"beryllium":                          "beryllium",
	"hafnium":                            "hafnium",
	"helium":                             "helium",
	"molybdenum":                         "molybdenum",
	"phosphate rock":                     "phosphate",
	"zirconium, mineral concentrates":    "zirconium",
	"aluminum (bauxite)":                 "aluminum",
	"rare earths (compounds and metals)": "rare-earths",
	// The MCS 2024 names of rows MCS 2025 names with their form.
	"gallium": "gallium",
	"cobalt":  "cobalt",
	"bismuth": "bismuth",
	"yttrium": "yttrium",
}

// fig2Others are Figure 2 rows that measure a mineral the table maps through another row.
var fig2Others = map[string]bool{"alumina": true, "aluminum": true, "magnesium compounds": true, "titanium mineral concentrates": true}

var fig2Header = regexp.MustCompile(`^Net_Import_Reliance_pct_(\d{4})$`)
var fig2Sources = regexp.MustCompile(`^Major_Import_Sources_(\d{4})_(\d{4})$`)

// ImportUSGSFig2 reads Figure 2 of an MCS data release (2024 or 2025 layout): the United
// States' net import reliance for each commodity, exactly as published (100, >50, <25, E), and
// its major import sources in descending order of import share, as ranked trade links into
// the US over the period the file names (links of kind IMPORT_RANK). The summary counts
// figures: each row holds the reliance and one ranked source per country it names.
func ImportUSGSFig2(name string, in io.Reader, countries *CountryNames) (*Dataset, Summary, error) {
	sum := newSummary("figures")
	sum.Files = 1
	base := filepath.Base(name)
	t, err := parseTable(base, in)
	if err != nil {
		return nil, sum, Errors{{File: base, Msg: err.Error()}}
	}
	var relCol, srcCol string
	var year, from, to int
	for col := range t.columns {
		if m := fig2Header.FindStringSubmatch(col); m != nil {
			relCol, year = col, atoi(m[1])
		}
		if m := fig2Sources.FindStringSubmatch(col); m != nil {
			srcCol, from, to = col, atoi(m[1]), atoi(m[2])
		}
	}
	if relCol == "" || srcCol == "" || t.missingColumns([]string{"Source", "Commodity"}) != nil {
		return nil, sum, Errors{{File: base, Line: 1, Msg: "not an MCS Figure 2 file: want columns Source, Commodity, Net_Import_Reliance_pct_YYYY and Major_Import_Sources_YYYY_YYYY"}}
	}
	var errs Errors
	d := &Dataset{}
	us, _ := countries.Lookup("United States")
	for i := range t.rows {
		r := row{t: t, i: i, errs: &errs}
		commodity := strings.TrimSpace(r.str("Commodity"))
		if commodity == "" {
			continue
		}
		var names []string
		for _, name := range strings.Split(r.str(srcCol), ",") {
			names = append(names, strings.TrimSpace(name))
		}
		figures := 1
		for _, name := range names {
			if name != "" {
				figures++
			}
		}
		sum.Read += figures
		key := strings.ToLower(commodity)
		mineral, ok := fig2Commodities[key]
		if !ok {
			for range figures {
				if fig2Others[key] {
					sum.skip("row measuring a mineral another row stands for (alumina, aluminum metal, magnesium compounds, titanium concentrates)")
				} else {
					sum.unmapped(fmt.Sprintf("%s: commodity %q", base, commodity))
				}
			}
			continue
		}
		em := editionYear.FindStringSubmatch(strings.TrimSpace(r.str("Source")))
		if em == nil {
			r.fail("Source", "want an edition such as MCS2025, got %q", r.str("Source"))
			continue
		}
		source := d.addSource(Fig2Source(atoi(em[1])))
		value := strings.TrimSpace(r.str(relCol))
		rng, err := mg.ParseReliance(value)
		if err != nil {
			r.fail(relCol, "%v", err)
			continue
		}
		rel := mg.Reliance{ID: mg.RelianceID(mineral, us, year), MineralID: mineral, Importer: us, Year: year, Value: value,
			Range: rng, Commodity: commodity, Note: strings.TrimSpace(r.str("Notes")), SourceID: source}
		d.Reliance = append(d.Reliance, rel)
		d.remember("reliance", rel.ID, base, r.line())
		sum.Mapped++
		for rank, name := range names {
			if name == "" {
				continue
			}
			code, ok := countries.Lookup(name)
			if !ok {
				sum.unmapped(fmt.Sprintf("%s: country %q", base, name))
				continue
			}
			rk := rank + 1
			l := mg.TradeLink{Kind: mg.TradeImportRank, MineralID: mineral, Exporter: code, Importer: us, YearFrom: from, YearTo: to,
				Rank: &rk, Commodity: commodity, Note: "Major import source, in descending order of import share.", SourceID: source}
			l.ID = mg.TradeID(l)
			d.Trade = append(d.Trade, l)
			d.remember("trade", l.ID, base, r.line())
			sum.Mapped++
		}
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}
	return d, sum, nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
