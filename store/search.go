package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Search and global ids.

// searchIndex is the full-text index over the names, aliases and titles of the things a
// reader looks for; EnsureSchema creates it.
const searchIndex = "search"

// Hit is one search result: the kind of node (its label) and its id, with the relevance score
// Lucene gives it.
type Hit struct {
	Kind  string // Mineral, Country, Facility, Organisation, Policy
	ID    string
	Score float64
}

var hitOrder = ordering{name: "search/score", keys: []sortKey{{expr: "score", desc: true, num: true}, {expr: "key"}}}

// Search finds minerals, countries, facilities, organisations and policies whose name, alias
// or title matches the words of text (each word also as a prefix: "lyn" finds Lynas), best
// match first. The text is data: Lucene's operators in it are escaped, never interpreted.
func (s *Store) Search(ctx context.Context, text string, page mg.PageArgs) (mg.Page[Hit], error) {
	q := luceneQuery(text)
	if q == "" {
		return mg.Page[Hit]{}, mg.Invalid("text: give at least one word to search for")
	}
	if len(text) > 200 {
		return mg.Page[Hit]{}, mg.Invalid("text: at most 200 characters")
	}
	p := params{"query": q}
	pq := pagedQuery{op: "store.Search",
		match: `CALL db.index.fulltext.queryNodes('` + searchIndex + `', $query) YIELD node, score
  WITH node, score, labels(node) AS labels, coalesce(node.id, node.code) AS key`,
		project: "WITH *",
		columns: `[l IN labels WHERE l IN ['Mineral', 'Country', 'Facility', 'Organisation', 'Policy']][0] AS kind, key AS id, score`,
		order:   hitOrder}
	return runPaged(ctx, s, pq, p, page, false, decodeHit)
}

func decodeHit(r *neo4j.Record) (Hit, error) {
	var h Hit
	var err error
	if h.Kind, err = str(r, "kind"); err != nil {
		return h, err
	}
	if h.ID, err = str(r, "id"); err != nil {
		return h, err
	}
	score, err := optFloat(r, "score")
	if err != nil || score == nil {
		return h, decodeErr("score", err)
	}
	h.Score = *score
	return h, nil
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

// KindOf returns the kind of node a global id names (Mineral, Country, Facility, Organisation,
// Policy, Source, CriticalList, Bloc, Share, TradeLink), or ENOTFOUND naming it. Ids are
// unique across kinds (the dataset validates it), so at most one matches.
func (s *Store) KindOf(ctx context.Context, id string) (string, error) {
	recs, err := s.read(ctx, "store.KindOf", `CALL () {
  MATCH (n:Country {code: $id}) RETURN 'Country' AS kind
  UNION MATCH (n:Mineral {id: $id}) RETURN 'Mineral' AS kind
  UNION MATCH (n:Facility {id: $id}) RETURN 'Facility' AS kind
  UNION MATCH (n:Organisation {id: $id}) RETURN 'Organisation' AS kind
  UNION MATCH (n:Policy {id: $id}) RETURN 'Policy' AS kind
  UNION MATCH (n:Source {id: $id}) RETURN 'Source' AS kind
  UNION MATCH (n:CriticalList {id: $id}) RETURN 'CriticalList' AS kind
  UNION MATCH (n:Bloc {id: $id}) RETURN 'Bloc' AS kind
  UNION MATCH (n:Share {id: $id}) RETURN 'Share' AS kind
  UNION MATCH (n:TradeLink {id: $id}) RETURN 'TradeLink' AS kind
}
RETURN kind LIMIT 1`, map[string]any{"id": id})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", mg.NotFound("node", id)
	}
	return str(recs[0], "kind")
}
