package store

import (
	"fmt"
	"strconv"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// The compiled read path. A read of the API names an entry point (a root field: the minerals
// matching a filter, the country with a code) and describes, as a Selection, what it wants of
// each entity it returns and of everything reachable from there. The store compiles the
// whole description into one Cypher query: each entity is returned as a list of exactly the
// values the selection asks for, and each nested field becomes an expression or a subquery
// expression (COLLECT, COUNT) of that list, with its own filter, order, limit and cursor. One
// round trip answers the whole selection, and Neo4j reads and returns only what was asked.
//
// Each field of each entity is declared once (a fieldDecl in the entity's file): how it
// compiles and how its value is decoded. Properties land in the domain struct's fields;
// values of nested fields land in its Related map, under the key the caller gave the field,
// for the caller to find again.

// Selection is what a read asks of one entity, or of each entity of a list: the fields it
// wants, by the names of the API's schema. A nil Selection asks for nothing beyond what an
// entry point always returns.
type Selection []Field

// Field is one field of a Selection.
type Field struct {
	// Key names the field's value in the entity's Related map; the caller chooses it (the API
	// uses the field's place in the query, so that two aliases of one field stay apart) and
	// reads the value back by it. Properties are stored in the entity's own fields instead.
	Key string
	// Name is the field's name in the schema: "shares", "country".
	Name string
	// Args are the field's arguments by name, typed as the API's resolvers receive them
	// (string, *int, *mg.Stage, *mg.Date, *mg.FacilityFilter...), defaults included.
	Args map[string]any
	// Of is what is asked of the field's value when it is an object or a list of them: for a
	// paginated list, of each of its items.
	Of Selection
	// As is what is asked of the value, by type name, when it may be an entity of several
	// kinds (a search result, a node): "Mineral", "Country"...
	As map[string]Selection
	// Total asks for the size of the whole list, for a paginated list.
	Total bool
}

// Merge returns the fields of s and o, each key once: the same key names the same field of
// a query, asked twice (under nodes and under edges of one connection, say).
func (s Selection) Merge(o Selection) Selection {
	if len(o) == 0 {
		return s
	}
	if len(s) == 0 {
		return o
	}
	out := append(Selection(nil), s...)
	for _, f := range o {
		if !out.has(f.Key) {
			out = append(out, f)
		}
	}
	return out
}

func (s Selection) has(key string) bool {
	for _, f := range s {
		if f.Key == key {
			return true
		}
	}
	return false
}

// with returns s asking also for the properties names, which a computation needs whatever the
// caller asked for (a share's percent, for a concentration).
func (s Selection) with(names ...string) Selection {
	out := s
	for _, n := range names {
		out = append(out[:len(out):len(out)], Field{Key: "_" + n, Name: n})
	}
	return out
}

// builder builds one query from parts: it names parameters ($p0, $p1...) and variables
// (s_1, c_2...) so that parts compiled separately never collide, and a subquery never
// shadows a variable of the query around it. The names depend only on the order of the
// parts, so the same request compiles to the same text and Neo4j reuses its plan.
type builder struct {
	p params
	n int
}

func newBuilder() *builder { return &builder{p: params{}} }

// param binds v as a parameter and returns its reference.
func (b *builder) param(v any) string { return b.p.add(v) }

// fresh returns a new variable name starting with prefix.
func (b *builder) fresh(prefix string) string {
	b.n++
	return prefix + "_" + strconv.Itoa(b.n)
}

// binding is an entity's variable in the query, with what the query around it has already
// bound: the variables of neighbours it matched (a share's country, when the list of shares
// matched it), which the entity's fields then reuse instead of matching them again, and for
// a value computed by a field with arguments (alternatives, an exposure), those arguments.
type binding struct {
	v     string
	known map[string]string // field name (or a name of the query's) -> a variable or parameter
	args  map[string]any    // the arguments of the field whose value the entity is
}

func bind(v string) binding { return binding{v: v} }

// setter stores the value the query returned for one field into the entity.
type setter[T any] func(t *T, raw any) error

// fieldDecl declares one field of entity T: compile renders the Cypher value of the field
// for the entity bound to b, as asked by f, and returns how to store what comes back. An
// error is the caller's (a bad argument): the field is then left out of the query and its
// value is the error, which the API reports on that field alone.
type fieldDecl[T any] struct {
	compile func(q *builder, b binding, f Field) (string, setter[T], error)
}

// entity declares how the fields of one type of the API are read from the graph, and how
// the API reaches it beyond the fields that lead to it. Each entity's file declares it once,
// with declare; the lists of what node(id) and search find, and of the ids unique across
// kinds, are read from these declarations, never written by hand.
type entity[T any] struct {
	name    string // the type's name in the schema, and its node's label where it has one
	fields  map[string]fieldDecl[T]
	related func(*T) *mg.Related // where values of nested fields go; nil when it has none
	// node is the key property node(id) finds the entity by ("id"; a country's "code"): set
	// for the members of the API's Node interface, empty for the others.
	node string
	// search says that search finds the entity: its label is in the full-text index and it
	// is a member of SearchResult.
	search bool
}

// declared is an entity of any type, as the shared lists read it.
type declared interface {
	label() string
	nodeKey() string
	searched() bool
	// unique says the entity's ids are unique across every unique entity: its domain type is
	// mg.Addressable (node(id) finds it by a slug another kind could hold).
	unique() bool
	declares(field string) bool
	projectAny(q *builder, b binding, sel Selection) (string, func(any) (any, error), error)
}

// entities are the declared entities, in the order of their declarations. The order means
// nothing: node(id) matches one id in one kind at most, search orders by score and key.
var entities []declared

// declare registers e among the entities and returns it.
func declare[T any](e *entity[T]) *entity[T] {
	entities = append(entities, e)
	return e
}

func (e *entity[T]) label() string              { return e.name }
func (e *entity[T]) nodeKey() string            { return e.node }
func (e *entity[T]) searched() bool             { return e.search }
func (e *entity[T]) unique() bool               { return mg.IsAddressable[T]() }
func (e *entity[T]) declares(field string) bool { _, ok := e.fields[field]; return ok }

// projectAny is project, decoding into an interface value: for node(id) and search, whose
// result is one of several types.
func (e *entity[T]) projectAny(q *builder, b binding, sel Selection) (string, func(any) (any, error), error) {
	proj, decode, err := e.project(q, b, sel)
	if err != nil {
		return "", nil, err
	}
	return proj, func(raw any) (any, error) { return decode(raw) }, nil
}

// declaredWhere returns the entities that keep says to.
func declaredWhere(keep func(declared) bool) []declared {
	var out []declared
	for _, e := range entities {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// projector compiles what a selection asks of an entity into a Cypher value and its decoder:
// an entity's declarations do (entity.project), and so does a fixed projection (fixed).
type projector[T any] interface {
	project(q *builder, b binding, sel Selection) (string, func(raw any) (T, error), error)
}

// fixed is a projection that returns the same value whatever is asked: for records the API
// serves whole (audit records).
type fixed[T any] struct {
	expr   func(v string) string
	decode func(raw any) (T, error)
}

func (f fixed[T]) project(_ *builder, b binding, _ Selection) (string, func(raw any) (T, error), error) {
	return f.expr(b.v), f.decode, nil
}

// project compiles sel for the entity bound to b: a Cypher list holding the value of each
// field, and the decoder of that list. Properties asked for twice (under two aliases) are
// read once.
func (e *entity[T]) project(q *builder, b binding, sel Selection) (string, func(raw any) (T, error), error) {
	exprs := make([]string, 0, len(sel))
	sets := make([]setter[T], 0, len(sel))
	seen := map[string]bool{}
	for _, f := range sel {
		d, ok := e.fields[f.Name]
		if !ok {
			return "", nil, &mg.Error{Code: mg.EINTERNAL, Op: "store.project", Message: "internal error",
				Err: fmt.Errorf("%s has no field %q", e.name, f.Name)}
		}
		if f.Of == nil && f.As == nil && len(f.Args) == 0 {
			if seen[f.Name] {
				continue
			}
			seen[f.Name] = true
		}
		expr, set, err := d.compile(q, b, f)
		if err != nil {
			if mg.Code(err) == mg.EINTERNAL || e.related == nil {
				return "", nil, err
			}
			key, fieldErr := f.Key, err
			expr, set = "null", func(t *T, _ any) error { e.related(t).Set(key, fieldErr); return nil }
		}
		exprs = append(exprs, expr)
		sets = append(sets, set)
	}
	decode := func(raw any) (T, error) {
		var t T
		vals, ok := raw.([]any)
		if !ok || len(vals) != len(sets) {
			return t, decodeErr(e.name, fmt.Errorf("want a list of %d values, got %T", len(sets), raw))
		}
		for i, set := range sets {
			if err := set(&t, vals[i]); err != nil {
				return t, err
			}
		}
		return t, nil
	}
	return "[" + strings.Join(exprs, ", ") + "]", decode, nil
}

// prop declares a field that is a property (or an expression over the entity's own
// properties): expr renders it for the entity's variable.
func prop[T any](expr func(v string) string, set setter[T]) fieldDecl[T] {
	return fieldDecl[T]{compile: func(_ *builder, b binding, _ Field) (string, setter[T], error) {
		return expr(b.v), set, nil
	}}
}

// property is prop for a plain property of the node.
func property[T any](name string, set setter[T]) fieldDecl[T] {
	return prop(func(v string) string { return v + "." + name }, set)
}

// nested declares a field whose value goes to the entity's Related map: compile renders it
// and returns the decoder of its value.
func nested[T, V any](e *entity[T], compile func(q *builder, b binding, f Field) (string, func(raw any) (V, error), error)) fieldDecl[T] {
	return fieldDecl[T]{compile: func(q *builder, b binding, f Field) (string, setter[T], error) {
		expr, decode, err := compile(q, b, f)
		if err != nil {
			return "", nil, err
		}
		key, related := f.Key, e.related
		return expr, func(t *T, raw any) error {
			v, err := decode(raw)
			if err != nil {
				if mg.Code(err) == mg.EINTERNAL {
					return err
				}
				related(t).Set(key, err)
				return nil
			}
			related(t).Set(key, v)
			return nil
		}, nil
	}}
}

// one declares a field leading to at most one entity of target along a pattern from the
// entity: pattern renders it for the entity's variable and the target's ("(%[1]s)-[:CITES]->
// (%[2]s:Source)"). The value is *U, nil when the graph holds none. When the query has
// already matched the neighbour (see binding.known), its variable is reused.
func one[T, U any](e *entity[T], target *entity[U], pattern string) fieldDecl[T] {
	return nested(e, func(q *builder, b binding, f Field) (string, func(any) (*U, error), error) {
		if v, ok := b.known[f.Name]; ok {
			proj, decode, err := target.project(q, bind(v), f.Of)
			if err != nil {
				return "", nil, err
			}
			return proj, optional(decode), nil
		}
		v := q.fresh("n")
		proj, decode, err := target.project(q, bind(v), f.Of)
		if err != nil {
			return "", nil, err
		}
		return "COLLECT { MATCH " + fmt.Sprintf(pattern, b.v, v) + " RETURN " + proj + " LIMIT 1 }[0]", optional(decode), nil
	})
}

// required is one for a field the schema declares non-null (every share has a country, every
// record a source): a missing value is a broken graph, reported as an internal error.
func required[T, U any](e *entity[T], target *entity[U], pattern string) fieldDecl[T] {
	d := one(e, target, pattern)
	return fieldDecl[T]{compile: func(q *builder, b binding, f Field) (string, setter[T], error) {
		expr, set, err := d.compile(q, b, f)
		if err != nil {
			return "", nil, err
		}
		return expr, func(t *T, raw any) error {
			if raw == nil {
				return decodeErr(f.Name, fmt.Errorf("%s has no %s", e.name, f.Name))
			}
			return set(t, raw)
		}, nil
	}}
}

// known declares a field leading to the one entity that the query around the entity always
// matches with it (see binding.known): a relation's other end.
func known[T, U any](e *entity[T], target *entity[U]) fieldDecl[T] {
	return nested(e, func(q *builder, b binding, f Field) (string, func(any) (*U, error), error) {
		v, ok := b.known[f.Name]
		if !ok {
			return "", nil, &mg.Error{Code: mg.EINTERNAL, Op: "store.project", Message: "internal error",
				Err: fmt.Errorf("%s.%s read without its query", e.name, f.Name)}
		}
		proj, decode, err := target.project(q, bind(v), f.Of)
		if err != nil {
			return "", nil, err
		}
		return proj, optional(decode), nil
	})
}

// many declares a field leading to every entity of target along a pattern, in the order of
// the keys order renders for the target's variable. The value is []U.
func many[T, U any](e *entity[T], target *entity[U], pattern string, order func(v string) string) fieldDecl[T] {
	return nested(e, func(q *builder, b binding, f Field) (string, func(any) ([]U, error), error) {
		v := q.fresh("n")
		proj, decode, err := target.project(q, bind(v), f.Of)
		if err != nil {
			return "", nil, err
		}
		return "COLLECT { MATCH " + fmt.Sprintf(pattern, b.v, v) + " WITH " + v + " ORDER BY " + order(v) +
			" RETURN " + proj + " }", listOf(decode), nil
	})
}

// optional decodes a value that may be null into a pointer.
func optional[U any](decode func(any) (U, error)) func(any) (*U, error) {
	return func(raw any) (*U, error) {
		if raw == nil {
			return nil, nil
		}
		u, err := decode(raw)
		if err != nil {
			return nil, err
		}
		return &u, nil
	}
}

// listOf decodes a list of values.
func listOf[U any](decode func(any) (U, error)) func(any) ([]U, error) {
	return func(raw any) ([]U, error) {
		items, err := asList(raw)
		if err != nil {
			return nil, err
		}
		out := make([]U, 0, len(items))
		for _, it := range items {
			u, err := decode(it)
			if err != nil {
				return nil, err
			}
			out = append(out, u)
		}
		return out, nil
	}
}

// arg returns the argument name of f as a T, or the zero T when it is absent or null.
func arg[T any](f Field, name string) T {
	v, _ := f.Args[name].(T)
	return v
}

// argValue returns *T's value for an optional argument passed as a pointer, or the zero T.
func argValue[T any](f Field, name string) T {
	if p, ok := f.Args[name].(*T); ok && p != nil {
		return *p
	}
	var zero T
	return zero
}

// pageArg reads the first and after arguments of a paginated field.
func pageArg(f Field) mg.PageArgs {
	p := mg.PageArgs{First: mg.DefaultPageSize}
	if first, ok := f.Args["first"].(*int); ok && first != nil {
		p.First = *first
	}
	if after, ok := f.Args["after"].(*string); ok && after != nil {
		p.After = *after
	}
	return p
}

// A nested list: the rows a pattern from the entity matches, filtered, ordered by keys and
// cut to a page. It compiles to a list [page, total, missing] where page holds each row as
// [values, keys], total is the size of the whole list when asked (else null), and missing
// names ids the filter gives that the graph does not hold (for NOT_FOUND).
type listSpec struct {
	match string   // "MATCH ..." binding the row variables
	where []string // conditions on them
	then  string   // "MATCH ..." binding what only the page's rows need, after the cut
	row   string   // the variable whose entity a row is
	known map[string]string
	order ordering
	refs  refs
}

// compilePage compiles a paginated nested list of entity e for field f.
func compilePage[U any](q *builder, e *entity[U], l listSpec, f Field, maxPage int) (string, func(any) (mg.Page[U], error), error) {
	page := pageArg(f)
	if err := page.Validate(maxPage); err != nil {
		return "", nil, err
	}
	where := l.where
	if page.After != "" {
		vals, err := l.order.decodeCursor(page.After)
		if err != nil {
			return "", nil, err
		}
		where = append(where[:len(where):len(where)], l.order.after(q.p, vals))
	}
	proj, decode, err := e.project(q, binding{v: l.row, known: l.known}, f.Of)
	if err != nil {
		return "", nil, err
	}
	items := "COLLECT { " + l.match + whereClause(where) + " WITH * ORDER BY " + l.order.orderBy() + " LIMIT " + q.param(page.First+1) +
		prefixed(" ", l.then) + " RETURN [" + proj + ", [" + l.order.keyList() + "]] }"
	total := "null"
	if f.Total {
		total = "COUNT { " + l.match + whereClause(l.where) + " }"
	}
	missing := l.refs.missingExpr(q.p)
	expr := "[" + items + ", " + total + ", " + missing + "]"
	o := l.order
	return expr, func(raw any) (mg.Page[U], error) {
		parts, err := asList(raw)
		if err != nil || len(parts) != 3 {
			return mg.Page[U]{}, decodeErr(e.name+" page", fmt.Errorf("want [items, total, missing], got %v", raw))
		}
		if err := missingError(parts[2]); err != nil {
			return mg.Page[U]{}, err
		}
		rows, err := asList(parts[0])
		if err != nil {
			return mg.Page[U]{}, err
		}
		pg, err := pageOfRows(rows, page, o, decode)
		if err != nil {
			return pg, err
		}
		if f.Total {
			n, err := asInt(parts[1])
			if err != nil {
				return pg, err
			}
			pg.TotalCount = &n
		}
		return pg, nil
	}, nil
}

// prefixed returns prefix + s, or "" when s is "".
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// missingError turns the list of ids a filter named that the graph lacks into ENOTFOUND.
func missingError(raw any) error {
	missing, err := asStrings(raw)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		return mg.Errorf(mg.ENOTFOUND, "%s not found", strings.Join(missing, ", "))
	}
	return nil
}

// pageOfRows turns the rows of a page asked with one row more than page.First ([values,
// keys] each) into a Page. It keeps each row's keys; a row's cursor is encoded from them
// only when the API asks for it.
func pageOfRows[U any](rows []any, page mg.PageArgs, o ordering, decode func(any) (U, error)) (mg.Page[U], error) {
	out := mg.Page[U]{HasPreviousPage: page.After != ""}
	if len(rows) > page.First {
		out.HasNextPage = true
		rows = rows[:page.First]
	}
	out.Items = make([]U, 0, len(rows))
	keys := make([][]any, 0, len(rows))
	out.CursorOf = func(i int) string { return o.encodeCursor(keys[i]) }
	for _, r := range rows {
		pair, err := asList(r)
		if err != nil || len(pair) != 2 {
			return mg.Page[U]{}, decodeErr("page row", fmt.Errorf("want [values, keys], got %v", r))
		}
		u, err := decode(pair[0])
		if err != nil {
			return mg.Page[U]{}, err
		}
		k, err := asList(pair[1])
		if err != nil {
			return mg.Page[U]{}, err
		}
		out.Items = append(out.Items, u)
		keys = append(keys, k)
	}
	return out, nil
}
