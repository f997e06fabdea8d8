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
	for _, kind := range Kinds {
		rows := d.rows(kind)
		if len(rows) == 0 {
			continue
		}
		path := filepath.Join(dir, kind+"-"+part+".csv")
		if err := writeCSV(path, header, columns[kind], rows); err != nil {
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

// rows renders the records of one kind in the column order of columns[kind].
func (d *Dataset) rows(kind string) [][]string {
	var out [][]string
	orgName := map[string]string{}
	for _, o := range d.Organisations {
		orgName[o.ID] = o.Name
	}
	switch kind {
	case "sources":
		for _, s := range d.Sources {
			out = append(out, []string{s.ID, s.Publisher, s.Title, strconv.Itoa(s.Year), s.URL, s.Note})
		}
	case "countries":
		for _, c := range d.Countries {
			out = append(out, []string{c.Code, c.Alpha3, c.Name, strings.Join(c.Aliases, "|")})
		}
	case "blocs":
		for _, b := range d.Blocs {
			out = append(out, []string{b.ID, b.Name, strings.Join(b.Members, "|"), b.SourceID, b.Note})
		}
	case "minerals":
		for _, m := range d.Minerals {
			out = append(out, []string{m.ID, m.Name, m.Symbol, m.GroupID, yesNo(m.IsGroup)})
		}
	case "lists":
		for _, l := range d.Lists {
			out = append(out, []string{l.ID, l.Name, l.Issuer, strconv.Itoa(l.Year), l.URL, l.SourceID, l.Note})
		}
	case "list_members":
		for _, l := range d.Lists {
			for _, m := range l.Members {
				out = append(out, []string{l.ID, m, ""})
			}
		}
	case "end_uses":
		for _, e := range d.EndUses {
			out = append(out, []string{e.MineralID, e.Text, e.SourceID})
		}
	case "world":
		for _, w := range d.World {
			out = append(out, []string{w.MineralID, string(w.Stage), strconv.Itoa(w.Year), num(w.Amount), w.Unit, w.Basis, w.SourceID, w.Note})
		}
	case "shares":
		for _, s := range d.Shares {
			pct := ""
			if s.PercentBasis == mg.PercentPublished { // computed percentages are computed again on reading
				pct = num(s.Percent)
			}
			out = append(out, []string{s.MineralID, string(s.Stage), strconv.Itoa(s.Year), s.CountryCode, num(s.Amount), s.Unit, pct, s.Basis, s.SourceID, s.Note})
		}
	case "reliance":
		for _, r := range d.Reliance {
			out = append(out, []string{r.MineralID, r.Importer, strconv.Itoa(r.Year), r.Value, r.Commodity, r.SourceID, r.Note})
		}
	case "trade":
		for _, t := range d.Trade {
			rank := ""
			if t.Rank != nil {
				rank = strconv.Itoa(*t.Rank)
			}
			out = append(out, []string{t.MineralID, string(t.Kind), t.Exporter, t.Importer, strconv.Itoa(t.YearFrom), strconv.Itoa(t.YearTo), rank,
				num(t.ValueUSD), num(t.Quantity), t.QuantityUnit, num(t.ImportShare), t.Commodity, t.ReportedBy, t.SourceID, t.Note})
		}
	case "facilities":
		for _, f := range d.Facilities {
			owners := make([]string, len(f.OwnerIDs))
			for i, id := range f.OwnerIDs {
				owners[i] = orgName[id]
			}
			out = append(out, []string{f.ID, f.Name, string(f.Type), f.Country, num(f.Latitude), num(f.Longitude), string(f.Precision),
				strings.Join(f.Minerals, "|"), strings.Join(f.OtherCommodities, "|"), string(f.Status), f.StatusSourceID, optInt(f.StatusYear),
				orgName[f.OperatorID], strings.Join(owners, "|"), num(f.Capacity), f.CapacityUnit, f.CapacitySourceID, optInt(f.CapacityYear),
				f.SourceID, f.SourceURL, f.Note})
		}
	case "policies":
		for _, p := range d.Policies {
			links := make([]string, len(p.Links))
			for i, l := range p.Links {
				links[i] = string(l.Relation) + ":" + l.PolicyID
			}
			out = append(out, []string{p.ID, p.Title, string(p.Type), p.Issuer, strings.Join(p.Minerals, "|"),
				strings.Join(p.AffectedCountries, "|"), date(p.Announced), date(p.Effective), date(p.Suspended), date(p.Expires),
				strings.Join(links, "|"), p.Summary, p.SourceID, p.Note})
		}
	}
	return out
}
