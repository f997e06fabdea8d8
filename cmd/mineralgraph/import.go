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

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	mg "github.com/mineralgraph/mineralgraph"
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
  usgs-world   USGS MCS world production files (mcs2024-galli_world.csv ...); give several
               editions at once: for each mineral, stage and year the newest edition's
               figures are kept, all of them
  usgs-t5      USGS MCS Table 5 (MCS2025_T5_Critical_Minerals_Salient.csv)
  usgs-fig2    USGS MCS Figure 2 (MCS2025_Fig2_Net_Import_Reliance.csv)
  facilities   Global Mining & Metals Facilities Database (facilities.jsonl or .jsonl.gz)
  comtrade     UN Comtrade CSV extracts; give them all at once: one link per flow and year,
               the importer's report kept where both sides report it

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
	sort.Strings(files) // the order a user gives files in changes nothing
	curated, err := dataset.Curated()
	if err != nil {
		return err
	}
	countries := dataset.NewCountryNames(curated)
	perFile := func(read func(string, io.Reader) (*dataset.Dataset, dataset.Summary, error)) func([]dataset.Input) (*dataset.Dataset, dataset.Summary, error) {
		return func(inputs []dataset.Input) (*dataset.Dataset, dataset.Summary, error) {
			all := &dataset.Dataset{}
			var sum dataset.Summary
			var problems dataset.Errors
			for _, in := range inputs {
				d, s, err := read(in.Name, in)
				sum.Merge(s)
				var errs dataset.Errors
				switch {
				case errors.As(err, &errs):
					problems = append(problems, errs...) // go on, to report every file's problems at once
				case err != nil:
					return nil, sum, err
				default:
					all.Merge(d)
				}
			}
			if len(problems) > 0 {
				return nil, sum, problems
			}
			return all, sum, nil
		}
	}
	importers := map[string]func([]dataset.Input) (*dataset.Dataset, dataset.Summary, error){
		// The world files and the Comtrade extracts are reconciled across files (editions that
		// revise a year, extracts that repeat a row, both sides' reports of one flow), so
		// they are read in one call.
		"usgs-world": func(in []dataset.Input) (*dataset.Dataset, dataset.Summary, error) {
			return dataset.ImportUSGSWorld(in, countries)
		},
		"comtrade": func(in []dataset.Input) (*dataset.Dataset, dataset.Summary, error) {
			return dataset.ImportComtrade(in, countries)
		},
		"usgs-t5": perFile(func(name string, in io.Reader) (*dataset.Dataset, dataset.Summary, error) {
			return dataset.ImportUSGSTable5(name, in, countries)
		}),
		"usgs-fig2": perFile(func(name string, in io.Reader) (*dataset.Dataset, dataset.Summary, error) {
			return dataset.ImportUSGSFig2(name, in, countries)
		}),
		"facilities": perFile(func(name string, in io.Reader) (*dataset.Dataset, dataset.Summary, error) {
			bar := newBar("reading "+name, "lines")
			defer finish(bar)
			return dataset.ImportFacilities(name, in, *snapshot, curated, func(lines int) { _ = bar.Set(lines) })
		}),
	}
	read, ok := importers[kind]
	if !ok {
		return fmt.Errorf("import: unknown KIND %q; see mineralgraph import -h", kind)
	}

	start := time.Now()
	var inputs []dataset.Input
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		inputs = append(inputs, dataset.Input{Name: name, Reader: f})
	}
	all, sum, err := read(inputs)
	if err != nil {
		return err
	}
	if err := sum.Balanced(); err != nil {
		return fmt.Errorf("import %s: %w; this is a bug in the importer, please report it", kind, err)
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
	s, err := server.OpenStore(ctx, cfg, "import")
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	loadStart := time.Now()
	stats, err := loadShowing(ctx, s, all.Records(), "loading")
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

// newBar returns a progress bar of things counted in unit, shown on a terminal only;
// elsewhere (a log, CI) it stays silent, since the summary says the rest. Its total is
// unknown (a spinner) until a count with a total sets it.
func newBar(label, unit string) *progressbar.ProgressBar {
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetVisibility(onTerminal()),
		progressbar.OptionSetDescription(label),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

// loadShowing loads records into s with a progress bar labelled label (on a terminal).
func loadShowing(ctx context.Context, s *store.Store, records *mg.Records, label string) (store.LoadStats, error) {
	bar := newBar(label, "records")
	defer finish(bar)
	return s.Load(ctx, records, progressOn(bar))
}

// progressOn reports a load's progress on bar.
func progressOn(bar *progressbar.ProgressBar) store.Progress {
	return func(done, total int) {
		if bar.GetMax() != total {
			bar.ChangeMax(total)
		}
		_ = bar.Set(done)
	}
}

// finish ends the bar's line, where it was shown.
func finish(bar *progressbar.ProgressBar) {
	if onTerminal() {
		_ = bar.Exit()
		fmt.Fprintln(os.Stderr)
	}
}

// onTerminal reports whether standard error is a terminal: progress is drawn there, and a
// log file gets the summary only.
func onTerminal() bool { return term.IsTerminal(int(os.Stderr.Fd())) }
