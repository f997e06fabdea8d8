package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalList marshals the n elements of a list of objects in order. cmd/gqlgen puts it in
// the generated executor where gqlgen would call graphql.MarshalSliceConcurrently, with the
// same arguments, and it keeps what that gives each element: a field context with the
// element's index (so an error below it has the index in its path) and, unless the
// configuration omits the panic handler, a panic recovered into null and an error of its own.
// It starts no goroutine: nothing under a list waits on I/O (every nested value was read by
// the root field's one query), so the goroutines bought nothing but their cost. workerLimit
// is gqlgen's bound on those goroutines and has nothing to bound here.
func marshalList(ctx context.Context, n int, workerLimit int64, omitPanicHandler bool, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	out := make(graphql.Array, n)
	for i := range n {
		index := i
		child := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &index})
		if omitPanicHandler {
			out[i] = marshal(child, i)
			continue
		}
		out[i] = marshalRecovered(child, i, marshal)
	}
	return out
}

// marshalRecovered marshals element i, turning a panic into null and an error at the
// element's path, as gqlgen does.
func marshalRecovered(ctx context.Context, i int, marshal func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshal(ctx, i)
}

// optionalString marshals a nullable String field held in a Go string: null when the string is
// empty, since the domain holds "" where nothing is published. cmd/gqlgen makes the generated
// executor call it for every such field.
func optionalString(v string) graphql.Marshaler {
	if v == "" {
		return graphql.Null
	}
	return graphql.MarshalString(v)
}
