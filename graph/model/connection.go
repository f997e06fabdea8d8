// Package model holds the GraphQL-only types of the API: Relay connections and edges, and the
// types gqlgen generates into models_gen.go. Domain types are served from package
// mineralgraph directly.
package model

import (
	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// Connection is a Relay connection over a page of T: edges with cursors, the nodes, the page
// information, and the size of the whole list when the store counted it (it does when the
// client selects totalCount).
type Connection[T any] struct {
	Edges      []Edge[T]
	Nodes      []T
	PageInfo   PageInfo
	TotalCount int
}

// Edge is a node with its cursor.
type Edge[T any] struct {
	Node   T
	cursor cursorAt
}

// Cursor is the edge's cursor, made when a client selects it.
func (e Edge[T]) Cursor() string { return e.cursor.make() }

// cursorAt is the cursor of item i of a page, not made until it is asked for.
type cursorAt struct {
	of func(int) string
	i  int
}

func (c cursorAt) make() string { return c.of(c.i) }

// NewConnection wraps a page.
func NewConnection[T any](p mg.Page[T]) Connection[T] {
	c := Connection[T]{Nodes: p.Items, PageInfo: pageInfo(p)}
	if p.TotalCount != nil {
		c.TotalCount = *p.TotalCount
	}
	c.Edges = make([]Edge[T], len(p.Items))
	for i, n := range p.Items {
		c.Edges[i] = Edge[T]{Node: n, cursor: cursorAt{p.CursorOf, i}}
	}
	return c
}

// The connections of the schema. gqlgen binds each GraphQL type to a named Go type, so each
// is a named instance of the generic Connection.
type (
	MineralConnection     struct{ Connection[mg.Mineral] }
	MineralEdge           = Edge[mg.Mineral]
	CountryConnection     struct{ Connection[mg.Country] }
	CountryEdge           = Edge[mg.Country]
	ShareConnection       struct{ Connection[mg.Share] }
	ShareEdge             = Edge[mg.Share]
	PolicyConnection      struct{ Connection[mg.Policy] }
	PolicyEdge            = Edge[mg.Policy]
	FacilityConnection    struct{ Connection[mg.Facility] }
	FacilityEdge          = Edge[mg.Facility]
	TradeLinkConnection   struct{ Connection[mg.TradeLink] }
	TradeLinkEdge         = Edge[mg.TradeLink]
	AuditRecordConnection struct{ Connection[mg.AuditRecord] }
	AuditRecordEdge       = Edge[mg.AuditRecord]
)

// PageInfo is the Relay page information of a connection.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	cursorOf        func(int) string
	items           int
}

// StartCursor is the cursor of the page's first item; nil for an empty page.
func (p PageInfo) StartCursor() *string { return p.cursorAt(0) }

// EndCursor is the cursor of the page's last item; nil for an empty page.
func (p PageInfo) EndCursor() *string { return p.cursorAt(p.items - 1) }

func (p PageInfo) cursorAt(i int) *string {
	if p.items == 0 {
		return nil
	}
	s := p.cursorOf(i)
	return &s
}

func pageInfo[T any](p mg.Page[T]) PageInfo {
	return PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage, cursorOf: p.CursorOf, items: len(p.Items)}
}

// SearchResult is a member of the SearchResult union: mg.Mineral, mg.Country, mg.Facility,
// mg.Organisation or mg.Policy.
type SearchResult any

// Node is a value of the Node interface: one of the domain types with a global id.
type Node any

// SearchConnection is a page of search results.
type SearchConnection struct {
	Edges    []SearchEdge
	Nodes    []SearchResult
	PageInfo PageInfo
}

// SearchEdge is a search result with its cursor and score.
type SearchEdge struct {
	Score  float64
	Node   SearchResult
	cursor cursorAt
}

// Cursor is the result's cursor, made when a client selects it.
func (e SearchEdge) Cursor() string { return e.cursor.make() }

// NewSearchConnection is a page of search hits as a connection.
func NewSearchConnection(p mg.Page[store.Hit]) *SearchConnection {
	c := &SearchConnection{PageInfo: pageInfo(p)}
	c.Nodes = make([]SearchResult, len(p.Items))
	c.Edges = make([]SearchEdge, len(p.Items))
	for i, h := range p.Items {
		c.Nodes[i] = h.Node
		c.Edges[i] = SearchEdge{Score: h.Score, Node: h.Node, cursor: cursorAt{p.CursorOf, i}}
	}
	return c
}
