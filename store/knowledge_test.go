package store_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

func day(t *testing.T, s string) *mg.Date {
	t.Helper()
	d, err := mg.ParseDate(s)
	require.NoError(t, err)
	return &d
}

func policyIDs(ps []mg.Policy) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// policyFields are what the tests of policies read.
var policyFields = append(props("id", "issuer", "type", "effective", "announced"),
	nest("affected", "affectedCountries", nil, props("code")))

func affected(t *testing.T, p mg.Policy) []string {
	var out []string
	for _, c := range rel[[]mg.Country](t, p.Related, "affected") {
		out = append(out, c.Code)
	}
	return out
}

func TestPolicies(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	all := mg.PageArgs{First: 100}

	t.Run("lists the measures targeting gallium in the order they took effect", func(t *testing.T) {
		p, err := s.Policies(ctx, mg.PolicyFilter{Mineral: "gallium"}, all, false, policyFields)
		require.NoError(t, err)
		ids := policyIDs(p.Items)
		require.Equal(t, "cn-export-control-gallium-germanium-2023", ids[0])
		require.Contains(t, ids, "cn-export-ban-us-dual-use-2024")
		require.Contains(t, ids, "cn-suspension-us-ban-no46-2025")
		for i := 1; i < len(p.Items); i++ {
			prev, cur := p.Items[i-1], p.Items[i]
			require.False(t, effectiveOf(cur).Before(effectiveOf(prev).Time), "%s before %s", cur.ID, prev.ID)
		}
	})

	t.Run("knows which are in force on a day, suspensions included", func(t *testing.T) {
		// The December 2024 ban on exports to the US was in force in mid-2025 and suspended
		// from 2025-11-09 (by MOFCOM announcement No. 72) until 2026-11-27.
		ban := "cn-export-ban-us-dual-use-2024"
		active := func(date string) bool {
			p, err := s.Policies(ctx, mg.PolicyFilter{Mineral: "gallium", ActiveOn: day(t, date)}, all, false, policyFields)
			require.NoError(t, err)
			for _, id := range policyIDs(p.Items) {
				if id == ban {
					return true
				}
			}
			return false
		}
		require.False(t, active("2024-12-02"), "before it was issued")
		require.True(t, active("2025-06-01"))
		require.False(t, active("2025-12-01"), "suspended")
		require.True(t, active("2026-12-01"), "the suspension ended on 2026-11-27 and the graph knows no later measure")
		p, err := s.Policy(ctx, ban, store.Selection{nest("then", "activeOn", map[string]any{"date": day(t, "2025-12-01")}, nil)})
		require.NoError(t, err)
		require.False(t, rel[bool](t, p.Related, "then"))
	})

	t.Run("filters by issuer, type and affected country", func(t *testing.T) {
		p, err := s.Policies(ctx, mg.PolicyFilter{Issuer: "CN", Types: []mg.PolicyType{mg.PolicyExportBan}, AffectedCountry: "US"}, all, false, policyFields)
		require.NoError(t, err)
		require.Contains(t, policyIDs(p.Items), "cn-export-ban-us-dual-use-2024")
		for _, pol := range p.Items {
			require.Equal(t, "CN", pol.Issuer)
			require.Equal(t, mg.PolicyExportBan, pol.Type)
			require.Contains(t, affected(t, pol), "US")
		}
	})

	t.Run("pages a timeline with cursors", func(t *testing.T) {
		whole, err := s.Policies(ctx, mg.PolicyFilter{}, all, false, policyFields)
		require.NoError(t, err)
		var got []string
		page := mg.PageArgs{First: 7}
		for {
			p, err := s.Policies(ctx, mg.PolicyFilter{}, page, false, policyFields)
			require.NoError(t, err)
			got = append(got, policyIDs(p.Items)...)
			if !p.HasNextPage {
				break
			}
			page.After = p.Cursor(len(p.Items) - 1)
		}
		require.Equal(t, policyIDs(whole.Items), got)
	})

	t.Run("finds the policies of a mineral through its group", func(t *testing.T) {
		m, err := s.Mineral(ctx, "dysprosium", store.Selection{nest("policies", "policies", nil, props("id"))})
		require.NoError(t, err)
		ids := policyIDs(rel[[]mg.Policy](t, m.Related, "policies"))
		require.Contains(t, ids, "cn-export-control-seven-rare-earths-2025")  // names dysprosium
		require.Contains(t, ids, "us-dod-mp-materials-ndpr-price-floor-2025") // targets rare-earths or NdPr
	})
}

func effectiveOf(p mg.Policy) mg.Date {
	switch {
	case p.Effective != nil:
		return *p.Effective
	case p.Announced != nil:
		return *p.Announced
	}
	d, _ := mg.ParseDate("9999-12-31")
	return d
}

// facilityFields are what the tests of facilities read.
var facilityFields = append(props("id"), nest("country", "country", nil, props("code")))

func countryOf(t *testing.T, f mg.Facility) string {
	return rel[*mg.Country](t, f.Related, "country").Code
}

func TestFacilities(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()
	all := mg.PageArgs{First: 100}

	t.Run("pages every facility by name with cursors, whatever the page size", func(t *testing.T) {
		curated, err := dataset.Curated()
		require.NoError(t, err)
		walk := func(size int) []string {
			var got []string
			page := mg.PageArgs{First: size}
			for {
				p, err := s.Facilities(ctx, mg.FacilityFilter{}, page, false, facilityFields)
				require.NoError(t, err)
				for _, f := range p.Items {
					got = append(got, f.ID)
				}
				if !p.HasNextPage {
					return got
				}
				page.After = p.Cursor(len(p.Items) - 1)
			}
		}
		by7, by100 := walk(7), walk(100)
		require.Len(t, by7, len(curated.Facilities), "no facility lost or repeated between pages")
		require.Equal(t, by100, by7)
	})

	t.Run("finds rare-earth facilities outside China", func(t *testing.T) {
		p, err := s.Facilities(ctx, mg.FacilityFilter{Mineral: "rare-earths", NotCountry: "CN"}, all, false, facilityFields)
		require.NoError(t, err)
		require.NotEmpty(t, p.Items)
		names := map[string]bool{}
		for _, f := range p.Items {
			require.NotEqual(t, "CN", countryOf(t, f))
			names[f.ID] = true
		}
		require.True(t, names["mountain-pass"] || names["mount-weld"], "Mountain Pass or Mount Weld")
	})

	t.Run("finds facilities within a radius of a point", func(t *testing.T) {
		// Greenbushes, Western Australia (about 33.86 S, 116.06 E).
		near := &mg.Near{Latitude: -33.86, Longitude: 116.06, RadiusKm: 50}
		p, err := s.Facilities(ctx, mg.FacilityFilter{Near: near}, all, false, facilityFields)
		require.NoError(t, err)
		require.NotEmpty(t, p.Items)
		for _, f := range p.Items {
			require.Equal(t, "AU", countryOf(t, f))
		}
		far := &mg.Near{Latitude: 0, Longitude: -150, RadiusKm: 100} // the Pacific
		p, err = s.Facilities(ctx, mg.FacilityFilter{Near: far}, all, false, facilityFields)
		require.NoError(t, err)
		require.Empty(t, p.Items)
	})

	t.Run("rejects a point off the globe", func(t *testing.T) {
		_, err := s.Facilities(ctx, mg.FacilityFilter{Near: &mg.Near{Latitude: 91, Longitude: 0, RadiusKm: 1}}, all, false, facilityFields)
		require.Equal(t, mg.EINVALID, mg.Code(err))
	})

	t.Run("counts what it lists", func(t *testing.T) {
		f := mg.FacilityFilter{Mineral: "lithium", Statuses: []mg.FacilityStatus{mg.StatusOperating, mg.StatusUnknown}}
		p, err := s.Facilities(ctx, f, all, true, facilityFields)
		require.NoError(t, err)
		require.Equal(t, len(p.Items), *p.TotalCount)
	})
}

func TestTrade(t *testing.T) {
	s := neo4jtest.Seeded(t)
	ctx := context.Background()

	t.Run("ranks the US's import sources of gallium as USGS does", func(t *testing.T) {
		g, err := s.Mineral(ctx, "gallium", store.Selection{nest("sources", "importSources", map[string]any{"importer": "US"},
			append(props("yearFrom", "yearTo"), nest("exporter", "exporter", nil, props("code"))))})
		require.NoError(t, err)
		var order []string
		for _, l := range rel[[]mg.TradeLink](t, g.Related, "sources") {
			if l.YearFrom == 2020 && l.YearTo == 2023 {
				order = append(order, rel[*mg.Country](t, l.Related, "exporter").Code)
			}
		}
		require.Equal(t, []string{"JP", "CN", "DE", "CA"}, order) // MCS 2025 Figure 2, 2020-2023
	})

	t.Run("reads the reliance figure as published, with its range", func(t *testing.T) {
		ge, err := s.Mineral(ctx, "germanium", store.Selection{nest("us", "usNetImportReliance", nil,
			props("value", "year", "lowerBound", "lowerBoundInclusive"))})
		require.NoError(t, err)
		r := rel[*mg.Reliance](t, ge.Related, "us")
		require.Equal(t, ">50", r.Value)
		require.Equal(t, 2024, r.Year)
		require.Equal(t, 50.0, *r.Range.Low)
		require.False(t, r.Range.LowInclusive)
	})

	t.Run("filters links by exporter and year", func(t *testing.T) {
		p, err := s.TradeLinks(ctx, mg.TradeFilter{Exporter: "CN", Importer: "US", Year: 2021}, mg.PageArgs{First: 100}, false,
			append(props("yearFrom", "yearTo"), nest("exporter", "exporter", nil, props("code"))))
		require.NoError(t, err)
		require.NotEmpty(t, p.Items)
		for _, l := range p.Items {
			require.Equal(t, "CN", rel[*mg.Country](t, l.Related, "exporter").Code)
			require.LessOrEqual(t, l.YearFrom, 2021)
			require.GreaterOrEqual(t, l.YearTo, 2021)
		}
	})
}
