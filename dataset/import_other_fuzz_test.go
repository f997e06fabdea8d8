package dataset_test

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/dataset"
)

// FuzzImportFacilities feeds the facilities importer any bytes (JSON lines, gzipped or not)
// and any snapshot date.
func FuzzImportFacilities(f *testing.F) {
	const mine = `{"facility_id":"aus-example-mine-fac","name":"Example Mine","country_iso3":"AUS",` +
		`"location":{"lat":-30.5,"lon":121.25,"precision":"site"},"types":["mine"],` +
		`"commodities":[{"metal":"lithium","primary":true},{"metal":"gold"}],"status":"operating",` +
		`"company_mentions":["Example Resources Ltd"]}`
	const refinery = `{"facility_id":"chn-example-refinery-fac","name":"Example Refinery","country_iso3":"chn",` +
		`"province":"Jiangxi","primary_type":"refinery","commodities":[{"metal":"neodymium-praseodymium"},` +
		`{"metal":"Rare Earth Elements (REEs) 32"}],"status":"care_and_maintenance",` +
		`"company_mentions":[{"name":"Example Co","role":"owner"},"Another Co"],` +
		`"enrichment_notes":{"web_search_companies":{"operators":["Op Co"],"owners":["Own A"," ","Own B"]}}}`
	const kosovo = `{"facility_id":"kos-example-fac","name":"Example","country_iso3":"KOS","types":["tailings"],` +
		`"location":{"lat":42.6,"lon":21.1,"precision":"country centroid"},"status":"historic"}`
	valid := mine + "\n\n" + refinery + "\r\n" + kosovo + "\n"
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	_, err := zw.Write([]byte(valid))
	require.NoError(f, err)
	require.NoError(f, zw.Close())

	f.Add([]byte(valid), "2026-02-17")
	f.Add(zipped.Bytes(), "2026-02-17")
	f.Add(zipped.Bytes()[:zipped.Len()/2], "2026-02-17") // cut short
	f.Add([]byte{0x1f, 0x8b}, "2026-02-17")              // gzip's magic, then nothing
	f.Add([]byte(mine+"\n{not json}\n"), "2026-02-17")
	f.Add([]byte(`{"facility_id":"x","name":"Off","country_iso3":"AUS","location":{"lat":200,"lon":0}}`), "2026-02-17")
	f.Add([]byte(`{"facility_id":"","name":"No id","country_iso3":"AUS"}`), "2026-02-17")
	f.Add([]byte(`{"facility_id":"x","name":"Dup","country_iso3":"AUS"}`+"\n"+`{"facility_id":"x","name":"Dup","country_iso3":"AUS"}`), "2026-02-17")
	f.Add([]byte(`{"facility_id":"x","name":"X","country_iso3":"AUS","company_mentions":[null,7]}`), "2026-02-17")
	f.Add([]byte(`[1,2]`), "2026-02-17")
	f.Add([]byte(valid), "17 Feb 2026")
	curated := mustCurated(f)
	f.Fuzz(func(t *testing.T, data []byte, snapshot string) {
		lines := -1
		d, sum, err := dataset.ImportFacilities("facilities.jsonl", bytes.NewReader(data), snapshot, curated,
			func(n int) { lines = n })
		if err == nil {
			require.GreaterOrEqual(t, lines, 0, "progress hears of the end")
			// An organisation the facilities name is in the dataset: the store links them by id.
			orgs := map[string]bool{}
			for _, o := range d.Organisations {
				orgs[o.ID] = true
			}
			for _, x := range d.Facilities {
				for _, id := range append([]string{x.OperatorID}, x.OwnerIDs...) {
					require.True(t, id == "" || orgs[id], "%s names organisation %q, which the dataset does not define", x.ID, id)
				}
			}
		}
		requireImported(t, curated, d, sum, err, func(d *dataset.Dataset) int { return len(d.Facilities) })
	})
}

// FuzzImportComtrade feeds the UN Comtrade importer any content.
func FuzzImportComtrade(f *testing.F) {
	const header = "typeCode,refYear,reporterCode,flowCode,partnerCode,cmdCode,primaryValue,netWgt,commodity_name\n"
	f.Add([]byte(header +
		"C,2022,842,M,0,811292,1000000,500,Gallium\n" +
		"C,2022,842,M,156,811292,600000,300,Gallium\n" +
		"C,2022,842,M,392,811292,\"200,000\",,Gallium\n" +
		"C,2022,156,X,842,811292,650000,310,gallium\n" +
		"C,2022,842,M,842,811292,1,1,Gallium\n" +
		"C,2022,842,RX,156,811292,1,1,Gallium\n" +
		"C,2022,842,M,999,811292,1,1,Gallium\n" +
		"C,2022,842,M,156,2602,1,1,Manganese ore\n"))
	// A partner's value larger than the world total, so that no share is computed.
	f.Add([]byte(header + "C,2023,842,M,0,8105,10,,Cobalt\nC,2023,842,M,180,8105,20,,Cobalt\n"))
	// The same row twice, as two extracts repeat HS 2846.
	f.Add([]byte(header + "C,2023,842,M,156,2846,5,5,Light REE\nC,2023,842,M,156,2846,5,5,Light REE\n"))
	f.Add([]byte("refYear,reporterCode,flowCode,partnerCode,cmdCode,primaryValue,netWgt\n2022,842,M,156,811292,1,1\n"))
	f.Add([]byte(header + "C,twenty,842,M,156,811292,1,1,Gallium\n"))
	f.Add([]byte(header + "C,2022,842,M,156,811292,1e999,1,Gallium\n"))
	f.Add([]byte(header + "C,2022,842,M,0,811292,Inf,,Gallium\nC,2022,842,M,156,811292,NaN,inf,Gallium\n"))
	f.Add([]byte(header + "C,2022,842,M,156\n"))
	f.Add([]byte("refYear\n"))
	curated := mustCurated(f)
	countries := dataset.NewCountryNames(curated)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, sum, err := dataset.ImportComtrade([]dataset.Input{{Name: "gallium_trade_data.csv", Reader: bytes.NewReader(data)}}, countries)
		requireImported(t, curated, d, sum, err, func(d *dataset.Dataset) int { return len(d.Trade) })
	})
}
