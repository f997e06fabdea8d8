package neo4jtest

import (
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/neo4jlocal"
)

// TestImage keeps the testcontainers route on the release line of the local server.
func TestImage(t *testing.T) {
	line := strings.TrimSuffix(strings.TrimPrefix(Image, "neo4j:"), "-community")
	if !strings.HasPrefix(neo4jlocal.Version, line+".") {
		t.Fatalf("testcontainers runs %s, the local server %s", Image, neo4jlocal.Version)
	}
}
