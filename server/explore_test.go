package server_test

import (
	"net/http"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/server"
)

func TestExplorer(t *testing.T) {
	a := newAPI(t)
	get := func(path string) *http.Response {
		rec := a.send(http.MethodGet, path, nil, "")
		return rec.Result()
	}
	index := get("/explore/")
	if index.StatusCode == http.StatusNotFound {
		if os.Getenv("CI") == "true" {
			t.Fatal("the explorer is not built into this binary: make test builds it (make explore) first")
		}
		t.Skip("the explorer is not built (make explore)")
	}

	t.Run("serves the app at /explore/ with a strict content security policy", func(t *testing.T) {
		require.Equal(t, http.StatusOK, index.StatusCode)
		require.Equal(t, "text/html; charset=utf-8", index.Header.Get("Content-Type"))
		require.Contains(t, index.Header.Get("Content-Security-Policy"), "default-src 'self'")
		require.Equal(t, "no-cache", index.Header.Get("Cache-Control"))
	})
	t.Run("serves the app for every view's URL, so that a shared link opens", func(t *testing.T) {
		for _, path := range []string{"/explore/mineral/gallium", "/explore/policies?issuer=CN", "/explore/questions/share"} {
			res := get(path)
			require.Equal(t, http.StatusOK, res.StatusCode, path)
			require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"), path)
		}
	})
	t.Run("redirects /explore to /explore/", func(t *testing.T) {
		res := get("/explore")
		require.Equal(t, http.StatusTemporaryRedirect, res.StatusCode) // ServeMux keeps the method
		require.Equal(t, "/explore/", res.Header.Get("Location"))
	})
	t.Run("serves its hashed assets for a year, and 404 for a file it does not have", func(t *testing.T) {
		body := a.send(http.MethodGet, "/explore/", nil, "").Body.String()
		script := regexp.MustCompile(`/explore/assets/[^"]+\.js`).FindString(body)
		require.NotEmpty(t, script, "index.html loads a script from /explore/assets/")
		res := get(script)
		require.Equal(t, http.StatusOK, res.StatusCode)
		require.Equal(t, "public, max-age=31536000, immutable", res.Header.Get("Cache-Control"))
		require.Contains(t, res.Header.Get("Content-Type"), "javascript")
		require.Equal(t, http.StatusNotFound, get("/explore/assets/index-old.js").StatusCode)
	})
	t.Run("publishes the manifest of persisted documents beside it", func(t *testing.T) {
		res := get("/explore/trusted-documents.json")
		require.Equal(t, http.StatusOK, res.StatusCode)
		m, err := server.EmbeddedManifest()
		require.NoError(t, err)
		require.Greater(t, m.Len(), 20, "the explorer's operations and the 20 playground examples")
	})
	t.Run("is not served when switched off", func(t *testing.T) {
		off := newAPIWith(t, func(c *server.Config) { c.Explorer = false })
		require.Equal(t, http.StatusNotFound, off.send(http.MethodGet, "/explore/", nil, "").Code)
	})
}
