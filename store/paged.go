package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// A list query of the API runs in one round trip, whatever it is asked: it checks that the
// ids its filter names exist (so that an unknown id is reported as such rather than matching
// nothing), counts the whole list when the client asked for totalCount, and returns one page
// by keyset.

// refs are the ids a filter names, which must exist.
type refs struct {
	countries, minerals, lists, organisations, issuers []string
}

func (r refs) empty() bool {
	return len(r.countries)+len(r.minerals)+len(r.lists)+len(r.organisations)+len(r.issuers) == 0
}

// missingExpr renders a list expression of the refs that do not exist, each as `kind "id"`.
func (r refs) missingExpr(p params) string {
	if r.empty() {
		return "[]"
	}
	part := func(ids []string, kind, match string) string {
		return fmt.Sprintf(`[x IN %s WHERE NOT EXISTS { MATCH %s } | '%s "' + x + '"']`, p.add(ids), match, kind)
	}
	var parts []string
	for _, k := range []struct {
		ids         []string
		kind, match string
	}{
		{r.countries, "country", "(:Country {code: x})"},
		{r.minerals, "mineral", "(:Mineral {id: x})"},
		{r.lists, "list", "(:CriticalList {id: x})"},
		{r.organisations, "organisation", "(:Organisation {id: x})"},
		{r.issuers, "issuer", "(:Country|Bloc {code: x})"},
	} {
		if len(k.ids) > 0 {
			parts = append(parts, part(k.ids, k.kind, k.match))
		}
	}
	return strings.Join(parts, " + ")
}

// pagedQuery is the parts of a list query. match binds the row variable(s) and filters them
// ("MATCH (m:Mineral) WHERE ..."); project, if any, adds computed sort keys to the row
// ("WITH m, ... AS sk").
type pagedQuery struct {
	op      string
	match   string
	project string
	columns string
	order   ordering
	refs    refs
}

// run executes q for page, decoding rows with decode; withTotal adds the size of the whole
// list. Errors: ENOTFOUND naming the first filter id that does not exist, EINVALID for a bad
// cursor or page size.
func runPaged[T any](ctx context.Context, s *Store, q pagedQuery, p params, page mg.PageArgs, withTotal bool, decode func(*neo4j.Record) (T, error)) (mg.Page[T], error) {
	if err := page.Validate(s.maxPage); err != nil {
		return mg.Page[T]{}, err
	}
	o := q.order
	after := ""
	if start := o.start(); start != "" {
		after = "WHERE " + start
	}
	if page.After != "" {
		vals, err := o.decodeCursor(page.After)
		if err != nil {
			return mg.Page[T]{}, err
		}
		after = "WHERE " + o.after(p, vals)
	}
	p["limit"] = page.First + 1 // one more than asked tells whether a next page exists
	count := "WITH missing, null AS total"
	if withTotal {
		count = "CALL (missing) { WITH missing WHERE size(missing) = 0\n  " + q.match + "\n  RETURN count(*) AS total }"
	}
	project := q.project
	if project == "" {
		project = "WITH *"
	}
	// The page is chosen on the sort keys alone, and only its rows are projected: projecting
	// first would compute every column (subqueries included) of every matching row.
	cypher := "WITH " + q.refs.missingExpr(p) + " AS missing\n" +
		count + "\n" +
		"OPTIONAL CALL (missing) { WITH missing WHERE size(missing) = 0\n  " + q.match + "\n  " + project + "\n  " + after + "\n" +
		"  WITH * ORDER BY " + o.orderBy() + " LIMIT $limit\n" +
		"  RETURN " + q.columns + ", " + o.returnKeys() + "\n  ORDER BY " + o.orderBy() + " }\n" +
		"RETURN *"
	recs, err := s.read(ctx, q.op, cypher, p)
	if err != nil {
		return mg.Page[T]{}, err
	}
	if len(recs) > 0 {
		missing, err := strList(recs[0], "missing")
		if err != nil {
			return mg.Page[T]{}, err
		}
		if len(missing) > 0 {
			return mg.Page[T]{}, mg.Errorf(mg.ENOTFOUND, "%s not found", strings.Join(missing, ", "))
		}
	}
	var total *int
	rows := recs[:0:0]
	for _, r := range recs {
		if t, ok := r.Get("total"); ok && t != nil && total == nil {
			n := int(t.(int64))
			total = &n
		}
		if k0, _ := r.Get("k0"); k0 != nil {
			rows = append(rows, r)
		}
	}
	pg, err := pageOf(rows, page, o, decode)
	pg.TotalCount = total
	return pg, err
}

// An anchored list query returns one page for each of several anchors (the shares of each
// mineral, the facilities of each country) in one round trip: its page subquery runs once
// per anchor, so LIMIT applies to each anchor's own list, and collects it so that every
// anchor yields exactly one row.
type anchoredQuery struct {
	op     string
	head   string   // binds anchor and anchorKey for each of $anchors
	body   string   // run once per anchor: binds the row variables
	vars   string   // the row variables, carried to the ordering ("m, s, c")
	fields string   // the map entries of a row (decoded as a record)
	where  []string // conditions on the row variables
	order  ordering
}

// runAnchored runs q for page and returns each anchor's page, with the size of its whole list
// when withTotal is true. Anchors the graph does not hold get an empty page. The caller has
// validated page.
func runAnchored[T any](ctx context.Context, s *Store, q anchoredQuery, p params, anchors []string, page mg.PageArgs, withTotal bool, decode func(*neo4j.Record) (T, error)) (map[string]mg.Page[T], error) {
	o := q.order
	p["anchors"], p["limit"] = anchors, page.First+1
	where := q.where
	total := `WITH anchor, anchorKey, null AS total`
	if withTotal {
		total = `CALL (anchor) { ` + q.body + whereClause(where) + ` RETURN count(*) AS total }`
	}
	if page.After != "" {
		vals, err := o.decodeCursor(page.After)
		if err != nil {
			return nil, err
		}
		where = append(where[:len(where):len(where)], o.after(p, vals))
	}
	cypher := q.head + `
` + total + `
CALL (anchor) {
  ` + q.body + whereClause(where) + `
  WITH ` + q.vars + ` ORDER BY ` + o.orderBy() + ` LIMIT $limit
  RETURN collect({` + q.fields + `, ` + o.mapKeys() + `}) AS rows
}
RETURN anchorKey, total, rows`
	recs, err := s.read(ctx, q.op, cypher, p)
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Page[T], len(anchors))
	for _, r := range recs {
		key, err := str(r, "anchorKey")
		if err != nil {
			return nil, err
		}
		rows, _, err := neo4j.GetRecordValue[[]any](r, "rows")
		if err != nil {
			return nil, decodeErr("rows", err)
		}
		pg, err := pageOf(mapRecords(rows), page, o, decode)
		if err != nil {
			return nil, err
		}
		if withTotal {
			n, err := intValue(r, "total")
			if err != nil {
				return nil, err
			}
			pg.TotalCount = &n
		}
		out[key] = pg
	}
	for _, key := range anchors {
		if _, ok := out[key]; !ok {
			pg := mg.Page[T]{Items: []T{}, HasPreviousPage: page.After != ""}
			if withTotal {
				pg.TotalCount = new(int)
			}
			out[key] = pg
		}
	}
	return out, nil
}
