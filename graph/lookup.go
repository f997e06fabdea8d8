package graph

import (
	"context"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/loaders"
	"github.com/mineralgraph/mineralgraph/store"
)

// node loads the entity a global id names: the store says its kind, the kind's loader (or
// store lookup) returns it.
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	kind, err := r.Store.KindOf(ctx, id)
	if err != nil {
		return nil, err
	}
	l := loaders.For(ctx)
	switch kind {
	case "Mineral":
		return l.Mineral(ctx, id)
	case "Country":
		return l.Country(ctx, id)
	case "Facility":
		return l.Facility(ctx, id)
	case "Organisation":
		return l.Organisation(ctx, id)
	case "Policy":
		return l.Policy(ctx, id)
	case "Source":
		return l.Source(ctx, id)
	case "CriticalList":
		return r.Store.List(ctx, id)
	case "Bloc":
		return one(r.Store.BlocsByID(ctx, []string{id}))(id, "bloc")
	case "Share":
		return one(r.Store.SharesByID(ctx, []string{id}))(id, "share")
	case "TradeLink":
		return one(r.Store.TradeLinksByID(ctx, []string{id}))(id, "trade link")
	}
	return nil, mg.NotFound("node", id)
}

// one picks the value of id from a lookup's map, or ENOTFOUND.
func one[V any](found map[string]V, err error) func(id, kind string) (model.Node, error) {
	return func(id, kind string) (model.Node, error) {
		if err != nil {
			return nil, err
		}
		v, ok := found[id]
		if !ok {
			return nil, mg.NotFound(kind, id)
		}
		return v, nil
	}
}

// search runs a full-text search and loads the entities it found, one batched query per kind.
func (r *Resolver) search(ctx context.Context, text string, page mg.PageArgs) (*model.SearchConnection, error) {
	hits, err := r.Store.Search(ctx, text, page)
	if err != nil {
		return nil, err
	}
	l := loaders.For(ctx)
	byKind := map[string][]string{}
	for _, h := range hits.Items {
		byKind[h.Kind] = append(byKind[h.Kind], h.ID)
	}
	l.PrefetchMinerals(ctx, byKind["Mineral"])
	l.PrefetchCountries(ctx, byKind["Country"])
	l.PrefetchFacilities(ctx, byKind["Facility"])
	l.PrefetchOrganisations(ctx, byKind["Organisation"])
	l.PrefetchPolicies(ctx, byKind["Policy"])
	nodes := make([]model.SearchResult, len(hits.Items))
	for i, h := range hits.Items {
		var n model.SearchResult
		switch h.Kind {
		case "Mineral":
			n, err = l.Mineral(ctx, h.ID)
		case "Country":
			n, err = l.Country(ctx, h.ID)
		case "Facility":
			n, err = l.Facility(ctx, h.ID)
		case "Organisation":
			n, err = l.Organisation(ctx, h.ID)
		case "Policy":
			n, err = l.Policy(ctx, h.ID)
		}
		if err != nil {
			return nil, err
		}
		nodes[i] = n
	}
	return model.NewSearchConnection(hits, func(h store.Hit) float64 { return h.Score }, nodes), nil
}
