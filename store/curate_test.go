package store_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/store"
)

// testFacility is a facility that is not in the curated dataset.
func testFacility() mg.Facility {
	return mg.Facility{ID: "test-gallium-plant", Name: "Test Gallium Plant", Type: mg.FacilityRefinery, Country: "DE",
		Latitude: ptr(51.0), Longitude: ptr(10.0), Precision: mg.PrecisionTown, Minerals: []string{"gallium"},
		Status: mg.StatusPlanned, OperatorID: "test-operator-gmbh", Capacity: ptr(50.0), CapacityUnit: "t/yr",
		SourceID: "usgs-mcs-2025-t4", Note: "a test record"}
}

func TestCuration(t *testing.T) {
	s := neo4jtest.Seeded(t)
	t.Cleanup(neo4jtest.Changed)
	ctx := context.Background()
	orgs := []mg.Organisation{{ID: "test-operator-gmbh", Name: "Test Operator GmbH"}}

	t.Run("adds a facility and leaves a CREATED audit record with its values", func(t *testing.T) {
		w, err := s.UpsertFacility(ctx, "alice", testFacility(), orgs)
		require.NoError(t, err)
		require.NotNil(t, w.Audit)
		a := w.Audit
		require.Equal(t, mg.AuditCreated, a.Action)
		require.Equal(t, "alice", a.Actor)
		require.Equal(t, mg.RecordFacility, a.RecordType)
		require.Equal(t, "test-gallium-plant", a.RecordID)
		require.Nil(t, a.Before)
		require.Equal(t, "Test Gallium Plant", a.After["name"])
		require.Equal(t, []any{"gallium"}, a.After["PRODUCES"])
		require.Equal(t, []any{"usgs-mcs-2025-t4"}, a.After["CITES"])
		require.Equal(t, map[string]any{"latitude": 51.0, "longitude": 10.0}, a.After["location"])
		require.False(t, a.At.IsZero())

		f, err := s.Facility(ctx, "test-gallium-plant", store.Selection{
			nest("operator", "operator", nil, props("id")), nest("minerals", "minerals", nil, props("id"))})
		require.NoError(t, err)
		require.Equal(t, "test-operator-gmbh", rel[*mg.Organisation](t, f.Related, "operator").ID)
		require.Equal(t, []mg.Mineral{{ID: "gallium"}}, rel[[]mg.Mineral](t, f.Related, "minerals"))
	})

	t.Run("writes nothing and no audit record when the record is already as given", func(t *testing.T) {
		w, err := s.UpsertFacility(ctx, "alice", testFacility(), orgs)
		require.NoError(t, err)
		require.Nil(t, w.Audit)
		log, err := s.AuditLog(ctx, mg.AuditFilter{RecordID: "test-gallium-plant"}, mg.PageArgs{First: 10}, true)
		require.NoError(t, err)
		require.Equal(t, 1, *log.TotalCount)
	})

	t.Run("records a correction with the fields that changed and their previous values", func(t *testing.T) {
		f := testFacility()
		f.Status = mg.StatusConstruction
		f.Minerals = []string{"gallium", "germanium"}
		f.Note = ""
		w, err := s.UpsertFacility(ctx, "bob", f, orgs)
		require.NoError(t, err)
		require.NotNil(t, w.Audit)
		require.Equal(t, mg.AuditUpdated, w.Audit.Action)
		require.Equal(t, []mg.FieldChange{
			{Field: "PRODUCES", Before: `["gallium"]`, After: `["gallium","germanium"]`},
			{Field: "note", Before: `"a test record"`, After: "null"},
			{Field: "status", Before: `"PLANNED"`, After: `"CONSTRUCTION"`},
		}, w.Audit.Changes())
	})

	t.Run("lists the history of a record newest first", func(t *testing.T) {
		log, err := s.AuditLog(ctx, mg.AuditFilter{RecordID: "test-gallium-plant"}, mg.PageArgs{First: 10}, true)
		require.NoError(t, err)
		require.Equal(t, 2, *log.TotalCount)
		require.Equal(t, "bob", log.Items[0].Actor)
		require.Equal(t, "alice", log.Items[1].Actor)
		require.Equal(t, log.Items[1].After, log.Items[0].Before, "each change starts from the previous one's values")

		byActor, err := s.AuditLog(ctx, mg.AuditFilter{Actor: "alice"}, mg.PageArgs{First: 10}, true)
		require.NoError(t, err)
		require.Equal(t, 1, *byActor.TotalCount)
	})

	t.Run("refuses references the graph does not hold, naming each, and writes nothing", func(t *testing.T) {
		f := testFacility()
		f.ID = "test-orphan"
		f.Minerals = []string{"unobtainium"}
		f.Country = "XX"
		f.SourceID = "no-such-source"
		_, err := s.UpsertFacility(ctx, "alice", f, orgs)
		require.Equal(t, mg.EINVALID, mg.Code(err))
		for _, want := range []string{`unknown mineral "unobtainium"`, `unknown country "XX"`, `unknown source "no-such-source"`} {
			require.Contains(t, mg.Message(err), want)
		}
		_, err = s.Facility(ctx, "test-orphan", nil)
		require.Equal(t, mg.ENOTFOUND, mg.Code(err))
	})

	t.Run("refuses malformed values, naming every field", func(t *testing.T) {
		f := testFacility()
		f.Latitude = ptr(123.0)
		f.CapacityUnit = ""
		f.Name = ""
		_, err := s.UpsertFacility(ctx, "alice", f, orgs)
		require.Equal(t, mg.EINVALID, mg.Code(err))
		for _, want := range []string{"name: required", "latitude: 123 is outside -90 to 90", "capacityUnit: a capacity needs a unit"} {
			require.Contains(t, mg.Message(err), want)
		}
	})

	t.Run("refuses an id that another kind of record holds", func(t *testing.T) {
		f := testFacility()
		f.ID = "gallium"
		_, err := s.UpsertFacility(ctx, "alice", f, orgs)
		require.Equal(t, mg.ECONFLICT, mg.Code(err))
		require.Contains(t, mg.Message(err), `id "gallium" already names a Mineral`)
	})

	t.Run("adds a share and a trade link under their derived ids", func(t *testing.T) {
		w, err := s.UpsertShare(ctx, "alice", mg.Share{MineralID: "gallium", CountryCode: "DE", Stage: mg.StageRefining, Year: 2024,
			Amount: ptr(5.0), Unit: "t", SourceID: "usgs-mcs-2025-t4"})
		require.NoError(t, err)
		require.Equal(t, "gallium/REFINING/2024/DE", w.RecordID)
		require.Equal(t, mg.AuditCreated, w.Audit.Action)

		link := mg.TradeLink{MineralID: "gallium", Exporter: "DE", Importer: "US", YearFrom: 2024, YearTo: 2024,
			ValueUSD: ptr(1000.0), SourceID: "usgs-mcs-2025-t4"}
		_, err = s.UpsertTradeLink(ctx, "alice", link)
		require.Equal(t, mg.EINVALID, mg.Code(err), "a link without a kind mixes rankings and customs figures")
		link.Kind, link.ReportedBy = mg.TradeCustomsImport, "US"
		w, err = s.UpsertTradeLink(ctx, "alice", link)
		require.NoError(t, err)
		require.Equal(t, "gallium/DE>US/2024/by-US", w.RecordID)
	})

	t.Run("adds a policy with a relation to another", func(t *testing.T) {
		day, _ := mg.ParseDate("2026-01-01")
		w, err := s.UpsertPolicy(ctx, "alice", mg.Policy{ID: "test-policy", Title: "A test measure", Type: mg.PolicyInvestigation,
			Issuer: "EU", Minerals: []string{"gallium"}, Announced: &day, Summary: "For the tests.", SourceID: "usgs-mcs-2025-t4",
			Links: []mg.PolicyLink{{Relation: mg.RelFollows, PolicyID: "test-policy"}}})
		require.Equal(t, mg.EINVALID, mg.Code(err), "a policy cannot act on itself")
		require.Empty(t, w.RecordID)

		w, err = s.UpsertPolicy(ctx, "alice", mg.Policy{ID: "test-policy", Title: "A test measure", Type: mg.PolicyInvestigation,
			Issuer: "EU", Minerals: []string{"gallium"}, Announced: &day, Summary: "For the tests.", SourceID: "usgs-mcs-2025-t4"})
		require.NoError(t, err)
		require.Equal(t, "2026-01-01", w.Audit.After["announced"])
		require.Equal(t, []any{"EU"}, w.Audit.After["ISSUED_BY"])
	})

	t.Run("keeps the audit chain whole under concurrent corrections of one record", func(t *testing.T) {
		const writers = 8
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f := testFacility()
				f.Capacity = ptr(float64(100 + i))
				_, errs[i] = s.UpsertFacility(ctx, fmt.Sprintf("writer-%d", i), f, orgs)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			require.NoError(t, err)
		}
		log, err := s.AuditLog(ctx, mg.AuditFilter{RecordID: "test-gallium-plant"}, mg.PageArgs{First: 100}, false)
		require.NoError(t, err)
		recs := log.Items
		sort.SliceStable(recs, func(i, j int) bool { return recs[i].At.Before(recs[j].At) })
		require.Len(t, recs, 2+writers)
		for i := 1; i < len(recs); i++ {
			require.Equal(t, recs[i-1].After, recs[i].Before, "record %d starts where %d ended", i, i-1)
		}
	})

	t.Run("a reload of the curated dataset keeps what a curator corrected", func(t *testing.T) {
		curated, err := dataset.Curated()
		require.NoError(t, err)
		var f mg.Facility
		for _, x := range curated.Facilities {
			if x.ID == "bayan-obo" {
				f = x
			}
		}
		f.Status = mg.StatusOperating
		var named []mg.Organisation
		for _, o := range curated.Organisations {
			if o.ID == f.OperatorID || slices.Contains(f.OwnerIDs, o.ID) {
				named = append(named, o)
			}
		}
		_, err = s.UpsertFacility(ctx, "alice", f, named)
		require.NoError(t, err)

		stats, err := s.Load(ctx, curated.Records(), nil)
		require.NoError(t, err)
		require.Equal(t, 1, stats.Kind("facilities").Kept)
		require.False(t, stats.Changed(), "nothing else differs from the curated files")
		after, err := s.Facility(ctx, "bayan-obo", props("status"))
		require.NoError(t, err)
		require.Equal(t, mg.StatusOperating, after.Status)
	})

	t.Run("needs an actor", func(t *testing.T) {
		_, err := s.UpsertFacility(ctx, "", testFacility(), orgs)
		require.Equal(t, mg.EUNAUTHENTICATED, mg.Code(err))
	})
}

func TestReadsCannotWrite(t *testing.T) {
	s := neo4jtest.Seeded(t)
	t.Run("a read transaction refuses a write, so no query path can change the graph", func(t *testing.T) {
		err := store.ProbeReadOnly(context.Background(), s)
		require.Error(t, err)
		require.Equal(t, mg.EINTERNAL, mg.Code(err))
	})
}
