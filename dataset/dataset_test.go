package dataset_test

import (
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

func TestCurated(t *testing.T) {
	d, err := dataset.Curated()
	require.NoError(t, err)

	t.Run("has the USGS lists with the members the notices give", func(t *testing.T) {
		lists := map[string]map[string]bool{}
		for _, l := range d.Lists {
			lists[l.ID] = map[string]bool{}
			for _, m := range l.Members {
				lists[l.ID][m] = true
			}
		}
		require.Len(t, lists["usgs-2018"], 35)
		require.Len(t, lists["usgs-2022"], 50)
		require.Len(t, lists["usgs-2025-draft"], 54)
		require.Len(t, lists["usgs-2025"], 60)
		// The draft: 2022 minus arsenic and tellurium, plus six.
		draft := map[string]bool{"potash": true, "silicon": true, "copper": true, "silver": true, "rhenium": true, "lead": true}
		for m := range lists["usgs-2022"] {
			if m != "arsenic" && m != "tellurium" {
				draft[m] = true
			}
		}
		require.Equal(t, draft, lists["usgs-2025-draft"])
		// The final list: 2022 plus ten.
		final := map[string]bool{"boron": true, "copper": true, "lead": true, "metallurgical-coal": true, "phosphate": true,
			"potash": true, "rhenium": true, "silicon": true, "silver": true, "uranium": true}
		for m := range lists["usgs-2022"] {
			final[m] = true
		}
		require.Equal(t, final, lists["usgs-2025"])
		groups := 0
		for _, m := range d.Minerals {
			if m.IsGroup {
				groups++
			}
		}
		require.Equal(t, 2, groups)
	})

	t.Run("gives the end uses of every mineral of the 2022 list", func(t *testing.T) {
		require.Len(t, d.EndUses, 50)
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

func TestCuratedFacilities(t *testing.T) {
	d, err := dataset.Curated()
	require.NoError(t, err)
	sources := map[string]mg.Source{}
	for _, s := range d.Sources {
		sources[s.ID] = s
	}

	t.Run("gives every capacity and every sourced status a publisher, a year and an address", func(t *testing.T) {
		for _, f := range d.Facilities {
			for _, id := range []string{f.StatusSourceID, f.CapacitySourceID} {
				if id == "" {
					continue
				}
				s := sources[id]
				require.NotEmpty(t, s.Publisher, "%s: source %s", f.ID, id)
				require.NotEmpty(t, s.URL, "%s: source %s", f.ID, id)
				require.NotZero(t, s.Year, "%s: source %s", f.ID, id)
			}
			if f.Capacity != nil {
				require.Positive(t, *f.Capacity, f.ID)
				require.NotEmpty(t, f.CapacityUnit, f.ID)
				require.NotEmpty(t, f.CapacitySourceID, f.ID)
				require.LessOrEqual(t, *f.CapacityYear, sources[f.CapacitySourceID].Year+5,
					"%s: a capacity is stated for at most the plans of its source's next five years", f.ID)
			}
			if f.StatusSourceID != "" {
				require.NotEqual(t, mg.StatusUnknown, f.Status, "%s: a source that reports a status gives it", f.ID)
				require.LessOrEqual(t, *f.StatusYear, sources[f.StatusSourceID].Year, "%s: a status is reported for a year the source has seen", f.ID)
			}
		}
	})

	t.Run("labels no coordinate on a 0.5-degree grid as the site", func(t *testing.T) {
		onGrid := func(x float64) bool { return x*2 == float64(int(x*2)) }
		for _, f := range d.Facilities {
			if f.Latitude != nil && f.Precision == mg.PrecisionSite {
				require.False(t, onGrid(*f.Latitude) && onGrid(*f.Longitude),
					"%s: %v, %v is on a 0.5-degree grid; it locates a region, not a site", f.ID, *f.Latitude, *f.Longitude)
			}
		}
	})
}

func find(t *testing.T, d *dataset.Dataset, id string) mg.Share {
	t.Helper()
	return *byID(t, d.Shares, func(s mg.Share) string { return s.ID }, id)
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
		require.Contains(t, err.Error(), `shares.csv:2: stage: unknown value "SMELTING"; use one of [MINING REFINING MAGNETS BATTERY_ANODE]`)
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

	t.Run("rejects a facility capacity without its source and year", func(t *testing.T) {
		const header = "id,name,type,country,latitude,longitude,precision,minerals,other_commodities,status,status_source," +
			"status_year,operator,owners,capacity,capacity_unit,capacity_source,capacity_year,source,source_url,note\n"
		_, err := dataset.Read(with("facilities.csv", header+
			"a-mine,A,MINE,CN,,,UNKNOWN,gallium,,OPERATING,,,,,100,t/yr,,,src,,\n"+
			"b-mine,B,MINE,CN,,,UNKNOWN,gallium,,OPERATING,,2024,,,,,src,2024,src,,\n"))
		require.ErrorContains(t, err, "facilities.csv:2: capacity_source: a capacity needs the source that states it")
		require.ErrorContains(t, err, "facilities.csv:3: capacity: capacity_unit, capacity_source and capacity_year describe a capacity")
		require.ErrorContains(t, err, "facilities.csv:3: status_source: a status year needs the source")
	})

	t.Run("reports a list's member given twice once, in the list's words", func(t *testing.T) {
		fs := with("lists.csv", "id,name,issuer,year,url,source,note\nl1,List,CN,2022,,src,\n")
		fs["list_members.csv"] = &fstest.MapFile{Data: []byte("list,mineral,note\nl1,gallium,\nl1,gallium,\n")}
		_, err := dataset.Read(fs)
		var errs dataset.Errors
		require.True(t, errors.As(err, &errs), "%v", err)
		require.Len(t, errs, 1, "%v", err)
		require.ErrorContains(t, err, "mineral: gallium is on l1 twice")
	})

	t.Run("reports a project's problems as the domain states them, each once, at its line and column", func(t *testing.T) {
		const header = "id,name,sponsor,country,minerals,stage,expected_start,source,note\n"
		_, err := dataset.Read(with("projects.csv", header+
			"a-plant,A,,CN,gallium,BUILDING,3000,src,\n"+
			"B Plant,,,China,gallium,,,src,\n"))
		var errs dataset.Errors
		require.True(t, errors.As(err, &errs), "%v", err)
		require.ErrorContains(t, err, `projects.csv:2: stage: "BUILDING": use one of [ANNOUNCED FEASIBILITY PERMITTING CONSTRUCTION COMMISSIONING OPERATING SUSPENDED], or leave it empty when the source does not say`)
		require.ErrorContains(t, err, "projects.csv:2: expected_start: 3000 is not a plausible year")
		require.ErrorContains(t, err, `projects.csv:3: id: "B Plant" is not an id`)
		require.ErrorContains(t, err, "projects.csv:3: name: required")
		require.ErrorContains(t, err, `projects.csv:3: country: "China" is not an ISO 3166-1 alpha-2 code`)
		require.ErrorContains(t, err, `projects.csv:3: country: B Plant: unknown country "China"`, "and, as for every kind, the reference")
		require.Len(t, errs, 6, "%v", err)
	})

	t.Run("rejects a row with a missing field", func(t *testing.T) {
		_, err := dataset.Read(with("shares.csv", "mineral,stage,year,country,amount,unit,percent,basis,source,note\ngallium,REFINING,2024\n"))
		require.ErrorContains(t, err, "line 2: 3 fields, the header has 10")
	})
}

func TestWriteRead(t *testing.T) {
	t.Run("writes the curated dataset in the project's format and reads it back unchanged", func(t *testing.T) {
		d, err := dataset.Curated()
		require.NoError(t, err)
		dir := t.TempDir()
		files, err := d.Write(dir, "copy", "a copy")
		require.NoError(t, err)
		require.NotEmpty(t, files)
		back, err := dataset.Read(os.DirFS(dir))
		require.NoError(t, err)
		require.Equal(t, d.Shares, back.Shares)
		require.Equal(t, d.World, back.World)
		require.Equal(t, d.Minerals, back.Minerals)
		require.Equal(t, d.Countries, back.Countries)
		require.Equal(t, d.Sources, back.Sources)
		require.Equal(t, d.Facilities, back.Facilities)
		require.Equal(t, d.Policies, back.Policies)
		require.Equal(t, d.Lists, back.Lists)
		require.Equal(t, d.Reliance, back.Reliance)
		require.Equal(t, d.Trade, back.Trade)
		require.Equal(t, d.Projects, back.Projects)
	})

	// A record built in code may name an organisation by its id without the organisation
	// itself; writing it by an empty name would read back as no sponsor, no operator.
	t.Run("keeps the organisation a record names by id when the dataset holds no organisation of it", func(t *testing.T) {
		start := 2028
		d := &dataset.Dataset{
			Sources:   []mg.Source{{ID: "src", Publisher: "Pub", Title: "Title", Year: 2025}},
			Countries: []mg.Country{{Code: "CN", Alpha3: "CHN", Name: "China"}},
			Minerals:  []mg.Mineral{{ID: "gallium", Name: "Gallium", Symbol: "Ga"}},
			Projects: []mg.Project{
				{ID: "a-plant", Name: "A", SponsorID: mg.OrganisationID("Acme Gallium Ltd."), Country: "CN", Minerals: []string{"gallium"},
					Stage: mg.ProjectPermitting, ExpectedStart: &start, SourceID: "src"},
				{ID: "b-plant", Name: "B", Country: "CN", Minerals: []string{"gallium"}, SourceID: "src"},
			},
			Facilities: []mg.Facility{{ID: "a-mine", Name: "A", Type: mg.FacilityMine, Country: "CN", Precision: mg.PrecisionUnknown,
				Minerals: []string{"gallium"}, Status: mg.StatusOperating, OperatorID: mg.OrganisationID("Acme Gallium Ltd."),
				OwnerIDs: []string{mg.OrganisationID("Acme Gallium Ltd."), mg.OrganisationID("中国铝业")}, SourceID: "src"}},
		}
		dir := t.TempDir()
		_, err := d.Write(dir, "copy", "")
		require.NoError(t, err)
		back, err := dataset.Read(os.DirFS(dir))
		require.NoError(t, err)
		require.Equal(t, d.Projects, back.Projects, "the sponsor is kept, and a project without one stays without")
		require.Equal(t, d.Facilities, back.Facilities, "the operator and owners are kept")
		require.Len(t, back.Organisations, 2, "one organisation for each id, made from the words of its id")
	})

	t.Run("refuses to write an organisation id that no name reads back to", func(t *testing.T) {
		d := &dataset.Dataset{Projects: []mg.Project{{ID: "a-plant", Name: "A", SponsorID: "acme", Country: "CN", SourceID: "src"}}}
		_, err := d.Write(t.TempDir(), "copy", "")
		require.ErrorContains(t, err, `projects: project a-plant: sponsor: "acme" is not an organisation id`)
	})
}
