package dataset_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
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

func importWorld(t *testing.T, dir string) (*dataset.Dataset, dataset.Summary) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_world.csv"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	countries := curatedCountries(t)
	all := &dataset.Dataset{}
	var sum dataset.Summary
	for _, f := range files {
		in, err := os.Open(f)
		require.NoError(t, err)
		d, s, err := dataset.ImportUSGSWorld(f, in, countries)
		in.Close()
		require.NoError(t, err, f)
		all.Merge(d)
		sum.Merge(s)
	}
	return all, sum
}

func TestImportUSGSWorld2023(t *testing.T) {
	dir := sharedData(t)
	_, sum := importWorld(t, filepath.Join(dir, "usgs-mcs-2023", "world"))
	t.Log(sum)
	for name := range sum.Unmapped {
		require.NotContains(t, name, "country", "every country name must resolve: %s", name)
	}
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
	w, _ := importWorld(t, filepath.Join(dir, "usgs-mcs-2024", "world"))
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
		d, _, err := f.read(f.path, in, countries)
		in.Close()
		require.NoError(t, err)
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
	require.ElementsMatch(t, imported.Trade, curated.Trade)

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
		// mcs2024-raree_world.csv: China 240000 t REO in 2023 of a world total of 350000 t.
		re := get("rare-earths/MINING/2023/CN")
		require.Equal(t, 240000.0, *re.Amount)
		require.Equal(t, 68.6, *re.Percent)
		// mcs2024-lithi_world.csv: Australia 86000 t in 2023 of 180000 t.
		li := get("lithium/MINING/2023/AU")
		require.Equal(t, 86000.0, *li.Amount)
	})
}
