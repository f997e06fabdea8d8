package loaders

import (
	"context"
	"slices"
	"strconv"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// Prefetching. A resolver that has just produced a list knows, from the query, which nested
// fields every item of the list will resolve. The Prefetch methods load what one such field
// needs for the whole list in one query and prime the loaders with it, so that the nested
// resolvers find their values in the cache. Round trips then follow the shape of the query
// exactly: they do not depend on whether the loads of the nested resolvers, which run
// concurrently, happen to fall into one time window of a loader.
//
// Prefetching is an optimisation, never the source of truth: a prefetch that fails primes
// nothing, and the nested resolvers then load (and report any error) themselves. Each returns
// what it loaded, for the caller to prefetch the next level.

// once reports whether the prefetch named by key is the first of its kind in this request.
func (l *Loaders) once(key any) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.prefetched[key] {
		return false
	}
	l.prefetched[key] = true
	return true
}

// distinct returns the non-empty values of ids, each once, in a stable order; the order makes
// the prefetch key (and the query parameters) the same for the same set.
func distinct(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

type prefetchKey struct {
	kind string
	ids  string
	args any
}

func keyOf(kind string, ids []string, args any) prefetchKey {
	joined := ""
	for _, id := range ids {
		joined += id + "\x00"
	}
	return prefetchKey{kind: kind, ids: joined, args: args}
}

// PrefetchMinerals loads the minerals with these ids into the cache.
func (l *Loaders) PrefetchMinerals(ctx context.Context, ids []string) []mg.Mineral {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("minerals", ids, nil)) {
		return nil
	}
	found, err := l.store.MineralsByID(ctx, ids)
	if err != nil {
		return nil
	}
	out := make([]mg.Mineral, 0, len(found))
	for id, m := range found {
		l.mineral.Prime(id, m)
		out = append(out, m)
	}
	return out
}

// PrefetchCountries loads the countries with these codes into the cache.
func (l *Loaders) PrefetchCountries(ctx context.Context, codes []string) []mg.Country {
	codes = distinct(codes)
	if len(codes) == 0 || !l.once(keyOf("countries", codes, nil)) {
		return nil
	}
	found, err := l.store.CountriesByCode(ctx, codes)
	if err != nil {
		return nil
	}
	out := make([]mg.Country, 0, len(found))
	for code, c := range found {
		l.country.Prime(code, c)
		out = append(out, c)
	}
	return out
}

// PrefetchSources loads the sources with these ids into the cache.
func (l *Loaders) PrefetchSources(ctx context.Context, ids []string) {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("sources", ids, nil)) {
		return
	}
	found, err := l.store.SourcesByID(ctx, ids)
	if err != nil {
		return
	}
	for id, s := range found {
		l.source.Prime(id, s)
	}
}

// PrefetchSharesAt loads the shares named by keys (and the absence of those that do not
// exist) into the cache.
func (l *Loaders) PrefetchSharesAt(ctx context.Context, keys []store.ShareKey) []mg.Share {
	if len(keys) == 0 || !l.once(prefetchKey{kind: "shareAt", args: keyList(keys)}) {
		return nil
	}
	found, err := sharesAt(ctx, l.store, keys)
	if err != nil {
		return nil
	}
	var out []mg.Share
	for k, m := range found {
		l.shareAt.Prime(k, m)
		if m.ok {
			out = append(out, m.share)
		}
	}
	return out
}

// keyList makes a comparable value of a list of share keys.
func keyList(keys []store.ShareKey) string {
	s := ""
	for _, k := range keys {
		s += k.MineralID + "/" + k.Country + "/" + string(k.Stage) + "/" + strconv.Itoa(k.Year) + "\x00"
	}
	return s
}

// PrefetchMineralShares loads the pages of shares of these minerals into the cache, as
// MineralShares would ask for them, and returns every share of every page.
func (l *Loaders) PrefetchMineralShares(ctx context.Context, ids []string, f store.ShareFilter, page mg.PageArgs, withTotal bool) []mg.Share {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("mineralShares", ids, shareListKey{filter: f, page: page, withTotal: withTotal})) {
		return nil
	}
	pages, err := l.store.SharesOfMinerals(ctx, ids, f, page, withTotal)
	if err != nil {
		return nil
	}
	var out []mg.Share
	for id, p := range pages {
		l.mineralShares.Prime(shareListKey{anchor: id, filter: f, page: page, withTotal: withTotal}, p)
		out = append(out, p.Items...)
	}
	return out
}

// PrefetchCountryShares loads the pages of shares of these countries into the cache.
func (l *Loaders) PrefetchCountryShares(ctx context.Context, codes []string, f store.ShareFilter, page mg.PageArgs, withTotal bool) []mg.Share {
	codes = distinct(codes)
	if len(codes) == 0 || !l.once(keyOf("countryShares", codes, shareListKey{filter: f, page: page, withTotal: withTotal})) {
		return nil
	}
	pages, err := l.store.SharesOfCountries(ctx, codes, f, page, withTotal)
	if err != nil {
		return nil
	}
	var out []mg.Share
	for code, p := range pages {
		l.countryShares.Prime(shareListKey{anchor: code, filter: f, page: page, withTotal: withTotal}, p)
		out = append(out, p.Items...)
	}
	return out
}

// PrefetchCountryFacilities loads the pages of facilities of these countries into the cache.
func (l *Loaders) PrefetchCountryFacilities(ctx context.Context, codes []string, f store.FacilityFilter, page mg.PageArgs, withTotal bool) []mg.Facility {
	codes = distinct(codes)
	if len(codes) == 0 || !l.once(keyOf("countryFacilities", codes, newFacilityListKey("", f, page, withTotal))) {
		return nil
	}
	pages, err := l.store.FacilitiesOfCountries(ctx, codes, f, page, withTotal)
	if err != nil {
		return nil
	}
	var out []mg.Facility
	for code, p := range pages {
		l.countryFacilities.Prime(newFacilityListKey(code, f, page, withTotal), p)
		out = append(out, p.Items...)
	}
	return out
}

// PrefetchWorldProduction loads the world totals of these minerals into the cache.
func (l *Loaders) PrefetchWorldProduction(ctx context.Context, ids []string, stage mg.Stage, year int) []mg.WorldProduction {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("world", ids, worldKey{stage: stage, year: year})) {
		return nil
	}
	found, err := l.store.WorldProductionOfMinerals(ctx, ids, stage, year)
	if err != nil {
		return nil
	}
	var out []mg.WorldProduction
	for _, id := range ids {
		l.world.Prime(worldKey{mineral: id, stage: stage, year: year}, found[id])
		out = append(out, found[id]...)
	}
	return out
}

// PrefetchPolicies loads the policies with these ids into the cache.
func (l *Loaders) PrefetchPolicies(ctx context.Context, ids []string) []mg.Policy {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("policies", ids, nil)) {
		return nil
	}
	found, err := l.store.PoliciesByID(ctx, ids)
	if err != nil {
		return nil
	}
	out := make([]mg.Policy, 0, len(found))
	for id, p := range found {
		l.policy.Prime(id, p)
		out = append(out, p)
	}
	return out
}

// PrefetchOrganisations loads the organisations with these ids into the cache.
func (l *Loaders) PrefetchOrganisations(ctx context.Context, ids []string) {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("organisations", ids, nil)) {
		return
	}
	found, err := l.store.OrganisationsByID(ctx, ids)
	if err != nil {
		return
	}
	for id, o := range found {
		l.organisation.Prime(id, o)
	}
}

// PrefetchListsOf loads the lists of these minerals into the cache.
func (l *Loaders) PrefetchListsOf(ctx context.Context, ids []string) []mg.CriticalList {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("listsOf", ids, nil)) {
		return nil
	}
	found, err := withEmpty(ids, l.store.ListsOfMinerals)(ctx)
	if err != nil {
		return nil
	}
	var out []mg.CriticalList
	for id, ls := range found {
		l.listsOf.Prime(id, ls)
		out = append(out, ls...)
	}
	return out
}

// PrefetchEndUses loads the end uses of these minerals (or their absence) into the cache.
func (l *Loaders) PrefetchEndUses(ctx context.Context, ids []string) []mg.EndUses {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("endUses", ids, nil)) {
		return nil
	}
	found, err := endUsesOf(ctx, l.store, ids)
	if err != nil {
		return nil
	}
	var out []mg.EndUses
	for id, e := range found {
		l.endUses.Prime(id, e)
		if e.ok {
			out = append(out, e.v)
		}
	}
	return out
}

// PrefetchReliance loads these reliance figures (or their absence) into the cache.
func (l *Loaders) PrefetchReliance(ctx context.Context, keys []store.RelianceKey) []mg.Reliance {
	if len(keys) == 0 || !l.once(prefetchKey{kind: "reliance", args: relianceKeyList(keys)}) {
		return nil
	}
	found, err := relianceAt(ctx, l.store, keys)
	if err != nil {
		return nil
	}
	var out []mg.Reliance
	for k, r := range found {
		l.reliance.Prime(k, r)
		if r.ok {
			out = append(out, r.v)
		}
	}
	return out
}

func relianceKeyList(keys []store.RelianceKey) string {
	s := ""
	for _, k := range keys {
		s += k.MineralID + "/" + k.Importer + "/" + strconv.Itoa(k.Year) + "\x00"
	}
	return s
}

// PrefetchImportSources loads the import sources of these minerals into importer.
func (l *Loaders) PrefetchImportSources(ctx context.Context, ids []string, importer string) []mg.TradeLink {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("importSources", ids, importer)) {
		return nil
	}
	found, err := withEmpty(ids, func(ctx context.Context, ids []string) (map[string][]mg.TradeLink, error) {
		return l.store.ImportSourcesOfMinerals(ctx, ids, importer)
	})(ctx)
	if err != nil {
		return nil
	}
	var out []mg.TradeLink
	for id, ts := range found {
		l.importSources.Prime(importKey{mineral: id, importer: importer}, ts)
		out = append(out, ts...)
	}
	return out
}

// PrefetchPoliciesOf loads the policies of these minerals, as PoliciesOf asks for them.
func (l *Loaders) PrefetchPoliciesOf(ctx context.Context, ids []string, activeOn *mg.Date, types []mg.PolicyType) []mg.Policy {
	ids = distinct(ids)
	k := newPoliciesKey("", activeOn, types)
	if len(ids) == 0 || !l.once(keyOf("policiesOf", ids, k)) {
		return nil
	}
	found, err := withEmpty(ids, func(ctx context.Context, ids []string) (map[string][]mg.Policy, error) {
		return l.store.PoliciesOfMinerals(ctx, ids, k.filter())
	})(ctx)
	if err != nil {
		return nil
	}
	var out []mg.Policy
	for id, ps := range found {
		k.mineral = id
		l.policies.Prime(k, ps)
		out = append(out, ps...)
	}
	return out
}

// PrefetchActiveOn loads whether these policies are in force on the day.
func (l *Loaders) PrefetchActiveOn(ctx context.Context, ids []string, day mg.Date) {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("activeOn", ids, day.String())) {
		return
	}
	found, err := l.store.PoliciesActiveOn(ctx, ids, day)
	if err != nil {
		return
	}
	for id, active := range found {
		l.activeOn.Prime(activeKey{policy: id, day: day.String()}, active)
	}
}

// PrefetchBlocs loads the blocs of these countries into the cache.
func (l *Loaders) PrefetchBlocs(ctx context.Context, codes []string) []mg.Bloc {
	codes = distinct(codes)
	if len(codes) == 0 || !l.once(keyOf("blocs", codes, nil)) {
		return nil
	}
	found, err := withEmpty(codes, l.store.BlocsOfCountries)(ctx)
	if err != nil {
		return nil
	}
	var out []mg.Bloc
	for code, bs := range found {
		l.blocs.Prime(code, bs)
		out = append(out, bs...)
	}
	return out
}

// PrefetchConcentrations loads the concentration of these minerals at a stage and year.
func (l *Loaders) PrefetchConcentrations(ctx context.Context, ids []string, stage mg.Stage, year int) []mg.Concentration {
	ids = distinct(ids)
	k := concentrationKey{stage: stage, year: year}
	if len(ids) == 0 || !stage.Valid() || !l.once(keyOf("concentration", ids, k)) {
		return nil
	}
	found, err := concentrationsOf(ctx, l.store, ids, k)
	if err != nil {
		return nil
	}
	var out []mg.Concentration
	for id, c := range found {
		k.mineral = id
		l.concentration.Prime(k, c)
		if c.ok {
			out = append(out, c.v)
		}
	}
	return out
}

// PrefetchFacilities loads the facilities with these ids into the cache.
func (l *Loaders) PrefetchFacilities(ctx context.Context, ids []string) []mg.Facility {
	ids = distinct(ids)
	if len(ids) == 0 || !l.once(keyOf("facilities", ids, nil)) {
		return nil
	}
	found, err := l.store.FacilitiesByID(ctx, ids)
	if err != nil {
		return nil
	}
	out := make([]mg.Facility, 0, len(found))
	for id, f := range found {
		l.facility.Prime(id, f)
		out = append(out, f)
	}
	return out
}
