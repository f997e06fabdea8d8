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
		case "lists":
			w.prefetchLists(ctx, f.Selections, w.l.PrefetchListsOf(ctx, ids))
		case "endUses":
			var sources []string
			for _, e := range w.l.PrefetchEndUses(ctx, ids) {
				sources = append(sources, e.SourceID)
			}
			w.prefetchSourceField(ctx, f.Selections, "EndUses", sources)
		case "usNetImportReliance":
			keys := make([]store.RelianceKey, len(ids))
			for i, id := range ids {
				keys[i] = store.RelianceKey{MineralID: id, Importer: "US", Year: argInt(args, "year")}
			}
			w.prefetchReliance(ctx, f.Selections, w.l.PrefetchReliance(ctx, keys))
		case "importSources":
			w.prefetchTrade(ctx, f.Selections, w.l.PrefetchImportSources(ctx, ids, argString(args, "importer")))
		case "policies":
			w.prefetchPolicies(ctx, f.Selections, w.l.PrefetchPoliciesOf(ctx, ids, argDate(args, "activeOn"), argPolicyTypes(args)))
		case "concentration":
			var producers []mg.Share
			for _, c := range w.l.PrefetchConcentrations(ctx, ids, mg.Stage(argString(args, "stage")), argInt(args, "year")) {
				producers = append(producers, c.Producers...)
			}
			for _, cf := range w.fields(f.Selections, "Concentration") {
				if cf.Name == "producers" {
					w.prefetchShares(ctx, cf.Selections, producers)
				}
			}
		}
	}
}

// prefetchExposures prefetches what the selection of the current resolver asks of each
// exposure.
func prefetchExposures(ctx context.Context, es []mg.Exposure) {
	w := newWalker(ctx)
	var minerals, countries, policies []string
	var shares []mg.Share
	var reliance []mg.Reliance
	for _, e := range es {
		minerals = append(minerals, e.MineralID)
		countries = append(countries, e.Importer, e.Supplier)
		policies = append(policies, e.PolicyIDs...)
		for _, s := range []*mg.Share{e.SupplierMining, e.SupplierRefining, e.ImporterMining} {
			if s != nil {
				shares = append(shares, *s)
			}
		}
		if e.Reliance != nil {
			reliance = append(reliance, *e.Reliance)
		}
	}
	shareSel := false
	for _, f := range w.fields(graphql.GetFieldContext(ctx).Field.Selections, "Exposure") {
		switch f.Name {
		case "mineral":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, minerals))
		case "importer", "supplier":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, countries))
		case "importerReliance":
			w.prefetchReliance(ctx, f.Selections, reliance)
		case "supplierMiningShare", "supplierRefiningShare", "importerMiningShare":
			if !shareSel { // the three share fields read the same records: one pass
				shareSel = true
				for _, g := range w.fields(graphql.GetFieldContext(ctx).Field.Selections, "Exposure") {
					if g.Name == "supplierMiningShare" || g.Name == "supplierRefiningShare" || g.Name == "importerMiningShare" {
						w.prefetchShares(ctx, g.Selections, shares)
					}
				}
			}
		case "policiesInForce":
			w.prefetchPolicies(ctx, f.Selections, w.l.PrefetchPolicies(ctx, policies))
		}
	}
}

// prefetchSourceField prefetches the sources of records of type typeName when the selection
// asks for their source.
func (w walker) prefetchSourceField(ctx context.Context, sel ast.SelectionSet, typeName string, sources []string) {
	for _, f := range w.fields(sel, typeName) {
		if f.Name == "source" {
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchLists prefetches what the selection asks of each list.
func (w walker) prefetchLists(ctx context.Context, sel ast.SelectionSet, lists []mg.CriticalList) {
	var members, sources []string
	for _, l := range lists {
		members = append(members, l.Members...)
		sources = append(sources, l.SourceID)
	}
	for _, f := range w.fields(sel, "CriticalList") {
		switch f.Name {
		case "minerals":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, members))
		case "source":
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchReliance prefetches what the selection asks of each reliance figure.
func (w walker) prefetchReliance(ctx context.Context, sel ast.SelectionSet, rs []mg.Reliance) {
	var importers, sources []string
	for _, r := range rs {
		importers = append(importers, r.Importer)
		sources = append(sources, r.SourceID)
	}
	for _, f := range w.fields(sel, "Reliance") {
		switch f.Name {
		case "importer":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, importers))
		case "source":
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchTrade prefetches what the selection asks of each trade link.
func (w walker) prefetchTrade(ctx context.Context, sel ast.SelectionSet, ts []mg.TradeLink) {
	if len(ts) == 0 {
		return
	}
	var minerals, exporters, importers, reporters, sources []string
	for _, t := range ts {
		minerals = append(minerals, t.MineralID)
		exporters = append(exporters, t.Exporter)
		importers = append(importers, t.Importer)
		reporters = append(reporters, t.ReportedBy)
		sources = append(sources, t.SourceID)
	}
	for _, f := range w.fields(sel, "TradeLink") {
		switch f.Name {
		case "mineral":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, minerals))
		case "exporter":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, exporters))
		case "importer":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, importers))
		case "reportedBy":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, reporters))
		case "source":
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchPolicies prefetches what the selection asks of each policy.
func (w walker) prefetchPolicies(ctx context.Context, sel ast.SelectionSet, ps []mg.Policy) {
	if len(ps) == 0 {
		return
	}
	var ids, minerals, countries, related, sources []string
	for _, p := range ps {
		ids = append(ids, p.ID)
		minerals = append(minerals, p.Minerals...)
		countries = append(countries, p.AffectedCountries...)
		sources = append(sources, p.SourceID)
		for _, l := range p.Links {
			related = append(related, l.PolicyID)
		}
	}
	for _, f := range w.fields(sel, "Policy") {
		switch f.Name {
		case "minerals":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, minerals))
		case "affectedCountries":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, countries))
		case "activeOn":
			w.l.PrefetchActiveOn(ctx, ids, dayOrToday(argDate(f.ArgumentMap(w.op.Variables), "date")))
		case "relations":
			for _, r := range w.fields(f.Selections, "PolicyRelation") {
				if r.Name == "policy" {
					w.prefetchPolicies(ctx, r.Selections, w.l.PrefetchPolicies(ctx, related))
				}
			}
		case "source":
			w.l.PrefetchSources(ctx, sources)
		}
	}
}

// prefetchFacilities prefetches what the selection asks of each facility.
func (w walker) prefetchFacilities(ctx context.Context, sel ast.SelectionSet, fs []mg.Facility) {
	if len(fs) == 0 {
		return
	}
	var countries, minerals, orgs, sources []string
	for _, f := range fs {
		countries = append(countries, f.Country)
		minerals = append(minerals, f.Minerals...)
		sources = append(sources, f.SourceID)
		orgs = append(append(orgs, f.OperatorID), f.OwnerIDs...)
	}
	organisations := false
	for _, f := range w.fields(sel, "Facility") {
		switch f.Name {
		case "country":
			w.prefetchCountries(ctx, f.Selections, w.l.PrefetchCountries(ctx, countries))
		case "minerals":
			w.prefetchMinerals(ctx, f.Selections, w.l.PrefetchMinerals(ctx, minerals))
		case "operator", "owners":
			organisations = true
		case "source":
			w.l.PrefetchSources(ctx, sources)
		}
	}
	if organisations { // operators and owners in one query
		w.l.PrefetchOrganisations(ctx, orgs)
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
		if f.Name == "blocs" {
			var members, sources []string
			for _, b := range w.l.PrefetchBlocs(ctx, codes) {
				members = append(members, b.Members...)
				sources = append(sources, b.SourceID)
			}
			for _, bf := range w.fields(f.Selections, "Bloc") {
				switch bf.Name {
				case "members":
					w.l.PrefetchCountries(ctx, members)
				case "source":
					w.l.PrefetchSources(ctx, sources)
				}
			}
		}
		if f.Name == "facilities" {
			args := f.ArgumentMap(w.op.Variables)
			filter := store.FacilityFilter{Mineral: argString(args, "mineral")}
			for _, t := range argStrings(args, "types") {
				filter.Types = append(filter.Types, mg.FacilityType(t))
			}
			for _, st := range argStrings(args, "statuses") {
				filter.Statuses = append(filter.Statuses, mg.FacilityStatus(st))
			}
			sels, total := w.nodeSelections(f.Selections, "FacilityConnection", "FacilityEdge")
			facilities := w.l.PrefetchCountryFacilities(ctx, codes, filter, argPage(args), total)
			for _, s := range sels {
				w.prefetchFacilities(ctx, s, facilities)
			}
		}
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

// prefetchPolicyConnection prefetches for the items of a connection of policies.
func prefetchPolicyConnection(ctx context.Context, ps []mg.Policy) {
	w := newWalker(ctx)
	sels, _ := w.nodeSelections(graphql.GetFieldContext(ctx).Field.Selections, "PolicyConnection", "PolicyEdge")
	for _, s := range sels {
		w.prefetchPolicies(ctx, s, ps)
	}
}

// prefetchPolicy prefetches for the policy the current resolver returns.
func prefetchPolicy(ctx context.Context, p mg.Policy) {
	newWalker(ctx).prefetchPolicies(ctx, graphql.GetFieldContext(ctx).Field.Selections, []mg.Policy{p})
}

// prefetchFacilityConnection prefetches for the items of a connection of facilities.
func prefetchFacilityConnection(ctx context.Context, fs []mg.Facility) {
	w := newWalker(ctx)
	sels, _ := w.nodeSelections(graphql.GetFieldContext(ctx).Field.Selections, "FacilityConnection", "FacilityEdge")
	for _, s := range sels {
		w.prefetchFacilities(ctx, s, fs)
	}
}

// prefetchFacility prefetches for the facility the current resolver returns.
func prefetchFacility(ctx context.Context, f mg.Facility) {
	newWalker(ctx).prefetchFacilities(ctx, graphql.GetFieldContext(ctx).Field.Selections, []mg.Facility{f})
}

// prefetchTradeConnection prefetches for the items of a connection of trade links.
func prefetchTradeConnection(ctx context.Context, ts []mg.TradeLink) {
	w := newWalker(ctx)
	sels, _ := w.nodeSelections(graphql.GetFieldContext(ctx).Field.Selections, "TradeLinkConnection", "TradeLinkEdge")
	for _, s := range sels {
		w.prefetchTrade(ctx, s, ts)
	}
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

// argDate reads a Date argument (a "YYYY-MM-DD" string, or a Date when coerced); nil when
// absent or malformed (the resolver then reports the problem).
func argDate(args map[string]any, name string) *mg.Date {
	switch v := args[name].(type) {
	case mg.Date:
		return &v
	case *mg.Date:
		return v
	case string:
		if d, err := mg.ParseDate(v); err == nil {
			return &d
		}
	}
	return nil
}

// argPolicyTypes reads a list of PolicyType enum values.
func argPolicyTypes(args map[string]any) []mg.PolicyType {
	raw, _ := args["types"].([]any)
	var out []mg.PolicyType
	for _, v := range raw {
		if s, ok := v.(string); ok {
			out = append(out, mg.PolicyType(s))
		}
	}
	return out
}

// argStrings reads a list argument of IDs or enum values.
func argStrings(args map[string]any, name string) []string {
	vs, _ := args[name].([]any)
	var out []string
	for _, v := range vs {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
