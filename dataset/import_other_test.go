package dataset_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
		require.Equal(t, len(curated.Facilities), skipped, "each curated facility stands for one record")
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
		require.NotZero(t, sum.Unmapped[`commodity "gold"`])
		require.NotZero(t, sum.Unmapped[`commodity "thermal coal"`])
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
	countries := curatedCountries(t)
	all := &dataset.Dataset{}
	var sum dataset.Summary
	for _, f := range files {
		in, err := os.Open(f)
		require.NoError(t, err)
		d, s, err := dataset.ImportComtrade(f, in, countries)
		in.Close()
		require.NoError(t, err, f)
		all.Merge(d)
		sum.Merge(s)
	}
	t.Log(sum)

	t.Run("turns US imports of gallium from China into links with values and shares", func(t *testing.T) {
		var found bool
		for _, l := range all.Trade {
			if l.MineralID == "gallium" && l.Exporter == "CN" && l.Importer == "US" && l.YearFrom == 2020 && l.ReportedBy == "US" {
				found = true
				require.Equal(t, 12636598.0, *l.ValueUSD) // gallium_trade_data.csv, 2020, reporter 842, partner 156, M
				require.Equal(t, 35970.0, *l.Quantity)
				require.Equal(t, "kg", l.QuantityUnit)
			}
		}
		require.True(t, found)
	})

	t.Run("keeps one link per row, even where two extracts repeat it", func(t *testing.T) {
		seen := map[string]bool{}
		for _, l := range all.Trade {
			require.False(t, seen[l.ID], l.ID)
			seen[l.ID] = true
		}
	})
}

func stringsReader(s string) *strings.Reader { return strings.NewReader(s) }
