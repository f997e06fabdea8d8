package dataset

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Write saves d in the project's format into dir, one file per kind that has records, named
// <kind>-<part>.csv (so that it sits beside the curated files without replacing them). Read
// reads it back into the same dataset. header is written as a comment at the top of each file.
func (d *Dataset) Write(dir, part, header string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, k := range kinds {
		rows, err := k.rows(d)
		if err != nil {
			return written, fmt.Errorf("%s: %w", k.name, err)
		}
		if len(rows) == 0 {
			continue
		}
		path := filepath.Join(dir, k.name+"-"+part+".csv")
		if err := writeCSV(path, header, k.columns, rows); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

func writeCSV(path, header string, cols []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		if line != "" {
			fmt.Fprintf(f, "# %s\n", line)
		}
	}
	w := csv.NewWriter(f)
	_ = w.Write(cols)
	_ = w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func num(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func date(d *mg.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func yesNo(b bool) string {
	if b {
		return "true"
	}
	return ""
}
