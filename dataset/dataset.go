// Package dataset holds mineralgraph's curated knowledge base, in the project's own format
// (CSV files under curated/, each fact with its source and each figure with its year and unit),
// and turns it, or a publisher's file read by an importer (the sub-packages), into a validated
// Dataset of domain values. It knows nothing of Neo4j: the store writes a Dataset into the
// graph.
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
	"unicode"

	"golang.org/x/text/unicode/norm"

	mg "github.com/mineralgraph/mineralgraph"
)

// Dataset is a batch of knowledge. A dataset read from files is self-contained: everything its
// records refer to is in it. A dataset made by an importer may refer to records of the curated
// dataset (see ValidateAgainst), which must then already be in the graph.
type Dataset struct {
	Sources       []mg.Source
	Countries     []mg.Country
	Blocs         []mg.Bloc
	Minerals      []mg.Mineral
	Lists         []mg.CriticalList
	EndUses       []mg.EndUses
	World         []mg.WorldProduction
	Shares        []mg.Share
	Reliance      []mg.Reliance
	Trade         []mg.TradeLink
	Organisations []mg.Organisation
	Facilities    []mg.Facility
	Policies      []mg.Policy

	// origin remembers where each record was read, so that problems found after parsing can
	// name file and line.
	origin map[string]position
	orgs   map[string]bool // ids of Organisations
}

type position struct {
	file string
	line int
}

// where returns the file and line a record of the kind was read from ("", 0 for records built
// in code).
func (d *Dataset) where(kind, id string) (string, int) {
	p, ok := d.origin[kind+"\x00"+id]
	if !ok {
		return kind, 0
	}
	return p.file, p.line
}

func (d *Dataset) remember(kind, id, file string, line int) {
	if d.origin == nil {
		d.origin = map[string]position{}
	}
	d.origin[kind+"\x00"+id] = position{file: file, line: line}
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

// Kinds are the kinds of records of the format, in the order they are read and written:
// records come after the records they refer to. Each kind lives in <kind>.csv and in any
// <kind>-<part>.csv (so that generated parts sit beside hand-written ones).
var Kinds = []string{"sources", "countries", "blocs", "minerals", "lists", "list_members", "end_uses",
	"world", "shares", "reliance", "trade", "facilities", "policies"}

// Read parses a dataset in the project's format from a folder, fills in computed percentages
// and validates the whole. Every problem is reported, with file, line and field, and no data
// is returned when there is any.
func Read(fsys fs.FS) (*Dataset, error) {
	d := &Dataset{}
	var errs Errors
	for _, kind := range Kinds {
		files, err := filesOf(fsys, kind)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			t, err := openTable(fsys, file)
			if err != nil {
				errs.add(file, 0, "", err.Error())
				continue
			}
			if missing := t.missingColumns(columns[kind]); len(missing) > 0 {
				errs.add(file, 1, "", fmt.Sprintf("missing columns %v; the header must be: %s", missing, strings.Join(columns[kind], ",")))
				continue
			}
			d.read(kind, t, &errs)
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
		w, ok := world[WorldID(sh.MineralID, sh.Stage, sh.Year)]
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
		w, ok := world[WorldID(sh.MineralID, sh.Stage, sh.Year)]
		if !ok || w.Amount == nil || *w.Amount <= 0 || w.SourceID != sh.SourceID {
			continue
		}
		if w.Unit != sh.Unit {
			file, line := d.where("shares", sh.ID)
			errs.add(file, line, "unit", fmt.Sprintf("share %s is in %q but the world total is in %q", sh.ID, sh.Unit, w.Unit))
			continue
		}
		total := math.Max(*w.Amount, listed[w.ID])
		pct := math.Round(*sh.Amount/total*1000) / 10
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

// ShareID is the id of the share of a country in a mineral's stage in a year. There is at
// most one figure per such slot; a newer edition of a source replaces an older one.
func ShareID(mineral string, stage mg.Stage, year int, country string) string {
	return fmt.Sprintf("%s/%s/%d/%s", mineral, stage, year, country)
}

// WorldID is the id of the world total of a mineral's stage in a year.
func WorldID(mineral string, stage mg.Stage, year int) string {
	return fmt.Sprintf("%s/%s/%d", mineral, stage, year)
}

// RelianceID is the id of a country's net import reliance for a mineral in a year.
func RelianceID(mineral, importer string, year int) string {
	return fmt.Sprintf("%s/%s/%d", mineral, importer, year)
}

// TradeID is the id of a trade link: one per mineral, pair of countries, period, reporter and
// commodity, so that mirror statistics (the importer's and the exporter's customs) coexist.
func TradeID(l mg.TradeLink) string {
	period := fmt.Sprint(l.YearFrom)
	if l.YearTo != l.YearFrom {
		period += "-" + fmt.Sprint(l.YearTo)
	}
	id := fmt.Sprintf("%s/%s>%s/%s", l.MineralID, l.Exporter, l.Importer, period)
	if l.ReportedBy != "" {
		id += "/by-" + l.ReportedBy
	}
	if l.Commodity != "" {
		id += "/" + Slug(l.Commodity)
	}
	return id
}

// Slug makes a lowercase kebab-case id of a name, dropping accents: "Société Minière de
// Bakwanga" -> "societe-miniere-de-bakwanga".
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r): // a combining accent
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
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
		d.Sources = mergeByID(d.Sources, o.Sources, func(s mg.Source) string { return s.ID })
		d.Countries = mergeByID(d.Countries, o.Countries, func(c mg.Country) string { return c.Code })
		d.Blocs = mergeByID(d.Blocs, o.Blocs, func(b mg.Bloc) string { return b.ID })
		d.Minerals = mergeByID(d.Minerals, o.Minerals, func(m mg.Mineral) string { return m.ID })
		d.Lists = mergeByID(d.Lists, o.Lists, func(l mg.CriticalList) string { return l.ID })
		d.EndUses = mergeByID(d.EndUses, o.EndUses, func(e mg.EndUses) string { return e.MineralID })
		d.World = mergeByID(d.World, o.World, func(w mg.WorldProduction) string { return w.ID })
		d.Shares = mergeByID(d.Shares, o.Shares, func(s mg.Share) string { return s.ID })
		d.Reliance = mergeByID(d.Reliance, o.Reliance, func(r mg.Reliance) string { return r.ID })
		d.Trade = mergeByID(d.Trade, o.Trade, func(t mg.TradeLink) string { return t.ID })
		d.Organisations = mergeByID(d.Organisations, o.Organisations, func(x mg.Organisation) string { return x.ID })
		d.Facilities = mergeByID(d.Facilities, o.Facilities, func(f mg.Facility) string { return f.ID })
		d.Policies = mergeByID(d.Policies, o.Policies, func(p mg.Policy) string { return p.ID })
		for k, p := range o.origin {
			if d.origin == nil {
				d.origin = map[string]position{}
			}
			d.origin[k] = p
		}
		d.orgs = nil
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

// OrganisationID is the id of the organisation with the given name: "org-" and the slug of
// the name, or of its hash when the name has no Latin letters or digits.
func OrganisationID(name string) string {
	if s := Slug(name); s != "" {
		return "org-" + s
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(name)))
	return "org-" + hex.EncodeToString(sum[:6])
}

// organisation returns the id of the organisation with the given name, adding it to the
// dataset the first time it is named.
func (d *Dataset) organisation(name string) string {
	if name == "" {
		return ""
	}
	id := OrganisationID(name)
	if d.orgs == nil {
		d.orgs = map[string]bool{}
		for _, o := range d.Organisations {
			d.orgs[o.ID] = true
		}
	}
	if !d.orgs[id] {
		d.orgs[id] = true
		d.Organisations = append(d.Organisations, mg.Organisation{ID: id, Name: name})
	}
	return id
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
