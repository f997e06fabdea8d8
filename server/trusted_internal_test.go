package server

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEmbeddedManifest checks the manifest the explorer's build put into this binary: it
// parses, and it admits every playground tab exactly as the playground sends it, so that the
// playground works with TRUSTED_DOCUMENTS_ONLY=true.
func TestEmbeddedManifest(t *testing.T) {
	m, err := EmbeddedManifest()
	require.NoError(t, err)
	if m.Len() == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("the binary holds no persisted documents: make test builds the explorer (make explore) first")
		}
		t.Skip("the explorer is not built (make explore): no manifest to check")
	}
	examples, err := Examples()
	require.NoError(t, err)
	for i, tab := range exampleTabs(examples) {
		require.True(t, m.holds(tab.Query, DefaultLimits().MaxTokens), "playground tab %s is not in the manifest", examples[i].Name)
	}
	require.False(t, m.holds(`{ __typename }`, DefaultLimits().MaxTokens))
}
