package dataset_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

// sharedData returns the folder of the publishers' files that tests use as fixtures; a test
// skips without it, except under CI=true, where it fails.
func sharedData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("MINERALGRAPH_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the publishers' files are not at %s (set MINERALGRAPH_SHARED_DATA); CI must test the importers", dir)
		}
		t.Skipf("the publishers' files are not at %s; set MINERALGRAPH_SHARED_DATA to test the importers", dir)
	}
	return dir
}

func curatedCountries(t *testing.T) *dataset.CountryNames {
	t.Helper()
	d, err := dataset.Curated()
	require.NoError(t, err)
	return dataset.NewCountryNames(d)
}

// importWorld imports the world production files of the given folders in one call, as the
// command does.
func importWorld(t *testing.T, dirs ...string) (*dataset.Dataset, dataset.Summary) {
	t.Helper()
	var inputs []dataset.Input
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*_world.csv"))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		for _, f := range files {
			in, err := os.Open(f)
			require.NoError(t, err)
			t.Cleanup(func() { in.Close() })
			inputs = append(inputs, dataset.Input{Name: f, Reader: in})
		}
	}
	d, sum, err := dataset.ImportUSGSWorld(inputs, curatedCountries(t))
	require.NoError(t, err)
	require.NoError(t, sum.Balanced())
	return d, sum
}

func TestImportUSGSWorld2023(t *testing.T) {
	dir := sharedData(t)
	_, sum := importWorld(t, filepath.Join(dir, "usgs-mcs-2023", "world"))
	t.Log(sum)
	for name := range sum.Unmapped {
		require.NotContains(t, name, "country", "every country name must resolve: %s", name)
	}
}

func TestImportUSGSWorldEditions(t *testing.T) {
	dir := sharedData(t)
	ed2023, ed2024 := filepath.Join(dir, "usgs-mcs-2023", "world"), filepath.Join(dir, "usgs-mcs-2024", "world")
	d, sum := importWorld(t, ed2023, ed2024)
	t.Log(sum)
	only2023, sum2023 := importWorld(t, ed2023)
	only2024, _ := importWorld(t, ed2024)
	byID := func(d *dataset.Dataset) map[string]mg.Share {
		m := map[string]mg.Share{}
		for _, s := range d.Shares {
			m[s.ID] = s
		}
		return m
	}
	both, old, revised := byID(d), byID(only2023), byID(only2024)

	t.Run("adds 2021 from MCS 2023", func(t *testing.T) {
		// mcs2023-galli_world.csv: China 423,000 kg of a world total of 434,000 kg in 2021.
		ga := both["gallium/REFINING/2021/CN"]
		require.Equal(t, 423000.0, *ga.Amount)
		require.Equal(t, 97.5, *ga.Percent)
		require.Equal(t, "usgs-mcs-2023-world", ga.SourceID)
	})

	t.Run("keeps the newer edition's figures of a year both editions give, all of them", func(t *testing.T) {
		// Guinea's bauxite in 2022: 86,000 kt in MCS 2023, revised to 100,000 kt in MCS 2024.
		require.Equal(t, 86000.0, *old["aluminum/MINING/2022/GN"].Amount)
		require.Equal(t, 100000.0, *both["aluminum/MINING/2022/GN"].Amount)
		for id, s := range both {
			if s.Year == 2022 {
				require.Equal(t, "usgs-mcs-2024-world", s.SourceID, id)
				require.Equal(t, revised[id], s, id)
			}
		}
		for id, s := range revised {
			require.Equal(t, s, both[id], "every MCS 2024 figure stands: %s", id)
		}
		// China's cobalt in 2022 is in MCS 2023 only: MCS 2024 has no row for it, so that
		// 2022's shares all divide by MCS 2024's world total.
		require.Contains(t, old, "cobalt/MINING/2022/CN")
		require.NotContains(t, both, "cobalt/MINING/2022/CN")
		for _, w := range d.World {
			if w.Year == 2022 {
				require.Equal(t, "usgs-mcs-2024-world", w.SourceID, w.ID)
			}
		}
		require.Equal(t, len(both), len(d.Shares), "one figure per country, mineral, stage and year")
	})

	t.Run("gives every mineral of the world files three years", func(t *testing.T) {
		years := map[string]map[int]bool{}
		for _, s := range d.Shares {
			if years[s.MineralID] == nil {
				years[s.MineralID] = map[int]bool{}
			}
			years[s.MineralID][s.Year] = true
		}
		require.Len(t, years, 38)
		for m, ys := range years {
			require.Equal(t, map[int]bool{2021: true, 2022: true, 2023: true}, ys, m)
		}
	})

	t.Run("counts the older edition's revised figures as merged", func(t *testing.T) {
		merged := 0
		for reason, n := range sum.Merged {
			if strings.HasPrefix(reason, "MCS 2023 figure of a year MCS 2024 gives again") {
				merged += n
			}
		}
		// Every MCS 2023 figure of 2022, including one the MCS 2023 import alone drops as a
		// second figure for the same slot.
		dups := 0
		for reason, n := range sum2023.Merged {
			if strings.HasPrefix(reason, "second figure") {
				dups += n
			}
		}
		require.GreaterOrEqual(t, merged, countYear(only2023, 2022))
		require.LessOrEqual(t, merged, countYear(only2023, 2022)+dups)
	})

	t.Run("gives the same records whatever the order of the files", func(t *testing.T) {
		again, _ := importWorld(t, ed2024, ed2023)
		require.Equal(t, d.Shares, again.Shares)
		require.Equal(t, d.World, again.World)
		require.Equal(t, d.Sources, again.Sources)
	})
}

// countYear counts the shares and world totals of a year.
func countYear(d *dataset.Dataset, year int) int {
	n := 0
	for _, s := range d.Shares {
		if s.Year == year {
			n++
		}
	}
	for _, w := range d.World {
		if w.Year == year {
			n++
		}
	}
	return n
}

func TestImportUSGSWorld(t *testing.T) {
	dir := sharedData(t)
	d, sum := importWorld(t, filepath.Join(dir, "usgs-mcs-2024", "world"))
	t.Log(sum)
	find := func(id string) mg.Share {
		for _, s := range d.Shares {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("no share %s", id)
		return mg.Share{}
	}

	t.Run("reads China's gallium and computes its share from the world total USGS reports", func(t *testing.T) {
		s := find("gallium/REFINING/2023/CN")
		require.Equal(t, 600000.0, *s.Amount) // mcs2024-galli_world.csv: China 600000 kg, world 610000 kg
		require.Equal(t, "kg", s.Unit)
		require.Equal(t, 98.4, *s.Percent)
		require.Equal(t, mg.PercentComputed, s.PercentBasis)
		require.Equal(t, "usgs-mcs-2024-world", s.SourceID)
	})

	t.Run("strips footnote markers from country names", func(t *testing.T) {
		require.Equal(t, 92000.0, *find("palladium/MINING/2023/RU").Amount) // "Russiae"
		require.Equal(t, 3000.0, *find("gallium/REFINING/2023/JP").Amount)  // "Japane"
	})

	t.Run("reads thousands separators and units from the column names", func(t *testing.T) {
		s := find("copper/REFINING/2023/CN") // "12000 " kt
		require.Equal(t, 12000.0, *s.Amount)
		require.Equal(t, "kt", s.Unit)
		require.Equal(t, 44.4, *s.Percent) // of 27,000 kt
	})

	t.Run("keeps withheld figures out", func(t *testing.T) {
		for _, s := range d.Shares {
			require.NotNil(t, s.Amount, s.ID)
		}
		require.NotZero(t, sum.Skipped["value withheld (W)"])
		require.NotZero(t, sum.Skipped["value published as a bound, not a figure (>25, less than ½ unit)"])
	})

	t.Run("reports rows and files it cannot map", func(t *testing.T) {
		require.Contains(t, sum.Skipped, "file of a commodity the graph does not cover: cemen")
		require.Equal(t, "figures", sum.Items)
		require.Contains(t, sum.Unmapped, `mcs2024-bauxi_world.csv: type "Refinery production, alumina - calcined equivalent weights"`)
		for name := range sum.Unmapped {
			require.NotContains(t, name, "country", "every country name must resolve: %s", name)
		}
	})
}

func TestImportUSGSTable5(t *testing.T) {
	dir := sharedData(t)
	countries := curatedCountries(t)
	for _, c := range []struct {
		file    string
		year    int
		gallium float64
	}{
		{filepath.Join(dir, "usgs-mcs-2025", "MCS2025_T5_Critical_Minerals_Salient.csv"), 2024, 99},
		{filepath.Join(dir, "usgs-mcs-2024", "trends", "MCS2024_T5_Critical_Minerals_Salient.csv"), 2023, 98},
	} {
		in, err := os.Open(c.file)
		require.NoError(t, err)
		d, sum, err := dataset.ImportUSGSTable5(c.file, in, countries)
		in.Close()
		require.NoError(t, err)
		t.Run(fmt.Sprintf("reads every row of the %d layout", c.year+1), func(t *testing.T) {
			require.Empty(t, sum.Unmapped)
			require.Len(t, d.World, 31)
			var gallium *mg.Share
			for i, s := range d.Shares {
				if s.ID == fmt.Sprintf("gallium/REFINING/%d/CN", c.year) {
					gallium = &d.Shares[i]
				}
			}
			require.NotNil(t, gallium)
			require.Equal(t, c.gallium, *gallium.Percent)
			require.Equal(t, mg.PercentPublished, gallium.PercentBasis)
		})
	}
}

func TestImportUSGSFig2(t *testing.T) {
	dir := sharedData(t)
	file := filepath.Join(dir, "usgs-mcs-2025", "MCS2025_Fig2_Net_Import_Reliance.csv")
	in, err := os.Open(file)
	require.NoError(t, err)
	defer in.Close()
	d, sum, err := dataset.ImportUSGSFig2(file, in, curatedCountries(t))
	require.NoError(t, err)
	t.Log(sum)

	t.Run("finds the 12 minerals of the 2022 list that were 100% import-reliant in 2024", func(t *testing.T) {
		curated, err := dataset.Curated()
		require.NoError(t, err)
		on2022 := map[string]bool{}
		for _, l := range curated.Lists {
			if l.ID == "usgs-2022" {
				for _, m := range l.Members {
					on2022[m] = true
				}
			}
		}
		var full []string
		hundred := 100.0
		for _, r := range d.Reliance {
			if on2022[r.MineralID] && r.Year == 2024 && r.Range.Satisfies(mg.Bounds{Gte: &hundred}) {
				full = append(full, r.MineralID)
			}
		}
		sort.Strings(full)
		require.Equal(t, []string{"arsenic", "cesium", "fluorspar", "gallium", "graphite", "indium", "manganese", "niobium",
			"rubidium", "scandium", "tantalum", "yttrium"}, full)
	})

	t.Run("keeps bounds and net exporters exactly as published", func(t *testing.T) {
		values := map[string]string{}
		for _, r := range d.Reliance {
			values[r.MineralID] = r.Value
		}
		require.Equal(t, ">50", values["germanium"])
		require.Equal(t, "<25", values["tellurium"])
		require.Equal(t, ">95", values["titanium"])
	})

	t.Run("ranks the major import sources in the published order", func(t *testing.T) {
		got := map[int]string{}
		for _, l := range d.Trade {
			if l.MineralID == "gallium" {
				require.Equal(t, "US", l.Importer)
				require.Equal(t, 2020, l.YearFrom)
				require.Equal(t, 2023, l.YearTo)
				got[*l.Rank] = l.Exporter
			}
		}
		require.Equal(t, map[int]string{1: "JP", 2: "CN", 3: "DE", 4: "CA"}, got)
	})

	t.Run("reports the commodities that are not minerals of the graph", func(t *testing.T) {
		require.Contains(t, sum.Unmapped, `MCS2025_Fig2_Net_Import_Reliance.csv: commodity "ASBESTOS"`)
		for name := range sum.Unmapped {
			require.NotContains(t, name, "country", name)
		}
	})
}

// TestCuratedUSGSFigures checks the curated dataset end to end against the USGS files: the
// figures it ships from USGS are exactly what the importers read from the publisher's files
// (so they can be regenerated, and a hand edit would show).
func TestCuratedUSGSFigures(t *testing.T) {
	dir := sharedData(t)
	curated, err := dataset.Curated()
	require.NoError(t, err)
	countries := dataset.NewCountryNames(curated)
	imported := &dataset.Dataset{}
	w, _ := importWorld(t, filepath.Join(dir, "usgs-mcs-2023", "world"), filepath.Join(dir, "usgs-mcs-2024", "world"))
	imported.Merge(w)
	for _, f := range []struct {
		path string
		read func(string, io.Reader, *dataset.CountryNames) (*dataset.Dataset, dataset.Summary, error)
	}{
		{filepath.Join(dir, "usgs-mcs-2025", "MCS2025_T5_Critical_Minerals_Salient.csv"), dataset.ImportUSGSTable5},
		{filepath.Join(dir, "usgs-mcs-2024", "trends", "MCS2024_Fig2_Net_Import_Reliance.csv"), dataset.ImportUSGSFig2},
		{filepath.Join(dir, "usgs-mcs-2025", "MCS2025_Fig2_Net_Import_Reliance.csv"), dataset.ImportUSGSFig2},
	} {
		in, err := os.Open(f.path)
		require.NoError(t, err)
		d, sum, err := f.read(f.path, in, countries)
		in.Close()
		require.NoError(t, err)
		require.NoError(t, sum.Balanced(), f.path)
		imported.Merge(d)
	}
	usgs := map[string]bool{}
	for _, s := range imported.Sources {
		usgs[s.ID] = true
	}
	pick := func(src string) bool { return usgs[src] }
	var shares []mg.Share
	for _, s := range curated.Shares {
		if pick(s.SourceID) {
			shares = append(shares, s)
		}
	}
	var world []mg.WorldProduction
	for _, x := range curated.World {
		if pick(x.SourceID) {
			world = append(world, x)
		}
	}
	require.ElementsMatch(t, imported.Shares, shares)
	require.ElementsMatch(t, imported.World, world)
	require.ElementsMatch(t, imported.Reliance, curated.Reliance)
	var ranks []mg.TradeLink
	for _, l := range curated.Trade {
		if pick(l.SourceID) {
			ranks = append(ranks, l)
		}
	}
	require.ElementsMatch(t, imported.Trade, ranks)

	t.Run("spot checks against the publisher's rows", func(t *testing.T) {
		get := func(id string) mg.Share {
			for _, s := range curated.Shares {
				if s.ID == id {
					return s
				}
			}
			t.Fatalf("no share %s", id)
			return mg.Share{}
		}
		// MCS2025 Table 5: Cobalt, Congo (Kinshasa), 220000 t, 76% of world (290000 t).
		co := get("cobalt/MINING/2024/CD")
		require.Equal(t, 220000.0, *co.Amount)
		require.Equal(t, 76.0, *co.Percent)
		// mcs2024-raree_world.csv: China 240000 t REO in 2023; the world total, 350000 t, is
		// rounded below the 353,240 t of the countries listed, which divide instead.
		re := get("rare-earths/MINING/2023/CN")
		require.Equal(t, 240000.0, *re.Amount)
		require.Equal(t, 67.9, *re.Percent)
		// mcs2024-lithi_world.csv: Australia 86000 t in 2023 of 180000 t.
		li := get("lithium/MINING/2023/AU")
		require.Equal(t, 86000.0, *li.Amount)
		// mcs2023-lithi_world.csv: Australia 55,300 t in 2021, of 107,000 t (excluding the US).
		require.Equal(t, 55300.0, *get("lithium/MINING/2021/AU").Amount)
	})
}
