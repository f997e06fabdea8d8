package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/loaders"
	"github.com/mineralgraph/mineralgraph/store"
)

// Lookahead. A resolver that returns a list (or one entity) calls a prefetch function with
// the selection its result will be resolved with. The function walks that selection, level by
// level, and for each nested field that reads the store it makes one batched prefetch for all
// the items of the level (see loaders.Prefetch*). The nested resolvers, which stay the only
// place that decides what a field returns, then find their data in the request's cache.
//
// The argument values read here must turn into the same loader keys as the nested resolvers'
// typed arguments; a mismatch only costs a cache miss (one more round trip), which the
// round-trip tests would show.

// walker carries what every level of a walk needs.
type walker struct {
	op *graphql.OperationContext
	l  *loaders.Loaders
}

func newWalker(ctx context.Context) walker {
	return walker{op: graphql.GetOperationContext(ctx), l: loaders.For(ctx)}
}

// fields returns the fields selected on an object of type typeName in sel.
func (w walker) fields(sel ast.SelectionSet, typeName string) []graphql.CollectedField {
	return graphql.CollectFields(w.op, sel, []string{typeName})
}

// nodeSelections returns the selections made on the items of a connection: under nodes and
// under edges.node. It also reports whether totalCount was selected.
func (w walker) nodeSelections(conn ast.SelectionSet, connType, edgeType string) (sels []ast.SelectionSet, total bool) {
	for _, f := range w.fields(conn, connType) {
		switch f.Name {
		case "nodes":
			sels = append(sels, f.Selections)
		case "edges":
			for _, e := range w.fields(f.Selections, edgeType) {
				if e.Name == "node" {
					sels = append(sels, e.Selections)
				}
			}
		case "totalCount":
			total = true
		}
	}
	return sels, total
}

// prefetchMinerals prefetches what the selection asks of each of ms.
func (w walker) prefetchMinerals(ctx context.Context, sel ast.SelectionSet, ms []mg.Mineral) {
	if len(ms) == 0 {
		return
	}
	ids := make([]string, len(ms))
	var groups []string
	for i, m := range ms {
		ids[i] = m.ID
		groups = append(groups, m.GroupID)
	}
	for _, f := range w.fields(sel, "Mineral") {
		args := f.ArgumentMap(w.op.Variables)
		switch f.Name {
		case "group":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, groups))
		case "share":
			keys := make([]store.ShareKey, len(ids))
			for i, id := range ids {
				keys[i] = store.ShareKey{MineralID: id, Country: argString(args, "country"), Stage: mg.Stage(argString(args, "stage")), Year: argInt(args, "year")}
			}
			w.prefetchShares(ctx, f.Selections, w.l.PrefetchSharesAt(ctx, keys))
		case "shares":
			filter := store.ShareFilter{Stage: mg.Stage(argString(args, "stage")), Year: argInt(args, "year"), Country: argString(args, "country")}
			sels, total := w.nodeSelections(f.Selections, "ShareConnection", "ShareEdge")
			shares := w.l.PrefetchMineralShares(ctx, ids, filter, argPage(args), total)
			for _, s := range sels {
				w.prefetchShares(ctx, s, shares)
			}
		case "worldProduction":
			world := w.l.PrefetchWorldProduction(ctx, ids, mg.Stage(argString(args, "stage")), argInt(args, "year"))
			w.prefetchWorld(ctx, f.Selections, world)
		}
	}
}

// prefetchShares prefetches what the selection asks of each of shares.
func (w walker) prefetchShares(ctx context.Context, sel ast.SelectionSet, shares []mg.Share) {
	if len(shares) == 0 {
		return
	}
	var minerals, countries, sources []string
	for _, s := range shares {
		minerals = append(minerals, s.MineralID)
		countries = append(countries, s.CountryCode)
		sources = append(sources, s.SourceID)
	}
	for _, f := range w.fields(sel, "Share") {
		switch f.Name {
		case "mineral":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, minerals))
		case "country":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, countries))
		case "source":
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchCountries prefetches what the selection asks of each of cs.
func (w walker) prefetchCountries(ctx context.Context, sel ast.SelectionSet, cs []mg.Country) {
	if len(cs) == 0 {
		return
	}
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.Code
	}
	for _, f := range w.fields(sel, "Country") {
		if f.Name != "shares" {
			continue
		}
		args := f.ArgumentMap(w.op.Variables)
		filter := store.ShareFilter{Stage: mg.Stage(argString(args, "stage")), Year: argInt(args, "year"), MineralID: argString(args, "mineral")}
		sels, total := w.nodeSelections(f.Selections, "ShareConnection", "ShareEdge")
		shares := w.l.PrefetchCountryShares(ctx, codes, filter, argPage(args), total)
		for _, s := range sels {
			w.prefetchShares(ctx, s, shares)
		}
	}
}

// prefetchWorld prefetches what the selection asks of each world total.
func (w walker) prefetchWorld(ctx context.Context, sel ast.SelectionSet, world []mg.WorldProduction) {
	var sources []string
	for _, wp := range world {
		sources = append(sources, wp.SourceID)
	}
	for _, f := range w.fields(sel, "WorldProduction") {
		if f.Name == "source" {
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchMineralConnection prefetches for the items of a connection of minerals that the
// current resolver returns.
func prefetchMineralConnection(ctx context.Context, ms []mg.Mineral) {
	w := newWalker(ctx)
	sels, _ := w.nodeSelections(graphql.GetFieldContext(ctx).Field.Selections, "MineralConnection", "MineralEdge")
	for _, s := range sels {
		w.prefetchMinerals(ctx, s, ms)
	}
}

// prefetchCountryConnection prefetches for the items of a connection of countries.
func prefetchCountryConnection(ctx context.Context, cs []mg.Country) {
	w := newWalker(ctx)
	sels, _ := w.nodeSelections(graphql.GetFieldContext(ctx).Field.Selections, "CountryConnection", "CountryEdge")
	for _, s := range sels {
		w.prefetchCountries(ctx, s, cs)
	}
}

// prefetchMineral prefetches for the mineral the current resolver returns.
func prefetchMineral(ctx context.Context, m mg.Mineral) {
	newWalker(ctx).prefetchMinerals(ctx, graphql.GetFieldContext(ctx).Field.Selections, []mg.Mineral{m})
}

// prefetchCountry prefetches for the country the current resolver returns.
func prefetchCountry(ctx context.Context, c mg.Country) {
	newWalker(ctx).prefetchCountries(ctx, graphql.GetFieldContext(ctx).Field.Selections, []mg.Country{c})
}

// Argument values arrive as gqlgen coerced them: strings for IDs and enums, int64 or
// json.Number for integers; an absent or null argument reads as the zero value, as the
// resolvers' value() helper does.

func argString(args map[string]any, name string) string {
	s, _ := args[name].(string)
	return s
}

func argInt(args map[string]any, name string) int {
	switch v := args[name].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case float64:
		return int(v)
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	}
	return 0
}

func argPage(args map[string]any) mg.PageArgs {
	p := mg.PageArgs{First: mg.DefaultPageSize, After: argString(args, "after")}
	if _, ok := args["first"]; ok && args["first"] != nil {
		p.First = argInt(args, "first")
	}
	return p
}
