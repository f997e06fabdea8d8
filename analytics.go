package mineralgraph

import (
	"math"
	"sort"
)

// MineralOrderField is what minerals can be ordered by.
type MineralOrderField string

// The mineral orderings.
const (
	OrderByName MineralOrderField = "NAME"
	// OrderByShare orders by one country's percent of world production at a stage (see
	// MineralOrder.Share); minerals without that figure come last.
	OrderByShare MineralOrderField = "SHARE"
	// OrderByUSNetImportReliance orders by the lower bound of the published US net import
	// reliance range (">50" counts as 50); net exporters come before minerals without a figure.
	OrderByUSNetImportReliance MineralOrderField = "US_NET_IMPORT_RELIANCE"
)

// Direction of an ordering.
type Direction string

// The directions.
const (
	Asc  Direction = "ASC"
	Desc Direction = "DESC"
)

// ShareSlot names the figure an ordering by share reads: a country's share of a stage in a
// year (nil: the latest year with data for each mineral at that stage).
type ShareSlot struct {
	Country string
	Stage   Stage
	Year    *int
}

// MineralOrder orders a list of minerals. Ties are broken by name, then id, so the order is
// total and cursors are stable.
type MineralOrder struct {
	Field     MineralOrderField
	Direction Direction
	Share     *ShareSlot // required when Field is SHARE
}

// Validate checks that the ordering can be applied; EINVALID says what to change.
func (o *MineralOrder) Validate() error {
	if o == nil {
		return nil
	}
	switch o.Field {
	case OrderByName, OrderByUSNetImportReliance:
	case OrderByShare:
		if o.Share == nil {
			return Invalid("orderBy: ordering by SHARE needs share: { country, stage } to say whose share of which stage")
		}
		if !ValidCountryCode(o.Share.Country) {
			return Invalid("orderBy.share.country: %q is not an ISO 3166-1 alpha-2 code such as \"CN\"", o.Share.Country)
		}
		if !o.Share.Stage.Valid() {
			return Invalid("orderBy.share.stage: unknown stage %q", o.Share.Stage)
		}
	default:
		return Invalid("orderBy.field: unknown field %q", o.Field)
	}
	if o.Direction != "" && o.Direction != Asc && o.Direction != Desc {
		return Invalid("orderBy.direction: use ASC or DESC")
	}
	return nil
}

// Concentration describes how concentrated one stage of a mineral's supply is in one year,
// from the shares the graph has. Countries a source lumps into "other countries" are not
// known individually, so HHI is computed from the listed countries only and is a lower bound
// of the true index; Coverage says how much of world production the listed countries make up.
type Concentration struct {
	MineralID string
	Stage     Stage
	Year      int
	// Producers are the countries with a known percent, largest first.
	Producers []Share
	// Top1 and Top3 are the percent of world production of the largest and the three largest
	// producers.
	Top1, Top3 float64
	// HHI is the Herfindahl-Hirschman index: the sum of the squared percent shares (0-10000;
	// markets above 2500 are commonly called highly concentrated).
	HHI float64
	// Coverage is the sum of the listed countries' percents (at most 100).
	Coverage float64
	Related  Related
}

// Concentrate computes the concentration of a set of shares of one mineral, stage and year.
// Shares without a percent are left out.
func Concentrate(mineral string, stage Stage, year int, shares []Share) Concentration {
	c := Concentration{MineralID: mineral, Stage: stage, Year: year}
	for _, s := range shares {
		if s.Percent != nil {
			c.Producers = append(c.Producers, s)
		}
	}
	sort.SliceStable(c.Producers, func(i, j int) bool {
		if *c.Producers[i].Percent != *c.Producers[j].Percent {
			return *c.Producers[i].Percent > *c.Producers[j].Percent
		}
		return c.Producers[i].CountryCode < c.Producers[j].CountryCode
	})
	for i, s := range c.Producers {
		p := *s.Percent
		if i == 0 {
			c.Top1 = p
		}
		if i < 3 {
			c.Top3 += p
		}
		c.HHI += p * p
		c.Coverage += p
	}
	c.Top3 = round1(c.Top3)
	c.HHI = round1(c.HHI)
	c.Coverage = math.Min(round1(c.Coverage), 100)
	return c
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// ChokepointHolder is a country with the chokepoints it holds: the minerals of which it has at
// least the threshold share of a stage.
type ChokepointHolder struct {
	Country string
	Shares  []Share
	Related Related
}

// HoldersOf groups chokepoint shares by country, the countries holding the most first (ties
// by code), each country's shares largest first.
func HoldersOf(shares []Share) []ChokepointHolder {
	by := map[string][]Share{}
	for _, s := range shares {
		by[s.CountryCode] = append(by[s.CountryCode], s)
	}
	out := make([]ChokepointHolder, 0, len(by))
	for c, ss := range by {
		sort.SliceStable(ss, func(i, j int) bool { return pct(ss[i]) > pct(ss[j]) })
		out = append(out, ChokepointHolder{Country: c, Shares: ss})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].Shares) != len(out[j].Shares) {
			return len(out[i].Shares) > len(out[j].Shares)
		}
		return out[i].Country < out[j].Country
	})
	return out
}

func pct(s Share) float64 {
	if s.Percent == nil {
		return -1
	}
	return *s.Percent
}

// Exposure is what an importing country's supply of one mineral depends on from one supplier
// country: the importer's net import reliance, the supplier's rank among its import sources,
// the supplier's shares of world mining and refining, and the supplier's policies in force
// that target the mineral. Unknown parts are nil.
type Exposure struct {
	MineralID, Importer, Supplier string
	Reliance                      *Reliance
	SupplierRank                  *int
	RankPeriod                    [2]int // the years of the ranking, when there is one
	SupplierMining                *Share
	SupplierRefining              *Share
	ImporterMining                *Share
	PolicyIDs                     []string
	Related                       Related
}

// Alternatives is where else a stage of a mineral's supply could come from, leaving one
// country out: the other countries' shares and the facilities outside it (in Related, as a
// read fetched them).
type Alternatives struct {
	Stage     Stage
	Excluding string // ISO alpha-2
	Related   Related
}

// ImporterMinesSupplierRefines flags the seed question of the graph: the importer mines the
// mineral itself, yet the supplier refines at least refiningOver percent of the world's
// output, so mining at home does not make the importer secure.
func (e Exposure) ImporterMinesSupplierRefines(refiningOver float64) bool {
	mines := e.ImporterMining != nil && ((e.ImporterMining.Percent != nil && *e.ImporterMining.Percent > 0) ||
		(e.ImporterMining.Amount != nil && *e.ImporterMining.Amount > 0))
	return mines && e.SupplierRefining != nil && e.SupplierRefining.Percent != nil && *e.SupplierRefining.Percent >= refiningOver
}
