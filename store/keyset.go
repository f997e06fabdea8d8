package store

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Keyset pagination: a list is sorted by a fixed tuple of keys that ends in a unique one, and
// a cursor is the tuple of the last row seen. The next page starts with the rows that sort
// after that tuple, which an index can find directly: no SKIP, so a deep page costs the same
// as the first, and rows inserted earlier in the list do not shift the page.

// sortKey is one expression of an ordering; expressions are constants of this package.
type sortKey struct {
	expr string // a Cypher expression over the row variable(s), e.g. "m.name"
	desc bool
	// seek marks a property that every row has and a range index covers (store/schema.go):
	// a page then starts with an index seek on it, in order, whatever its depth.
	seek bool
	// num marks a key whose values are numbers; the others are strings. A cursor must carry
	// each key's kind: compared with a value of the other kind, Neo4j finds no row after it,
	// and a forged cursor would read as an empty page instead of a mistake.
	num bool
}

// ordering is a named, total ordering of a list: its last key must be unique.
type ordering struct {
	name string // written into cursors, so a cursor cannot be replayed on another ordering
	keys []sortKey
}

// orderBy renders the ORDER BY list of o.
func (o ordering) orderBy() string {
	parts := make([]string, len(o.keys))
	for i, k := range o.keys {
		parts[i] = k.expr
		if k.desc {
			parts[i] += " DESC"
		}
	}
	return strings.Join(parts, ", ")
}

// keyList renders the key expressions as the items of a list, for rows returned as lists.
func (o ordering) keyList() string {
	parts := make([]string, len(o.keys))
	for i, k := range o.keys {
		parts[i] = k.expr
	}
	return strings.Join(parts, ", ")
}

// after renders the predicate "the row sorts after the cursor's tuple", binding the cursor's
// values as parameters, in the nested form
//
//	k0 >= $a AND (k0 > $a OR (k1 >= $b AND (k1 > $b OR ...)))
//
// which holds for the same rows as k0 > $a OR (k0 = $a AND k1 > $b) OR ..., but starts with a
// range on the first key alone: Neo4j seeks an index on it and keeps the index's order,
// where the disjunction would make it seek each branch and sort their union.
func (o ordering) after(b params, values []any) string {
	var render func(i int) string
	render = func(i int) string {
		k := o.keys[i]
		op := ">"
		if k.desc {
			op = "<"
		}
		v := b.add(values[i])
		if i == len(o.keys)-1 {
			return fmt.Sprintf("%s %s %s", k.expr, op, v)
		}
		return fmt.Sprintf("(%s %s= %s AND (%s %s %s OR %s))", k.expr, op, v, k.expr, op, v, render(i+1))
	}
	return render(0)
}

// start renders the condition a first page adds to tell Neo4j that an index on the first key
// can produce the rows in order ("n.name IS NOT NULL"), or "" when the first key is no such
// property. Only keys marked seek, which every row has, qualify: the condition drops no row.
func (o ordering) start() string {
	if len(o.keys) == 0 || !o.keys[0].seek {
		return ""
	}
	return o.keys[0].expr + " IS NOT NULL"
}

type cursorData struct {
	Ordering string `json:"o"`
	Values   []any  `json:"v"`
}

// encodeCursor makes the opaque cursor of a row from its key values.
func (o ordering) encodeCursor(values []any) string {
	b, _ := json.Marshal(cursorData{Ordering: o.name, Values: values}) // values are strings and numbers
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a cursor made by encodeCursor for the same ordering. A cursor that is
// malformed, or belongs to another list or ordering, is EINVALID.
func (o ordering) decodeCursor(c string) ([]any, error) {
	bad := mg.Invalid("after: %q is not a cursor of this list in this order; pass a cursor this list returned, or omit after to start over", truncate(c, 40))
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	var d cursorData
	if err := json.Unmarshal(raw, &d); err != nil || d.Ordering != o.name || len(d.Values) != len(o.keys) {
		return nil, bad
	}
	for i, v := range d.Values {
		switch v.(type) {
		case string:
			if o.keys[i].num {
				return nil, bad
			}
		case float64:
			if !o.keys[i].num {
				return nil, bad
			}
		default:
			return nil, bad
		}
	}
	return d.Values, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// params accumulates the parameters of a query built from parts, naming them $p0, $p1...
// Only values enter a query through params; its text is made of this package's constants.
type params map[string]any

func (p params) add(v any) string {
	name := fmt.Sprintf("p%d", len(p))
	p[name] = v
	return "$" + name
}
