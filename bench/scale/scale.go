// Package scale grows the curated dataset with synthetic records of the same shape, for the
// benchmark's large graph only: facilities and trade links copied many times over, and
// yearly shares going back decades. Every synthetic record cites one source that says it is
// invented, and the benchmark loads them into a Neo4j of its own: they never reach a real
// graph. The synthetic years end before the curated ones begin and the synthetic names share
// no word with real ones, so every benchmark question but the pages of facilities by name
// (whose 50th page holds synthetic sites on the grown graph) has the same answer on both.
package scale

import (
	"fmt"
	"maps"
	"slices"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

// SourceID is the source every synthetic record cites.
const SourceID = "synthetic-benchmark"

// FirstYear is the earliest synthetic year; synthetic shares and trade links cover
// FirstYear up to the year before the earliest curated one.
const FirstYear = 1900

// Grow returns the synthetic records that, loaded on top of curated, make factor copies of each
// facility and trade link (factor-1 of them synthetic), and a yearly share from FirstYear for
// every mineral, stage and country the curated shares name. curated itself is not changed.
func Grow(curated *dataset.Dataset, factor int) *dataset.Dataset {
	d := &dataset.Dataset{Sources: []mg.Source{{
		ID: SourceID, Publisher: "mineralgraph benchmark",
		Title: "Synthetic records for the benchmark's large graph: invented, not figures of any publisher", Year: 2026,
		Note: "Written by bench/scale; loaded only into the benchmark's own Neo4j.",
	}}}
	// Facilities: copies with synthetic ids and names, the same country, kind, status,
	// minerals and operators.
	for k := 1; k < factor; k++ {
		for i, f := range curated.Facilities {
			c := f
			c.ID = fmt.Sprintf("syn%03d-%s", k, f.ID)
			c.Name = fmt.Sprintf("Synthetic site %03d-%04d", k, i)
			// A copy has no capacity, so nothing that describes one either (its source and
			// year): mg.Facility.SourcingProblems refuses those alone.
			c.Latitude, c.Longitude, c.Capacity, c.CapacityUnit, c.CapacitySourceID, c.CapacityYear = nil, nil, nil, "", "", nil
			c.Precision = mg.PrecisionUnknown
			c.SourceID, c.SourceURL, c.Note = SourceID, "", "synthetic"
			c.OtherCommodities = nil
			d.Facilities = append(d.Facilities, c)
		}
	}
	// Shares: for each mineral, stage and country, the latest curated share repeated every
	// year from FirstYear to the year before the earliest curated share.
	earliest := 0
	latest := map[string]mg.Share{}
	for _, s := range curated.Shares {
		key := s.MineralID + "/" + string(s.Stage) + "/" + s.CountryCode
		if l, ok := latest[key]; !ok || s.Year > l.Year {
			latest[key] = s
		}
		if earliest == 0 || s.Year < earliest {
			earliest = s.Year
		}
	}
	for _, key := range slices.Sorted(maps.Keys(latest)) {
		t := latest[key]
		for y := FirstYear; y < earliest; y++ {
			s := t
			s.Year, s.ID = y, mg.ShareID(t.MineralID, t.Stage, y, t.CountryCode)
			s.SourceID, s.Note, s.Basis = SourceID, "synthetic", t.Basis
			if s.Percent != nil && s.PercentBasis == "" {
				s.PercentBasis = mg.PercentPublished
			}
			d.Shares = append(d.Shares, s)
		}
	}
	// Trade links: factor-1 copies of each, one year each, going back from before the
	// earliest curated period. The commodity names the copy, so that links the curated data
	// tells apart by their periods stay apart.
	firstTrade := 0
	for _, t := range curated.Trade {
		if firstTrade == 0 || t.YearFrom < firstTrade {
			firstTrade = t.YearFrom
		}
	}
	for k := 1; k < factor && firstTrade-k >= FirstYear; k++ {
		for _, t := range curated.Trade {
			c := t
			c.Commodity = fmt.Sprintf("%s, synthetic copy of %d-%d", t.Commodity, t.YearFrom, t.YearTo)
			c.YearFrom, c.YearTo = firstTrade-k, firstTrade-k
			c.ID = mg.TradeID(c)
			c.SourceID, c.Note = SourceID, "synthetic"
			d.Trade = append(d.Trade, c)
		}
	}
	return d
}
