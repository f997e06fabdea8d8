package store

import (
	"context"
	"fmt"
	"strings"

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
		return fmt.Sprintf(`[ref IN %s WHERE NOT EXISTS { MATCH %s } | '%s "' + ref + '"']`, p.add(ids), match, kind)
	}
	var parts []string
	for _, k := range []struct {
		ids         []string
		kind, match string
	}{
		{r.countries, "country", "(:Country {code: ref})"},
		{r.minerals, "mineral", "(:Mineral {id: ref})"},
		{r.lists, "list", "(:CriticalList {id: ref})"},
		{r.organisations, "organisation", "(:Organisation {id: ref})"},
		{r.issuers, "issuer", "(:Country|Bloc {code: ref})"},
	} {
		if len(k.ids) > 0 {
			parts = append(parts, part(k.ids, k.kind, k.match))
		}
	}
	return strings.Join(parts, " + ")
}

// whenAllFound renders a subquery that runs body only when the list bound as missing (the ids
// a filter names that the graph does not hold, missingExpr) is empty.
func whenAllFound(body string) string {
	return "CALL (missing) { WITH missing WHERE size(missing) = 0\n  " + body + " }"
}

// pagedQuery is the parts of a list query. match binds the row variable(s) and filters them
// ("MATCH (m:Mineral) WHERE ..."); project, if any, adds computed sort keys to the row
// ("WITH m, ... AS sk").
type pagedQuery struct {
	op      string
	match   string
	project string
	order   ordering
	refs    refs
}

// runPaged executes q for page, each row's entity (bound by b) as sel asks; withTotal adds
// the size of the whole list. Errors: ENOTFOUND naming the first filter id that does not
// exist, EINVALID for a bad cursor or page size.
func runPaged[T any](ctx context.Context, s *Store, q *builder, pq pagedQuery, e projector[T], b binding, sel Selection, page mg.PageArgs, withTotal bool) (mg.Page[T], error) {
	if err := page.Validate(s.maxPage); err != nil {
		return mg.Page[T]{}, err
	}
	o := pq.order
	after := ""
	if start := o.start(); start != "" {
		after = "WHERE " + start
	}
	if page.After != "" {
		vals, err := o.decodeCursor(page.After)
		if err != nil {
			return mg.Page[T]{}, err
		}
		after = "WHERE " + o.after(q.p, vals)
	}
	proj, decode, err := e.project(q, b, sel)
	if err != nil {
		return mg.Page[T]{}, err
	}
	limit := q.param(page.First + 1) // one more than asked tells whether a next page exists
	count := "WITH missing, null AS total"
	if withTotal {
		count = whenAllFound(pq.match + "\n  RETURN count(*) AS total")
	}
	project := pq.project
	if project == "" {
		project = "WITH *"
	}
	// The page is chosen on the sort keys alone, and only its rows are projected: projecting
	// first would compute every field (subqueries included) of every matching row. The page
	// comes back as one record (a list of [row, keys] in order): one record a row would repeat
	// missing and total in each, and cost the driver a message each.
	page1 := pq.match + "\n  " + project + "\n  " + after + "\n" +
		"  WITH * ORDER BY " + o.orderBy() + " LIMIT " + limit + "\n" +
		"  WITH collect([" + proj + ", [" + o.keyList() + "]]) AS rows"
	cypher := "WITH " + pq.refs.missingExpr(q.p) + " AS missing\n" +
		count + "\n" +
		whenAllFound(page1+" RETURN rows") + "\n" +
		"RETURN missing, total, rows"
	if pq.refs.empty() && !withTotal {
		// Nothing to look up and nothing to count: the page alone. (The constants come after
		// the collect: beside it they would be grouping keys, and an empty page no record.)
		cypher = page1 + "\nRETURN rows, [] AS missing, null AS total"
	}
	recs, err := s.read(ctx, pq.op, cypher, q.p)
	if err != nil {
		return mg.Page[T]{}, err
	}
	if len(recs) != 1 {
		return mg.Page[T]{}, decodeErr("page", fmt.Errorf("%d records, want 1", len(recs)))
	}
	r := recs[0]
	get := func(key string) any { v, _ := r.Get(key); return v } // by name: the two shapes order their columns differently
	if err := missingError(get("missing")); err != nil {
		return mg.Page[T]{}, err
	}
	var total *int
	if t := get("total"); t != nil {
		n, err := asInt(t)
		if err != nil {
			return mg.Page[T]{}, err
		}
		total = &n
	}
	rows, _ := get("rows").([]any)
	pg, err := pageOfRows(rows, page, o, decode)
	pg.TotalCount = total
	return pg, err
}
