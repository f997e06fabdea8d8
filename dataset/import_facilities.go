package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Importer of the Global Mining & Metals Facilities Database (globalstrategic/facilities): one
// JSON object a line, optionally gzipped. Its commodities are free text ("graphite natural",
// "neodymium-praseodymium", "Bismuth (inferred)"); they are mapped to minerals through the
// curated minerals' names and the synonyms below, and what cannot be mapped is kept on the
// facility as otherCommodities and counted in the summary.

// facilityRecord is the part of a database record the importer reads.
type facilityRecord struct {
	ID       string `json:"facility_id"`
	Name     string `json:"name"`
	Country  string `json:"country_iso3"`
	Province string `json:"province"`
	Location *struct {
		Lat       *float64 `json:"lat"`
		Lon       *float64 `json:"lon"`
		Precision string   `json:"precision"`
	} `json:"location"`
	Types       []string `json:"types"`
	PrimaryType string   `json:"primary_type"`
	Commodities []struct {
		Metal   string `json:"metal"`
		Primary bool   `json:"primary"`
	} `json:"commodities"`
	Status      string           `json:"status"`
	Companies   []companyMention `json:"company_mentions"`
	Enrichments struct {
		Companies struct {
			Operators []string `json:"operators"`
			Owners    []string `json:"owners"`
		} `json:"web_search_companies"`
	} `json:"enrichment_notes"`
}

// companyMention is a company the database names: a plain string in most records, an object
// with a name and a role ("owner", "operator") in others.
type companyMention struct {
	Name string
	Role string
}

func (c *companyMention) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Name)
	}
	var o struct {
		Name string `json:"name"`
		Role string `json:"role"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	c.Name, c.Role = o.Name, o.Role
	return nil
}

var facilityTypes = map[string]mg.FacilityType{
	"mine": mg.FacilityMine, "mine-producing": mg.FacilityMine, "development": mg.FacilityMine, "exploration": mg.FacilityMine,
	"project-exploration": mg.FacilityMine, "deposit": mg.FacilityMine, "tailings": mg.FacilityMine,
	"smelter": mg.FacilitySmelter, "refinery": mg.FacilityRefinery,
	"plant": mg.FacilityProcessingPlant, "concentrator": mg.FacilityProcessingPlant, "mill": mg.FacilityProcessingPlant,
	"processing_plant": mg.FacilityProcessingPlant, "steel_plant": mg.FacilityProcessingPlant,
	"recycling_plant": mg.FacilityRecyclingPlant, "battery_recycling": mg.FacilityRecyclingPlant,
}

var facilityStatuses = map[string]mg.FacilityStatus{
	"": mg.StatusUnknown, "unknown": mg.StatusUnknown, "operating": mg.StatusOperating, "closed": mg.StatusClosed,
	"historic": mg.StatusClosed, "planned": mg.StatusPlanned, "suspended": mg.StatusSuspended,
	"construction": mg.StatusConstruction, "exploration": mg.StatusDevelopment, "development": mg.StatusDevelopment,
	"care_and_maintenance": mg.StatusCareAndMaintenance,
}

var facilityPrecisions = map[string]mg.Precision{
	"site": mg.PrecisionSite, "exact": mg.PrecisionSite, "facility": mg.PrecisionSite,
	"city": mg.PrecisionTown, "town": mg.PrecisionTown, "locality": mg.PrecisionTown, "municipality": mg.PrecisionTown,
	"neighborhood": mg.PrecisionTown,
	"region":       mg.PrecisionRegion, "district": mg.PrecisionRegion, "province": mg.PrecisionRegion, "admin": mg.PrecisionRegion,
	"approximate": mg.PrecisionApproximate, "country": mg.PrecisionCountry, "": mg.PrecisionUnknown, "unknown": mg.PrecisionUnknown,
}

// commoditySynonyms maps words and phrases publishers use for a commodity to mineral ids,
// beyond the minerals' own ids and names. "coal" alone is thermal coal and maps to nothing.
var commoditySynonyms = map[string][]string{
	"aluminium": {"aluminum"}, "bauxite": {"aluminum"}, "alumina": {"aluminum"},
	"baryte": {"barite"}, "barytes": {"barite"},
	"chromite": {"chromium"}, "chrome": {"chromium"}, "ferrochrome": {"chromium"},
	"ilmenite": {"titanium"}, "rutile": {"titanium"}, "leucoxene": {"titanium"},
	"zircon": {"zirconium"}, "zicron": {"zirconium"},
	"spodumene": {"lithium"}, "petalite": {"lithium"}, "lepidolite": {"lithium"},
	"monazite": {"rare-earths"}, "rees": {"rare-earths"}, "ree": {"rare-earths"}, "rare earth": {"rare-earths"},
	"rare earths": {"rare-earths"}, "rare earth elements": {"rare-earths"}, "bastnaesite": {"rare-earths"},
	"celestine": {"strontium"}, "caesium": {"cesium"}, "magnesite": {"magnesium"}, "fluorite": {"fluorspar"},
	"pgm": {"pgms"}, "pgms": {"pgms"}, "platinum group metals": {"pgms"}, "platinum-group metals": {"pgms"},
	"ferroniobium": {"niobium"}, "columbium": {"niobium"}, "coltan": {"tantalum", "niobium"},
	"ferromanganese": {"manganese"}, "silicomanganese": {"manganese"}, "ferrosilicomanganese": {"manganese"},
	"ferrosilicon": {"silicon"}, "ferromolybdenum": {"molybdenum"}, "ferrovanadium": {"vanadium"},
	"phosphates": {"phosphate"}, "phosphate rock": {"phosphate"}, "sylvite": {"potash"},
	"metallurgical coal": {"metallurgical-coal"}, "coking coal": {"metallurgical-coal"},
	"sphalerite": {"zinc"}, "chalcopyrite": {"copper"}, "aresnic": {"arsenic"}, "wolfram": {"tungsten"},
	"scheelite": {"tungsten"}, "wolframite": {"tungsten"}, "cassiterite": {"tin"}, "pentlandite": {"nickel"},
	"galena": {"lead"}, "stibnite": {"antimony"}, "beryl": {"beryllium"},
}

var (
	commodityWord = regexp.MustCompile(`[a-z]+(?:[ -][a-z]+)*`)
	letters       = regexp.MustCompile(`[a-z]+`)
	snapshotDate  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	// curatedRecord finds the source record a curated facility names in its note.
	curatedRecord = regexp.MustCompile(`facility_id (\S+?)[;.,)]?(\s|$)`)
)

// commodityMapper turns free-text commodities into mineral ids.
type commodityMapper struct {
	phrases map[string][]string // lowercase phrase -> mineral ids
}

func newCommodityMapper(minerals []mg.Mineral) *commodityMapper {
	m := &commodityMapper{phrases: map[string][]string{}}
	for _, x := range minerals {
		m.phrases[x.ID] = []string{x.ID}
		m.phrases[strings.ToLower(x.Name)] = []string{x.ID}
	}
	for k, v := range commoditySynonyms {
		m.phrases[k] = v
	}
	return m
}

// minerals returns the minerals a commodity text names: the whole text as a phrase first
// ("rare earth elements (rees) 32" -> "rare earth elements"), then each word
// ("neodymium-praseodymium" -> neodymium, praseodymium). "coal" alone maps to nothing.
func (m *commodityMapper) minerals(text string) []string {
	lower := strings.ToLower(text)
	found := map[string]bool{}
	for _, phrase := range commodityWord.FindAllString(lower, -1) {
		if ids, ok := m.phrases[phrase]; ok {
			for _, id := range ids {
				found[id] = true
			}
			continue
		}
		for _, w := range letters.FindAllString(phrase, -1) {
			for _, id := range m.phrases[w] {
				found[id] = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for id := range found {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// FacilitiesSource is the source of a snapshot of the facilities database.
func FacilitiesSource(snapshot string) mg.Source {
	year := 0
	fmt.Sscanf(snapshot, "%4d", &year)
	return mg.Source{ID: "gmmfd-" + snapshot, Publisher: "Global Strategic (globalstrategic/facilities on GitHub)",
		Title: "Global Mining & Metals Facilities Database, snapshot of " + snapshot, Year: year,
		URL:  "https://github.com/globalstrategic/facilities",
		Note: "MIT licence. Facility records (name, coordinates with their stated precision, commodities, status, companies); many statuses are unknown there and are kept UNKNOWN here. Each facility row names the record's facility_id in its note."}
}

// kosovo: the database writes KOS, which is not an ISO code; ISO users assign XK.
var alpha3Aliases = map[string]string{"KOS": "XK"}

// ImportFacilities reads the facilities database (JSON lines, gzipped or not) of the given
// snapshot date (YYYY-MM-DD). curated is the curated dataset: its minerals name the
// commodities, its countries resolve codes, and records that a curated facility already
// stands for (its note names the record's facility_id) are skipped. progress, when not nil, is
// told how many lines were read.
func ImportFacilities(name string, in io.Reader, snapshot string, curated *Dataset, progress func(lines int)) (*Dataset, Summary, error) {
	sum := newSummary("records")
	sum.Files = 1
	base := filepath.Base(name)
	if !snapshotDate.MatchString(snapshot) {
		return nil, sum, Errors{{File: base, Field: "snapshot", Msg: fmt.Sprintf("%q: give the database snapshot's date as YYYY-MM-DD", snapshot)}}
	}
	r, err := maybeGunzip(in)
	if err != nil {
		return nil, sum, Errors{{File: base, Msg: err.Error()}}
	}
	countries := NewCountryNames(curated)
	mapper := newCommodityMapper(curated.Minerals)
	already := map[string]bool{} // record ids curated facilities stand for
	for _, f := range curated.Facilities {
		if m := curatedRecord.FindStringSubmatch(f.Note); m != nil {
			already[m[1]] = true
		}
	}
	src := FacilitiesSource(snapshot)
	d := &Dataset{Sources: []mg.Source{src}}
	orgs := newOrganisations(d)
	var errs Errors
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if progress != nil && line%500 == 0 {
			progress(line)
		}
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		sum.Read++
		var rec facilityRecord
		if err := json.Unmarshal(text, &rec); err != nil {
			errs.add(base, line, "", "not a JSON object: "+err.Error())
			continue
		}
		// Names come with stray spaces ("Japanese Mine "); a name is what is left of them.
		rec.Name = strings.TrimSpace(rec.Name)
		if rec.ID == "" || rec.Name == "" {
			errs.add(base, line, "facility_id", "a record needs a facility_id and a name")
			continue
		}
		if _, ok := already[rec.ID]; ok {
			sum.skip("record a curated facility already stands for")
			continue
		}
		iso3 := strings.ToUpper(rec.Country)
		code, ok := alpha3Aliases[iso3]
		if !ok {
			code, ok = countries.Alpha3(iso3)
		}
		if !ok {
			sum.unmapped(fmt.Sprintf("country %q", rec.Country))
			continue
		}
		f := mg.Facility{ID: "gmmfd-" + rec.ID, Name: rec.Name, Country: code, SourceID: src.ID,
			Note: "gmmfd facility_id " + rec.ID}
		if rec.Province != "" {
			f.Note += "; province: " + rec.Province
		}
		typ := rec.PrimaryType
		if typ == "" && len(rec.Types) > 0 {
			typ = rec.Types[0]
		}
		if f.Type, ok = facilityTypes[strings.ToLower(typ)]; !ok {
			sum.unknown(fmt.Sprintf("facility type %q (imported as PROCESSING_PLANT)", typ))
			f.Type = mg.FacilityProcessingPlant
		}
		if f.Status, ok = facilityStatuses[strings.ToLower(rec.Status)]; !ok {
			sum.unknown(fmt.Sprintf("status %q (imported as UNKNOWN)", rec.Status))
			f.Status = mg.StatusUnknown
		}
		f.Precision = mg.PrecisionUnknown
		if loc := rec.Location; loc != nil && loc.Lat != nil && loc.Lon != nil {
			if *loc.Lat < -90 || *loc.Lat > 90 || *loc.Lon < -180 || *loc.Lon > 180 {
				errs.add(base, line, "location", fmt.Sprintf("%s: coordinates %v, %v are off the globe", rec.ID, *loc.Lat, *loc.Lon))
				continue
			}
			f.Latitude, f.Longitude = loc.Lat, loc.Lon
			if f.Precision, ok = facilityPrecisions[strings.ToLower(loc.Precision)]; !ok {
				sum.unknown(fmt.Sprintf("location precision %q (imported as UNKNOWN)", loc.Precision))
				f.Precision = mg.PrecisionUnknown
			}
		}
		seen := map[string]bool{}
		for _, c := range rec.Commodities {
			text := strings.TrimSpace(c.Metal)
			if text == "" {
				continue
			}
			ids := mapper.minerals(text)
			if len(ids) == 0 {
				sum.unknown(fmt.Sprintf("commodity %q", strings.ToLower(text)))
				f.OtherCommodities = append(f.OtherCommodities, text)
			}
			for _, id := range ids {
				if !seen[id] {
					seen[id] = true
					f.Minerals = append(f.Minerals, id)
				}
			}
		}
		operators, owners := rec.Enrichments.Companies.Operators, rec.Enrichments.Companies.Owners
		if len(operators) == 0 && len(owners) == 0 {
			// Without the enrichment, the mentions: by role where they give one, else the first
			// as operator.
			for _, c := range rec.Companies {
				switch strings.ToLower(c.Role) {
				case "operator":
					operators = append(operators, c.Name)
				case "owner":
					owners = append(owners, c.Name)
				}
			}
			if len(operators) == 0 && len(owners) == 0 && len(rec.Companies) > 0 {
				operators = []string{rec.Companies[0].Name}
			}
		}
		if len(operators) > 0 {
			f.OperatorID = orgs.id(strings.TrimSpace(operators[0]))
		}
		for _, o := range owners {
			if o = strings.TrimSpace(o); o != "" {
				f.OwnerIDs = append(f.OwnerIDs, orgs.id(o))
			}
		}
		d.Facilities = append(d.Facilities, f)
		d.remember("facilities", f.ID, base, line)
		sum.Mapped++
	}
	if err := sc.Err(); err != nil {
		errs.add(base, line, "", err.Error())
	}
	if progress != nil {
		progress(line)
	}
	if len(errs) > 0 {
		return nil, sum, errs
	}
	return d, sum, nil
}

// maybeGunzip returns a reader of the decompressed data when in starts with gzip's magic
// bytes, and of in otherwise.
func maybeGunzip(in io.Reader) (io.Reader, error) {
	br := bufio.NewReader(in)
	magic, err := br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}
