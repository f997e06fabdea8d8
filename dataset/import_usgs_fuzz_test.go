package dataset_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/dataset"
)

// requireImported checks one importer's answer to any input: an EINVALID error and no data,
// or data that is well formed, that the summary accounts for (mapped counts the records
// returned, and every item read is mapped, merged, used, unmapped or skipped, so that nothing
// is dropped silently), and that validation against the curated
// dataset either accepts as sane or rejects as invalid input.
func requireImported(t *testing.T, curated *dataset.Dataset, d *dataset.Dataset, sum dataset.Summary, err error, records func(*dataset.Dataset) int) {
	t.Helper()
	if err != nil {
		require.Nil(t, d, "an importer returns no data when there is a problem")
		requireInvalidInput(t, err)
		return
	}
	require.NotNil(t, d)
	requireWellFormed(t, d)
	require.Equal(t, records(d), sum.Mapped, "the summary's mapped count is the number of records returned")
	require.NoError(t, sum.Balanced(), "every item read is accounted for")
	if err := d.ValidateAgainst(curated); err != nil {
		requireInvalidInput(t, err)
		return
	}
	requireSane(t, d)
}

func figures(d *dataset.Dataset) int { return len(d.Shares) + len(d.World) }

// FuzzImportUSGSWorld feeds the world production importer a file name (which carries the
// edition and the commodity) and its content.
func FuzzImportUSGSWorld(f *testing.F) {
	const gallium = "\ufeffSource,Country,Type,Prod_kg_2022,Prod_kg_est_2023,Prod_notes,,\r\n" +
		"MCS2024,United\u00a0States,Primary production,0,W,,,\r\n" +
		"MCS2024,China,Primary production,\"500,000\",e520000,estimated,,\r\n" +
		"MCS2024,Japane,Primary production,2500,NA,,,\r\n" +
		"MCS2024,\"Korea, Republic ofe\",Primary production,1000 ,>25,,,\r\n" +
		"MCS2024,Other countries3,Primary production,100,100,,,\r\n" +
		"MCS2024,World total (rounded)7,Primary production,510000,530000,,,\r\n" +
		",,,,,,,\r\n"
	const copper = "Source,Country,Type,Prod_kt_2023,Prod_kt_est_2024\n" +
		"MCS2025,Chile,Mine production,5000,5100\n" +
		"MCS2025,Chile,\"Refinery production, primary and secondary\",2000,2100\n" +
		"MCS2025,Peru,Mine production,2500,XX\n" +
		"MCS2025,World total,Mine production,22000,23000\n" +
		"MCS2025,World total,Refinery production,26000,27000\n"
	// A file whose third column's name is the type of every row.
	const fluorspar = "Source,Country,Mine production,Prod_t_2022,Prod_t_est_2023\n" +
		"MCS2024,Mexico,,1000,1100\nMCS2024,World total (rounded),,9000,9500\n"
	f.Add("mcs2024-galli_world.csv", []byte(gallium))
	f.Add("mcs2025-coppe_world.csv", []byte(copper))
	f.Add("mcs2024-fluor_world.csv", []byte(fluorspar))
	f.Add("mcs2024-cemen_world.csv", []byte(copper)) // a commodity the graph does not cover
	f.Add("galli.csv", []byte(gallium))              // a name that does not say the edition
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type\nMCS2024,China,Primary production\n"))
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type,Prod_kg_2023\nMCS2024,China,Primary production,12x\n"))
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type,Prod_kg_2023\nMCS2024,China,Primary production\n"))
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type,Prod_kg_2023\nMCS2024,\"China,Primary production,1\n"))
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type,Prod_kg_2023\nMCS2024,China,Primary production,600\n"+
		"MCS2024,World total,Primary production,500\n")) // a share larger than the world
	// Words strconv.ParseFloat reads as numbers: NaN would pass every range check.
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type,Prod_kg_2023\nMCS2024,China,Primary production,NaN\n"+
		"MCS2024,World total,Primary production,1000\n"))
	f.Add("mcs2024-galli_world.csv", []byte("Source,Country,Type,Prod_kg_2023\nMCS2024,China,Primary production,1\n"+
		"MCS2024,World total,Primary production,+Inf\n"))
	curated := mustCurated(f)
	countries := dataset.NewCountryNames(curated)
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		d, sum, err := dataset.ImportUSGSWorld([]dataset.Input{{Name: name, Reader: bytes.NewReader(data)}}, countries)
		requireImported(t, curated, d, sum, err, figures)
	})
}

// FuzzImportUSGSTable5 feeds the Table 5 importer any content.
func FuzzImportUSGSTable5(f *testing.F) {
	const header = "Source,Year,Critical_mineral,Primary_prod,Leading_source_country,Leading_country_prod," +
		"Leading_source_precent_world,World_total_prod,World_prod_notes\n"
	f.Add([]byte(header +
		"MCS2025,2024_estimated,Gallium,W,China,700000,98,710000,\n" +
		"MCS2025,2024_estimated,Germanium ,0,China,NA,NA,NA,Excludes U.S. production.\n" +
		"MCS2025,2024_estimated,\"Rare earths (compounds and metals)\",1,China,\"250,000\",70,\"360,000\",\n" +
		"MCS2025,2024_estimated,Cobalt,0,Congo (Kinshasa),200000,,280000,\n" +
		"MCS2025,2024_estimated,Unobtainium,0,Nowhere,1,1,1,\n" +
		",,,,,,,,\n"))
	f.Add([]byte(header + "MCS2024,2023_estimated,Tin ,0,China,60000,20,300000,\n"))
	f.Add([]byte(header + "MCS 2025,last year,Gallium,W,China,1,1,1,\n"))
	f.Add([]byte(header + "MCS2025,2024_estimated,Gallium,W,China,1,150,1,\n")) // a percent no share can have
	f.Add([]byte(header + "MCS2025,2024_estimated,Gallium,W,Atlantis,1,1,1,\n"))
	f.Add([]byte(header + "MCS2025,2024_estimated,Gallium,W,China,1,NaN,infinity,\n"))
	f.Add([]byte("Source,Year,Critical_mineral\nMCS2025,2024,Gallium\n"))
	f.Add([]byte(header + "MCS2025,2024_estimated,Gallium\n"))
	f.Add([]byte{})
	curated := mustCurated(f)
	countries := dataset.NewCountryNames(curated)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, sum, err := dataset.ImportUSGSTable5("MCS2025_T5_Critical_Minerals_Salient.csv", bytes.NewReader(data), countries)
		requireImported(t, curated, d, sum, err, figures)
	})
}

// FuzzImportUSGSFig2 feeds the Figure 2 importer any content.
func FuzzImportUSGSFig2(f *testing.F) {
	const header = "Source,Import_Share_Order,Commodity,Net_Import_Reliance_pct_2024,Major_Import_Sources_2020_2023,Notes\n"
	f.Add([]byte(header +
		"MCS2025,1,\"GALLIUM, metal\",100,\"Japan, China, Germany, Canada\",Descending order of import share.\n" +
		"MCS2025,2,TELLURIUM,<25,\"Canada, China\",\n" +
		"MCS2025,3,GERMANIUM,>50,\"China, Belgium, Germany\",\n" +
		"MCS2025,4,LITHIUM,E,\"Argentina, Chile\",\n" +
		"MCS2025,5,ALUMINA,60,Brazil,\n" +
		"MCS2025,6,ASBESTOS,100,Brazil,\n" +
		",,,,,\n"))
	f.Add([]byte(header + "MCS2025,1,INDIUM,100,\"Korea, Republic of, Japan, Narnia\",\n"))
	f.Add([]byte(header + "MCS2025,1,INDIUM,101,Japan,\n"))
	f.Add([]byte(header + "MCS2025,1,INDIUM,>,Japan,\n"))
	f.Add([]byte(header + "MCS2025,1,INDIUM,NaN,Japan,\nMCS2025,2,TELLURIUM,<NaN,Canada,\n"))
	f.Add([]byte(header + "2025,1,INDIUM,100,Japan,\n"))
	f.Add([]byte("Source,Commodity,Net_Import_Reliance_pct_2024\nMCS2025,INDIUM,100\n"))
	f.Add([]byte(header + "MCS2025,1,INDIUM,100\n"))
	curated := mustCurated(f)
	countries := dataset.NewCountryNames(curated)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, sum, err := dataset.ImportUSGSFig2("MCS2025_Fig2_Net_Import_Reliance.csv", bytes.NewReader(data), countries)
		requireImported(t, curated, d, sum, err, func(d *dataset.Dataset) int { return len(d.Reliance) + len(d.Trade) })
	})
}
