package graph

import (
	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/graph/model"
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
	return mg.Today()
}

// shareConnection and facilityConnection wrap a page (read by the store) as its connection.
func shareConnection(p mg.Page[mg.Share], err error) (*model.ShareConnection, error) {
	return &model.ShareConnection{Connection: model.NewConnection(p)}, err
}

func facilityConnection(p mg.Page[mg.Facility], err error) (*model.FacilityConnection, error) {
	return &model.FacilityConnection{Connection: model.NewConnection(p)}, err
}
