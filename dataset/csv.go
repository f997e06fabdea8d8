package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// table is a CSV file of the project's format: a header row naming the columns, then one
// record a line. Lines starting with '#' are comments. Cells are trimmed.
type table struct {
	file    string
	columns map[string]int
	rows    [][]string
	lines   []int // the line of each row, for error messages
}

func openTable(fsys fs.FS, name string) (*table, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	t := &table{file: name, columns: map[string]int{}}
	header := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not valid CSV: %w", err)
		}
		line, _ := r.FieldPos(0)
		if header {
			for i, c := range rec {
				t.columns[strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))] = i
			}
			header = false
			continue
		}
		if len(rec) != len(t.columns) {
			return nil, fmt.Errorf("line %d: %d fields, the header has %d", line, len(rec), len(t.columns))
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

// row gives typed access to one record; problems are collected into errs with file and line.
type row struct {
	t    *table
	i    int
	errs *Errors
}

func (t *table) each(errs *Errors, fn func(r row)) {
	for i := range t.rows {
		fn(row{t: t, i: i, errs: errs})
	}
}

func (r row) line() int { return r.t.lines[r.i] }

func (r row) fail(field, format string, args ...any) {
	r.errs.add(r.t.file, r.line(), field, fmt.Sprintf(format, args...))
}

// str returns the cell of column name ("" when the file has no such column).
func (r row) str(name string) string {
	i, ok := r.t.columns[name]
	if !ok {
		return ""
	}
	return r.t.rows[r.i][i]
}

// required returns the cell, reporting it when empty.
func (r row) required(name string) string {
	v := r.str(name)
	if v == "" {
		r.fail(name, "is required")
	}
	return v
}

func (r row) int(name string) int {
	v := r.required(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.fail(name, "%q is not a whole number", v)
	}
	return n
}

// number reads an optional number; empty means unknown (nil). Thousands separators are
// allowed ("1,100,000") since publishers write them.
func (r row) number(name string) *float64 {
	v := strings.ReplaceAll(r.str(name), ",", "")
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		r.fail(name, "%q is not a number; leave the cell empty when the figure is unknown", r.str(name))
		return nil
	}
	return &f
}

func (r row) stage(name string) mg.Stage {
	s := mg.Stage(r.required(name))
	if s != "" && !s.Valid() {
		r.fail(name, "unknown stage %q; use one of %v", s, mg.Stages)
	}
	return s
}

// list splits a cell on '|'.
func (r row) list(name string) []string {
	v := r.str(name)
	if v == "" {
		return nil
	}
	parts := strings.Split(v, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func (d *Dataset) readSources(t *table, errs *Errors) {
	t.each(errs, func(r row) {
		src := mg.Source{
			ID: r.required("id"), Publisher: r.required("publisher"), Title: r.required("title"),
			Year: r.int("year"), URL: r.str("url"), Note: r.str("note"),
		}
		d.remember(t.file, src.ID, r.line())
		d.Sources = append(d.Sources, src)
	})
}

func (d *Dataset) readCountries(t *table, errs *Errors) {
	t.each(errs, func(r row) {
		c := mg.Country{Code: r.required("code"), Alpha3: r.str("alpha3"), Name: r.required("name"), Aliases: r.list("aliases")}
		if c.Code != "" && !mg.ValidCountryCode(c.Code) {
			r.fail("code", "%q is not an ISO 3166-1 alpha-2 code", c.Code)
		}
		d.remember(t.file, c.Code, r.line())
		d.Countries = append(d.Countries, c)
	})
}

func (d *Dataset) readMinerals(t *table, errs *Errors) {
	t.each(errs, func(r row) {
		m := mg.Mineral{ID: r.required("id"), Name: r.required("name"), Symbol: r.str("symbol"), GroupID: r.str("group")}
		switch r.str("is_group") {
		case "", "false":
		case "true":
			m.IsGroup = true
		default:
			r.fail("is_group", "write true, false or nothing")
		}
		if m.ID != strings.ToLower(m.ID) || strings.ContainsAny(m.ID, " _/") {
			r.fail("id", "%q: mineral ids are lowercase slugs such as \"rare-earths\"", m.ID)
		}
		d.remember(t.file, m.ID, r.line())
		d.Minerals = append(d.Minerals, m)
	})
}

func (d *Dataset) readWorld(t *table, errs *Errors) {
	t.each(errs, func(r row) {
		w := mg.WorldProduction{
			MineralID: r.required("mineral"), Stage: r.stage("stage"), Year: r.int("year"),
			Amount: r.number("amount"), Unit: r.str("unit"), Basis: r.str("basis"), Note: r.str("note"),
			SourceID: r.required("source"),
		}
		if w.Amount == nil && w.Note == "" {
			r.fail("amount", "is empty: say in note why the total is unknown (e.g. USGS reports NA)")
		}
		w.ID = WorldID(w.MineralID, w.Stage, w.Year)
		d.remember(t.file, w.ID, r.line())
		d.World = append(d.World, w)
	})
}

func (d *Dataset) readShares(t *table, errs *Errors) {
	t.each(errs, func(r row) {
		s := mg.Share{
			MineralID: r.required("mineral"), Stage: r.stage("stage"), Year: r.int("year"),
			CountryCode: r.required("country"), Amount: r.number("amount"), Unit: r.str("unit"),
			Percent: r.number("percent"), Basis: r.str("basis"), Note: r.str("note"), SourceID: r.required("source"),
		}
		if s.Percent != nil {
			s.PercentBasis = mg.PercentPublished
		}
		s.ID = ShareID(s.MineralID, s.Stage, s.Year, s.CountryCode)
		d.remember(t.file, s.ID, r.line())
		d.Shares = append(d.Shares, s)
	})
}
