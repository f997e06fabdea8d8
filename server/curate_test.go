package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

const upsertFacility = `mutation Add($in: FacilityInput!) {
  upsertFacility(input: $in) {
    facility { id name status operator { name } minerals { id } source { id } }
    audit { actor action recordType recordId changes { field before after } before }
  }
}`

// createdChanges are the fields of facilityInput("PLANNED") as its CREATED audit record
// lists them: every property and link, from null.
const createdChanges = `[
  {"field": "CITES", "before": "null", "after": "[\"usgs-mcs-2025-t4\"]"},
  {"field": "IN_COUNTRY", "before": "null", "after": "[\"DE\"]"},
  {"field": "OPERATED_BY", "before": "null", "after": "[\"org-test-operator-gmbh\"]"},
  {"field": "PRODUCES", "before": "null", "after": "[\"gallium\"]"},
  {"field": "capacity", "before": "null", "after": "50"},
  {"field": "capacityUnit", "before": "null", "after": "\"t/yr\""},
  {"field": "id", "before": "null", "after": "\"test-gallium-plant\""},
  {"field": "name", "before": "null", "after": "\"Test Gallium Plant\""},
  {"field": "status", "before": "null", "after": "\"PLANNED\""},
  {"field": "type", "before": "null", "after": "\"REFINERY\""}
]`

func facilityInput(status string) map[string]any {
	return map[string]any{"in": map[string]any{
		"id": "test-gallium-plant", "name": "Test Gallium Plant", "type": "REFINERY", "country": "DE",
		"minerals": []string{"gallium"}, "status": status, "operator": "Test Operator GmbH",
		"capacity": 50, "capacityUnit": "t/yr", "source": "usgs-mcs-2025-t4",
	}}
}

func TestCuratorWrites(t *testing.T) {
	writeKey, writeEntry, err := server.NewAPIKey("alice", true)
	require.NoError(t, err)
	readKey, readEntry, err := server.NewAPIKey("reader", false)
	require.NoError(t, err)
	keys, err := server.ParseAPIKeys(writeEntry + "," + readEntry)
	require.NoError(t, err)

	s := neo4jtest.Seeded(t)
	t.Cleanup(neo4jtest.Changed)
	cfg := server.Defaults()
	cfg.APIKeys = keys
	var logs bytes.Buffer
	h, err := server.Handler(cfg, s, slog.New(slog.NewJSONHandler(&logs, nil)))
	require.NoError(t, err)
	a := &api{t: t, h: h}

	send := func(key, query string, vars map[string]any) (*httptest.ResponseRecorder, response) {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		header := http.Header{}
		if key != "" {
			header.Set("Authorization", "Bearer "+key)
		}
		rec := a.post(string(b), header)
		return rec, decode(t, rec)
	}

	t.Run("refuses a mutation without a key: UNAUTHENTICATED", func(t *testing.T) {
		_, resp := send("", upsertFacility, facilityInput("PLANNED"))
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "UNAUTHENTICATED", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "Authorization: Bearer")
	})

	t.Run("refuses a mutation with a read-only key: FORBIDDEN", func(t *testing.T) {
		_, resp := send(readKey, upsertFacility, facilityInput("PLANNED"))
		require.Equal(t, "FORBIDDEN", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, `"reader" may read but not write`)
	})

	t.Run("refuses a key that matches none with 401", func(t *testing.T) {
		rec, resp := send(writeKey+"x", `{ mineral(id: "gallium") { id } }`, nil)
		require.Equal(t, http.StatusUnauthorized, rec.Code)
		require.Equal(t, "UNAUTHENTICATED", resp.Errors[0].Extensions["code"])
	})

	t.Run("never runs a mutation sent by GET", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`mutation { upsertSource(input: {id: "x", publisher: "p", title: "t", year: 2025}) { audit { id } } }`), nil)
		req.Header.Set("Authorization", "Bearer "+writeKey)
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		resp := decode(t, rec)
		require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
		require.Equal(t, http.MethodPost, rec.Header().Get("Allow"))
		require.NotEmpty(t, resp.Errors)
		require.Equal(t, "METHOD_NOT_ALLOWED", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "send it with POST")
	})

	t.Run("adds a facility with a write key, returning it and its audit record", func(t *testing.T) {
		_, resp := send(writeKey, upsertFacility, facilityInput("PLANNED"))
		require.Empty(t, resp.Errors)
		require.JSONEq(t, `{"upsertFacility": {
		  "facility": {"id": "test-gallium-plant", "name": "Test Gallium Plant", "status": "PLANNED",
		    "operator": {"name": "Test Operator GmbH"}, "minerals": [{"id": "gallium"}], "source": {"id": "usgs-mcs-2025-t4"}},
		  "audit": {"actor": "alice", "action": "CREATED", "recordType": "FACILITY", "recordId": "test-gallium-plant", "before": null,
		    "changes": `+createdChanges+`}}}`, string(resp.Data))
	})

	t.Run("answers an unchanged record with a null audit", func(t *testing.T) {
		_, resp := send(writeKey, upsertFacility, facilityInput("PLANNED"))
		require.Empty(t, resp.Errors)
		var got struct {
			UpsertFacility struct{ Audit *json.RawMessage }
		}
		require.NoError(t, json.Unmarshal(resp.Data, &got))
		require.Nil(t, got.UpsertFacility.Audit)
	})

	t.Run("says what is wrong with an input, all at once, as BAD_USER_INPUT", func(t *testing.T) {
		in := facilityInput("PLANNED")
		in["in"].(map[string]any)["minerals"] = []string{"unobtainium"}
		in["in"].(map[string]any)["latitude"] = 95.5
		_, resp := send(writeKey, upsertFacility, in)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "BAD_USER_INPUT", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "give both latitude and longitude")
		require.Contains(t, resp.Errors[0].Message, "latitude: 95.5 is outside -90 to 90")
	})

	t.Run("serves the record's history from the audit log", func(t *testing.T) {
		_, resp := send(writeKey, upsertFacility, facilityInput("CONSTRUCTION"))
		require.Empty(t, resp.Errors)
		_, resp = send("", `{ auditLog(where: { recordId: "test-gallium-plant" }) { totalCount nodes { actor action changes { field before after } } } }`, nil)
		require.Empty(t, resp.Errors)
		require.JSONEq(t, `{"auditLog": {"totalCount": 2, "nodes": [
		  {"actor": "alice", "action": "UPDATED", "changes": [{"field": "status", "before": "\"PLANNED\"", "after": "\"CONSTRUCTION\""}]},
		  {"actor": "alice", "action": "CREATED", "changes": `+createdChanges+`}]}}`, string(resp.Data))
	})

	t.Run("adds a source, a share, a trade link and a policy", func(t *testing.T) {
		_, resp := send(writeKey, `mutation {
		  upsertSource(input: { id: "test-notice-2026", publisher: "A ministry", title: "A notice", year: 2026, url: "https://example.org/notice" }) { source { id title } audit { action } }
		  upsertShare(input: { mineral: "gallium", country: "DE", stage: REFINING, year: 2025, amount: 5, unit: "t", source: "test-notice-2026" }) { share { id amount unit source { id } } audit { action } }
		  upsertTradeLink(input: { mineral: "gallium", exporter: "DE", importer: "US", yearFrom: 2025, valueUsd: 1000, source: "test-notice-2026" }) { tradeLink { id kind valueUsd } audit { action } }
		  upsertPolicy(input: { id: "test-ministry-notice", title: "A notice on gallium", type: INVESTIGATION, issuer: "DE", minerals: ["gallium"],
		    announced: "2026-02-01", summary: "For the tests.", source: "test-notice-2026" }) { policy { id announced issuer } audit { action } }
		}`, nil)
		require.Empty(t, resp.Errors)
		require.JSONEq(t, `{
		  "upsertSource": {"source": {"id": "test-notice-2026", "title": "A notice"}, "audit": {"action": "CREATED"}},
		  "upsertShare": {"share": {"id": "gallium/REFINING/2025/DE", "amount": 5, "unit": "t", "source": {"id": "test-notice-2026"}}, "audit": {"action": "CREATED"}},
		  "upsertTradeLink": {"tradeLink": {"id": "gallium/DE>US/2025/by-US", "kind": "CUSTOMS_IMPORT", "valueUsd": 1000}, "audit": {"action": "CREATED"}},
		  "upsertPolicy": {"policy": {"id": "test-ministry-notice", "announced": "2026-02-01", "issuer": "DE"}, "audit": {"action": "CREATED"}}
		}`, string(resp.Data))
	})

	t.Run("never writes a key to the log", func(t *testing.T) {
		require.NotContains(t, logs.String(), writeKey)
		require.NotContains(t, logs.String(), readKey)
		require.Contains(t, logs.String(), `"actor":"alice"`)
	})
}

func TestClosedReads(t *testing.T) {
	key, entry, err := server.NewAPIKey("reader", false)
	require.NoError(t, err)
	keys, err := server.ParseAPIKeys(entry)
	require.NoError(t, err)
	a := newAPIWith(t, func(c *server.Config) { c.APIKeys = keys; c.ReadsNeedKey = true })

	t.Run("refuses a query without a key when reads are closed", func(t *testing.T) {
		resp := decode(t, a.post(body(`{ mineral(id: "gallium") { id } }`), nil))
		require.Equal(t, "UNAUTHENTICATED", resp.Errors[0].Extensions["code"])
	})
	t.Run("answers it with a read key", func(t *testing.T) {
		resp := decode(t, a.post(body(`{ mineral(id: "gallium") { id } }`), http.Header{"Authorization": {"Bearer " + key}}))
		require.Empty(t, resp.Errors)
	})
}

func TestAPIKeyConfig(t *testing.T) {
	t.Run("names the entry that is malformed and never echoes a pasted key", func(t *testing.T) {
		key, _, err := server.NewAPIKey("alice", true)
		require.NoError(t, err)
		_, err = server.ParseAPIKeys("alice:write:" + key)
		require.ErrorContains(t, err, "API_KEYS entry 1 (alice)")
		require.NotContains(t, err.Error(), key)
		_, err = server.ParseAPIKeys("alice:admin:" + string(bytes.Repeat([]byte("ab"), 32)))
		require.ErrorContains(t, err, `scope "admin": want read or write`)
	})
}
