package dataset_test

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

// The fuzz targets of this package prove that whatever bytes a user points the reader or an
// importer at, the answer is data: a dataset, or an EINVALID error that names file and line.
// Never a panic, never an internal error, and never a number that no check can catch: every
// comparison with NaN is false, so a check such as "percent < 0 || percent > 100" lets it by.
//
// Seeds are small hand-written files in the publishers' layouts, not copies of their files.

// FuzzRead feeds Read a folder whose world totals, shares and one more file of any kind come
// from the fuzzer, beside fixed sources, countries, minerals and a list for them to refer to.
func FuzzRead(f *testing.F) {
	const (
		worldHeader  = "mineral,stage,year,amount,unit,basis,source,note\n"
		sharesHeader = "mineral,stage,year,country,amount,unit,percent,basis,source,note\n"
	)
	world := worldHeader + "gallium,REFINING,2024,760,t,primary,src,\ngallium,MINING,2024,,,,src,USGS reports NA\n"
	shares := sharesHeader + "gallium,REFINING,2024,CN,700,t,,,src,\ngallium,REFINING,2024,US,,,1.5,,src,\n"
	others := map[string]string{
		"facilities": "id,name,type,country,latitude,longitude,precision,minerals,other_commodities,status,operator,owners," +
			"capacity,capacity_unit,source,source_url,note\n" +
			"example-mine,Example Mine,MINE,AU,-30.5,121.25,SITE,gallium|neodymium,gold,OPERATING,Example Co,Owner A|Owner B,120,t,src,,\n" +
			"example-plant,Example Plant,PROCESSING_PLANT,CN,,,UNKNOWN,rare-earths,,UNKNOWN,,,,,src,,\n",
		"policies": "id,title,type,issuer,minerals,affected_countries,announced,effective,suspended,expires,relations,summary,source,note\n" +
			"cn-ga-controls,Gallium export controls,EXPORT_CONTROL,CN,gallium,US,2023-07-03,2023-08-01,,,,Licences for exports.,src,\n" +
			"cn-ga-ban,Gallium export ban,EXPORT_BAN,CN,gallium,US,2024-12-03,2024-12-03,,2026-11-27,EXTENDS:cn-ga-controls,A ban.,src,\n",
		"reliance": "mineral,importer,year,value,commodity,source,note\n" +
			"gallium,US,2024,100,\"GALLIUM, metal\",src,\nneodymium,US,2024,>50,,src,\nrare-earths,US,2023,E,,src,\n",
		"trade": "mineral,exporter,importer,year_from,year_to,rank,value_usd,quantity,quantity_unit,import_share,commodity,reported_by,source,note\n" +
			"gallium,CN,US,2020,2023,1,,,,,,,src,\ngallium,CN,US,2022,2022,,\"1,200,000\",3000,kg,40.5,HS 811292,US,src,\n",
		"list_members": "list,mineral,note\nexample-list,gallium,\nexample-list,rare-earths,as a group\n",
		"end_uses":     "mineral,end_uses,source\ngallium,Semiconductors.,src\n",
		"blocs":        "id,name,members,source,note\nexample-bloc,Example bloc,AU|US,src,\n",
		"countries":    "code,alpha3,name,aliases\nDE,DEU,Germany,Deutschland\nFR,FRA,France,\n",
	}
	kindOf := map[string]uint8{}
	for i, kind := range dataset.Kinds() {
		kindOf[kind] = uint8(i)
		if data, ok := others[kind]; ok { // in the order of Kinds, so that seeds keep their numbers
			f.Add([]byte(world), []byte(shares), uint8(i), []byte(data))
		}
	}
	// Broken files: a share more than its world total, a bad stage, a short row, a stray quote,
	// a file without its header, a number USGS-style.
	f.Add([]byte(world), []byte(sharesHeader+"gallium,REFINING,2024,CN,800,t,,,src,\n"), kindOf["trade"], []byte(""))
	f.Add([]byte(worldHeader+"gallium,SMELTING,2024,5,t,,src,\n"), []byte(shares), kindOf["reliance"], []byte("mineral,importer\n"))
	f.Add([]byte(world), []byte(sharesHeader+"gallium,REFINING,2024\n"), kindOf["facilities"], []byte("id,\"name\n"))
	f.Add([]byte("gallium,REFINING,2024,5,t,,src,\n"), []byte(shares), kindOf["policies"], []byte("\ufeff#only a comment\n"))
	f.Add([]byte(world), []byte(sharesHeader+"gallium,REFINING,2024,CN,W,t,,,src,\n"), kindOf["trade"], []byte("\x00\xff"))
	// Words strconv.ParseFloat reads as numbers that no range check catches, or that overflow.
	f.Add([]byte(worldHeader+"gallium,REFINING,2024,Inf,t,,src,\n"), []byte(sharesHeader+"gallium,REFINING,2024,CN,,,NaN,,src,\n"),
		kindOf["facilities"], []byte(strings.Replace(others["facilities"], "-30.5,121.25", "NaN,nan", 1)))
	f.Add([]byte(world), []byte(sharesHeader+"gallium,REFINING,2024,CN,+inf,t,,,src,\n"), kindOf["end_uses"], []byte(""))
	f.Add([]byte(world), []byte(shares), kindOf["reliance"],
		[]byte("mineral,importer,year,value,commodity,source,note\ngallium,US,2024,>NaN,,src,\n"))
	f.Add([]byte(world), []byte(shares), kindOf["trade"], []byte(strings.Replace(others["trade"], "40.5", "nan", 1)))

	base := fstest.MapFS{
		"sources.csv":   {Data: []byte("id,publisher,title,year,url,note\nsrc,Publisher,A title,2025,,\n")},
		"countries.csv": {Data: []byte("code,alpha3,name,aliases\nCN,CHN,China,\nUS,USA,United States,\nAU,AUS,Australia,\n")},
		"minerals.csv": {Data: []byte("id,name,symbol,group,is_group\ngallium,Gallium,Ga,,\nrare-earths,Rare earths,,,true\n" +
			"neodymium,Neodymium,Nd,rare-earths,\n")},
		"lists.csv": {Data: []byte("id,name,issuer,year,url,source,note\nexample-list,An example list,US,2022,,src,\n")},
	}
	f.Fuzz(func(t *testing.T, world, shares []byte, kind uint8, other []byte) {
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		fsys["world.csv"] = &fstest.MapFile{Data: world}
		fsys["shares.csv"] = &fstest.MapFile{Data: shares}
		// A part file (<kind>-<part>.csv) so that the fixed files of its kind are read too.
		fsys[dataset.Kinds()[int(kind)%len(dataset.Kinds())]+"-fuzz.csv"] = &fstest.MapFile{Data: other}

		d, err := dataset.Read(fsys)
		if err != nil {
			require.Nil(t, d, "Read returns no data when there is a problem")
			requireInvalidInput(t, err)
			return
		}
		require.NotNil(t, d)
		requireWellFormed(t, d)
		requireSane(t, d)
	})
}

// requireInvalidInput checks an error of reading or importing files: the user's to fix, so
// EINVALID (an internal error would hide the message), with text, and every problem naming
// the file it is in.
func requireInvalidInput(t *testing.T, err error) {
	t.Helper()
	require.NotEmpty(t, err.Error())
	require.Equal(t, mg.EINVALID, mg.Code(err), "%v", err)
	var errs dataset.Errors
	require.ErrorAs(t, err, &errs)
	require.NotEmpty(t, errs)
	for _, e := range errs {
		require.NotEmpty(t, e.File, e.String())
		require.NotEmpty(t, e.Msg, e.String())
	}
}

// requireWellFormed checks what holds of any dataset an importer returns, before it is
// validated against the curated one: every number is finite, every record cites a source the
// dataset itself defines, every amount has a unit, every percent says where it comes from, and
// records sit under the id of their slot (Merge keeps one record per id, so a wrong id would
// drop or duplicate a figure).
func requireWellFormed(t *testing.T, d *dataset.Dataset) {
	t.Helper()
	sources := map[string]bool{}
	for _, s := range d.Sources {
		require.NotEmpty(t, s.ID)
		sources[s.ID] = true
	}
	cites := func(id, source string) {
		t.Helper()
		require.True(t, sources[source], "%s cites source %q, which the dataset does not define", id, source)
	}
	finite := func(id string, vs ...*float64) {
		t.Helper()
		for _, v := range vs {
			if v != nil {
				require.False(t, math.IsNaN(*v) || math.IsInf(*v, 0), "%s: %v is not a finite number", id, *v)
			}
		}
	}
	for _, w := range d.World {
		require.Equal(t, mg.WorldID(w.MineralID, w.Stage, w.Year), w.ID)
		cites(w.ID, w.SourceID)
		finite(w.ID, w.Amount)
		if w.Amount != nil {
			require.NotEmpty(t, w.Unit, "%s: an amount needs a unit", w.ID)
		}
	}
	for _, s := range d.Shares {
		require.Equal(t, mg.ShareID(s.MineralID, s.Stage, s.Year, s.CountryCode), s.ID)
		cites(s.ID, s.SourceID)
		finite(s.ID, s.Amount, s.Percent)
		if s.Amount != nil {
			require.NotEmpty(t, s.Unit, "%s: an amount needs a unit", s.ID)
		}
		if s.Percent != nil {
			require.Contains(t, []mg.PercentBasis{mg.PercentPublished, mg.PercentComputed}, s.PercentBasis, s.ID)
		}
	}
	for _, r := range d.Reliance {
		require.Equal(t, mg.RelianceID(r.MineralID, r.Importer, r.Year), r.ID)
		cites(r.ID, r.SourceID)
		finite(r.ID, r.Range.Low, r.Range.High)
		for _, b := range []*float64{r.Range.Low, r.Range.High} {
			if b != nil {
				require.True(t, *b >= 0 && *b <= 100, "%s: %q allows %v, outside 0-100", r.ID, r.Value, *b)
			}
		}
	}
	for _, l := range d.Trade {
		require.Equal(t, mg.TradeID(l), l.ID)
		cites(l.ID, l.SourceID)
		finite(l.ID, l.ValueUSD, l.Quantity, l.ImportShare)
		if l.Quantity != nil {
			require.NotEmpty(t, l.QuantityUnit, "%s: a quantity needs a unit", l.ID)
		}
	}
	for _, x := range d.Facilities {
		cites(x.ID, x.SourceID)
		finite(x.ID, x.Latitude, x.Longitude, x.Capacity)
	}
}

// requireSane checks what must hold of a dataset that passed validation, since that is what
// reaches the graph. The rules are the validator's; they are restated here, with comparisons
// that NaN fails, so that a hole in the validator shows.
func requireSane(t *testing.T, d *dataset.Dataset) {
	t.Helper()
	percent := func(id string, v *float64) {
		t.Helper()
		if v != nil {
			require.True(t, *v >= 0 && *v <= 100, "%s: percent %v outside 0-100", id, *v)
		}
	}
	year := func(id string, y int) {
		t.Helper()
		require.True(t, y >= 1900 && y <= 2100, "%s: implausible year %d", id, y)
	}
	for _, w := range d.World {
		year(w.ID, w.Year)
	}
	for _, s := range d.Shares {
		year(s.ID, s.Year)
		percent(s.ID, s.Percent)
		require.True(t, s.Amount != nil || s.Percent != nil, "%s: neither an amount nor a percent", s.ID)
	}
	for _, r := range d.Reliance {
		year(r.ID, r.Year)
	}
	for _, l := range d.Trade {
		year(l.ID, l.YearFrom)
		require.GreaterOrEqual(t, l.YearTo, l.YearFrom, l.ID)
		require.NotEqual(t, l.Exporter, l.Importer, l.ID)
		percent(l.ID, l.ImportShare)
		if l.Rank != nil {
			require.GreaterOrEqual(t, *l.Rank, 1, l.ID)
		}
	}
	for _, x := range d.Facilities {
		require.Equal(t, x.Latitude == nil, x.Longitude == nil, "%s: latitude without longitude, or the reverse", x.ID)
		if x.Latitude != nil {
			require.True(t, *x.Latitude >= -90 && *x.Latitude <= 90 && *x.Longitude >= -180 && *x.Longitude <= 180,
				"%s: coordinates %v, %v off the globe", x.ID, *x.Latitude, *x.Longitude)
		}
	}
}

// mustCurated returns the curated dataset, which importers resolve names against. A fuzz
// target loads it once, outside the fuzz function, so that each input costs an import only.
func mustCurated(tb testing.TB) *dataset.Dataset {
	tb.Helper()
	d, err := dataset.Curated()
	require.NoError(tb, err)
	return d
}
