package dataset_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

func TestImportFacilities(t *testing.T) {
	file := filepath.Join(sharedData(t), "facilities", "facilities.jsonl.gz")
	curated, err := dataset.Curated()
	require.NoError(t, err)
	in, err := os.Open(file)
	require.NoError(t, err)
	defer in.Close()
	d, sum, err := dataset.ImportFacilities(file, in, "2026-02-17", curated, nil)
	require.NoError(t, err)
	t.Log(sum)

	t.Run("reads every record, importing those no curated facility stands for", func(t *testing.T) {
		require.Equal(t, 10444, sum.Read)
		skipped := 0
		for _, n := range sum.Skipped {
			skipped += n
		}
		require.Equal(t, 10444, sum.Mapped+skipped)
		require.NoError(t, sum.Balanced())
		fromDatabase := 0
		for _, f := range curated.Facilities {
			if strings.Contains(f.Note, "gmmfd facility_id ") {
				fromDatabase++
			}
		}
		require.Equal(t, fromDatabase, skipped, "each curated facility chosen from the database stands for one record")
		require.Len(t, d.Facilities, sum.Mapped)
	})

	t.Run("maps free-text commodities and keeps the rest", func(t *testing.T) {
		var nd *struct{ minerals, other []string }
		for _, f := range d.Facilities {
			if len(f.Minerals) == 2 && f.Minerals[0] == "neodymium" && f.Minerals[1] == "praseodymium" {
				nd = &struct{ minerals, other []string }{f.Minerals, f.OtherCommodities}
				break
			}
		}
		require.NotNil(t, nd, "neodymium-praseodymium maps to both elements")
		require.NotZero(t, sum.UnknownNames[`commodity "gold"`])
		require.NotZero(t, sum.UnknownNames[`commodity "thermal coal"`])
	})

	t.Run("validates against the curated dataset", func(t *testing.T) {
		require.NoError(t, d.ValidateAgainst(curated))
	})

	t.Run("keeps no stray spaces around names", func(t *testing.T) {
		// The database has 45 names such as "Khoemacau Copper Mine ".
		for _, f := range d.Facilities {
			require.Equal(t, strings.TrimSpace(f.Name), f.Name, f.ID)
		}
		one := `{"facility_id":"x-2","name":" Japanese Mine ","country_iso3":"JPN","commodities":[],"types":["mine"]}` + "\n"
		d, _, err := dataset.ImportFacilities("one.jsonl", stringsReader(one), "2026-02-17", curated, nil)
		require.NoError(t, err)
		require.Equal(t, "Japanese Mine", d.Facilities[0].Name)
		blank := `{"facility_id":"x-3","name":"  ","country_iso3":"JPN","commodities":[],"types":["mine"]}` + "\n"
		_, _, err = dataset.ImportFacilities("blank.jsonl", stringsReader(blank), "2026-02-17", curated, nil)
		require.ErrorContains(t, err, "blank.jsonl:1: facility_id: a record needs a facility_id and a name")
	})

	t.Run("rejects a malformed line with its number and imports nothing", func(t *testing.T) {
		bad := `{"facility_id":"x-1","name":"A","country_iso3":"AUS","commodities":[],"types":["mine"]}` + "\n{not json}\n"
		d, _, err := dataset.ImportFacilities("bad.jsonl", stringsReader(bad), "2026-02-17", curated, nil)
		require.Nil(t, d)
		require.ErrorContains(t, err, "bad.jsonl:2: not a JSON object")
	})
}

func TestImportComtrade(t *testing.T) {
	dir := filepath.Join(sharedData(t), "comtrade-extracts")
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	require.NoError(t, err)
	require.Len(t, files, 8)
	var inputs []dataset.Input
	rows, worldRows := 0, 0
	for _, f := range files {
		in, err := os.Open(f)
		require.NoError(t, err)
		defer in.Close()
		inputs = append(inputs, dataset.Input{Name: f, Reader: in})
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		require.NoError(t, err)
		partner := slices.Index(recs[0], "partnerCode")
		for _, rec := range recs[1:] {
			rows++
			if rec[partner] == "0" {
				worldRows++
			}
		}
	}
	d, sum, err := dataset.ImportComtrade(inputs, curatedCountries(t))
	require.NoError(t, err)
	t.Log(sum)

	t.Run("accounts for every row", func(t *testing.T) {
		require.Equal(t, rows, sum.Read)
		require.NoError(t, sum.Balanced())
		require.Equal(t, len(d.Trade), sum.Mapped)
		require.Empty(t, sum.Unmapped)
		// Each World row is used for shares, skipped with its reason, or (in the second
		// rare-earth extract) merged as a repeat of the first's.
		world := 0
		for reason, n := range sum.Used {
			require.Contains(t, reason, "World import total")
			world += n
		}
		for reason, n := range sum.Skipped {
			if strings.HasPrefix(reason, "World") {
				world += n
			}
		}
		light, err := os.ReadFile(filepath.Join(dir, "light_ree_trade_data.csv"))
		require.NoError(t, err)
		lightWorld := strings.Count(string(light), ",M,,0,") + strings.Count(string(light), ",X,,0,")
		require.Equal(t, 40, lightWorld)
		require.Equal(t, worldRows, world+lightWorld)
	})

	find := func(mineral, exporter, importer string, year int, hs string) mg.TradeLink {
		t.Helper()
		var found []mg.TradeLink
		for _, l := range d.Trade {
			if l.MineralID == mineral && l.Exporter == exporter && l.Importer == importer && l.YearFrom == year && l.Commodity == "HS "+hs {
				found = append(found, l)
			}
		}
		require.Len(t, found, 1, "one link per flow, commodity and year: %s %s>%s %d %s", mineral, exporter, importer, year, hs)
		return found[0]
	}

	t.Run("keeps the importer's report of a flow both sides report, with its share of imports", func(t *testing.T) {
		l := find("gallium", "CN", "US", 2020, "811292")
		require.Equal(t, mg.TradeCustomsImport, l.Kind)
		require.Equal(t, "US", l.ReportedBy)
		require.Equal(t, 12636598.0, *l.ValueUSD) // gallium_trade_data.csv, 2020, reporter 842, partner 156, M
		require.Equal(t, 35970.0, *l.Quantity)
		require.Equal(t, "kg", l.QuantityUnit)
		require.Equal(t, 9.0, *l.ImportShare) // of the US's World row, USD 140,601,877
		require.Contains(t, l.Note, "Mirror: CN customs report exports of USD 5,997,660 FOB, 19167 kg")
	})

	t.Run("keeps an exporter's report where the importer reports none, without a share", func(t *testing.T) {
		l := find("cobalt", "CD", "CN", 2020, "282200")
		require.Equal(t, mg.TradeCustomsExport, l.Kind)
		require.Equal(t, "CD", l.ReportedBy)
		require.Nil(t, l.ImportShare)
	})

	t.Run("keeps the all-modes row of a flow broken down by mode of transport", func(t *testing.T) {
		// Australia's imports of HS 253090 from China in 2020: 0.9 kg by sea (motCode 1000),
		// 922,506 kg by air (2100), 922,506.9 kg in all (0).
		l := find("lithium", "CN", "AU", 2020, "253090")
		require.Equal(t, 560807.859, *l.ValueUSD)
		require.Equal(t, 922506.9, *l.Quantity)
	})

	t.Run("keeps one link of a flow two extracts repeat", func(t *testing.T) {
		find("rare-earths", "CN", "US", 2024, "2846")
		require.Equal(t, 80, sum.Merged["same row in two extracts (heavy_ree_trade_data.csv and light_ree_trade_data.csv)"])
	})

	t.Run("gives every link a kind, a value, a source and a unique id", func(t *testing.T) {
		seen := map[string]bool{}
		for _, l := range d.Trade {
			require.False(t, seen[l.ID], l.ID)
			seen[l.ID] = true
			require.Contains(t, []mg.TradeKind{mg.TradeCustomsImport, mg.TradeCustomsExport}, l.Kind, l.ID)
			require.NotNil(t, l.ValueUSD, l.ID)
			require.Equal(t, "un-comtrade", l.SourceID)
		}
		require.NoError(t, d.ValidateAgainst(mustCuratedT(t)))
	})
}

func TestImportComtradeRules(t *testing.T) {
	countries := curatedCountries(t)
	const header = "refYear,reporterCode,flowCode,partnerCode,cmdCode,motCode,primaryValue,netWgt,commodity_name\n"
	run := func(t *testing.T, files ...string) (*dataset.Dataset, dataset.Summary, error) {
		t.Helper()
		var in []dataset.Input
		for i, f := range files {
			in = append(in, dataset.Input{Name: fmt.Sprintf("extract%d.csv", i+1), Reader: strings.NewReader(header + f)})
		}
		return dataset.ImportComtrade(in, countries)
	}

	t.Run("counts a flow once when both sides report it, and says whose figure it is", func(t *testing.T) {
		d, sum, err := run(t, "2022,842,M,0,811292,0,1000,10,Gallium\n"+
			"2022,842,M,156,811292,0,600,6,Gallium\n"+
			"2022,156,X,842,811292,0,500,5,Gallium\n")
		require.NoError(t, err)
		require.NoError(t, sum.Balanced())
		require.Len(t, d.Trade, 1)
		l := d.Trade[0]
		require.Equal(t, mg.TradeCustomsImport, l.Kind)
		require.Equal(t, 600.0, *l.ValueUSD)
		require.Equal(t, 60.0, *l.ImportShare)
		require.Contains(t, l.Note, "Mirror: CN customs report exports of USD 500 FOB, 5 kg")
		require.Equal(t, 1, sum.Mapped)
		require.Equal(t, 1, total(sum.Merged))
		require.Equal(t, 1, total(sum.Used))
	})

	t.Run("gives the same result whatever the order of rows and files", func(t *testing.T) {
		a, _, err := run(t, "2022,156,X,842,811292,0,500,5,Gallium\n", "2022,842,M,156,811292,0,600,6,Gallium\n")
		require.NoError(t, err)
		b, _, err := run(t, "2022,842,M,156,811292,0,600,6,Gallium\n", "2022,156,X,842,811292,0,500,5,Gallium\n")
		require.NoError(t, err)
		require.Equal(t, a.Trade, b.Trade)
	})

	t.Run("skips a breakdown by mode of transport that has no all-modes row", func(t *testing.T) {
		d, sum, err := run(t, "2022,36,M,156,283691,1000,10,1,Lithium\n")
		require.NoError(t, err)
		require.NoError(t, sum.Balanced())
		require.Empty(t, d.Trade)
		require.Equal(t, 1, sum.Skipped["breakdown by mode of transport with no all-modes row of the same flow"])
	})

	t.Run("rejects two extracts that disagree on one row, naming both lines", func(t *testing.T) {
		d, _, err := run(t, "2022,842,M,156,2846,0,5,5,Light REE\n", "2022,842,M,156,2846,0,6,5,Heavy REE\n")
		require.Nil(t, d)
		require.ErrorContains(t, err, "extract2.csv:2: primaryValue")
		require.ErrorContains(t, err, "at extract1.csv:2")
	})

	t.Run("reads 0 kg of a flow worth money as an unreported weight", func(t *testing.T) {
		d, _, err := run(t, "2022,842,M,156,2846,0,5,0,Light REE\n")
		require.NoError(t, err)
		require.Nil(t, d.Trade[0].Quantity)
	})
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func mustCuratedT(t *testing.T) *dataset.Dataset {
	t.Helper()
	d, err := dataset.Curated()
	require.NoError(t, err)
	return d
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
