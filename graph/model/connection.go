// Package model holds the GraphQL-only types of the API: Relay connections and edges
// (hand-written here, so that each connection keeps the query it came from for totalCount) and
// the types gqlgen generates into models_gen.go. Domain types are served from package
// mineralgraph directly.
package model

import (
	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// MineralConnection is a page of minerals. Where is the filter that produced it, kept so that
// totalCount can count the same set, and only when a client asks for it.
type MineralConnection struct {
	Edges    []MineralEdge
	Nodes    []mg.Mineral
	PageInfo PageInfo
	Where    *mg.MineralFilter
}

// MineralEdge is a mineral with its cursor.
type MineralEdge struct {
	Cursor string
	Node   mg.Mineral
}

// NewMineralConnection wraps a page of minerals.
func NewMineralConnection(p mg.Page[mg.Mineral], where *mg.MineralFilter) *MineralConnection {
	c := &MineralConnection{Nodes: p.Items, PageInfo: pageInfo(p), Where: where}
	c.Edges = make([]MineralEdge, len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = MineralEdge{Cursor: p.Cursors[i], Node: n}
	}
	return c
}

// CountryConnection is a page of countries, with the text filter that produced it.
type CountryConnection struct {
	Edges        []CountryEdge
	Nodes        []mg.Country
	PageInfo     PageInfo
	NameContains string
}

// CountryEdge is a country with its cursor.
type CountryEdge struct {
	Cursor string
	Node   mg.Country
}

// NewCountryConnection wraps a page of countries.
func NewCountryConnection(p mg.Page[mg.Country], nameContains string) *CountryConnection {
	c := &CountryConnection{Nodes: p.Items, PageInfo: pageInfo(p), NameContains: nameContains}
	c.Edges = make([]CountryEdge, len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = CountryEdge{Cursor: p.Cursors[i], Node: n}
	}
	return c
}

// ShareConnection is a page of the shares of one mineral or one country. TotalCount is set
// when the page was loaded with its total, which the resolver asks for only when the client
// selected totalCount.
type ShareConnection struct {
	Edges      []ShareEdge
	Nodes      []mg.Share
	PageInfo   PageInfo
	TotalCount int
}

// ShareEdge is a share with its cursor.
type ShareEdge struct {
	Cursor string
	Node   mg.Share
}

// NewShareConnection wraps a page of shares.
func NewShareConnection(p mg.Page[mg.Share]) *ShareConnection {
	c := &ShareConnection{Nodes: p.Items, PageInfo: pageInfo(p)}
	if p.TotalCount != nil {
		c.TotalCount = *p.TotalCount
	}
	c.Edges = make([]ShareEdge, len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = ShareEdge{Cursor: p.Cursors[i], Node: n}
	}
	return c
}

// PageInfo is the Relay page information of a connection.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

func pageInfo[T any](p mg.Page[T]) PageInfo {
	pi := PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	if n := len(p.Cursors); n > 0 {
		pi.StartCursor, pi.EndCursor = &p.Cursors[0], &p.Cursors[n-1]
	}
	return pi
}

// PolicyConnection is a page of policies, with the filter that produced it for totalCount.
type PolicyConnection struct {
	Edges    []PolicyEdge
	Nodes    []mg.Policy
	PageInfo PageInfo
	Where    store.PolicyFilter
}

// PolicyEdge is a policy with its cursor.
type PolicyEdge struct {
	Cursor string
	Node   mg.Policy
}

// NewPolicyConnection wraps a page of policies.
func NewPolicyConnection(p mg.Page[mg.Policy], where store.PolicyFilter) *PolicyConnection {
	c := &PolicyConnection{Nodes: p.Items, PageInfo: pageInfo(p), Where: where}
	c.Edges = make([]PolicyEdge, len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = PolicyEdge{Cursor: p.Cursors[i], Node: n}
	}
	return c
}

// FacilityConnection is a page of facilities, with the filter that produced it.
type FacilityConnection struct {
	Edges    []FacilityEdge
	Nodes    []mg.Facility
	PageInfo PageInfo
	Where    store.FacilityFilter
}

// FacilityEdge is a facility with its cursor.
type FacilityEdge struct {
	Cursor string
	Node   mg.Facility
}

// NewFacilityConnection wraps a page of facilities.
func NewFacilityConnection(p mg.Page[mg.Facility], where store.FacilityFilter) *FacilityConnection {
	c := &FacilityConnection{Nodes: p.Items, PageInfo: pageInfo(p), Where: where}
	c.Edges = make([]FacilityEdge, len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = FacilityEdge{Cursor: p.Cursors[i], Node: n}
	}
	return c
}

// TradeLinkConnection is a page of trade links, with the filter that produced it.
type TradeLinkConnection struct {
	Edges    []TradeLinkEdge
	Nodes    []mg.TradeLink
	PageInfo PageInfo
	Where    store.TradeFilter
}

// TradeLinkEdge is a trade link with its cursor.
type TradeLinkEdge struct {
	Cursor string
	Node   mg.TradeLink
}

// NewTradeLinkConnection wraps a page of trade links.
func NewTradeLinkConnection(p mg.Page[mg.TradeLink], where store.TradeFilter) *TradeLinkConnection {
	c := &TradeLinkConnection{Nodes: p.Items, PageInfo: pageInfo(p), Where: where}
	c.Edges = make([]TradeLinkEdge, len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = TradeLinkEdge{Cursor: p.Cursors[i], Node: n}
	}
	return c
}
