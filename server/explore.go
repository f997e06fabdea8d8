package server

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// The explorer is the single-page app of web/, built with Vite by `make explore` and copied
// into explore/assets, which the binary embeds: it is served at /explore/ from the binary, with
// no CDN. Its files under assets/ carry a content hash in their names and are cached for a
// year; index.html (served for every path of the app, whose state lives in the URL) is
// revalidated each time, so a new binary's explorer is picked up at once.

//go:embed all:explore/assets
var exploreFS embed.FS

// manifestFile is the persisted-documents manifest the explorer's build writes beside it.
const manifestFile = "trusted-documents.json"

// explorerCSP keeps the explorer to its own origin: scripts, data and the map come from this
// server and nowhere else.
const explorerCSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func exploreAssets() fs.FS {
	sub, err := fs.Sub(exploreFS, "explore/assets")
	if err != nil {
		panic(err) // the pattern above is a constant: a build defect
	}
	return sub
}

// EmbeddedManifest returns the persisted-documents manifest built into the binary with the
// explorer; an empty manifest when the binary was built without it.
func EmbeddedManifest() (*Manifest, error) {
	b, err := fs.ReadFile(exploreAssets(), manifestFile)
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{}, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseManifest(b)
}

// explorer serves the app under /explore/.
func explorer() http.Handler {
	files := exploreAssets()
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>mineralgraph explorer</title>` +
				`<p>This binary was built without the explorer. Run <code>make explore</code> (or <code>make run</code>), ` +
				`which builds it from <code>web/</code> with npm, then build the binary again. The playground is at <a href="/">/</a>.</p></html>`))
		})
	}
	fileServer := http.FileServerFS(files)
	return http.StripPrefix("/explore", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if info, err := fs.Stat(files, name); err == nil && !info.IsDir() && name != "index.html" && name != "README.md" {
			if strings.HasPrefix(name, "assets/") {
				h.Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				h.Set("Cache-Control", "no-cache")
			}
			fileServer.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
			// A file the build does not have (an old hashed name): a 404, not the app's page,
			// so that a stale script fails visibly instead of parsing HTML.
			http.NotFound(w, r)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", explorerCSP)
		h.Set("Referrer-Policy", "same-origin")
		_, _ = w.Write(index)
	}))
}
