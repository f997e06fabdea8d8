// Package testkit starts a seeded mineralgraph for another project's Go tests in one call:
//
//	func TestMyFrontend(t *testing.T) {
//		api := testkit.Start(t)
//		resp, err := http.Post(api.GraphQLURL, "application/json", strings.NewReader(`{"query":"{ mineral(id: \"gallium\") { name } }"}`))
//		...
//	}
//
// Neo4j comes by the routes of package neo4jtest (TEST_NEO4J_URI, a testcontainers container, or
// the local server built from Maven Central jars), loaded with the curated dataset; the API
// listens on a free loopback port; t.Cleanup stops it.
package testkit

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/server"
)

// API is a running mineralgraph.
type API struct {
	// URL is the server's base address ("http://127.0.0.1:PORT"): the playground is at URL+"/".
	URL string
	// GraphQLURL is the GraphQL endpoint.
	GraphQLURL string
	// Neo4jURI is the Bolt URI of the database behind it.
	Neo4jURI string
}

// Start starts a mineralgraph API over a Neo4j holding the curated dataset and stops it when
// the test ends. It skips the test when no Neo4j can be had (fails it under CI=true).
func Start(tb testing.TB) *API {
	tb.Helper()
	s := neo4jtest.Seeded(tb)
	cfg := server.Defaults()
	h, err := server.Handler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatalf("testkit: %v", err)
	}
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return &API{URL: srv.URL, GraphQLURL: srv.URL + "/graphql", Neo4jURI: neo4jtest.URI(tb)}
}
