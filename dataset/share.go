package dataset

import (
	"strconv"

	mg "github.com/mineralgraph/mineralgraph"
)

// Shares: shares.csv, a country's production of a mineral at a stage in a year. A percent
// the source does not state is computed on reading (ComputePercents), and left out on
// writing so that it is computed again.
func init() {
	register(kind{name: "shares", order: 90,
		columns: []string{"mineral", "stage", "year", "country", "amount", "unit", "percent", "basis", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			s := mg.Share{
				MineralID: r.str("mineral"), Stage: enum(r, "stage", mg.Stage.Valid, mg.Stages), Year: r.int("year"),
				CountryCode: r.str("country"), Amount: r.number("amount"), Unit: r.str("unit"),
				Percent: r.number("percent"), Basis: r.str("basis"), Note: r.str("note"), SourceID: r.str("source"),
			}
			if s.Percent != nil {
				s.PercentBasis = mg.PercentPublished
			}
			s.ID = mg.ShareID(s.MineralID, s.Stage, s.Year, s.CountryCode)
			d.Shares = append(d.Shares, s)
			return s.ID
		},
		rows: rowsOf(func(d *Dataset) []mg.Share { return d.Shares }, func(_ *Dataset, s mg.Share) []string {
			pct := ""
			if s.PercentBasis == mg.PercentPublished {
				pct = num(s.Percent)
			}
			return []string{s.MineralID, string(s.Stage), strconv.Itoa(s.Year), s.CountryCode, num(s.Amount), s.Unit, pct, s.Basis, s.SourceID, s.Note}
		}),
		each:  eachOf(func(d *Dataset) []mg.Share { return d.Shares }, func(s mg.Share) string { return s.ID }, mg.Share.References, mg.Share.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.Share { return &d.Shares }, func(s mg.Share) string { return s.ID }),
	})
}
