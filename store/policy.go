package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// PolicyFilter selects policies; zero fields do not narrow.
type PolicyFilter struct {
	Issuer          string          // ISO alpha-2 code or bloc code ("EU")
	Types           []mg.PolicyType // any of these
	Mineral         string          // targets this mineral (or the group it belongs to)
	AffectedCountry string          // names this country among those affected
	// ActiveOn keeps the policies in force on that day: in effect (from the effective date, or
	// the announcement where no source gives one), not expired, and not suspended.
	ActiveOn *mg.Date
}

// policyByDate lists policies in the order they took effect (or were announced), oldest first:
// a timeline. The date sorts as text (YYYY-MM-DD), which keeps cursors plain strings.
var policyByDate = ordering{name: "policy/date", keys: []sortKey{
	{expr: "toString(coalesce(p.effective, p.announced, date('9999-12-31')))"},
	{expr: "p.id"},
}}

const policyColumns = `p.id AS id, p.title AS title, p.type AS type, p.issuer AS issuer,
  p.announced AS announced, p.effective AS effective, p.suspended AS suspended, p.expires AS expires,
  p.summary AS summary, p.note AS note,
  COLLECT { MATCH (p)-[:TARGETS]->(m:Mineral) RETURN m.id ORDER BY m.id } AS minerals,
  COLLECT { MATCH (p)-[:AFFECTS]->(c:Country) RETURN c.code ORDER BY c.code } AS affected,
  COLLECT { MATCH (p)-[r:SUSPENDS|EXTENDS|AMENDS|REPLACES|IMPLEMENTS|FOLLOWS]->(q:Policy) RETURN [type(r), q.id] ORDER BY q.id } AS links,
  COLLECT { MATCH (p)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// activeOn is the predicate "policy p is in force on $day". A policy is suspended on a day
// when a policy that SUSPENDS it is itself in effect that day (suspensions carry their own end
// date), or, when no such relation is recorded, from its own suspended date on.
const activeOn = `coalesce(p.effective, p.announced) <= $day
  AND (p.expires IS NULL OR $day <= p.expires)
  AND NOT EXISTS { MATCH (s:Policy)-[:SUSPENDS]->(p)
    WHERE coalesce(s.effective, s.announced) <= $day AND (s.expires IS NULL OR $day <= s.expires) }
  AND NOT (p.suspended IS NOT NULL AND p.suspended <= $day AND NOT EXISTS { MATCH (:Policy)-[:SUSPENDS]->(p) })`

// Policies returns a page of the policies matching f, in date order, and the size of the
// whole list when withTotal is true. One round trip. Errors: ENOTFOUND naming an issuer,
// mineral or country the filter names that does not exist.
func (s *Store) Policies(ctx context.Context, f PolicyFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Policy], error) {
	p := params{}
	where, err := policyWhere(p, f)
	if err != nil {
		return mg.Page[mg.Policy]{}, err
	}
	var r refs
	if f.Issuer != "" {
		r.issuers = []string{f.Issuer}
	}
	if f.Mineral != "" {
		r.minerals = []string{f.Mineral}
	}
	if f.AffectedCountry != "" {
		r.countries = []string{f.AffectedCountry}
	}
	q := pagedQuery{op: "store.Policies", match: "MATCH (p:Policy) WHERE " + strings.Join(where, " AND "),
		columns: policyColumns, order: policyByDate, refs: r}
	return runPaged(ctx, s, q, p, page, withTotal, decodePolicy)
}

// Policy returns the policy with the given id, or ENOTFOUND naming it.
func (s *Store) Policy(ctx context.Context, id string) (mg.Policy, error) {
	found, err := s.PoliciesByID(ctx, []string{id})
	if err != nil {
		return mg.Policy{}, err
	}
	pol, ok := found[id]
	if !ok {
		return mg.Policy{}, mg.NotFound("policy", id)
	}
	return pol, nil
}

// PoliciesByID returns the policies with the given ids, keyed by id. One round trip.
func (s *Store) PoliciesByID(ctx context.Context, ids []string) (map[string]mg.Policy, error) {
	recs, err := s.read(ctx, "store.PoliciesByID", `MATCH (p:Policy) WHERE p.id IN $ids RETURN `+policyColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Policy, len(recs))
	for _, r := range recs {
		pol, err := decodePolicy(r)
		if err != nil {
			return nil, err
		}
		out[pol.ID] = pol
	}
	return out, nil
}

// PoliciesOfMinerals returns, for each mineral id, the policies that target it or its group
// and match f, in date order. One round trip whatever the number of ids.
func (s *Store) PoliciesOfMinerals(ctx context.Context, ids []string, f PolicyFilter) (map[string][]mg.Policy, error) {
	f.Mineral = ""
	p := params{"ids": ids}
	where, err := policyWhere(p, f)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, "store.PoliciesOfMinerals", `MATCH (m:Mineral) WHERE m.id IN $ids
MATCH (p:Policy)-[:TARGETS]->(t:Mineral) WHERE (t = m OR (m)-[:MEMBER_OF]->(t)) AND `+strings.Join(where, " AND ")+`
WITH DISTINCT m, p
RETURN m.id AS anchor, `+policyColumns+`
ORDER BY anchor, `+policyByDate.orderBy(), p)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]mg.Policy, len(ids))
	for _, r := range recs {
		anchor, err := str(r, "anchor")
		if err != nil {
			return nil, err
		}
		pol, err := decodePolicy(r)
		if err != nil {
			return nil, err
		}
		out[anchor] = append(out[anchor], pol)
	}
	return out, nil
}

// policyWhere compiles f into conditions over p.
func policyWhere(p params, f PolicyFilter) ([]string, error) {
	where := []string{"true"}
	if f.Issuer != "" {
		where = append(where, "p.issuer = "+p.add(f.Issuer))
	}
	if len(f.Types) > 0 {
		types := make([]string, len(f.Types))
		for i, t := range f.Types {
			if !t.Valid() {
				return nil, mg.Invalid("type: unknown policy type %q", t)
			}
			types[i] = string(t)
		}
		where = append(where, "p.type IN "+p.add(types))
	}
	if f.Mineral != "" {
		where = append(where, "EXISTS { MATCH (p)-[:TARGETS]->(t:Mineral) WHERE t.id = "+p.add(f.Mineral)+
			" OR EXISTS { MATCH (:Mineral {id: "+p.add(f.Mineral)+"})-[:MEMBER_OF]->(t) } }")
	}
	if f.AffectedCountry != "" {
		if !mg.ValidCountryCode(f.AffectedCountry) {
			return nil, mg.Invalid("affectedCountry: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", f.AffectedCountry)
		}
		where = append(where, "EXISTS { MATCH (p)-[:AFFECTS]->(:Country {code: "+p.add(f.AffectedCountry)+"}) }")
	}
	if f.ActiveOn != nil {
		p["day"] = neo4j.DateOf(f.ActiveOn.Time)
		where = append(where, "("+activeOn+")")
	}
	return where, nil
}

func decodePolicy(r *neo4j.Record) (mg.Policy, error) {
	var pol mg.Policy
	var err error
	if pol.ID, err = str(r, "id"); err != nil {
		return pol, err
	}
	if pol.Title, err = str(r, "title"); err != nil {
		return pol, err
	}
	t, err := str(r, "type")
	if err != nil {
		return pol, err
	}
	pol.Type = mg.PolicyType(t)
	pol.Issuer = optStr(r, "issuer")
	pol.Summary = optStr(r, "summary")
	pol.Note = optStr(r, "note")
	for key, into := range map[string]**mg.Date{"announced": &pol.Announced, "effective": &pol.Effective, "suspended": &pol.Suspended, "expires": &pol.Expires} {
		if *into, err = optDate(r, key); err != nil {
			return pol, err
		}
	}
	if pol.Minerals, err = strList(r, "minerals"); err != nil {
		return pol, err
	}
	if pol.AffectedCountries, err = strList(r, "affected"); err != nil {
		return pol, err
	}
	links, _, err := neo4j.GetRecordValue[[]any](r, "links")
	if err != nil {
		return pol, decodeErr("links", err)
	}
	for _, l := range links {
		pair, _ := l.([]any)
		if len(pair) == 2 {
			rel, _ := pair[0].(string)
			id, _ := pair[1].(string)
			pol.Links = append(pol.Links, mg.PolicyLink{Relation: mg.Relation(rel), PolicyID: id})
		}
	}
	if pol.SourceID, err = str(r, "sourceId"); err != nil {
		return pol, err
	}
	return pol, nil
}

// PoliciesActiveOn reports, for each policy id, whether it is in force on the day (see
// PolicyFilter.ActiveOn). Unknown ids are absent. One round trip.
func (s *Store) PoliciesActiveOn(ctx context.Context, ids []string, day mg.Date) (map[string]bool, error) {
	recs, err := s.read(ctx, "store.PoliciesActiveOn", `MATCH (p:Policy) WHERE p.id IN $ids
RETURN p.id AS id, coalesce(`+activeOn+`, false) AS active`, map[string]any{"ids": ids, "day": neo4j.DateOf(day.Time)})
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(recs))
	for _, r := range recs {
		id, err := str(r, "id")
		if err != nil {
			return nil, err
		}
		active, _ := optBool(r, "active")
		out[id] = active
	}
	return out, nil
}
