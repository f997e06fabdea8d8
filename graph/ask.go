package graph

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// The API's half of the read path. A root resolver describes what the client's selection
// under its field asks, as a store.Selection (plain data: field names, typed arguments, what
// is asked of each nested value), and hands it to the store, which compiles it into one
// Cypher query. The resolvers of nested fields then read what that query returned from the
// entities' Related maps (see related).
//
// Arguments are typed by gqlgen's own argument code (FieldContext.Child), so that the store
// sees exactly what the field's resolver would receive. A field whose arguments do not
// unmarshal is left out: gqlgen reports that error when it comes to resolve the field.

// schema is the API's schema, for the types a selection's fields return.
var schema = sync.OnceValue(func() *ast.Schema { return NewExecutableSchema(Config{}).Schema() })

// implementors lists the names a fragment's type condition may use to apply to an object of
// type t: its own, its interfaces' and its unions'.
var implementors = sync.OnceValue(func() map[string][]string {
	s := schema()
	out := map[string][]string{}
	for name, def := range s.Types {
		if def.Kind != ast.Object {
			continue
		}
		names := append([]string{name}, def.Interfaces...)
		for _, u := range s.Types {
			if u.Kind == ast.Union && contains(u.Types, name) {
				names = append(names, u.Name)
			}
		}
		out[name] = names
	}
	return out
})

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// asker walks the selection of one root field.
type asker struct {
	// ctx carries a response context of its own, so that an argument gqlgen fails to
	// unmarshal while asking is not reported twice: it is reported when gqlgen resolves the
	// field itself.
	ctx context.Context
	op  *graphql.OperationContext
}

func newAsker(ctx context.Context) asker {
	return asker{ctx: graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, graphql.DefaultRecover), op: graphql.GetOperationContext(ctx)}
}

// ask describes what the selection of the field being resolved asks of its value (an object,
// or each object of a list).
func ask(ctx context.Context) store.Selection {
	a, fc := newAsker(ctx), graphql.GetFieldContext(ctx)
	return a.selection(fc, fc.Field.Selections, fc.Field.Definition.Type.Name())
}

// askPage describes what the selection of the connection field being resolved asks of each
// of its items, and whether it asks for totalCount.
func askPage(ctx context.Context) (store.Selection, bool) {
	a, fc := newAsker(ctx), graphql.GetFieldContext(ctx)
	of, total, _ := a.connection(fc, fc.Field.Selections, fc.Field.Definition.Type.Name())
	return of, total
}

// askAs describes what the selection of the field being resolved asks of its value by the
// value's type, for a field of an interface or union type, or of a connection of them.
func askAs(ctx context.Context) map[string]store.Selection {
	a, fc := newAsker(ctx), graphql.GetFieldContext(ctx)
	def := schema().Types[fc.Field.Definition.Type.Name()]
	if def.IsAbstractType() {
		return a.byType(fc, fc.Field.Selections, def)
	}
	_, _, as := a.connection(fc, fc.Field.Selections, def.Name)
	return as
}

// selection describes the fields sel selects on an object of type typ.
func (a asker) selection(fc *graphql.FieldContext, sel ast.SelectionSet, typ string) store.Selection {
	var out store.Selection
	for _, f := range graphql.CollectFields(a.op, sel, implementors()[typ]) {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		child, err := fc.Child(a.ctx, f)
		if err != nil {
			continue
		}
		out = append(out, a.field(child, f))
	}
	return out
}

// field describes one selected field, with what it asks of its value.
func (a asker) field(fc *graphql.FieldContext, f graphql.CollectedField) store.Field {
	out := store.Field{Key: keyOf(f.Field), Name: f.Name, Args: fc.Args}
	def := schema().Types[f.Definition.Type.Name()]
	switch {
	case isConnection(def):
		out.Of, out.Total, out.As = a.connection(fc, f.Selections, def.Name)
	case def.IsAbstractType():
		out.As = a.byType(fc, f.Selections, def)
	case def.Kind == ast.Object:
		out.Of = a.selection(fc, f.Selections, def.Name)
	}
	return out
}

// isConnection reports whether def is a Relay connection: the store pages its items, and
// the connection's own fields (edges, nodes, pageInfo) are the API's.
func isConnection(def *ast.Definition) bool {
	return def.Kind == ast.Object && strings.HasSuffix(def.Name, "Connection")
}

// connection describes what a connection's selection asks of each item (under nodes and under
// edges.node, merged; by type when the items are of an abstract type), and whether it asks
// for totalCount.
func (a asker) connection(fc *graphql.FieldContext, sel ast.SelectionSet, typ string) (of store.Selection, total bool, as map[string]store.Selection) {
	items := func(fc *graphql.FieldContext, f graphql.CollectedField) {
		def := schema().Types[f.Definition.Type.Name()]
		if def.IsAbstractType() {
			if as == nil {
				as = map[string]store.Selection{}
			}
			for t, s := range a.byType(fc, f.Selections, def) {
				as[t] = as[t].Merge(s)
			}
			return
		}
		of = of.Merge(a.selection(fc, f.Selections, def.Name))
	}
	for _, f := range graphql.CollectFields(a.op, sel, []string{typ}) {
		switch f.Name {
		case "totalCount":
			total = true
		case "nodes":
			if child, err := fc.Child(a.ctx, f); err == nil {
				items(child, f)
			}
		case "edges":
			child, err := fc.Child(a.ctx, f)
			if err != nil {
				continue
			}
			for _, e := range graphql.CollectFields(a.op, f.Selections, []string{f.Definition.Type.Name()}) {
				if e.Name != "node" {
					continue
				}
				if node, err := child.Child(a.ctx, e); err == nil {
					items(node, e)
				}
			}
		}
	}
	return of, total, as
}

// byType describes what sel asks of a value of the abstract type def, for each type the value
// may have.
func (a asker) byType(_ *graphql.FieldContext, sel ast.SelectionSet, def *ast.Definition) map[string]store.Selection {
	out := map[string]store.Selection{}
	ec := newExecutionContext(a.op, &executableSchema{}, nil)
	for _, t := range schema().GetPossibleTypes(def) {
		fields, ok := memberFields[t.Name]
		if !ok {
			continue // a type added to a union or interface without a line in memberFields
		}
		fc := &graphql.FieldContext{Object: t.Name, Child: func(ctx context.Context, f graphql.CollectedField) (*graphql.FieldContext, error) {
			return fields(ec, ctx, f)
		}}
		out[t.Name] = a.selection(fc, sel, t.Name)
	}
	return out
}

// memberFields are gqlgen's field contexts (with typed arguments) of the types a union or
// interface value may have: FieldContext.Child refuses abstract types, and the executor
// reaches a member's fields through these same generated functions. A type that implements
// Node or joins SearchResult needs its line here (TestAskCoversAbstractTypes checks).
var memberFields = map[string]func(*executionContext, context.Context, graphql.CollectedField) (*graphql.FieldContext, error){
	"Mineral":      (*executionContext).childFields_Mineral,
	"Country":      (*executionContext).childFields_Country,
	"Share":        (*executionContext).childFields_Share,
	"Source":       (*executionContext).childFields_Source,
	"CriticalList": (*executionContext).childFields_CriticalList,
	"Bloc":         (*executionContext).childFields_Bloc,
	"TradeLink":    (*executionContext).childFields_TradeLink,
	"Facility":     (*executionContext).childFields_Facility,
	"Organisation": (*executionContext).childFields_Organisation,
	"Policy":       (*executionContext).childFields_Policy,
}

// keyOf names a field of a query: by its place in the query's text, so that two aliases of a
// field, or one field under nodes and another under edges.node, never share a value. gqlgen
// merges the fields of one response key into the first of them, both when the store is asked
// and when the field is resolved, so both find the same key.
func keyOf(f *ast.Field) string {
	if f.Position != nil {
		return strconv.Itoa(f.Position.Start) + ":" + f.Alias
	}
	return f.Alias
}

// errNotRead is a nested field whose value the root field's query did not return: a bug of
// the read path (a field the store does not declare), never a client's mistake.
var errNotRead = errors.New("graph: field was not read with its root field")

// related returns the value the root field's query returned for the field being resolved,
// from the Related map of the object it belongs to; an error stored there is the field's own.
func related[T any](ctx context.Context, r mg.Related) (T, error) {
	var zero T
	fc := graphql.GetFieldContext(ctx)
	v, ok := r[keyOf(fc.Field.Field)]
	if !ok {
		return zero, &mg.Error{Code: mg.EINTERNAL, Op: "graph.related", Message: "internal error", Err: errors.Join(errNotRead, errors.New(fc.Object+"."+fc.Field.Name))}
	}
	if err, ok := v.(error); ok {
		return zero, err
	}
	t, ok := v.(T)
	if !ok {
		return zero, &mg.Error{Code: mg.EINTERNAL, Op: "graph.related", Message: "internal error", Err: errors.New(fc.Object + "." + fc.Field.Name + ": unexpected value type")}
	}
	return t, nil
}
