package loaders

import (
	"context"
	"errors"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
	"github.com/vikstrous/dataloadgen"
)

// Mineral loads a mineral by id; ENOTFOUND when the graph has none.
func (l *Loaders) Mineral(ctx context.Context, id string) (mg.Mineral, error) {
	m, err := l.mineral.Load(ctx, id)
	return m, notFound(err, "mineral", id)
}

// Country loads a country by ISO alpha-2 code; ENOTFOUND when the graph has none.
func (l *Loaders) Country(ctx context.Context, code string) (mg.Country, error) {
	c, err := l.country.Load(ctx, code)
	return c, notFound(err, "country", code)
}

// Source loads a source by id; ENOTFOUND when the graph has none.
func (l *Loaders) Source(ctx context.Context, id string) (mg.Source, error) {
	s, err := l.source.Load(ctx, id)
	return s, notFound(err, "source", id)
}

// ShareAt loads the share named by k; ok is false when the graph has no such figure, which is
// an answer ("unknown"), not an error.
func (l *Loaders) ShareAt(ctx context.Context, k store.ShareKey) (share mg.Share, ok bool, err error) {
	m, err := l.shareAt.Load(ctx, k)
	return m.share, m.ok, err
}

// MineralShares loads a page of a mineral's shares, with the size of the whole list when
// withTotal is true (counted in the same query).
func (l *Loaders) MineralShares(ctx context.Context, mineralID string, f store.ShareFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Share], error) {
	return l.mineralShares.Load(ctx, shareListKey{anchor: mineralID, filter: f, page: page, withTotal: withTotal})
}

// CountryShares loads a page of a country's shares, with the size of the whole list when
// withTotal is true.
func (l *Loaders) CountryShares(ctx context.Context, code string, f store.ShareFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Share], error) {
	return l.countryShares.Load(ctx, shareListKey{anchor: code, filter: f, page: page, withTotal: withTotal})
}

// WorldProduction loads a mineral's world totals, optionally narrowed to a stage and a year.
func (l *Loaders) WorldProduction(ctx context.Context, mineralID string, stage mg.Stage, year int) ([]mg.WorldProduction, error) {
	return l.world.Load(ctx, worldKey{mineral: mineralID, stage: stage, year: year})
}

// Minerals loads the minerals with these ids, in order; ENOTFOUND names the first unknown one.
func (l *Loaders) Minerals(ctx context.Context, ids []string) ([]mg.Mineral, error) {
	return loadAll(ctx, l.mineral, ids, "mineral")
}

// Countries loads the countries with these codes, in order.
func (l *Loaders) Countries(ctx context.Context, codes []string) ([]mg.Country, error) {
	return loadAll(ctx, l.country, codes, "country")
}

// Organisation loads an organisation by id.
func (l *Loaders) Organisation(ctx context.Context, id string) (mg.Organisation, error) {
	o, err := l.organisation.Load(ctx, id)
	return o, notFound(err, "organisation", id)
}

// Organisations loads the organisations with these ids, in order.
func (l *Loaders) Organisations(ctx context.Context, ids []string) ([]mg.Organisation, error) {
	return loadAll(ctx, l.organisation, ids, "organisation")
}

// Policy loads a policy by id.
func (l *Loaders) Policy(ctx context.Context, id string) (mg.Policy, error) {
	p, err := l.policy.Load(ctx, id)
	return p, notFound(err, "policy", id)
}

// ListsOf loads the lists a mineral is on, oldest first.
func (l *Loaders) ListsOf(ctx context.Context, mineralID string) ([]mg.CriticalList, error) {
	return l.listsOf.Load(ctx, mineralID)
}

// EndUses loads a mineral's end uses; ok is false when no source gives them.
func (l *Loaders) EndUses(ctx context.Context, mineralID string) (e mg.EndUses, ok bool, err error) {
	m, err := l.endUses.Load(ctx, mineralID)
	return m.v, m.ok, err
}

// Reliance loads a net import reliance figure; ok is false when there is none.
func (l *Loaders) Reliance(ctx context.Context, k store.RelianceKey) (r mg.Reliance, ok bool, err error) {
	m, err := l.reliance.Load(ctx, k)
	return m.v, m.ok, err
}

// ImportSources loads the trade links of a mineral into an importer.
func (l *Loaders) ImportSources(ctx context.Context, mineralID, importer string) ([]mg.TradeLink, error) {
	return l.importSources.Load(ctx, importKey{mineral: mineralID, importer: importer})
}

// PoliciesOf loads the policies that target a mineral or its group, optionally only those in
// force on a day and of some types.
func (l *Loaders) PoliciesOf(ctx context.Context, mineralID string, activeOn *mg.Date, types []mg.PolicyType) ([]mg.Policy, error) {
	return l.policies.Load(ctx, newPoliciesKey(mineralID, activeOn, types))
}

func newPoliciesKey(mineralID string, activeOn *mg.Date, types []mg.PolicyType) policiesKey {
	k := policiesKey{mineral: mineralID}
	if activeOn != nil {
		k.activeOn = activeOn.String()
	}
	ts := make([]string, len(types))
	for i, t := range types {
		ts[i] = string(t)
	}
	k.types = strings.Join(ts, ",")
	return k
}

// ActiveOn loads whether a policy is in force on a day.
func (l *Loaders) ActiveOn(ctx context.Context, policyID string, day mg.Date) (bool, error) {
	return l.activeOn.Load(ctx, activeKey{policy: policyID, day: day.String()})
}

// Blocs loads the blocs a country belongs to.
func (l *Loaders) Blocs(ctx context.Context, code string) ([]mg.Bloc, error) {
	return l.blocs.Load(ctx, code)
}

// loadAll loads many keys of a mapped loader in order, naming the first missing one.
func loadAll[V any](ctx context.Context, ld *dataloadgen.Loader[string, V], ids []string, kind string) ([]V, error) {
	vs, err := ld.LoadAll(ctx, ids)
	if err == nil {
		return vs, nil
	}
	var errs dataloadgen.ErrorSlice
	if errors.As(err, &errs) {
		for i, e := range errs {
			if e != nil {
				return nil, notFound(e, kind, ids[i])
			}
		}
	}
	return nil, err
}

// Concentration loads how concentrated a stage of a mineral is in a year (0: the latest); ok is
// false when the graph has no shares for it.
func (l *Loaders) Concentration(ctx context.Context, mineralID string, stage mg.Stage, year int) (c mg.Concentration, ok bool, err error) {
	m, err := l.concentration.Load(ctx, concentrationKey{mineral: mineralID, stage: stage, year: year})
	return m.v, m.ok, err
}

// Facility loads a facility by id.
func (l *Loaders) Facility(ctx context.Context, id string) (mg.Facility, error) {
	f, err := l.facility.Load(ctx, id)
	return f, notFound(err, "facility", id)
}

// CountryFacilities loads a page of a country's facilities matching f, with the size of the
// whole list when withTotal is true.
func (l *Loaders) CountryFacilities(ctx context.Context, code string, f store.FacilityFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Facility], error) {
	return l.countryFacilities.Load(ctx, newFacilityListKey(code, f, page, withTotal))
}

// Share loads a share by id.
func (l *Loaders) Share(ctx context.Context, id string) (mg.Share, error) {
	sh, err := l.share.Load(ctx, id)
	return sh, notFound(err, "share", id)
}

// TradeLink loads a trade link by id.
func (l *Loaders) TradeLink(ctx context.Context, id string) (mg.TradeLink, error) {
	t, err := l.tradeLink.Load(ctx, id)
	return t, notFound(err, "trade link", id)
}

// Facilities loads the facilities with these ids, in order.
func (l *Loaders) Facilities(ctx context.Context, ids []string) ([]mg.Facility, error) {
	return loadAll(ctx, l.facility, ids, "facility")
}

// Policies loads the policies with these ids, in order.
func (l *Loaders) Policies(ctx context.Context, ids []string) ([]mg.Policy, error) {
	return loadAll(ctx, l.policy, ids, "policy")
}
