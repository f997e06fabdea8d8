// Package dataset holds mineralgraph's curated knowledge base, in the project's own format
// (CSV files under curated/, each fact with its source and each figure with its year and unit),
// and turns it, or a publisher's file read by an importer (the sub-packages), into a validated
// Dataset of domain records. It knows nothing of Neo4j nor of the store: a command hands the
// store a Dataset's Records to write into the graph.
package dataset

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Dataset is a batch of knowledge: the domain's records as this package reads and writes
// them. A dataset read from files is self-contained: everything its records refer to is in
// it. A dataset made by an importer may refer to records of the curated dataset (see
// ValidateAgainst), which must then already be in the graph.
type Dataset mg.Records

// Records returns the dataset as the domain's records (the same values, not a copy), for the
// store to load.
func (d *Dataset) Records() *mg.Records { return (*mg.Records)(d) }

// where returns the file and line a record of the kind was read from (the kind and 0 for
// records built in code).
func (d *Dataset) where(kind, id string) (string, int) {
	p, ok := d.Origins[kind+"\x00"+id]
	if !ok {
		return kind, 0
	}
	return p.File, p.Line
}

func (d *Dataset) remember(kind, id, file string, line int) {
	if d.Origins == nil {
		d.Origins = map[string]mg.Origin{}
	}
	d.Origins[kind+"\x00"+id] = mg.Origin{File: file, Line: line}
}

//go:embed curated/*.csv
var curatedFS embed.FS

// CuratedFingerprint is a digest of the curated files shipped with this build: equal
// fingerprints mean equal files.
func CuratedFingerprint() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(curatedFS, "curated", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := curatedFS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// Curated returns the curated dataset shipped with mineralgraph, parsed and validated.
func Curated() (*Dataset, error) {
	sub, err := fs.Sub(curatedFS, "curated")
	if err != nil {
		return nil, err
	}
	return Read(sub)
}

// Read parses a dataset in the project's format from a folder, fills in computed percentages
// and validates the whole. Every problem is reported, with file, line and field, and no data
// is returned when there is any.
func Read(fsys fs.FS) (*Dataset, error) {
	d := &Dataset{}
	orgs := newOrganisations(d)
	var errs Errors
	for _, k := range kinds {
		files, err := filesOf(fsys, k.name)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			t, err := openTable(fsys, file)
			if err != nil {
				errs.add(file, 0, "", err.Error())
				continue
			}
			if missing := t.missingColumns(k.columns); len(missing) > 0 {
				errs.add(file, 1, "", fmt.Sprintf("missing columns %v; the header must be: %s", missing, strings.Join(k.columns, ",")))
				continue
			}
			d.read(k, t, orgs, &errs)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := d.ComputePercents(); err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// filesOf lists <kind>.csv and <kind>-*.csv in fsys, sorted.
func filesOf(fsys fs.FS, kind string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if n == kind+".csv" || strings.HasPrefix(n, kind+"-") && strings.HasSuffix(n, ".csv") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// ComputePercents fills in the percent of every share whose source gives the amount but not
// the percentage, dividing by the world total of the same mineral, stage and year that the
// same source reports, not by the sum of the rows shown, except where that sum exceeds the
// total: USGS rounds its world totals (350,000 t of rare earths mined in 2023, against
// 353,240 t in the countries it lists), and percents of a rounded total would add up past 100
// (vanadium 2023 to 103.5). A share with no such total keeps an unknown percent. The result
// is rounded to one decimal.
func (d *Dataset) ComputePercents() error {
	world := make(map[string]mg.WorldProduction, len(d.World))
	for _, w := range d.World {
		world[w.ID] = w
	}
	// The listed countries' amounts by world total, in the total's unit and source (each share
	// once, by id, should a file list it twice).
	listed, counted := map[string]float64{}, map[string]bool{}
	for _, sh := range d.Shares {
		w, ok := world[mg.WorldID(sh.MineralID, sh.Stage, sh.Year)]
		if ok && !counted[sh.ID] && sh.Amount != nil && sh.Percent == nil && w.SourceID == sh.SourceID && w.Unit == sh.Unit {
			listed[w.ID] += *sh.Amount
			counted[sh.ID] = true
		}
	}
	var errs Errors
	for i := range d.Shares {
		sh := &d.Shares[i]
		if sh.Percent != nil || sh.Amount == nil {
			continue
		}
		w, ok := world[mg.WorldID(sh.MineralID, sh.Stage, sh.Year)]
		if !ok || w.Amount == nil || *w.Amount <= 0 || w.SourceID != sh.SourceID {
			continue
		}
		if w.Unit != sh.Unit {
			file, line := d.where("shares", sh.ID)
			errs.add(file, line, "unit", fmt.Sprintf("share %s is in %q but the world total is in %q", sh.ID, sh.Unit, w.Unit))
			continue
		}
		total := math.Max(*w.Amount, listed[w.ID])
		pct := mg.ComputedPercent(*sh.Amount, total)
		if pct > 100 {
			file, line := d.where("shares", sh.ID)
			errs.add(file, line, "amount", fmt.Sprintf("share %s: %v %s is more than the world total %v", sh.ID, *sh.Amount, sh.Unit, *w.Amount))
			continue
		}
		sh.Percent = &pct
		sh.PercentBasis = mg.PercentComputed
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// addSource adds src to the dataset unless a source with its id is there, and returns its id.
func (d *Dataset) addSource(src mg.Source) string {
	for _, s := range d.Sources {
		if s.ID == src.ID {
			return src.ID
		}
	}
	d.Sources = append(d.Sources, src)
	return src.ID
}

// Merge appends the records of others to d. Records of the same kind with the same id are
// kept once: a later dataset's record replaces an earlier one's (import older editions first,
// so that revised figures win).
func (d *Dataset) Merge(others ...*Dataset) {
	for _, o := range others {
		for _, k := range kinds {
			if k.merge != nil {
				k.merge(d, o)
			}
		}
		// Organisations are no kind of the format: the facilities that name them bring them.
		d.Organisations = mergeByID(d.Organisations, o.Organisations, func(x mg.Organisation) string { return x.ID })
		for k, p := range o.Origins {
			if d.Origins == nil {
				d.Origins = map[string]mg.Origin{}
			}
			d.Origins[k] = p
		}
	}
}

func mergeByID[T any](into, from []T, id func(T) string) []T {
	at := make(map[string]int, len(into))
	for i, x := range into {
		at[id(x)] = i
	}
	for _, x := range from {
		if i, ok := at[id(x)]; ok {
			into[i] = x
			continue
		}
		at[id(x)] = len(into)
		into = append(into, x)
	}
	return into
}

// organisations finds organisations by id as a reader names them, so that each is added to
// the dataset once however many rows name it.
type organisations struct {
	d   *Dataset
	ids map[string]bool
}

func newOrganisations(d *Dataset) *organisations {
	o := &organisations{d: d, ids: map[string]bool{}}
	for _, x := range d.Organisations {
		o.ids[x.ID] = true
	}
	return o
}

// id returns the id of the organisation with the given name, adding it to the dataset the
// first time it is named.
func (o *organisations) id(name string) string {
	if name == "" {
		return ""
	}
	id := mg.OrganisationID(name)
	if !o.ids[id] {
		o.ids[id] = true
		o.d.Organisations = append(o.d.Organisations, mg.Organisation{ID: id, Name: name})
	}
	return id
}

// orgNames returns how the dataset writes the organisation a record names by its id: by the
// organisation's name where the dataset holds it and, where the record came without it (built
// in code, not read), by the words of its id, which read back to the same id
// (mg.OrganisationID), so that the link survives a write and a read; "" for no id. An id
// that no name reads back to is an error: writing it would lose or change the link.
func orgNames(d *Dataset) func(id string) (string, error) {
	names := make(map[string]string, len(d.Organisations))
	for _, o := range d.Organisations {
		names[o.ID] = o.Name
	}
	return func(id string) (string, error) {
		if id == "" {
			return "", nil
		}
		if name, ok := names[id]; ok && name != "" {
			return name, nil
		}
		name := strings.ReplaceAll(strings.TrimPrefix(id, "org-"), "-", " ")
		if mg.OrganisationID(name) != id {
			return "", fmt.Errorf("%q is not an organisation id (org- and the slug of a name), and the dataset holds no organisation by it", id)
		}
		return name, nil
	}
}

// Error is one problem in a dataset file.
type Error struct {
	File  string
	Line  int // 1-based line in File; 0 when the problem is not tied to a line
	Field string
	Msg   string
}

func (e Error) String() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": %s", e.Field)
	}
	fmt.Fprintf(&b, ": %s", e.Msg)
	return b.String()
}

// Errors lists every problem found in a dataset, so that a user can fix a file in one pass.
// It is an EINVALID domain error.
type Errors []Error

func (es *Errors) add(file string, line int, field, msg string) {
	*es = append(*es, Error{File: file, Line: line, Field: field, Msg: msg})
}

func (es Errors) Error() string {
	sorted := append(Errors(nil), es...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].File != sorted[j].File {
			return sorted[i].File < sorted[j].File
		}
		return sorted[i].Line < sorted[j].Line
	})
	lines := make([]string, 0, len(sorted)+1)
	lines = append(lines, fmt.Sprintf("dataset: %d problem(s); nothing was written", len(es)))
	for i, e := range sorted {
		if i == 50 {
			lines = append(lines, fmt.Sprintf("... and %d more", len(sorted)-50))
			break
		}
		lines = append(lines, "  "+e.String())
	}
	return strings.Join(lines, "\n")
}

// Unwrap makes Errors an EINVALID domain error for errors.As and mineralgraph.Code.
func (es Errors) Unwrap() error { return mg.Invalid("the dataset has %d problem(s)", len(es)) }
