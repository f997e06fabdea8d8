package server

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestConfig(t *testing.T) {
	env := func(kv map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := kv[k]; return v, ok }
	}

	t.Run("defaults to a local Neo4j and port 8080", func(t *testing.T) {
		c, err := fromLookup(env(nil))
		require.NoError(t, err)
		require.Equal(t, ":8080", c.HTTPAddr)
		require.Equal(t, "bolt://127.0.0.1:7687", c.Neo4j.URI)
		require.Equal(t, 20*time.Second, c.RequestTimeout)
	})

	t.Run("reads the environment, including a cluster URI", func(t *testing.T) {
		c, err := fromLookup(env(map[string]string{
			"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "secret",
			"HTTP_ADDR": "127.0.0.1:9000", "REQUEST_TIMEOUT": "5s", "MAX_PAGE_SIZE": "50",
		}))
		require.NoError(t, err)
		require.Equal(t, "neo4j+s://abc.databases.neo4j.io", c.Neo4j.URI)
		require.Equal(t, "secret", c.Neo4j.Password)
		require.Equal(t, "127.0.0.1:9000", c.HTTPAddr)
		require.Equal(t, 5*time.Second, c.Neo4j.QueryTimeout, "the request deadline bounds Neo4j transactions")
		require.Equal(t, 50, c.Neo4j.MaxPageSize)
	})

	t.Run("names every malformed variable instead of ignoring it", func(t *testing.T) {
		_, err := fromLookup(env(map[string]string{"REQUEST_TIMEOUT": "soon", "MAX_PAGE_SIZE": "-1"}))
		require.ErrorContains(t, err, `REQUEST_TIMEOUT="soon"`)
		require.ErrorContains(t, err, `MAX_PAGE_SIZE="-1"`)
	})
}
