package main

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/Khan/genqlient/graphql"
	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/testkit"
)

// TestReport keeps the example client working against the real API: a schema change that
// breaks the generated client fails here (and `make generated-check` fails if it is stale).
func TestReport(t *testing.T) {
	api := testkit.Start(t)
	var out bytes.Buffer
	require.NoError(t, report(context.Background(), graphql.NewClient(api.GraphQLURL, http.DefaultClient), &out))
	t.Log("\n" + out.String())
	require.Regexp(t, `Minerals of which China refines more than half \(\d+\):`, out.String())
	// The seed question: the US mines rare earths (12.2% in 2023) and China refines 92%.
	require.Contains(t, out.String(), "rare-earths (China refines 92.0% in 2023)")
	require.Contains(t, out.String(), "Gallium       99.0% in 2024 (U.S. Geological Survey)")
	require.Contains(t, out.String(), "CN EXPORT_CONTROL China export controls on gallium- and germanium-related items")
}
