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
				MineralID: r.required("mineral"), Stage: enum(r, "stage", mg.Stage.Valid, mg.Stages), Year: r.int("year"),
				CountryCode: r.country("country"), Amount: r.number("amount"), Unit: r.str("unit"),
				Percent: r.number("percent"), Basis: r.str("basis"), Note: r.str("note"), SourceID: r.required("source"),
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
		each: eachOf(func(d *Dataset) []mg.Share { return d.Shares }, func(s mg.Share) string { return s.ID }, mg.Share.References, false),
		check: func(v *validator) {
			for _, s := range v.d.Shares {
				v.figure("shares", s.ID, s.Year, s.Amount, s.Unit)
				if s.Percent != nil && (*s.Percent < 0 || *s.Percent > 100) {
					v.fail("shares", s.ID, "percent", "%s: percent %v is outside 0-100", s.ID, *s.Percent)
				}
				if s.Percent == nil && s.Amount == nil {
					v.fail("shares", s.ID, "", "%s: neither an amount nor a percent; leave unknown figures out", s.ID)
				}
			}
		},
		merge: mergeOf(func(d *Dataset) *[]mg.Share { return &d.Shares }, func(s mg.Share) string { return s.ID }),
	})
}
