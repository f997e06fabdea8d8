package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// table is a CSV file of the project's format: a header row naming the columns, then one
// record a line. Lines starting with '#' are comments. Cells are trimmed.
type table struct {
	file    string
	width   int // fields of the header, empty names included
	columns map[string]int
	rows    [][]string
	lines   []int // the line of each row, for error messages
}

func openTable(fsys fs.FS, name string) (*table, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseTable(name, f)
}

func parseTable(name string, in io.Reader) (*table, error) {
	r := csv.NewReader(in)
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
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: not valid CSV: %v", pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("not valid CSV: %w", err)
		}
		line, _ := r.FieldPos(0)
		if header {
			for i, c := range rec {
				name := strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))
				if _, dup := t.columns[name]; !dup {
					t.columns[name] = i
				}
			}
			t.width = len(rec)
			header = false
			continue
		}
		if len(rec) != t.width {
			return nil, fmt.Errorf("line %d: %d fields, the header has %d", line, len(rec), t.width)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

func (t *table) missingColumns(want []string) []string {
	var missing []string
	for _, c := range want {
		if _, ok := t.columns[c]; !ok {
			missing = append(missing, c)
		}
	}
	return missing
}

// row gives typed access to one record; problems are collected into errs with file and line.
type row struct {
	t    *table
	i    int
	errs *Errors
}

func (r row) line() int { return r.t.lines[r.i] }

func (r row) fail(field, format string, args ...any) {
	r.errs.add(r.t.file, r.line(), field, fmt.Sprintf(format, args...))
}

// str returns the cell of column name.
func (r row) str(name string) string { return r.t.rows[r.i][r.t.columns[name]] }

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

func (r row) optInt(name string) *int {
	v := r.str(name)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.fail(name, "%q is not a whole number", v)
		return nil
	}
	return &n
}

// number reads an optional number; empty means unknown (nil). Thousands separators are
// allowed ("1,100,000") since publishers write them.
func (r row) number(name string) *float64 {
	v := strings.ReplaceAll(r.str(name), ",", "")
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !finite(f) {
		r.fail(name, "%q is not a number; leave the cell empty when the figure is unknown", r.str(name))
		return nil
	}
	return &f
}

// finite reports whether f is an ordinary number. strconv.ParseFloat also reads "NaN" and
// "Inf", which are no figure a publisher means, and NaN would pass every range check after
// it, since every comparison with NaN is false.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func (r row) date(name string) *mg.Date {
	v := r.str(name)
	if v == "" {
		return nil
	}
	d, err := mg.ParseDate(v)
	if err != nil {
		r.fail(name, "%q is not a date YYYY-MM-DD; leave it empty when the day is not known", v)
		return nil
	}
	return &d
}

// enum reads a required value that must satisfy valid.
func enum[T ~string](r row, name string, valid func(T) bool, allowed any) T {
	v := T(r.required(name))
	if v != "" && !valid(v) {
		r.fail(name, "unknown value %q; use one of %v", v, allowed)
	}
	return v
}

// list splits a cell on '|'.
func (r row) list(name string) []string {
	v := r.str(name)
	if v == "" {
		return nil
	}
	parts := strings.Split(v, "|")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// id reads a required id and checks that it is a lowercase kebab-case slug.
func (r row) id(name string) string {
	v := r.required(name)
	if v != "" && !validID(v) {
		r.fail(name, "%q: ids are lowercase kebab-case slugs such as \"rare-earths\"", v)
	}
	return v
}

func validID(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (r row) country(name string) string {
	v := r.required(name)
	if v != "" && !mg.ValidCountryCode(v) {
		r.fail(name, "%q is not an ISO 3166-1 alpha-2 code such as \"CN\"", v)
	}
	return v
}
