package loaders

import (
	"context"
	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// Mineral loads a mineral by id; ENOTFOUND when the graph has none.
func (l *Loaders) Mineral(ctx context.Context, id string) (mg.Mineral, error) {
	m, err := l.mineral.Load(ctx, id)
	return m, notFound(err, "mineral", id)
}

// Country loads a country by ISO alpha-2 code; ENOTFOUND when the graph has none.
func (l *Loaders) Country(ctx context.Context, code string) (mg.Country, error) {
	c, err := l.country.Load(ctx, code)
	return c, notFound(err, "country", code)
}

// Source loads a source by id; ENOTFOUND when the graph has none.
func (l *Loaders) Source(ctx context.Context, id string) (mg.Source, error) {
	s, err := l.source.Load(ctx, id)
	return s, notFound(err, "source", id)
}

// ShareAt loads the share named by k; ok is false when the graph has no such figure, which is
// an answer ("unknown"), not an error.
func (l *Loaders) ShareAt(ctx context.Context, k store.ShareKey) (share mg.Share, ok bool, err error) {
	m, err := l.shareAt.Load(ctx, k)
	return m.share, m.ok, err
}

// MineralShares loads a page of a mineral's shares, with the size of the whole list when
// withTotal is true (counted in the same query).
func (l *Loaders) MineralShares(ctx context.Context, mineralID string, f store.ShareFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Share], error) {
	return l.mineralShares.Load(ctx, shareListKey{anchor: mineralID, filter: f, page: page, withTotal: withTotal})
}

// CountryShares loads a page of a country's shares, with the size of the whole list when
// withTotal is true.
func (l *Loaders) CountryShares(ctx context.Context, code string, f store.ShareFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Share], error) {
	return l.countryShares.Load(ctx, shareListKey{anchor: code, filter: f, page: page, withTotal: withTotal})
}

// WorldProduction loads a mineral's world totals, optionally narrowed to a stage and a year.
func (l *Loaders) WorldProduction(ctx context.Context, mineralID string, stage mg.Stage, year int) ([]mg.WorldProduction, error) {
	return l.world.Load(ctx, worldKey{mineral: mineralID, stage: stage, year: year})
}
