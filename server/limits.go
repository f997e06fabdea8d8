package server

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"

	mg "github.com/mineralgraph/mineralgraph"
)

// Limits bounds what one GraphQL operation may ask for. They are checked after the query is
// parsed and validated and before anything runs, so a refused query costs no Neo4j work.
type Limits struct {
	// MaxDepth is the deepest nesting of fields (MAX_QUERY_DEPTH, default 15: GraphiQL's own
	// introspection query needs 14, the deepest documented example 6).
	MaxDepth int
	// MaxCost bounds the number of objects a query could return (MAX_QUERY_COST, default
	// 100000). The costliest documented example measures 451; asking for a full page of
	// shares of every mineral at once measures about 37000 and is admitted; three nested
	// pages of 100 (a million) are not. See measure for how it is counted.
	MaxCost int
	// MaxAliases bounds how many fields a query may rename (MAX_ALIASES, default 30), which
	// stops one request from repeating the same expensive field under many names.
	MaxAliases int
	// MaxTokens bounds the size of the query text in GraphQL tokens (MAX_QUERY_TOKENS,
	// default 5000); the parser stops reading there.
	MaxTokens int
	// MaxBodyBytes bounds an HTTP request body (MAX_BODY_BYTES, default 128 KiB).
	MaxBodyBytes int64
	// UnpagedListSize is how many items a list without a `first` argument counts for in the
	// cost (such lists are short by construction: a mineral's lists, a policy's targets).
	UnpagedListSize int
}

// DefaultLimits admit every documented query and GraphiQL's introspection with room to spare;
// TestLimits proves it.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 15, MaxCost: 100000, MaxAliases: 30, MaxTokens: 5000, MaxBodyBytes: 128 << 10, UnpagedListSize: 10}
}

// limitsExtension refuses operations over the Limits, with a message that says which limit,
// by how much, and what to change. pageSize is the most items a page holds (MAX_PAGE_SIZE;
// 0 means mineralgraph.MaxPageSize), which the refusal of a query asking for more names.
type limitsExtension struct {
	limits   Limits
	pageSize int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = limitsExtension{}

func (limitsExtension) ExtensionName() string                   { return "QueryLimits" }
func (limitsExtension) Validate(graphql.ExecutableSchema) error { return nil }

func (e limitsExtension) maxPage() int {
	if e.pageSize > 0 {
		return e.pageSize
	}
	return mg.MaxPageSize
}

// MutateOperationParameters refuses query text over MaxTokens before it is parsed, with the
// fields every refusal carries; the parser's own limit (the same) stays as a backstop.
func (e limitsExtension) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if e.limits.MaxTokens <= 0 {
		return nil
	}
	if n := countTokens(p.Query); n > e.limits.MaxTokens {
		return limitError("tokens", n, e.limits.MaxTokens,
			"the query text has %d tokens, over the token limit of %d. Send a shorter query: fewer fields, fragments for what repeats, variables for long values.", n, e.limits.MaxTokens)
	}
	return nil
}

// countTokens counts the GraphQL tokens of a query as the parser counts them against its
// limit (comments included, the end not), stopping at a lexical error, which the parser
// reports. MaxBodyBytes bounds the work.
func countTokens(query string) int {
	lex := lexer.New(&ast.Source{Input: query})
	n := 0
	for {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return n
		}
		n++
	}
}

func (e limitsExtension) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	m := measure(op.Doc, op.Operation, op.Variables, e.limits.UnpagedListSize)
	switch {
	case m.depth > e.limits.MaxDepth:
		return limitError("depth", m.depth, e.limits.MaxDepth,
			"the query nests %d fields deep; the limit is %d. Ask for the nested data in a separate query.", m.depth, e.limits.MaxDepth)
	case m.aliases > e.limits.MaxAliases:
		return limitError("aliases", m.aliases, e.limits.MaxAliases,
			"the query renames %d fields with aliases; the limit is %d. Use a list argument (idIn, a filter) instead of repeating a field.", m.aliases, e.limits.MaxAliases)
	case m.cost > e.limits.MaxCost && m.first > e.maxPage():
		return limitError("cost", m.cost, e.limits.MaxCost,
			"the query asks for first: %d, and a page holds at most %d items; ask for first: %d or less and follow pageInfo.endCursor for the rest. (It could return up to %d objects; the limit is %d.)",
			m.first, e.maxPage(), e.maxPage(), m.cost, e.limits.MaxCost)
	case m.cost > e.limits.MaxCost:
		return limitError("cost", m.cost, e.limits.MaxCost,
			"the query could return up to %d objects; the limit is %d. Ask for smaller pages (first) or fewer nested lists, and page through the rest.", m.cost, e.limits.MaxCost)
	}
	op.Stats.SetExtension("QueryLimits", m)
	return nil
}

// limitError is a refusal the client can act on: BAD_USER_INPUT, which limit, the measured
// value and the limit.
func limitError(limit string, got, max int, format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": "BAD_USER_INPUT", "limit": limit, "measured": got, "max": max}
	return e
}

// measurement is what measure finds in one operation; first is the largest `first` argument.
type measurement struct {
	depth, cost, aliases, first int
}

// measure walks the operation once. Fragments are measured once each and reused, so that a
// query built from fragments that spread each other many times (a "fragment bomb") costs
// linear time to measure, while its measured cost still counts every repetition.
//
// Cost counts every field once, times the number of items of the lists it sits in: a field
// with a `first` argument multiplies what is under it by first (its default when absent, since
// it pages); edges and nodes of a connection add nothing more (first already counted them); any
// other list multiplies by unpaged. Introspection (__schema, __type) is served from memory
// and costs nothing, but counts for depth.
func measure(doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any, unpaged int) measurement {
	w := walker{vars: vars, unpaged: unpaged, fragments: map[string]measurement{}}
	return w.selections(op.SelectionSet, false)
}

type walker struct {
	vars      map[string]any
	unpaged   int
	fragments map[string]measurement
}

func (w *walker) selections(set ast.SelectionSet, inConnection bool) measurement {
	var m measurement
	for _, sel := range set {
		var sub measurement
		switch s := sel.(type) {
		case *ast.Field:
			sub = w.field(s, inConnection)
		case *ast.InlineFragment:
			sub = w.selections(s.SelectionSet, inConnection)
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			key := fmt.Sprint(s.Name, inConnection)
			got, ok := w.fragments[key]
			if !ok {
				w.fragments[key] = measurement{} // a cycle (refused by validation) counts 0
				got = w.selections(s.Definition.SelectionSet, inConnection)
				w.fragments[key] = got
			}
			sub = got
		}
		m.depth = max(m.depth, sub.depth)
		m.first = max(m.first, sub.first)
		m.cost = saturatingAdd(m.cost, sub.cost)
		m.aliases = saturatingAdd(m.aliases, sub.aliases)
	}
	return m
}

func (w *walker) field(f *ast.Field, inConnection bool) measurement {
	children := w.selections(f.SelectionSet, isConnection(f))
	m := measurement{depth: 1 + children.depth, aliases: children.aliases, first: children.first}
	if f.Alias != "" && f.Alias != f.Name {
		m.aliases = saturatingAdd(m.aliases, 1)
	}
	if f.Name == "__schema" || f.Name == "__type" {
		return m
	}
	times := 1
	switch {
	case f.Definition != nil && f.Definition.Arguments.ForName("first") != nil:
		times = mg.DefaultPageSize
		if n, ok := intValue(f.ArgumentMap(w.vars)["first"]); ok {
			times = max(n, 0)
			m.first = max(m.first, n)
		}
	case f.Definition != nil && f.Definition.Type.Elem != nil && !inConnection:
		times = w.unpaged
	}
	m.cost = saturatingAdd(1, saturatingMul(times, children.cost))
	return m
}

// intValue reads an Int argument, from a literal (int64) or a variable (JSON number).
func intValue(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case int:
		return n, true
	case float64:
		return int(n), true
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}

// isConnection reports whether a field returns a Relay connection, whose edges and nodes
// lists are the page that `first` already counted.
func isConnection(f *ast.Field) bool {
	if f.Definition == nil {
		return false
	}
	name := f.Definition.Type.Name()
	return len(name) > len("Connection") && name[len(name)-len("Connection"):] == "Connection"
}

const maxInt = int(^uint(0) >> 1)

func saturatingAdd(a, b int) int {
	if a > maxInt-b {
		return maxInt
	}
	return a + b
}

func saturatingMul(a, b int) int {
	if a != 0 && b > maxInt/a {
		return maxInt
	}
	return a * b
}

// String describes a measurement for logs.
func (m measurement) String() string {
	return fmt.Sprintf("depth %d, cost %d, aliases %d", m.depth, m.cost, m.aliases)
}

// noIntrospection refuses, with a clear FORBIDDEN, operations that ask for __schema or
// __type when the server is configured without introspection (gqlgen would otherwise answer
// with an unclassified error). __typename stays allowed: clients need it.
type noIntrospection struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = noIntrospection{}

func (noIntrospection) ExtensionName() string                   { return "NoIntrospection" }
func (noIntrospection) Validate(graphql.ExecutableSchema) error { return nil }

func (noIntrospection) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if asksSchema(op.Operation.SelectionSet, map[string]bool{}) {
		return codedError("FORBIDDEN", "introspection is turned off on this server; its schema is published with its documentation")
	}
	return nil
}

func asksSchema(set ast.SelectionSet, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				return true
			}
		case *ast.InlineFragment:
			if asksSchema(s.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && !seen[s.Name] {
				seen[s.Name] = true
				if asksSchema(s.Definition.SelectionSet, seen) {
					return true
				}
			}
		}
	}
	return false
}
