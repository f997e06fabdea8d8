package dataset_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

func TestCurated(t *testing.T) {
	d, err := dataset.Curated()
	require.NoError(t, err)

	t.Run("has every mineral of the final 2025 USGS list and the two groups", func(t *testing.T) {
		members, groups := 0, 0
		for _, m := range d.Minerals {
			if m.IsGroup {
				groups++
			} else {
				members++
			}
		}
		require.Equal(t, 60, members)
		require.Equal(t, 2, groups)
	})

	t.Run("covers all 31 rows of MCS 2025 Table 5", func(t *testing.T) {
		rows := 0
		for _, w := range d.World {
			if w.SourceID == "usgs-mcs-2025-t5" {
				rows++
			}
		}
		require.Equal(t, 31, rows)
	})

	t.Run("keeps published percentages as published", func(t *testing.T) {
		sh := find(t, d, "gallium/REFINING/2024/CN")
		require.Equal(t, 99.0, *sh.Percent)
		require.Equal(t, mg.PercentPublished, sh.PercentBasis)
	})

	t.Run("computes a percentage from the world total of the same source", func(t *testing.T) {
		// USGS MCS 2024: China 600,000 kg of a world total of 610,000 kg in 2023.
		sh := find(t, d, "gallium/REFINING/2023/CN")
		require.Equal(t, 98.4, *sh.Percent)
		require.Equal(t, mg.PercentComputed, sh.PercentBasis)
	})

	t.Run("leaves unknown figures out instead of inventing them", func(t *testing.T) {
		for _, sh := range d.Shares {
			require.NotEqual(t, "germanium/REFINING/2024/CN", sh.ID, "USGS reports NA for germanium in 2024")
		}
		for _, w := range d.World {
			if w.MineralID == "germanium" && w.Year == 2024 {
				require.Nil(t, w.Amount)
				require.NotEmpty(t, w.Note)
			}
		}
	})

	t.Run("gives every figure a source, a year and a unit", func(t *testing.T) {
		for _, sh := range d.Shares {
			require.NotEmpty(t, sh.SourceID, sh.ID)
			require.NotZero(t, sh.Year, sh.ID)
			if sh.Amount != nil {
				require.NotEmpty(t, sh.Unit, sh.ID)
			}
		}
	})
}

func find(t *testing.T, d *dataset.Dataset, id string) mg.Share {
	t.Helper()
	for _, sh := range d.Shares {
		if sh.ID == id {
			return sh
		}
	}
	t.Fatalf("no share %s", id)
	return mg.Share{}
}

func TestRead(t *testing.T) {
	base := fstest.MapFS{
		"sources.csv":   {Data: []byte("id,publisher,title,year,url,note\nsrc,Pub,Title,2025,,\n")},
		"countries.csv": {Data: []byte("code,alpha3,name,aliases\nCN,CHN,China,\n")},
		"minerals.csv":  {Data: []byte("id,name,symbol,group,is_group\ngallium,Gallium,Ga,,\n")},
	}
	with := func(file, content string) fstest.MapFS {
		fs := fstest.MapFS{}
		for k, v := range base {
			fs[k] = v
		}
		fs[file] = &fstest.MapFile{Data: []byte(content)}
		return fs
	}

	t.Run("names file, line and field of every problem and returns no data", func(t *testing.T) {
		d, err := dataset.Read(with("shares.csv", "mineral,stage,year,country,amount,unit,percent,basis,source,note\n"+
			"gallium,SMELTING,2024,CN,5,t,,,src,\n"+
			"gallium,REFINING,20x4,CN,5,t,,,src,\n"+
			"gallium,REFINING,2024,CN,W,t,,,src,\n"))
		require.Nil(t, d)
		var errs dataset.Errors
		require.True(t, errors.As(err, &errs))
		require.Equal(t, mg.EINVALID, mg.Code(err))
		require.Contains(t, err.Error(), `shares.csv:2: stage: unknown stage "SMELTING"`)
		require.Contains(t, err.Error(), `shares.csv:3: year: "20x4" is not a whole number`)
		require.Contains(t, err.Error(), `shares.csv:4: amount: "W" is not a number`)
	})

	t.Run("rejects a reference to an unknown country with its line", func(t *testing.T) {
		_, err := dataset.Read(with("shares.csv", "mineral,stage,year,country,amount,unit,percent,basis,source,note\n"+
			"gallium,REFINING,2024,XX,,,50,,src,\n"))
		require.ErrorContains(t, err, `shares.csv:2: country: gallium/REFINING/2024/XX: unknown country "XX"`)
	})

	t.Run("rejects a percentage outside 0-100", func(t *testing.T) {
		_, err := dataset.Read(with("shares.csv", "mineral,stage,year,country,amount,unit,percent,basis,source,note\n"+
			"gallium,REFINING,2024,CN,,,101,,src,\n"))
		require.ErrorContains(t, err, "percent 101 is outside 0-100")
	})

	t.Run("rejects a share in another unit than its world total", func(t *testing.T) {
		fs := with("world.csv", "mineral,stage,year,amount,unit,basis,source,note\ngallium,REFINING,2024,760,t,,src,\n")
		fs["shares.csv"] = &fstest.MapFile{Data: []byte("mineral,stage,year,country,amount,unit,percent,basis,source,note\n" +
			"gallium,REFINING,2024,CN,750000,kg,,,src,\n")}
		_, err := dataset.Read(fs)
		require.ErrorContains(t, err, `is in "kg" but the world total is in "t"`)
	})

	t.Run("rejects a row with a missing field", func(t *testing.T) {
		_, err := dataset.Read(with("shares.csv", "mineral,stage,year,country,amount,unit,percent,basis,source,note\ngallium,REFINING,2024\n"))
		require.ErrorContains(t, err, "line 2: 3 fields, the header has 10")
	})
}
