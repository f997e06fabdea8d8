package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
	"github.com/mineralgraph/mineralgraph/store"
)

// api is the real HTTP handler over the seeded test database.
type api struct {
	t *testing.T
	h http.Handler
}

func newAPI(t *testing.T) *api {
	s := neo4jtest.Seeded(t)
	h, err := server.Handler(server.Defaults(), s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	return &api{t: t, h: h}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// query posts a GraphQL query and returns the response and the Cypher round trips the
// request made, by store operation (sorted).
func (a *api) query(q string, vars map[string]any) (response, []string) {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	var trips store.QueryLog
	req := httptest.NewRequestWithContext(store.WithQueryLog(context.Background(), &trips), http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	// gqlgen answers 422 to a query that fails validation, 200 otherwise.
	require.Contains(a.t, []int{http.StatusOK, http.StatusUnprocessableEntity}, rec.Code, rec.Body.String())
	var resp response
	require.NoError(a.t, json.Unmarshal(rec.Body.Bytes(), &resp), rec.Body.String())
	// The body is what encoding/json would write: re-encoding it (checking, compacting and
	// escaping, as json.Marshal does a RawMessage) changes no byte. (A request error ends
	// in the newline of json.Encoder.)
	body = bytes.TrimSuffix(rec.Body.Bytes(), []byte("\n"))
	again, err := json.Marshal(json.RawMessage(body))
	require.NoError(a.t, err)
	require.Equal(a.t, string(body), string(again))
	return resp, trips.Ops()
}

// data decodes a response without errors into v.
func (a *api) data(q string, vars map[string]any, v any) {
	a.t.Helper()
	resp, _ := a.query(q, vars)
	require.Empty(a.t, resp.Errors)
	require.NoError(a.t, json.Unmarshal(resp.Data, v))
}

func TestHeadlineQuery(t *testing.T) {
	a := newAPI(t)

	t.Run("lists the minerals of which China refines more than half, members of groups marked", func(t *testing.T) {
		var got struct {
			Minerals struct {
				TotalCount int
				Nodes      []struct {
					ID    string
					Share struct{ InheritedFrom *struct{ ID string } }
				}
			}
		}
		a.data(`{ minerals(first: 100, where: { share: { country: "CN", stage: REFINING, gt: 50 } }) {
		    totalCount nodes { id share(country: "CN", stage: REFINING) { inheritedFrom { id } } } } }`, nil, &got)
		var own, inherited []string
		for _, n := range got.Minerals.Nodes {
			if n.Share.InheritedFrom != nil {
				require.Equal(t, "rare-earths", n.Share.InheritedFrom.ID, n.ID)
				inherited = append(inherited, n.ID)
			} else {
				own = append(own, n.ID)
			}
		}
		require.Equal(t, []string{"aluminum", "bismuth", "cobalt", "gallium", "graphite", "indium", "lithium", "magnesium", "rare-earths", "silicon", "tellurium", "titanium"}, own)
		require.Contains(t, inherited, "neodymium")
		require.NotContains(t, inherited, "yttrium", "yttrium has figures of its own")
		require.Equal(t, len(own)+len(inherited), got.Minerals.TotalCount)
	})

	t.Run("shows each share with its year, unit and source", func(t *testing.T) {
		var got struct {
			Mineral struct {
				Share struct {
					Year         int
					Percent      float64
					PercentBasis string
					Amount       float64
					Unit         string
					Source       struct{ Publisher, Title, URL string }
				}
			}
		}
		a.data(`{ mineral(id: "gallium") { share(country: "CN", stage: REFINING) {
		    year percent percentBasis amount unit source { publisher title url } } } }`, nil, &got)
		sh := got.Mineral.Share
		require.Equal(t, 2024, sh.Year)
		require.Equal(t, 99.0, sh.Percent)
		require.Equal(t, "PUBLISHED", sh.PercentBasis)
		require.Equal(t, 750.0, sh.Amount)
		require.Equal(t, "t", sh.Unit)
		require.Equal(t, "U.S. Geological Survey", sh.Source.Publisher)
		require.Contains(t, sh.Source.Title, "Table 5")
	})

	t.Run("answers with null, not a guess, where no figure exists", func(t *testing.T) {
		// USGS reports NA for scandium's leading producer and world output.
		resp, _ := a.query(`{ mineral(id: "scandium") { share(country: "CN", stage: MINING) { percent } } }`, nil)
		require.Empty(t, resp.Errors)
		require.JSONEq(t, `{"mineral":{"share":null}}`, string(resp.Data))
	})

	t.Run("serves GET requests", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ country(code: "CD") { name aliases } }`), nil)
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code)
		require.JSONEq(t, `{"data":{"country":{"name":"Democratic Republic of the Congo","aliases":["Congo (Kinshasa)","Congo, Democratic Republic of the","DR Congo","DRC","Congo, The Democratic Republic of the","Dem. Rep. of the Congo"]}}}`, rec.Body.String())
	})
}

func TestErrors(t *testing.T) {
	a := newAPI(t)
	cases := []struct {
		name, query, code, message string
	}{
		{"names an unknown mineral", `{ mineral(id: "unobtainium") { id } }`, "NOT_FOUND", `mineral "unobtainium" not found`},
		{"names an unknown country", `{ country(code: "XX") { name } }`, "NOT_FOUND", `country "XX" not found`},
		{"says how to write a country code", `{ country(code: "china") { name } }`, "BAD_USER_INPUT", `"china" is not an ISO 3166-1 alpha-2 code such as "CN" or "US"`},
		{"rejects crossed bounds", `{ minerals(where: { share: { country: "CN", stage: REFINING, gt: 60, lt: 40 } }) { totalCount } }`, "BAD_USER_INPUT", "where.share: the lower bound 60 and the upper bound 40 cross"},
		{"rejects a page over the limit", `{ minerals(first: 1000) { totalCount } }`, "BAD_USER_INPUT", "first must be at most 100, got 1000"},
		{"rejects a forged cursor", `{ minerals(after: "bm90IGEgY3Vyc29y") { totalCount } }`, "BAD_USER_INPUT", "is not a cursor of this list"},
		{"rejects an unknown stage, listing the stages", `{ minerals(where: { share: { country: "CN", stage: SMELTING } }) { totalCount } }`, "BAD_USER_INPUT", `Use one of: MINING, REFINING, MAGNETS, BATTERY_ANODE.`},
		{"names an unknown country in a filter", `{ minerals(where: { share: { country: "XX", stage: MINING } }) { totalCount } }`, "NOT_FOUND", `country "XX" not found`},
		{"names an unknown list", `{ minerals(where: { onList: "usgs-1990" }) { totalCount } }`, "NOT_FOUND", `list "usgs-1990" not found`},
		{"names an unknown mineral in a policy filter", `{ policies(where: { mineral: "unobtainium" }) { totalCount } }`, "NOT_FOUND", `mineral "unobtainium" not found`},
		{"says what ordering by share needs", `{ minerals(orderBy: { field: SHARE }) { totalCount } }`, "BAD_USER_INPUT", "ordering by SHARE needs share: { country, stage }"},
		{"names an unknown node", `{ node(id: "nothing") { id } }`, "NOT_FOUND", `node "nothing" not found`},
		{"rejects a nested page over the limit", `{ mineral(id: "gallium") { shares(first: 101) { totalCount } } }`, "BAD_USER_INPUT", "first must be at most 100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, _ := a.query(c.query, nil)
			require.Len(t, resp.Errors, 1, string(resp.Data))
			require.Equal(t, c.code, resp.Errors[0].Extensions["code"])
			require.Contains(t, resp.Errors[0].Message, c.message)
		})
	}
}

func TestHealth(t *testing.T) {
	a := newAPI(t)
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
		t.Run(path+" answers 200", func(t *testing.T) {
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			require.Equal(t, http.StatusOK, rec.Code)
			require.Equal(t, want, rec.Body.String())
			require.NotEmpty(t, rec.Header().Get("X-Request-ID"))
		})
	}
	t.Run("the playground is served at / with the example questions", func(t *testing.T) {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		require.Equal(t, http.StatusOK, rec.Code)
		require.Contains(t, rec.Body.String(), "mineralgraph playground")
		require.Contains(t, rec.Body.String(), "Which critical minerals does China refine more than half of?")
		require.NotContains(t, rec.Body.String(), "https://", "no asset may come from a CDN")
	})
	t.Run("the schema is served as SDL", func(t *testing.T) {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/schema.graphql", nil))
		require.Equal(t, http.StatusOK, rec.Code)
		require.Contains(t, rec.Body.String(), "type Mineral implements Node")
	})
}
