package server_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

// newAPIWith is newAPI with a configuration changed by edit.
func newAPIWith(t *testing.T, edit func(*server.Config)) *api {
	t.Helper()
	s := neo4jtest.Seeded(t)
	cfg := server.Defaults()
	edit(&cfg)
	h, err := server.Handler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	require.NoError(t, err)
	return &api{t: t, h: h}
}

// post sends a raw request body to /graphql and returns the recorder.
func (a *api) post(body string, header http.Header) *httptest.ResponseRecorder {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range header {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) response {
	t.Helper()
	var resp response
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &resp), rec.Body.String())
	return resp
}

func body(query string) string {
	b, _ := json.Marshal(map[string]any{"query": query})
	return string(b)
}

func TestAbuseLimits(t *testing.T) {
	a := newAPI(t)

	// lists { minerals { lists { minerals ... } } } nests two levels per step.
	nested := func(steps int) string {
		return `{ mineral(id: "gallium") { ` + strings.Repeat(`lists { minerals { `, steps) + `id` + strings.Repeat(` } }`, steps) + ` } }`
	}

	t.Run("rejects a query nested deeper than the limit, saying which limit and by how much", func(t *testing.T) {
		resp, trips := a.query(nested(8), nil) // depth 2 + 16 = 18 > 15
		require.Len(t, resp.Errors, 1)
		e := resp.Errors[0]
		require.Equal(t, "BAD_USER_INPUT", e.Extensions["code"])
		require.Equal(t, "depth", e.Extensions["limit"])
		require.EqualValues(t, 15, e.Extensions["max"])
		require.Contains(t, e.Message, "the query nests 18 fields deep; the limit is 15")
		require.Empty(t, trips, "a refused query costs Neo4j nothing")
	})

	t.Run("runs the same query within the limit", func(t *testing.T) {
		resp, _ := a.query(`{ mineral(id: "gallium") { lists { minerals { lists { id } } } } }`, nil)
		require.Empty(t, resp.Errors)
	})

	t.Run("rejects a query that could return too many objects", func(t *testing.T) {
		resp, trips := a.query(`{ minerals(first: 100) { nodes { shares(first: 100) { nodes { country { name shares(first: 100) { totalCount } } } } } } }`, nil)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "cost", resp.Errors[0].Extensions["limit"])
		require.Contains(t, resp.Errors[0].Message, "Ask for smaller pages")
		require.Empty(t, trips)
	})

	t.Run("rejects a wide query of many aliases", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("{")
		for i := range 40 {
			b.WriteString(" m" + strings.Repeat("x", i) + `: mineral(id: "gallium") { id }`)
		}
		b.WriteString(" }")
		resp, _ := a.query(b.String(), nil)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "aliases", resp.Errors[0].Extensions["limit"])
		require.Contains(t, resp.Errors[0].Message, "renames 40 fields with aliases; the limit is 30")
	})

	t.Run("rejects query text over the token limit", func(t *testing.T) {
		huge := `{ minerals { nodes { ` + strings.Repeat("id ", 6000) + `} } }`
		resp := decode(t, a.post(body(huge), nil))
		require.Len(t, resp.Errors, 1)
		require.Contains(t, resp.Errors[0].Message, "has 6008 tokens, over the token limit of 5000")
		ext := resp.Errors[0].Extensions
		require.Equal(t, map[string]any{"code": "BAD_USER_INPUT", "limit": "tokens", "measured": 6008.0, "max": 5000.0}, ext,
			"the fields every refusal of a limit carries")
	})

	t.Run("says that a page holds at most 100 items when first asks for more", func(t *testing.T) {
		resp := decode(t, a.post(body(`{ minerals(first: 100000) { nodes { id name } } }`), nil))
		require.Len(t, resp.Errors, 1)
		require.Contains(t, resp.Errors[0].Message, "asks for first: 100000, and a page holds at most 100 items; ask for first: 100 or less")
		require.Equal(t, "cost", resp.Errors[0].Extensions["limit"])
	})

	t.Run("refuses a body over the limit with 413 before reading it all", func(t *testing.T) {
		rec := a.post(body(`{ minerals { totalCount } }`+strings.Repeat(" ", 200<<10)), nil)
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		resp := decode(t, rec)
		require.Equal(t, "BAD_USER_INPUT", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "larger than 131072 bytes")
	})
}

func TestPersistedQueries(t *testing.T) {
	a := newAPI(t)
	query := `{ mineral(id: "gallium") { name } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	send := func(withQuery bool) response {
		m := map[string]any{"extensions": ext}
		if withQuery {
			m["query"] = query
		}
		b, _ := json.Marshal(m)
		return decode(t, a.post(string(b), nil))
	}

	t.Run("asks for the query the first time it sees a hash", func(t *testing.T) {
		resp := send(false)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "PERSISTED_QUERY_NOT_FOUND", resp.Errors[0].Extensions["code"])
	})
	t.Run("runs the query sent with its hash, then the hash alone", func(t *testing.T) {
		require.JSONEq(t, `{"mineral":{"name":"Gallium"}}`, string(send(true).Data))
		require.JSONEq(t, `{"mineral":{"name":"Gallium"}}`, string(send(false).Data))
	})
}

func TestIntrospectionSwitch(t *testing.T) {
	closed := newAPIWith(t, func(c *server.Config) { c.Introspection = false })
	open := newAPI(t)
	const q = `{ __schema { queryType { name } } }`

	t.Run("answers introspection by default", func(t *testing.T) {
		resp, _ := open.query(q, nil)
		require.Empty(t, resp.Errors)
	})
	t.Run("refuses introspection, the SDL and the playground when switched off", func(t *testing.T) {
		resp, _ := closed.query(q, nil)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "FORBIDDEN", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "introspection is turned off")
		for _, path := range []string{"/", "/schema.graphql"} {
			rec := httptest.NewRecorder()
			closed.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			require.Equal(t, http.StatusNotFound, rec.Code, path)
		}
	})
	t.Run("still answers queries when switched off", func(t *testing.T) {
		resp, _ := closed.query(`{ mineral(id: "gallium") { name } }`, nil)
		require.Empty(t, resp.Errors)
	})
}

func TestRateLimit(t *testing.T) {
	proxy := netip.MustParsePrefix("10.0.0.0/8")
	a := newAPIWith(t, func(c *server.Config) {
		c.RateLimit = 3
		c.TrustedProxies = []netip.Prefix{proxy}
	})
	from := func(remote, forwarded string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body(`{ mineral(id: "gallium") { id } }`)))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = remote
		if forwarded != "" {
			req.Header.Set("X-Forwarded-For", forwarded)
		}
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return rec
	}

	t.Run("answers 429 with Retry-After once an address exceeds its requests per minute", func(t *testing.T) {
		for i := range 3 {
			require.Equal(t, http.StatusOK, from("192.0.2.7:1000", "").Code, "request %d", i+1)
		}
		rec := from("192.0.2.7:1000", "")
		require.Equal(t, http.StatusTooManyRequests, rec.Code)
		require.NotEmpty(t, rec.Header().Get("Retry-After"))
		resp := decode(t, rec)
		require.Equal(t, "RATE_LIMITED", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "more than 3 requests in a minute")
	})
	t.Run("counts other addresses separately", func(t *testing.T) {
		require.Equal(t, http.StatusOK, from("192.0.2.8:1000", "").Code)
	})
	t.Run("ignores X-Forwarded-For from a client that is not a trusted proxy", func(t *testing.T) {
		require.Equal(t, http.StatusTooManyRequests, from("192.0.2.7:1000", "203.0.113.9").Code)
	})
	t.Run("counts the forwarded client behind a trusted proxy", func(t *testing.T) {
		for range 3 {
			require.Equal(t, http.StatusOK, from("10.1.2.3:1000", "203.0.113.50, 10.9.9.9").Code)
		}
		require.Equal(t, http.StatusTooManyRequests, from("10.4.5.6:1000", "203.0.113.50").Code, "same client through another proxy")
		require.Equal(t, http.StatusOK, from("10.1.2.3:1000", "203.0.113.51").Code, "another client through the same proxy")
	})
	t.Run("never limits health checks", func(t *testing.T) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		req.RemoteAddr = "192.0.2.7:1000"
		a.h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code)
	})
}

func TestCORS(t *testing.T) {
	a := newAPIWith(t, func(c *server.Config) { c.CORSOrigins = []string{"https://app.example.org"} })
	request := func(method, origin string) *httptest.ResponseRecorder {
		var r io.Reader
		if method == http.MethodPost {
			r = bytes.NewReader([]byte(body(`{ mineral(id: "gallium") { id } }`)))
		}
		req := httptest.NewRequest(method, "/graphql", r)
		req.Header.Set("Origin", origin)
		req.Header.Set("Content-Type", "application/json")
		if method == http.MethodOptions {
			req.Header.Set("Access-Control-Request-Method", http.MethodPost)
			// as browsers send it: lower case, sorted
			req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		}
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, req)
		return rec
	}

	t.Run("lets an allowed origin call the API", func(t *testing.T) {
		rec := request(http.MethodPost, "https://app.example.org")
		require.Equal(t, http.StatusOK, rec.Code)
		require.Equal(t, "https://app.example.org", rec.Header().Get("Access-Control-Allow-Origin"))
	})
	t.Run("answers the preflight of an allowed origin, including the Authorization header", func(t *testing.T) {
		rec := request(http.MethodOptions, "https://app.example.org")
		require.Equal(t, "https://app.example.org", rec.Header().Get("Access-Control-Allow-Origin"))
		require.Contains(t, strings.ToLower(rec.Header().Get("Access-Control-Allow-Headers")), "authorization")
	})
	t.Run("gives other origins no CORS headers", func(t *testing.T) {
		rec := request(http.MethodPost, "https://evil.example.com")
		require.Empty(t, rec.Header().Get("Access-Control-Allow-Origin"))
	})
}
