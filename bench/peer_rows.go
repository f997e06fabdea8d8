package main

import (
	"fmt"
	"strings"
)

// peerExtract reads the rows of the peer's answer to a question, in the shapes its queries
// (bench/peer/queries.json) return: plain lists where we return connections, and lists for
// relationships, which the library's version 7 always makes lists.
func peerExtract(name string, d any) ([]string, error) {
	switch name {
	case "headline":
		return each(path(d, "minerals"), func(n any) string { return str(n, "id") + "|" + str(n, "name") })
	case "nested":
		return each(path(first(path(d, "minerals")), "shares"), func(s any) string {
			c := first(path(s, "country"))
			ids, _ := each(path(c, "facilities"), func(f any) string { return str(f, "id") })
			return str(c, "code") + "|" + num(path(s, "percent")) + "|" + strings.Join(ids, ",")
		})
	case "policies":
		return each(path(d, "policies"), func(n any) string { return str(n, "id") })
	case "deepPage1", "deepPage50":
		return each(path(d, "facilities"), func(n any) string { return str(n, "id") + "|" + str(n, "name") })
	case "search":
		return each(path(d, "facilitiesByName", "edges"), func(e any) string { return str(path(e, "node"), "id") })
	case "countryPage":
		return each(path(first(path(d, "countries")), "shares"), func(s any) string {
			m := first(path(s, "mineral"))
			ids, _ := each(path(m, "targetedBy"), func(p any) string { return str(p, "id") })
			groups, _ := path(m, "groups").([]any)
			for _, g := range groups {
				more, _ := each(path(g, "targetedBy"), func(p any) string { return str(p, "id") })
				ids = append(ids, more...)
			}
			return countryPageRow(str(m, "id"), str(s, "stage"), num(path(s, "percent")), ids)
		})
	case "policyPage":
		var out []string
		targets, _ := path(first(path(d, "policies")), "targets").([]any)
		for _, m := range targets {
			rows, _ := each(path(m, "shares"), func(s any) string {
				return str(m, "id") + "|" + str(first(path(s, "country")), "code") + "|" + num(path(s, "percent"))
			})
			out = append(out, rows...)
		}
		return out, nil
	case "mapPage":
		return each(path(d, "facilities"), func(f any) string {
			ms, _ := each(path(f, "produces"), func(m any) string { return str(m, "id") })
			loc := path(f, "location")
			return mapPageRow(str(f, "id"), num(path(loc, "latitude")), num(path(loc, "longitude")), ms, str(first(path(f, "operators")), "name"))
		})
	case "concentration":
		c := path(first(path(d, "minerals")), "concentration")
		if l, ok := c.([]any); ok { // a list when the field is typed as one
			c = first(l)
		}
		if c == nil {
			return nil, fmt.Errorf("no concentration")
		}
		return []string{num(path(c, "hhi")) + "|" + num(path(c, "top1")) + "|" + num(path(c, "top3"))}, nil
	}
	return nil, fmt.Errorf("no reader for the peer's %q", name)
}

// first is a list's first item, or nil.
func first(v any) any {
	if l, ok := v.([]any); ok && len(l) > 0 {
		return l[0]
	}
	return nil
}
