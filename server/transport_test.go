package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/server"
)

// send makes one request to /graphql with the given method, headers and body.
func (a *api) send(method, target string, header http.Header, body string) *httptest.ResponseRecorder {
	a.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	for k, vs := range header {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return rec
}

// rawBody decodes a response keeping which top-level entries it has.
func rawBody(t *testing.T, rec *httptest.ResponseRecorder) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &m), rec.Body.String())
	return m
}

const (
	graphqlResponse = "application/graphql-response+json"
	applicationJSON = "application/json"
)

func TestGraphQLOverHTTP(t *testing.T) {
	a := newAPI(t)
	jsonPost := func(accept string) http.Header {
		h := http.Header{"Content-Type": {applicationJSON}}
		if accept != "" {
			h.Set("Accept", accept)
		}
		return h
	}
	refusal := func(t *testing.T, rec *httptest.ResponseRecorder, status int, code, says string) {
		t.Helper()
		require.Equal(t, status, rec.Code, rec.Body.String())
		resp := decode(t, rec)
		require.Len(t, resp.Errors, 1, rec.Body.String())
		require.Equal(t, code, resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, says)
		require.NotContains(t, rawBody(t, rec), "data", "a refused request has no data entry")
	}

	t.Run("refuses a POST without Content-Type with 415, naming the header", func(t *testing.T) {
		rec := a.send(http.MethodPost, "/graphql", nil, body(`{ __typename }`))
		refusal(t, rec, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Content-Type: application/json")
	})
	t.Run("refuses a POST of another media type with 415", func(t *testing.T) {
		rec := a.send(http.MethodPost, "/graphql", http.Header{"Content-Type": {"text/plain"}}, body(`{ __typename }`))
		refusal(t, rec, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "must be JSON")
	})
	t.Run("refuses an empty body with 400 BAD_REQUEST", func(t *testing.T) {
		rec := a.send(http.MethodPost, "/graphql", jsonPost(""), "")
		refusal(t, rec, http.StatusBadRequest, "BAD_REQUEST", "the request body is empty")
	})
	t.Run("refuses a broken body without repeating it", func(t *testing.T) {
		secret := `{"query": "{ mineral(id: \"gallium-sekrit-token-1234\") { id }`
		rec := a.send(http.MethodPost, "/graphql", jsonPost(""), secret)
		refusal(t, rec, http.StatusBadRequest, "BAD_REQUEST", "not valid JSON")
		require.NotContains(t, rec.Body.String(), "sekrit")
	})
	t.Run("refuses a body that is not one JSON object", func(t *testing.T) {
		refusal(t, a.send(http.MethodPost, "/graphql", jsonPost(""), `[{"query": "{ __typename }"}]`), http.StatusBadRequest, "BAD_REQUEST", "batching is not supported")
		refusal(t, a.send(http.MethodPost, "/graphql", jsonPost(""), `{"query": "{ __typename }"} {}`), http.StatusBadRequest, "BAD_REQUEST", "something follows it")
	})
	t.Run("refuses a parameter of the wrong type, naming it", func(t *testing.T) {
		for param, value := range map[string]string{"query": `{"a": 1}`, "operationName": `7`, "variables": `"x"`, "extensions": `["x"]`} {
			b := `{"query": "{ __typename }", "` + param + `": ` + value + `}`
			if param == "query" {
				b = `{"query": ` + value + `}`
			}
			refusal(t, a.send(http.MethodPost, "/graphql", jsonPost(""), b), http.StatusBadRequest, "BAD_REQUEST", `"`+param+`" parameter must be`)
		}
	})
	t.Run("refuses a request without a query", func(t *testing.T) {
		refusal(t, a.send(http.MethodPost, "/graphql", jsonPost(graphqlResponse), `{"qeury": "{ __typename }"}`), http.StatusBadRequest, "BAD_REQUEST", "the request has no query")
		refusal(t, a.send(http.MethodGet, "/graphql", nil, ""), http.StatusBadRequest, "BAD_REQUEST", "the request has no query")
	})
	t.Run("answers a mutation over GET with 405, Allow: POST and METHOD_NOT_ALLOWED", func(t *testing.T) {
		for _, accept := range []string{applicationJSON, graphqlResponse} {
			rec := a.send(http.MethodGet, "/graphql?query="+url.QueryEscape(`mutation { __typename }`), http.Header{"Accept": {accept}}, "")
			refusal(t, rec, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "send it with POST")
			require.Equal(t, http.MethodPost, rec.Header().Get("Allow"))
		}
	})
	t.Run("answers other methods with 405 and the methods it takes", func(t *testing.T) {
		rec := a.send(http.MethodPut, "/graphql", jsonPost(""), body(`{ __typename }`))
		refusal(t, rec, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "PUT is not a method")
		require.Equal(t, "GET, POST, OPTIONS", rec.Header().Get("Allow"))
	})
	t.Run("answers parse and validation failures with 200 and no data for application/json", func(t *testing.T) {
		for q, code := range map[string]string{`{`: "GRAPHQL_PARSE_FAILED", `{ nope }`: "GRAPHQL_VALIDATION_FAILED"} {
			rec := a.send(http.MethodPost, "/graphql", jsonPost(applicationJSON), body(q))
			refusal(t, rec, http.StatusOK, code, "")
			require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
		}
	})
	t.Run("answers parse and validation failures with 400 and no data for application/graphql-response+json", func(t *testing.T) {
		for q, code := range map[string]string{`{`: "GRAPHQL_PARSE_FAILED", `{ nope }`: "GRAPHQL_VALIDATION_FAILED"} {
			rec := a.send(http.MethodPost, "/graphql", jsonPost(graphqlResponse), body(q))
			refusal(t, rec, http.StatusBadRequest, code, "")
			require.Equal(t, "application/graphql-response+json; charset=utf-8", rec.Header().Get("Content-Type"))
		}
	})
	t.Run("answers an unpermitted request with 401 for application/graphql-response+json", func(t *testing.T) {
		rec := a.send(http.MethodPost, "/graphql", jsonPost(graphqlResponse), body(`mutation { upsertSource(input: {id: "x", publisher: "p", title: "t", year: 2025}) { audit { id } } }`))
		refusal(t, rec, http.StatusUnauthorized, "UNAUTHENTICATED", "API key")
	})
	t.Run("answers an executed operation with 200 and its data, in the media type asked for", func(t *testing.T) {
		cases := map[string]string{"": applicationJSON, "*/*": applicationJSON, "application/*": applicationJSON, "text/html": applicationJSON,
			graphqlResponse: graphqlResponse, "application/json;q=0.5, application/graphql-response+json": graphqlResponse,
			"application/graphql-response+json;q=0.2, application/json;q=0.9": applicationJSON}
		for accept, want := range cases {
			rec := a.send(http.MethodPost, "/graphql", jsonPost(accept), body(`{ mineral(id: "gallium") { name } }`))
			require.Equal(t, http.StatusOK, rec.Code, accept)
			require.Equal(t, want+"; charset=utf-8", rec.Header().Get("Content-Type"), "Accept: %q", accept)
			require.JSONEq(t, `{"mineral": {"name": "Gallium"}}`, string(decode(t, rec).Data))
		}
	})
	t.Run("answers a field error with 200, its data and the error's code", func(t *testing.T) {
		rec := a.send(http.MethodPost, "/graphql", jsonPost(graphqlResponse), body(`{ mineral(id: "unobtainium") { name } }`))
		require.Equal(t, http.StatusOK, rec.Code)
		resp := decode(t, rec)
		require.JSONEq(t, `{"mineral": null}`, string(resp.Data))
		require.Equal(t, "NOT_FOUND", resp.Errors[0].Extensions["code"])
	})
	t.Run("reads GET parameters, variables included", func(t *testing.T) {
		q := url.Values{"query": {`query M($id: ID!) { mineral(id: $id) { name } }`}, "variables": {`{"id": "gallium"}`}}
		rec := a.send(http.MethodGet, "/graphql?"+q.Encode(), nil, "")
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.JSONEq(t, `{"mineral": {"name": "Gallium"}}`, string(decode(t, rec).Data))
		require.Equal(t, "no-store", rec.Header().Get("Cache-Control"), "a query sent as text is not a persisted read")
		refusal(t, a.send(http.MethodGet, "/graphql?query={__typename}&variables=nope", nil, ""), http.StatusBadRequest, "BAD_REQUEST", `"variables" parameter must be a JSON object`)
	})
}

func TestCacheHeaders(t *testing.T) {
	const query = `query Gallium { mineral(id: "gallium") { name } }`
	sum := sha256.Sum256([]byte(query))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	persisted := "/graphql?operationName=Gallium&extensions=" + url.QueryEscape(ext)
	// register sends the document with its hash (APQ), as a client does after
	// PERSISTED_QUERY_NOT_FOUND, so that later requests may send the hash alone.
	register := func(t *testing.T, a *api, header http.Header) {
		t.Helper()
		b, err := json.Marshal(map[string]any{"query": query, "extensions": json.RawMessage(ext)})
		require.NoError(t, err)
		rec := a.post(string(b), header)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Equal(t, "no-store", rec.Header().Get("Cache-Control"), "a POST is not cached")
	}
	a := newAPI(t)
	register(t, a, nil)

	t.Run("lets caches keep a persisted read over GET, with an ETag", func(t *testing.T) {
		rec := a.send(http.MethodGet, persisted, nil, "")
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Equal(t, "public, max-age=60", rec.Header().Get("Cache-Control"))
		require.Contains(t, rec.Header().Values("Vary"), "Accept")
		require.NotEmpty(t, rec.Header().Get("ETag"))
		require.JSONEq(t, `{"mineral": {"name": "Gallium"}}`, string(decode(t, rec).Data))
	})
	t.Run("answers 304 to a revalidation with the same ETag", func(t *testing.T) {
		etag := a.send(http.MethodGet, persisted, nil, "").Header().Get("ETag")
		rec := a.send(http.MethodGet, persisted, http.Header{"If-None-Match": {etag}}, "")
		require.Equal(t, http.StatusNotModified, rec.Code)
		require.Empty(t, rec.Body.String())
	})
	t.Run("keeps the answer to a request with an API key private", func(t *testing.T) {
		key, entry, err := server.NewAPIKey("reader", false)
		require.NoError(t, err)
		keys, err := server.ParseAPIKeys(entry)
		require.NoError(t, err)
		keyed := newAPIWith(t, func(c *server.Config) { c.APIKeys = keys })
		auth := http.Header{"Authorization": {"Bearer " + key}}
		register(t, keyed, auth)
		rec := keyed.send(http.MethodGet, persisted, auth, "")
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		require.Equal(t, "private, max-age=60", rec.Header().Get("Cache-Control"))
		require.Contains(t, rec.Header().Values("Vary"), "Authorization")
	})
	t.Run("never caches an answer with errors", func(t *testing.T) {
		unknown := `{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("0", 64) + `"}}`
		rec := a.send(http.MethodGet, "/graphql?extensions="+url.QueryEscape(unknown), nil, "")
		require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
		require.Equal(t, "PERSISTED_QUERY_NOT_FOUND", decode(t, rec).Errors[0].Extensions["code"])
	})
	t.Run("caches nothing when CACHE_MAX_AGE is 0", func(t *testing.T) {
		off := newAPIWith(t, func(c *server.Config) { c.CacheMaxAge = 0 })
		register(t, off, nil)
		require.Equal(t, "no-store", off.send(http.MethodGet, persisted, nil, "").Header().Get("Cache-Control"))
	})
}
