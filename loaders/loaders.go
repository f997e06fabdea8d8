// Package loaders batches the store reads of nested GraphQL fields: every load of the same
// kind made while a request resolves one level of a query is sent to Neo4j as one query
// (`WHERE x.id IN $ids`, `UNWIND $keys`). A request's round trips then depend on the shape of
// its query, not on how many rows it returns. Loaders are built per request by Middleware, so
// their caches never outlive a request or leak data between clients.
package loaders

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// DefaultWait is how long a loader collects keys before it queries. gqlgen starts the
// resolvers of a list's items together, so their loads arrive within this window.
const DefaultWait = 2 * time.Millisecond

// Loaders holds one loader per kind of nested read.
type Loaders struct {
	store *store.Store

	mu         sync.Mutex
	prefetched map[any]bool // prefetches already made in this request

	mineral           *dataloadgen.Loader[string, mg.Mineral]
	country           *dataloadgen.Loader[string, mg.Country]
	source            *dataloadgen.Loader[string, mg.Source]
	shareAt           *dataloadgen.Loader[store.ShareKey, maybeShare]
	mineralShares     *dataloadgen.Loader[shareListKey, mg.Page[mg.Share]]
	countryShares     *dataloadgen.Loader[shareListKey, mg.Page[mg.Share]]
	world             *dataloadgen.Loader[worldKey, []mg.WorldProduction]
	policy            *dataloadgen.Loader[string, mg.Policy]
	organisation      *dataloadgen.Loader[string, mg.Organisation]
	listsOf           *dataloadgen.Loader[string, []mg.CriticalList]
	endUses           *dataloadgen.Loader[string, maybeEndUses]
	reliance          *dataloadgen.Loader[store.RelianceKey, maybeReliance]
	importSources     *dataloadgen.Loader[importKey, []mg.TradeLink]
	policies          *dataloadgen.Loader[policiesKey, []mg.Policy]
	activeOn          *dataloadgen.Loader[activeKey, bool]
	blocs             *dataloadgen.Loader[string, []mg.Bloc]
	concentration     *dataloadgen.Loader[concentrationKey, maybeConcentration]
	facility          *dataloadgen.Loader[string, mg.Facility]
	share             *dataloadgen.Loader[string, mg.Share]
	countryFacilities *dataloadgen.Loader[facilityListKey, mg.Page[mg.Facility]]
	tradeLink         *dataloadgen.Loader[string, mg.TradeLink]
}

type concentrationKey struct {
	mineral string
	stage   mg.Stage
	year    int
}

type maybeConcentration struct {
	v  mg.Concentration
	ok bool
}

// maybeEndUses and maybeReliance cache "none" like a value.
type maybeEndUses struct {
	v  mg.EndUses
	ok bool
}

type maybeReliance struct {
	v  mg.Reliance
	ok bool
}

type importKey struct {
	mineral, importer string
}

// policiesKey names the policies of one mineral under one filter (types joined, since a key
// must be comparable).
type policiesKey struct {
	mineral  string
	activeOn string // YYYY-MM-DD or ""
	types    string // comma-joined
}

type activeKey struct {
	policy, day string
}

// shareListKey names one anchor's page of shares; the store is asked once per distinct
// (filter, page, withTotal) for all anchors of a batch.
type shareListKey struct {
	anchor    string
	filter    store.ShareFilter
	page      mg.PageArgs
	withTotal bool
}

// facilityListKey is a page of one country's facilities; the filter's lists are joined into
// strings so that the key is comparable.
type facilityListKey struct {
	anchor          string
	mineral         string
	types, statuses string // comma-separated
	page            mg.PageArgs
	withTotal       bool
}

func newFacilityListKey(code string, f store.FacilityFilter, page mg.PageArgs, withTotal bool) facilityListKey {
	k := facilityListKey{anchor: code, mineral: f.Mineral, page: page, withTotal: withTotal}
	for i, t := range f.Types {
		if i > 0 {
			k.types += ","
		}
		k.types += string(t)
	}
	for i, st := range f.Statuses {
		if i > 0 {
			k.statuses += ","
		}
		k.statuses += string(st)
	}
	return k
}

// filter turns the key back into the store's filter.
func (k facilityListKey) filter() store.FacilityFilter {
	f := store.FacilityFilter{Mineral: k.mineral}
	if k.types != "" {
		for _, t := range strings.Split(k.types, ",") {
			f.Types = append(f.Types, mg.FacilityType(t))
		}
	}
	if k.statuses != "" {
		for _, st := range strings.Split(k.statuses, ",") {
			f.Statuses = append(f.Statuses, mg.FacilityStatus(st))
		}
	}
	return f
}

// maybeShare is a share or the knowledge that there is none, so that "no figure" can be
// cached (and primed) like a figure.
type maybeShare struct {
	share mg.Share
	ok    bool
}

type worldKey struct {
	mineral string
	stage   mg.Stage
	year    int
}

// New builds the loaders of one request.
func New(s *store.Store, wait time.Duration) *Loaders {
	opt := dataloadgen.WithWait(wait)
	return &Loaders{
		store:      s,
		prefetched: map[any]bool{},
		mineral:    dataloadgen.NewMappedLoader(s.MineralsByID, opt),
		country:    dataloadgen.NewMappedLoader(s.CountriesByCode, opt),
		source:     dataloadgen.NewMappedLoader(s.SourcesByID, opt),
		shareAt: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []store.ShareKey) (map[store.ShareKey]maybeShare, error) {
			return sharesAt(ctx, s, keys)
		}, opt),
		mineralShares: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, ids []string, k shareListKey) (map[string]mg.Page[mg.Share], error) {
			return s.SharesOfMinerals(ctx, ids, k.filter, k.page, k.withTotal)
		}), opt),
		countryShares: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, codes []string, k shareListKey) (map[string]mg.Page[mg.Share], error) {
			return s.SharesOfCountries(ctx, codes, k.filter, k.page, k.withTotal)
		}), opt),
		world: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, ids []string, k worldKey) (map[string][]mg.WorldProduction, error) {
			return s.WorldProductionOfMinerals(ctx, ids, k.stage, k.year)
		}), opt),
		policy:       dataloadgen.NewMappedLoader(s.PoliciesByID, opt),
		organisation: dataloadgen.NewMappedLoader(s.OrganisationsByID, opt),
		listsOf: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]mg.CriticalList, error) {
			return withEmpty(ids, s.ListsOfMinerals)(ctx)
		}, opt),
		endUses: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]maybeEndUses, error) {
			return endUsesOf(ctx, s, ids)
		}, opt),
		reliance: dataloadgen.NewMappedLoader(func(ctx context.Context, keys []store.RelianceKey) (map[store.RelianceKey]maybeReliance, error) {
			return relianceAt(ctx, s, keys)
		}, opt),
		importSources: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, ids []string, k importKey) (map[string][]mg.TradeLink, error) {
			return s.ImportSourcesOfMinerals(ctx, ids, k.importer)
		}), opt),
		policies: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, ids []string, k policiesKey) (map[string][]mg.Policy, error) {
			return s.PoliciesOfMinerals(ctx, ids, k.filter())
		}), opt),
		activeOn: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, ids []string, k activeKey) (map[string]bool, error) {
			day, err := mg.ParseDate(k.day)
			if err != nil {
				return nil, mg.Invalid("date: %q is not YYYY-MM-DD", k.day)
			}
			return s.PoliciesActiveOn(ctx, ids, day)
		}), opt),
		facility: dataloadgen.NewMappedLoader(s.FacilitiesByID, opt),
		share:    dataloadgen.NewMappedLoader(s.SharesByID, opt),
		countryFacilities: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, codes []string, k facilityListKey) (map[string]mg.Page[mg.Facility], error) {
			return s.FacilitiesOfCountries(ctx, codes, k.filter(), k.page, k.withTotal)
		}), opt),
		tradeLink: dataloadgen.NewMappedLoader(s.TradeLinksByID, opt),
		concentration: dataloadgen.NewMappedLoader(groupByArgs(func(ctx context.Context, ids []string, k concentrationKey) (map[string]maybeConcentration, error) {
			return concentrationsOf(ctx, s, ids, k)
		}), opt),
		blocs: dataloadgen.NewMappedLoader(func(ctx context.Context, codes []string) (map[string][]mg.Bloc, error) {
			return withEmpty(codes, s.BlocsOfCountries)(ctx)
		}, opt),
	}
}

// withEmpty makes a fetch of lists answer every key, with an empty list where the store has
// none, so that "nothing" is cached and primed like a value rather than read as not found.
func withEmpty[V any](keys []string, fetch func(context.Context, []string) (map[string][]V, error)) func(context.Context) (map[string][]V, error) {
	return func(ctx context.Context) (map[string][]V, error) {
		found, err := fetch(ctx, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if found[k] == nil {
				found[k] = []V{}
			}
		}
		return found, nil
	}
}

func concentrationsOf(ctx context.Context, s *store.Store, ids []string, k concentrationKey) (map[string]maybeConcentration, error) {
	found, err := s.ConcentrationsOf(ctx, ids, k.stage, k.year)
	if err != nil {
		return nil, err
	}
	out := make(map[string]maybeConcentration, len(ids))
	for _, id := range ids {
		c, ok := found[id]
		out[id] = maybeConcentration{v: c, ok: ok}
	}
	return out, nil
}

func endUsesOf(ctx context.Context, s *store.Store, ids []string) (map[string]maybeEndUses, error) {
	found, err := s.EndUsesOfMinerals(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]maybeEndUses, len(ids))
	for _, id := range ids {
		e, ok := found[id]
		out[id] = maybeEndUses{v: e, ok: ok}
	}
	return out, nil
}

func relianceAt(ctx context.Context, s *store.Store, keys []store.RelianceKey) (map[store.RelianceKey]maybeReliance, error) {
	found, err := s.RelianceAt(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[store.RelianceKey]maybeReliance, len(keys))
	for _, k := range keys {
		r, ok := found[k]
		out[k] = maybeReliance{v: r, ok: ok}
	}
	return out, nil
}

func (k policiesKey) filter() store.PolicyFilter {
	var f store.PolicyFilter
	if k.activeOn != "" {
		if d, err := mg.ParseDate(k.activeOn); err == nil {
			f.ActiveOn = &d
		}
	}
	if k.types != "" {
		for _, t := range strings.Split(k.types, ",") {
			f.Types = append(f.Types, mg.PolicyType(t))
		}
	}
	return f
}

func sharesAt(ctx context.Context, s *store.Store, keys []store.ShareKey) (map[store.ShareKey]maybeShare, error) {
	found, err := s.SharesAt(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[store.ShareKey]maybeShare, len(keys))
	for _, k := range keys {
		sh, ok := found[k]
		out[k] = maybeShare{share: sh, ok: ok}
	}
	return out, nil
}

// anchored is a loader key made of an anchor (a mineral id, a country code) and arguments
// that are the same for every anchor of one GraphQL field.
type anchored[K any] interface {
	comparable
	anchorID() string
	withoutAnchor() K
}

func (k shareListKey) anchorID() string            { return k.anchor }
func (k shareListKey) withoutAnchor() shareListKey { k.anchor = ""; return k }
func (k facilityListKey) anchorID() string         { return k.anchor }
func (k facilityListKey) withoutAnchor() facilityListKey {
	k.anchor = ""
	return k
}
func (k worldKey) anchorID() string              { return k.mineral }
func (k importKey) anchorID() string             { return k.mineral }
func (k importKey) withoutAnchor() importKey     { k.mineral = ""; return k }
func (k policiesKey) anchorID() string           { return k.mineral }
func (k policiesKey) withoutAnchor() policiesKey { k.mineral = ""; return k }
func (k concentrationKey) anchorID() string      { return k.mineral }
func (k concentrationKey) withoutAnchor() concentrationKey {
	k.mineral = ""
	return k
}
func (k activeKey) anchorID() string         { return k.policy }
func (k activeKey) withoutAnchor() activeKey { k.policy = ""; return k }
func (k worldKey) withoutAnchor() worldKey   { k.mineral = ""; return k }

// groupByArgs turns a store call for many anchors with one set of arguments into a batch
// function for keys that may carry different arguments (two aliases of a field with other
// arguments): one store call per distinct set of arguments. An anchor the store returns
// nothing for gets the zero value (an empty page, a count of 0), not "not found".
func groupByArgs[K anchored[K], V any](fetch func(ctx context.Context, anchors []string, args K) (map[string]V, error)) func(context.Context, []K) (map[K]V, error) {
	return func(ctx context.Context, keys []K) (map[K]V, error) {
		groups := map[K][]string{}
		var order []K
		for _, k := range keys {
			args := k.withoutAnchor()
			if _, ok := groups[args]; !ok {
				order = append(order, args)
			}
			groups[args] = append(groups[args], k.anchorID())
		}
		out := make(map[K]V, len(keys))
		for _, args := range order {
			found, err := fetch(ctx, groups[args], args)
			if err != nil {
				return nil, err
			}
			for _, k := range keys {
				if k.withoutAnchor() == args {
					out[k] = found[k.anchorID()]
				}
			}
		}
		return out, nil
	}
}

type ctxKey struct{}

// Middleware attaches fresh loaders to each request's context.
func Middleware(s *store.Store, wait time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(With(r.Context(), New(s, wait))))
	})
}

// With returns a context carrying l.
func With(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders of the request; it panics when Middleware did not run, which is a
// wiring bug (the panic becomes an INTERNAL error, not a crash).
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loaders: no loaders in context; wrap the handler with loaders.Middleware")
	}
	return l
}

// notFound turns the loader's "no value for this key" into the domain's ENOTFOUND.
func notFound(err error, kind, id string) error {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return mg.NotFound(kind, id)
	}
	return err
}
