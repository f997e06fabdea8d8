package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	mg "github.com/mineralgraph/mineralgraph"
)

// pageArgs turns a connection's first/after arguments into the store's PageArgs. The schema
// gives first a default, so nil only happens when a client sends an explicit null.
func pageArgs(first *int, after *string) mg.PageArgs {
	p := mg.PageArgs{First: mg.DefaultPageSize}
	if first != nil {
		p.First = *first
	}
	if after != nil {
		p.After = *after
	}
	return p
}

// value returns *p, or the zero value for nil: an omitted optional argument.
func value[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// totalRequested reports whether the client selected totalCount on the connection the current
// resolver returns, so that the count is computed only when asked for.
func totalRequested(ctx context.Context) bool {
	return graphql.FieldRequested(ctx, "totalCount")
}
