package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Critical-mineral lists, blocs and end uses.

const listColumns = `l.id AS id, l.name AS name, l.issuer AS issuer, l.year AS year, l.url AS url, l.note AS note,
  COLLECT { MATCH (m:Mineral)-[:ON_LIST]->(l) RETURN m.id ORDER BY m.id } AS members,
  COLLECT { MATCH (l)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// Lists returns every critical-mineral list, oldest first, with its members.
func (s *Store) Lists(ctx context.Context) ([]mg.CriticalList, error) {
	recs, err := s.read(ctx, "store.Lists", `MATCH (l:CriticalList) RETURN `+listColumns+` ORDER BY l.year, l.id`, nil)
	if err != nil {
		return nil, err
	}
	out := make([]mg.CriticalList, 0, len(recs))
	for _, r := range recs {
		l, err := decodeList(r)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// ListsByID returns the lists with the given ids, keyed by id. One round trip.
func (s *Store) ListsByID(ctx context.Context, ids []string) (map[string]mg.CriticalList, error) {
	recs, err := s.read(ctx, "store.ListsByID", `MATCH (l:CriticalList) WHERE l.id IN $ids RETURN `+listColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.CriticalList, len(recs))
	for _, r := range recs {
		l, err := decodeList(r)
		if err != nil {
			return nil, err
		}
		out[l.ID] = l
	}
	return out, nil
}

// ListsOfMinerals returns, for each mineral id, the lists it is on, oldest list first. One
// round trip.
func (s *Store) ListsOfMinerals(ctx context.Context, ids []string) (map[string][]mg.CriticalList, error) {
	recs, err := s.read(ctx, "store.ListsOfMinerals", `MATCH (anchor:Mineral)-[:ON_LIST]->(l:CriticalList) WHERE anchor.id IN $ids
RETURN anchor.id AS mineral, `+listColumns+` ORDER BY mineral, l.year, l.id`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]mg.CriticalList, len(ids))
	for _, r := range recs {
		m, err := str(r, "mineral")
		if err != nil {
			return nil, err
		}
		l, err := decodeList(r)
		if err != nil {
			return nil, err
		}
		out[m] = append(out[m], l)
	}
	return out, nil
}

func decodeList(r *neo4j.Record) (mg.CriticalList, error) {
	var l mg.CriticalList
	var err error
	if l.ID, err = str(r, "id"); err != nil {
		return l, err
	}
	if l.Name, err = str(r, "name"); err != nil {
		return l, err
	}
	if l.Year, err = intValue(r, "year"); err != nil {
		return l, err
	}
	l.Issuer = optStr(r, "issuer")
	l.URL = optStr(r, "url")
	l.Note = optStr(r, "note")
	if l.Members, err = strList(r, "members"); err != nil {
		return l, err
	}
	if l.SourceID, err = str(r, "sourceId"); err != nil {
		return l, err
	}
	return l, nil
}

// EndUsesOfMinerals returns the end uses of each mineral that has them. One round trip.
func (s *Store) EndUsesOfMinerals(ctx context.Context, ids []string) (map[string]mg.EndUses, error) {
	recs, err := s.read(ctx, "store.EndUsesOfMinerals", `MATCH (m:Mineral)<-[:OF_MINERAL]-(e:EndUse) WHERE m.id IN $ids
RETURN m.id AS mineral, e.text AS text, COLLECT { MATCH (e)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.EndUses, len(recs))
	for _, r := range recs {
		var e mg.EndUses
		if e.MineralID, err = str(r, "mineral"); err != nil {
			return nil, err
		}
		if e.Text, err = str(r, "text"); err != nil {
			return nil, err
		}
		if e.SourceID, err = str(r, "sourceId"); err != nil {
			return nil, err
		}
		out[e.MineralID] = e
	}
	return out, nil
}

const blocColumns = `b.id AS id, b.name AS name, b.note AS note,
  COLLECT { MATCH (x:Country)-[:IN_BLOC]->(b) RETURN x.code ORDER BY x.code } AS members,
  COLLECT { MATCH (b)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// BlocsOfCountries returns, for each country code, the blocs it belongs to. One round trip.
func (s *Store) BlocsOfCountries(ctx context.Context, codes []string) (map[string][]mg.Bloc, error) {
	recs, err := s.read(ctx, "store.BlocsOfCountries", `MATCH (c:Country)-[:IN_BLOC]->(b:Bloc) WHERE c.code IN $codes
RETURN c.code AS country, `+blocColumns+` ORDER BY country, id`, map[string]any{"codes": codes})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]mg.Bloc, len(codes))
	for _, r := range recs {
		country, err := str(r, "country")
		if err != nil {
			return nil, err
		}
		b, err := decodeBloc(r)
		if err != nil {
			return nil, err
		}
		out[country] = append(out[country], b)
	}
	return out, nil
}

// BlocsByID returns the blocs with the given ids, keyed by id. One round trip.
func (s *Store) BlocsByID(ctx context.Context, ids []string) (map[string]mg.Bloc, error) {
	recs, err := s.read(ctx, "store.BlocsByID", `MATCH (b:Bloc) WHERE b.id IN $ids RETURN `+blocColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Bloc, len(recs))
	for _, r := range recs {
		b, err := decodeBloc(r)
		if err != nil {
			return nil, err
		}
		out[b.ID] = b
	}
	return out, nil
}

func decodeBloc(r *neo4j.Record) (mg.Bloc, error) {
	var b mg.Bloc
	var err error
	if b.ID, err = str(r, "id"); err != nil {
		return b, err
	}
	if b.Name, err = str(r, "name"); err != nil {
		return b, err
	}
	b.Note = optStr(r, "note")
	if b.Members, err = strList(r, "members"); err != nil {
		return b, err
	}
	if b.SourceID, err = str(r, "sourceId"); err != nil {
		return b, err
	}
	return b, nil
}

// List returns the list with the given id, or ENOTFOUND naming it.
func (s *Store) List(ctx context.Context, id string) (mg.CriticalList, error) {
	found, err := s.ListsByID(ctx, []string{id})
	if err != nil {
		return mg.CriticalList{}, err
	}
	l, ok := found[id]
	if !ok {
		return mg.CriticalList{}, mg.NotFound("list", id)
	}
	return l, nil
}
