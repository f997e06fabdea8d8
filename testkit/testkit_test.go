package testkit_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
	"github.com/mineralgraph/mineralgraph/testkit"
)

// TestStart uses the testkit as a downstream project would: one call, then plain HTTP.
func TestStart(t *testing.T) {
	api := testkit.Start(t)
	t.Logf("Neo4j by route %s at %s", neo4jtest.Route(), api.Neo4jURI)
	if want := os.Getenv("MINERALGRAPH_EXPECT_ROUTE"); want != "" {
		require.Equal(t, want, neo4jtest.Route(), "the route the caller asked to prove")
	}

	resp, err := http.Post(api.GraphQLURL, "application/json",
		strings.NewReader(`{"query":"{ mineral(id: \"gallium\") { name share(country: \"CN\", stage: REFINING) { percent } } }"}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var body struct {
		Data struct {
			Mineral struct {
				Name  string
				Share struct{ Percent float64 }
			}
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	require.Equal(t, "Gallium", body.Data.Mineral.Name)
	require.Equal(t, 99.0, body.Data.Mineral.Share.Percent)

	health, err := http.Get(api.URL + "/readyz")
	require.NoError(t, err)
	health.Body.Close()
	require.Equal(t, http.StatusOK, health.StatusCode)
}
