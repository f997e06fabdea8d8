package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

const importUsage = `usage: mineralgraph import [flags] KIND FILE...

Reads publishers' files, maps them to the graph's ids, validates everything (nothing is
written if any file has a problem: each is reported with file, line and field), then loads
the result into $NEO4J_URI, or writes it in the project's CSV format with -out. Loading twice
changes nothing the second time. The summary says what was read, mapped, left unmapped and
skipped; the load says what was created, updated and left unchanged.

KIND is one of:
  usgs-world   USGS MCS world production files (mcs2024-galli_world.csv ...); give older
               editions too and newer figures win
  usgs-t5      USGS MCS Table 5 (MCS2025_T5_Critical_Minerals_Salient.csv)
  usgs-fig2    USGS MCS Figure 2 (MCS2025_Fig2_Net_Import_Reliance.csv)
  facilities   Global Mining & Metals Facilities Database (facilities.jsonl or .jsonl.gz)
  comtrade     UN Comtrade CSV extracts

Flags:
`

func runImport(ctx context.Context, args []string, cfg server.Config) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	out := fs.String("out", "", "write the result as CSV files into this folder instead of loading it")
	part := fs.String("part", "", "name part of the files -out writes (<kind>-<part>.csv); default: KIND")
	dryRun := fs.Bool("dry-run", false, "read and validate only")
	snapshot := fs.String("snapshot", "2026-02-17", "facilities: the database snapshot's date, YYYY-MM-DD")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), importUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 2 {
		fs.Usage()
		return errors.New("import: give a KIND and at least one FILE")
	}
	kind, files := fs.Arg(0), fs.Args()[1:]
	sort.Strings(files) // mcs2023 before mcs2024: newer editions' figures win
	curated, err := dataset.Curated()
	if err != nil {
		return err
	}
	countries := dataset.NewCountryNames(curated)
	read := func(name string, in io.Reader) (*dataset.Dataset, dataset.Summary, error) {
		switch kind {
		case "usgs-world":
			return dataset.ImportUSGSWorld(name, in, countries)
		case "usgs-t5":
			return dataset.ImportUSGSTable5(name, in, countries)
		case "usgs-fig2":
			return dataset.ImportUSGSFig2(name, in, countries)
		case "comtrade":
			return dataset.ImportComtrade(name, in, countries)
		case "facilities":
			bar := newBar("reading "+name, 0)
			defer bar.done()
			return dataset.ImportFacilities(name, in, *snapshot, curated, func(lines int) { bar.set(lines, 0, "lines") })
		}
		return nil, dataset.Summary{}, fmt.Errorf("import: unknown KIND %q; see mineralgraph import -h", kind)
	}

	start := time.Now()
	all := &dataset.Dataset{}
	var sum dataset.Summary
	var problems dataset.Errors
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		d, s, err := read(name, f)
		f.Close()
		sum.Merge(s)
		var errs dataset.Errors
		switch {
		case errors.As(err, &errs):
			problems = append(problems, errs...) // go on, to report every file's problems at once
		case err != nil:
			return err
		default:
			all.Merge(d)
		}
	}
	if len(problems) > 0 {
		return problems
	}
	if err := all.ValidateAgainst(curated); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "import %s: %s\nread and validated in %s\n", kind, sum, time.Since(start).Round(time.Millisecond))

	switch {
	case *dryRun:
		return nil
	case *out != "":
		name := *part
		if name == "" {
			name = kind
		}
		written, err := all.Write(*out, name, fmt.Sprintf("Written by `mineralgraph import %s` from: %s", kind, strings.Join(baseNames(files), ", ")))
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "wrote %s\n", strings.Join(written, ", "))
		return nil
	}
	openCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	s, err := store.Open(openCtx, cfg.Neo4j)
	cancel()
	if err != nil {
		return fmt.Errorf("import: cannot reach Neo4j at %s: %w", cfg.Neo4j.URI, err)
	}
	defer s.Close(context.Background())
	loadStart := time.Now()
	bar := newBar("loading", 0)
	stats, err := s.Load(ctx, all, func(done, total int) { bar.set(done, total, "records") })
	bar.done()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	fmt.Fprintf(os.Stderr, "loaded into %s in %s\n%s", cfg.Neo4j.URI, time.Since(loadStart).Round(time.Millisecond), stats)
	return nil
}

func baseNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		parts := strings.Split(p, string(os.PathSeparator))
		out[i] = parts[len(parts)-1]
	}
	return out
}

// bar is a progress bar on a terminal; elsewhere (a log, CI) it stays silent, since the
// summary says the rest.
type bar struct {
	label string
	on    bool
	last  time.Time
}

func newBar(label string, _ int) *bar {
	return &bar{label: label, on: isTerminal(os.Stderr)}
}

func (b *bar) set(done, total int, unit string) {
	if !b.on || time.Since(b.last) < 100*time.Millisecond && done != total {
		return
	}
	b.last = time.Now()
	if total <= 0 {
		fmt.Fprintf(os.Stderr, "\r%s: %d %s", b.label, done, unit)
		return
	}
	const width = 30
	filled := width * done / total
	fmt.Fprintf(os.Stderr, "\r%s [%s%s] %d/%d %s", b.label, strings.Repeat("#", filled), strings.Repeat("-", width-filled), done, total, unit)
}

func (b *bar) done() {
	if b.on {
		fmt.Fprintln(os.Stderr)
	}
}
