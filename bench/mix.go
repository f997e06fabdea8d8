package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mineralgraph/mineralgraph/store"
)

// A question of the mix: our query, the peer's (from bench/peer/queries.json), and how to read
// the rows each answer holds, so that the harness can check both give the same rows before
// it times anything. Rows are canonical strings; ordered says whether their order is part of
// the answer.
type question struct {
	name    string
	about   string
	ours    string
	vars    map[string]any
	ordered bool
	rows    func(data any) ([]string, error) // our answer's rows
	peer    func(data any) ([]string, error) // the peer's answer's rows
	floor   *floorQuery                      // the same answer from one hand-written Cypher query, when measured
}

// floorQuery is one Cypher query through the Go driver, and how to read its rows. Its Cypher
// is the store's (store.FloorCypher, by the question's name); the parameters are the question's.
type floorQuery struct {
	cypher string
	params map[string]any
	rows   func(records []map[string]any) []string
}

// deepPageSize and deepPage are the deep-page question's page: 4 facilities, the 50th page.
const (
	deepPageSize = 4
	deepPage     = 50
)

func mix() []question {
	qs := []question{
		{
			name:  "headline",
			about: "minerals where China refines over 50% (2023)",
			ours:  `{ minerals(first: 100, where: { share: { country: "CN", stage: REFINING, gt: 50, year: 2023 } }) { nodes { id name } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "minerals", "nodes"), func(n any) string { return str(n, "id") + "|" + str(n, "name") })
			},
			peer:    peerRows("headline"),
			ordered: true,
			floor: &floorQuery{
				params: map[string]any{"country": "CN", "stage": "REFINING", "year": 2023, "over": 50.0},
				rows: func(recs []map[string]any) []string {
					out := make([]string, len(recs))
					for i, r := range recs {
						out[i] = fmt.Sprint(r["id"]) + "|" + fmt.Sprint(r["name"])
					}
					return out
				},
			},
		},
		{
			name:  "nested",
			about: "mineral → shares → country → facilities",
			ours: `{ mineral(id: "rare-earths") { shares(stage: MINING, year: 2023, first: 100) { nodes { percent
  country { code name facilities(mineral: "rare-earths", first: 5) { nodes { id name } } } } } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "mineral", "shares", "nodes"), func(n any) string {
					c := path(n, "country")
					ids, _ := each(path(c, "facilities", "nodes"), func(f any) string { return str(f, "id") })
					return str(c, "code") + "|" + num(path(n, "percent")) + "|" + strings.Join(ids, ",")
				})
			},
			peer: peerRows("nested"),
			floor: &floorQuery{
				params: map[string]any{"mineral": "rare-earths", "stage": "MINING", "year": 2023},
				rows: func(recs []map[string]any) []string {
					out := make([]string, len(recs))
					for i, r := range recs {
						var ids []string
						for _, id := range r["facilities"].([]any) {
							ids = append(ids, fmt.Sprint(id))
						}
						out[i] = fmt.Sprint(r["code"]) + "|" + num(r["percent"]) + "|" + strings.Join(ids, ",")
					}
					return out
				},
			},
		},
		{
			name:  "policies",
			about: "policies on gallium in force on 2026-01-01",
			ours:  `{ policies(where: { mineral: "gallium", activeOn: "2026-01-01" }, first: 100) { nodes { id } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "policies", "nodes"), func(n any) string { return str(n, "id") })
			},
			peer: peerRows("policies"),
		},
		{
			name:  "deepPage1",
			about: "facilities by name, page 1 of 4",
			ours:  `query($after: String) { facilities(first: 4, after: $after) { nodes { id name } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "facilities", "nodes"), func(n any) string { return str(n, "id") + "|" + str(n, "name") })
			},
			peer:    peerRows("deepPage1"),
			ordered: true,
		},
		{
			name:  "deepPage50",
			about: "facilities by name, page 50 of 4 (cursor; the peer uses offset 196)",
			ours:  `query($after: String) { facilities(first: 4, after: $after) { nodes { id name } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "facilities", "nodes"), func(n any) string { return str(n, "id") + "|" + str(n, "name") })
			},
			peer:    peerRows("deepPage50"),
			ordered: true,
		},
		{
			name:  "search",
			about: `full-text search "bayan"`,
			ours:  `{ search(text: "bayan", first: 10) { nodes { __typename ... on Facility { id name } } } }`,
			rows: func(d any) ([]string, error) {
				var out []string
				nodes, _ := path(d, "search", "nodes").([]any)
				for _, n := range nodes {
					if str(n, "__typename") == "Facility" {
						out = append(out, str(n, "id"))
					}
				}
				return out, nil
			},
			peer: peerRows("search"),
			floor: &floorQuery{
				params: map[string]any{"query": "bayan bayan*"},
				rows: func(recs []map[string]any) []string {
					out := make([]string, len(recs))
					for i, r := range recs {
						out[i] = fmt.Sprint(r["id"])
					}
					return out
				},
			},
		},
		{
			name:  "concentration",
			about: "HHI of rare-earth mining (2023)",
			ours:  `{ mineral(id: "rare-earths") { concentration(stage: MINING, year: 2023) { hhi top1 top3 } } }`,
			rows: func(d any) ([]string, error) {
				c := path(d, "mineral", "concentration")
				if c == nil {
					return nil, fmt.Errorf("no concentration")
				}
				return []string{num(path(c, "hhi")) + "|" + num(path(c, "top1")) + "|" + num(path(c, "top3"))}, nil
			},
			peer: peerRows("concentration"),
		},
		{
			name:  "countryPage",
			about: "a country page: China's 2023 shares → each mineral → its policies in force",
			ours: `{ country(code: "CN") { name shares(year: 2023, first: 100) { nodes { stage percent
  mineral { id name policies(activeOn: "2026-12-01") { id title } } } } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "country", "shares", "nodes"), func(n any) string {
					m := path(n, "mineral")
					ids, _ := each(path(m, "policies"), func(p any) string { return str(p, "id") })
					return countryPageRow(str(m, "id"), str(n, "stage"), num(path(n, "percent")), ids)
				})
			},
			peer: peerRows("countryPage"),
		},
		{
			name:  "policyPage",
			about: "a policy page: a policy → its minerals → each one's top three miners (2023)",
			ours: `{ policy(id: "us-section-301-final-critical-minerals-2024") { id title minerals { id name
  shares(stage: MINING, year: 2023, first: 3) { nodes { percent country { code name } } } } } }`,
			rows: func(d any) ([]string, error) {
				var out []string
				minerals, _ := path(d, "policy", "minerals").([]any)
				for _, m := range minerals {
					rows, _ := each(path(m, "shares", "nodes"), func(s any) string {
						return str(m, "id") + "|" + str(path(s, "country"), "code") + "|" + num(path(s, "percent"))
					})
					out = append(out, rows...)
				}
				return out, nil
			},
			peer: peerRows("policyPage"),
		},
		{
			name:  "mapPage",
			about: "a map page: facilities within 500 km of Kolwezi, with minerals and operators",
			ours: `{ facilities(where: { near: { latitude: -10.71, longitude: 25.47, radiusKm: 500 } }, first: 100) { nodes { id name
  latitude longitude minerals { id } operator { name } } } }`,
			rows: func(d any) ([]string, error) {
				return each(path(d, "facilities", "nodes"), func(n any) string {
					ms, _ := each(path(n, "minerals"), func(m any) string { return str(m, "id") })
					return mapPageRow(str(n, "id"), num(path(n, "latitude")), num(path(n, "longitude")), ms, str(path(n, "operator"), "name"))
				})
			},
			peer:    peerRows("mapPage"),
			ordered: true,
		},
	}
	for _, q := range qs {
		if q.floor == nil {
			continue
		}
		cypher, ok := store.FloorCypher(q.name)
		if !ok {
			panic("bench: the store has no floor query for " + q.name)
		}
		q.floor.cypher = cypher
	}
	return qs
}

// countryPageRow is one share of the country page: the mineral, the stage, the percent and
// the policies in force on the mineral (or its group), as a set.
func countryPageRow(mineral, stage, percent string, policies []string) string {
	return mineral + "|" + stage + "|" + percent + "|" + strings.Join(slices.Compact(sorted(policies)), ",")
}

// mapPageRow is one facility of the map page: where it is, what it produces (as a set) and
// who operates it.
func mapPageRow(id, lat, lon string, minerals []string, operator string) string {
	return id + "|" + lat + "|" + lon + "|" + strings.Join(sorted(minerals), ",") + "|" + operator
}

// The peer's rows are read by the same shapes the peer's queries.json promises (see
// bench/peer/README.md): each answer is reduced to rows by peerExtract.
func peerRows(name string) func(any) ([]string, error) {
	return func(d any) ([]string, error) { return peerExtract(name, d) }
}

// path walks maps by keys; nil when a key is missing.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func str(v any, key string) string {
	s, _ := path(v, key).(string)
	return s
}

// num writes a JSON number the same way whichever side it comes from ("" for null).
func num(v any) string {
	switch n := v.(type) {
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(n, 10)
	case json.Number:
		f, _ := n.Float64()
		return strconv.FormatFloat(f, 'f', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func each(list any, row func(any) string) ([]string, error) {
	items, ok := list.([]any)
	if !ok {
		return nil, fmt.Errorf("expected a list, got %T", list)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = row(it)
	}
	return out, nil
}

// sameRows compares two answers' rows, in order when the order is part of the answer.
func sameRows(a, b []string, ordered bool) bool {
	if !ordered {
		a, b = sorted(a), sorted(b)
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sorted(xs []string) []string {
	out := append([]string(nil), xs...)
	sort.Strings(out)
	return out
}
