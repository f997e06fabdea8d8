package store

import (
	"context"
	"fmt"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Search and global ids.

// searchIndex is the full-text index over the names, aliases and titles of the things a
// reader looks for; EnsureSchema creates it.
const searchIndex = "search"

// Hit is one search result: the kind of node (its label), the entity as the search asked for
// it (an mg.Mineral, mg.Country, mg.Facility, mg.Organisation or mg.Policy), and the
// relevance score Lucene gives it.
type Hit struct {
	Kind  string // Mineral, Country, Facility, Organisation, Policy
	Node  any
	Score float64
}

// hitOrder is the order of search results: best score first, then by id.
var hitOrder = ordering{name: "search/score", keys: []sortKey{{expr: "score", desc: true, num: true}, {expr: "key"}}}

// Search finds minerals, countries, facilities, organisations and policies whose name, alias
// or title matches the words of text (each word also as a prefix: "lyn" finds Lynas), best
// match first, each as as[kind] asks. The text is data: Lucene's operators in it are
// escaped, never interpreted. One round trip.
func (s *Store) Search(ctx context.Context, text string, page mg.PageArgs, as map[string]Selection) (mg.Page[Hit], error) {
	lq := luceneQuery(text)
	if lq == "" {
		return mg.Page[Hit]{}, mg.Invalid("text: give at least one word to search for")
	}
	if len(text) > 200 {
		return mg.Page[Hit]{}, mg.Invalid("text: at most 200 characters")
	}
	q := newBuilder()
	query := q.param(lq)
	kinds, decoders := []string{}, map[string]func(any) (any, error){}
	var cases strings.Builder
	for _, e := range declaredWhere(declared.searched) {
		proj, decode, err := e.projectAny(q, bind("node"), as[e.label()])
		if err != nil {
			return mg.Page[Hit]{}, err
		}
		kinds = append(kinds, "'"+e.label()+"'")
		decoders[e.label()] = decode
		cases.WriteString(" WHEN '" + e.label() + "' THEN " + proj)
	}
	hit := fixed[Hit]{
		expr: func(string) string {
			return "[kind, score, CASE kind" + cases.String() + " END]"
		},
		decode: func(raw any) (Hit, error) {
			parts, err := asList(raw)
			if err != nil || len(parts) != 3 {
				return Hit{}, decodeErr("hit", fmt.Errorf("want [kind, score, node], got %v", raw))
			}
			h := Hit{}
			if h.Kind, err = asString(parts[0]); err != nil {
				return h, err
			}
			score, err := asFloat(parts[1])
			if err != nil || score == nil {
				return h, decodeErr("score", err)
			}
			h.Score = *score
			decode, ok := decoders[h.Kind]
			if !ok {
				return h, decodeErr("hit", fmt.Errorf("unknown kind %q", h.Kind))
			}
			h.Node, err = decode(parts[2])
			return h, err
		},
	}
	pq := pagedQuery{op: "store.Search",
		match: `CALL db.index.fulltext.queryNodes('` + searchIndex + `', ` + query + `) YIELD node, score
  WITH node, score, [l IN labels(node) WHERE l IN [` + strings.Join(kinds, ", ") + `]][0] AS kind, coalesce(node.id, node.code) AS key`,
		order: hitOrder}
	return runPaged(ctx, s, q, pq, hit, bind("node"), nil, page, false)
}

// Node returns the entity a global id names (of a kind whose declaration gives its node key:
// an mg.Mineral, mg.Country, mg.Facility, mg.Organisation, mg.Policy, mg.Source,
// mg.CriticalList, mg.Bloc, mg.Share or mg.TradeLink), as as[kind] asks, or ENOTFOUND naming
// the id. Ids are unique across kinds (the dataset validates it), so at most one matches.
// One round trip.
func (s *Store) Node(ctx context.Context, id string, as map[string]Selection) (any, error) {
	q := newBuilder()
	q.p["id"] = id
	decoders := map[string]func(any) (any, error){}
	var branches []string
	for _, e := range declaredWhere(func(e declared) bool { return e.nodeKey() != "" }) {
		proj, decode, err := e.projectAny(q, bind("n"), as[e.label()])
		if err != nil {
			return nil, err
		}
		decoders[e.label()] = decode
		branches = append(branches, "MATCH (n:"+e.label()+" {"+e.nodeKey()+": $id}) RETURN '"+e.label()+"' AS kind, "+proj+" AS row")
	}
	recs, err := s.read(ctx, "store.Node", "CALL () {\n  "+strings.Join(branches, "\n  UNION ALL ")+"\n}\nRETURN kind, row LIMIT 1", q.p)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, mg.NotFound("node", id)
	}
	kind, err := asString(recs[0].Values[0])
	if err != nil {
		return nil, err
	}
	return decoders[kind](recs[0].Values[1])
}

// luceneQuery turns free text into a Lucene query: each word escaped, and matched as itself
// or as a prefix ("gall" finds gallium), any word matching.
func luceneQuery(text string) string {
	var terms []string
	for _, w := range strings.Fields(text) {
		if w == "AND" || w == "OR" || w == "NOT" { // Lucene's operators; the analyzer lowercases words anyway
			w = strings.ToLower(w)
		}
		var b strings.Builder
		for _, r := range w {
			if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
				b.WriteRune('\\')
			}
			b.WriteRune(r)
		}
		if e := b.String(); e != "" {
			terms = append(terms, e, e+"*")
		}
		if len(terms) >= 40 {
			break
		}
	}
	return strings.Join(terms, " ")
}
