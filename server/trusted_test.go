package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// exampleManifest is a manifest as the explorer's build writes one: the playground's examples
// by the hash of their text, and one operation of the explorer's kind.
func exampleManifest(t *testing.T) (*server.Manifest, []server.Example, string) {
	t.Helper()
	examples, err := server.Examples()
	require.NoError(t, err)
	const explorerOp = `query MineralName($id: ID!) { mineral(id: $id) { id name } }`
	entries := map[string]string{"sha256:" + sha256Hex(explorerOp): explorerOp}
	for _, ex := range examples {
		entries["sha256:"+sha256Hex(ex.Query)] = ex.Query
	}
	b, err := json.Marshal(entries)
	require.NoError(t, err)
	m, err := server.ParseManifest(b)
	require.NoError(t, err)
	require.Equal(t, len(examples)+1, m.Len())
	return m, examples, explorerOp
}

func persistedGET(hash, operationName, variables string) string {
	q := url.Values{"extensions": {`{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`}}
	if operationName != "" {
		q.Set("operationName", operationName)
	}
	if variables != "" {
		q.Set("variables", variables)
	}
	return "/graphql?" + q.Encode()
}

func TestPersistedDocuments(t *testing.T) {
	m, examples, explorerOp := exampleManifest(t)
	open := newAPIWith(t, func(c *server.Config) { c.Manifest = m })
	trusted := newAPIWith(t, func(c *server.Config) { c.Manifest = m; c.TrustedDocumentsOnly = true })
	mineralName := persistedGET(sha256Hex(explorerOp), "MineralName", `{"id": "gallium"}`)

	t.Run("runs a manifest document by its hash over GET, cacheable, in either mode, without registering it first", func(t *testing.T) {
		for _, a := range []*api{open, trusted} {
			rec := a.send(http.MethodGet, mineralName, nil, "")
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			require.JSONEq(t, `{"mineral": {"id": "gallium", "name": "Gallium"}}`, string(decode(t, rec).Data))
			require.Equal(t, "public, max-age=60", rec.Header().Get("Cache-Control"))
		}
	})
	t.Run("still runs any document sent as text when not in trusted mode", func(t *testing.T) {
		resp := decode(t, open.post(body(`{ country(code: "CD") { name } }`), nil))
		require.Empty(t, resp.Errors)
	})

	t.Run("refuses, in trusted mode, a document outside the manifest with PERSISTED_QUERY_NOT_IN_LIST", func(t *testing.T) {
		rec := trusted.post(body(`{ country(code: "CD") { name } }`), http.Header{"Accept": {graphqlResponse}})
		require.Equal(t, http.StatusBadRequest, rec.Code)
		resp := decode(t, rec)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "PERSISTED_QUERY_NOT_IN_LIST", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "runs only its trusted documents")
		require.NotContains(t, rawBody(t, rec), "data")
	})
	t.Run("refuses, in trusted mode, a hash the manifest does not have", func(t *testing.T) {
		resp := decode(t, trusted.send(http.MethodGet, persistedGET(strings.Repeat("ab", 32), "", ""), nil, ""))
		require.Equal(t, "PERSISTED_QUERY_NOT_IN_LIST", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, strings.Repeat("ab", 32))
	})
	t.Run("registers nothing by APQ in trusted mode", func(t *testing.T) {
		q := `{ country(code: "CL") { name } }`
		b, _ := json.Marshal(map[string]any{"query": q, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha256Hex(q)}}})
		require.Equal(t, "PERSISTED_QUERY_NOT_IN_LIST", decode(t, trusted.post(string(b), nil)).Errors[0].Extensions["code"])
		resp := decode(t, trusted.send(http.MethodGet, persistedGET(sha256Hex(q), "", ""), nil, ""))
		require.Equal(t, "PERSISTED_QUERY_NOT_IN_LIST", resp.Errors[0].Extensions["code"])
	})
	t.Run("admits, in trusted mode, every example as the playground sends it: text, titled and commented", func(t *testing.T) {
		for _, ex := range examples {
			text := "# " + ex.Question + "\n" + ex.Query
			if strings.HasPrefix(strings.TrimSpace(ex.Query), "{") {
				text = "# " + ex.Question + "\nquery PlaygroundTab " + strings.TrimSpace(ex.Query)
			}
			rec := trusted.post(mustJSON(t, map[string]any{"query": text}), nil)
			require.Equal(t, http.StatusOK, rec.Code, ex.Name)
			require.Empty(t, decode(t, rec).Errors, ex.Name)
		}
	})
	t.Run("refuses, in trusted mode, an example changed in any way that runs differently", func(t *testing.T) {
		changed := strings.Replace(examples[0].Query, "50", "40", 1)
		require.NotEqual(t, examples[0].Query, changed)
		require.Equal(t, "PERSISTED_QUERY_NOT_IN_LIST", decode(t, trusted.post(mustJSON(t, map[string]any{"query": changed}), nil)).Errors[0].Extensions["code"])
	})
	t.Run("refuses a manifest hash sent with another document's text", func(t *testing.T) {
		b := mustJSON(t, map[string]any{"query": `{ __typename }`, "extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": sha256Hex(explorerOp)}}})
		resp := decode(t, open.post(b, nil))
		require.Equal(t, "BAD_USER_INPUT", resp.Errors[0].Extensions["code"])
		require.Contains(t, resp.Errors[0].Message, "send the hash alone")
	})
	t.Run("says so when a hash names nothing and APQ is off", func(t *testing.T) {
		noAPQ := newAPIWith(t, func(c *server.Config) { c.Manifest = m; c.PersistedQueries = 0 })
		resp := decode(t, noAPQ.send(http.MethodGet, persistedGET(strings.Repeat("cd", 32), "", ""), nil, ""))
		require.Equal(t, "PERSISTED_QUERY_NOT_SUPPORTED", resp.Errors[0].Extensions["code"])
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestManifest(t *testing.T) {
	t.Run("refuses an entry whose hash is not its document's", func(t *testing.T) {
		_, err := server.ParseManifest([]byte(`{"sha256:` + strings.Repeat("0", 64) + `": "{ __typename }"}`))
		require.ErrorContains(t, err, "is not the SHA-256 of the document")
	})
	t.Run("refuses a document that does not parse", func(t *testing.T) {
		_, err := server.ParseManifest([]byte(`{"sha256:` + sha256Hex("{ oops") + `": "{ oops"}`))
		require.ErrorContains(t, err, "does not parse")
	})
	t.Run("refuses trusted mode with no documents, saying how to build them", func(t *testing.T) {
		s := neo4jtest.Seeded(t)
		cfg := server.Defaults()
		cfg.TrustedDocumentsOnly = true
		cfg.Manifest = &server.Manifest{}
		_, err := server.Handler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
		require.ErrorContains(t, err, "make explore")
	})
	t.Run("reads TRUSTED_DOCUMENTS_ONLY and CACHE_MAX_AGE", func(t *testing.T) {
		for _, kv := range [][2]string{{"TRUSTED_DOCUMENTS_ONLY", "true"}, {"CACHE_MAX_AGE", "0"}} {
			t.Setenv(kv[0], kv[1])
		}
		cfg, err := server.FromEnv()
		require.NoError(t, err)
		require.True(t, cfg.TrustedDocumentsOnly)
		require.Zero(t, cfg.CacheMaxAge)
		t.Setenv("CACHE_MAX_AGE", "soon")
		_, err = server.FromEnv()
		require.ErrorContains(t, err, "CACHE_MAX_AGE")
	})
}
