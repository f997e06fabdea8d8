// Package dataset holds mineralgraph's curated knowledge base, in the project's own format
// (CSV files under curated/, each figure with its source, year and unit), and turns it, or a
// publisher's file read by an importer, into a validated Dataset of domain values. It knows
// nothing of Neo4j: the store writes a Dataset into the graph.
package dataset

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Dataset is a self-contained batch of knowledge: everything its figures refer to is either in
// it or already in the graph (see Validate).
type Dataset struct {
	Sources   []mg.Source
	Countries []mg.Country
	Minerals  []mg.Mineral
	World     []mg.WorldProduction
	Shares    []mg.Share

	// lines remembers where each record was read, so that Validate can name file and line.
	lines map[string]int
}

// at returns the line of the record with the given id in file, or 0 (for datasets built in
// code rather than read from files).
func (d *Dataset) at(file, id string) int { return d.lines[file+"\x00"+id] }

func (d *Dataset) remember(file, id string, line int) {
	if d.lines == nil {
		d.lines = map[string]int{}
	}
	d.lines[file+"\x00"+id] = line
}

//go:embed curated/*.csv
var curatedFS embed.FS

// Curated returns the curated dataset shipped with mineralgraph, parsed and validated.
func Curated() (*Dataset, error) {
	sub, err := fs.Sub(curatedFS, "curated")
	if err != nil {
		return nil, err
	}
	return Read(sub)
}

// Read parses a dataset in the project's format from a folder holding sources.csv,
// countries.csv, minerals.csv, world.csv and shares.csv (any of them may be absent), fills in
// computed percentages and validates the whole. Errors name the file, line and field.
func Read(fsys fs.FS) (*Dataset, error) {
	d := &Dataset{}
	var errs Errors
	readers := []struct {
		file string
		read func(*table, *Errors)
	}{
		{"sources.csv", d.readSources},
		{"countries.csv", d.readCountries},
		{"minerals.csv", d.readMinerals},
		{"world.csv", d.readWorld},
		{"shares.csv", d.readShares},
	}
	for _, r := range readers {
		t, err := openTable(fsys, r.file)
		if err != nil {
			errs.add(r.file, 0, "", err.Error())
			continue
		}
		if t == nil { // absent file
			continue
		}
		r.read(t, &errs)
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

// ComputePercents fills in the percent of every share whose source gives the amount but not
// the percentage, dividing by the world total of the same mineral, stage and year that the
// same source reports (never by the sum of the rows shown). A share with no such total keeps
// an unknown percent. The result is rounded to one decimal.
func (d *Dataset) ComputePercents() error {
	world := make(map[string]mg.WorldProduction, len(d.World))
	for _, w := range d.World {
		world[w.ID] = w
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
			errs.add("shares.csv", d.at("shares.csv", sh.ID), "unit", fmt.Sprintf("share %s is in %q but the world total is in %q", sh.ID, sh.Unit, w.Unit))
			continue
		}
		pct := math.Round(*sh.Amount / *w.Amount * 1000) / 10
		sh.Percent = &pct
		sh.PercentBasis = mg.PercentComputed
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Validate checks the dataset on its own: unique ids, every reference resolved within it,
// stages known, percentages within 0-100, every figure with a source, a year and a unit.
func (d *Dataset) Validate() error {
	var errs Errors
	sources := map[string]bool{}
	for _, s := range d.Sources {
		if sources[s.ID] {
			errs.add("sources.csv", d.at("sources.csv", s.ID), "id", fmt.Sprintf("source %q is listed twice", s.ID))
		}
		sources[s.ID] = true
	}
	countries := map[string]bool{}
	for _, c := range d.Countries {
		if countries[c.Code] {
			errs.add("countries.csv", d.at("countries.csv", c.Code), "code", fmt.Sprintf("country %q is listed twice", c.Code))
		}
		countries[c.Code] = true
	}
	minerals := map[string]mg.Mineral{}
	for _, m := range d.Minerals {
		if _, dup := minerals[m.ID]; dup {
			errs.add("minerals.csv", d.at("minerals.csv", m.ID), "id", fmt.Sprintf("mineral %q is listed twice", m.ID))
		}
		minerals[m.ID] = m
	}
	for _, m := range d.Minerals {
		if m.GroupID == "" {
			continue
		}
		if g, ok := minerals[m.GroupID]; !ok || !g.IsGroup {
			errs.add("minerals.csv", d.at("minerals.csv", m.ID), "group", fmt.Sprintf("mineral %q names group %q, which is not a mineral marked as a group", m.ID, m.GroupID))
		}
	}
	figure := func(file, id, mineral string, stage mg.Stage, year int, amount *float64, unit, source string) {
		line := d.at(file, id)
		if _, ok := minerals[mineral]; !ok {
			errs.add(file, line, "mineral", fmt.Sprintf("%s: unknown mineral %q", id, mineral))
		}
		if !stage.Valid() {
			errs.add(file, line, "stage", fmt.Sprintf("%s: unknown stage %q", id, stage))
		}
		if year < 1900 || year > 2100 {
			errs.add(file, line, "year", fmt.Sprintf("%s: implausible year %d", id, year))
		}
		if amount != nil && unit == "" {
			errs.add(file, line, "unit", fmt.Sprintf("%s: an amount needs a unit", id))
		}
		if !sources[source] {
			errs.add(file, line, "source", fmt.Sprintf("%s: unknown source %q", id, source))
		}
	}
	seen := map[string]bool{}
	for _, w := range d.World {
		figure("world.csv", w.ID, w.MineralID, w.Stage, w.Year, w.Amount, w.Unit, w.SourceID)
		if seen[w.ID] {
			errs.add("world.csv", d.at("world.csv", w.ID), "", fmt.Sprintf("%s is listed twice", w.ID))
		}
		seen[w.ID] = true
	}
	for _, s := range d.Shares {
		figure("shares.csv", s.ID, s.MineralID, s.Stage, s.Year, s.Amount, s.Unit, s.SourceID)
		if !countries[s.CountryCode] {
			errs.add("shares.csv", d.at("shares.csv", s.ID), "country", fmt.Sprintf("%s: unknown country %q", s.ID, s.CountryCode))
		}
		if s.Percent != nil && (*s.Percent < 0 || *s.Percent > 100) {
			errs.add("shares.csv", d.at("shares.csv", s.ID), "percent", fmt.Sprintf("%s: percent %v is outside 0-100", s.ID, *s.Percent))
		}
		if s.Percent == nil && s.Amount == nil {
			errs.add("shares.csv", d.at("shares.csv", s.ID), "", fmt.Sprintf("%s: neither an amount nor a percent; leave unknown figures out", s.ID))
		}
		if seen[s.ID] {
			errs.add("shares.csv", d.at("shares.csv", s.ID), "", fmt.Sprintf("%s is listed twice", s.ID))
		}
		seen[s.ID] = true
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

// References lists ids that records of a dataset refer to.
type References struct {
	Minerals, Countries, Sources []string
}

// ExternalReferences returns the ids that d's records refer to but d does not define; they
// must already be in the graph when d is loaded. A dataset read by Read has none.
func (d *Dataset) ExternalReferences() References {
	defined := map[string]bool{}
	for _, s := range d.Sources {
		defined["s:"+s.ID] = true
	}
	for _, c := range d.Countries {
		defined["c:"+c.Code] = true
	}
	for _, m := range d.Minerals {
		defined["m:"+m.ID] = true
	}
	var refs References
	need := func(kind, id string, into *[]string) {
		if id != "" && !defined[kind+id] {
			defined[kind+id] = true // report each once
			*into = append(*into, id)
		}
	}
	for _, m := range d.Minerals {
		need("m:", m.GroupID, &refs.Minerals)
	}
	for _, w := range d.World {
		need("m:", w.MineralID, &refs.Minerals)
		need("s:", w.SourceID, &refs.Sources)
	}
	for _, s := range d.Shares {
		need("m:", s.MineralID, &refs.Minerals)
		need("c:", s.CountryCode, &refs.Countries)
		need("s:", s.SourceID, &refs.Sources)
	}
	return refs
}
