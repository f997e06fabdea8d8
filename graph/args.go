package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/loaders"
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

// source loads the source a record cites; every record cites one, so a missing source is a
// broken graph and surfaces as an error.
func source(ctx context.Context, id string) (*mg.Source, error) {
	s, err := loaders.For(ctx).Source(ctx, id)
	return &s, err
}

// orNull returns nil for "", which the domain uses for "none", and &s otherwise: an absent
// value is null in the API, never an empty string.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// dayOrToday returns *d, or today's date in UTC when d is nil.
func dayOrToday(d *mg.Date) mg.Date {
	if d != nil {
		return *d
	}
	return mg.Date{Time: time.Now().UTC().Truncate(24 * time.Hour)}
}

// head returns the first page.First items of a list computed in memory, refusing a page larger
// than the limit like every list of the API.
func head[T any](items []T, page mg.PageArgs) ([]T, error) {
	if err := page.Validate(mg.MaxPageSize); err != nil {
		return nil, err
	}
	if len(items) > page.First {
		items = items[:page.First]
	}
	return items, nil
}
