package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
)

// marshalList stands where gqlgen's MarshalSliceConcurrently stood (cmd/gqlgen): each element
// gets its index in the error path, and a panic in one element is that element's null and
// error, the others still marshalled.
func TestMarshalListKeepsIndexAndRecovers(t *testing.T) {
	quiet := func(_ context.Context, r any) error { return fmt.Errorf("internal error: %v", r) }
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, quiet)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{}, Object: "Policy"})
	var paths []string
	out := marshalList(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		paths = append(paths, graphql.GetPath(ctx).String())
		if i == 1 {
			panic("boom")
		}
		return graphql.MarshalInt(i)
	})
	require.Len(t, out, 3)
	require.Equal(t, []string{"[0]", "[1]", "[2]"}, trimmed(paths))
	require.Equal(t, graphql.Null, out[1])
	var b strings.Builder
	out[2].MarshalGQL(&b)
	require.Equal(t, "2", b.String())
	errs := graphql.GetErrors(ctx)
	require.Len(t, errs, 1)
	require.Equal(t, "[1]", trimmed([]string{errs[0].Path.String()})[0])
}

// trimmed keeps the index part of each path (the parent field has no name here).
func trimmed(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p[strings.LastIndex(p, "["):]
	}
	return out
}

// A nullable String the domain left empty answers null; any other string is itself.
func TestOptionalStringIsNullWhenEmpty(t *testing.T) {
	require.Equal(t, graphql.Null, optionalString(""))
	var b strings.Builder
	optionalString("t").MarshalGQL(&b)
	require.Equal(t, `"t"`, b.String())
}
