package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// A policy and what it acts on:
//
//	(:Policy)-[:TARGETS]->(:Mineral), -[:AFFECTS]->(:Country), -[:ISSUED_BY]->(:Country|Bloc),
//	-[:SUSPENDS|EXTENDS|AMENDS|REPLACES|IMPLEMENTS|FOLLOWS]->(:Policy), -[:CITES]->(:Source)

var policyEntity = declare(&entity[mg.Policy]{name: "Policy", related: func(p *mg.Policy) *mg.Related { return &p.Related }, node: "id", search: true})

// policyRelationEntity is a relation from a policy to another; its variable is the
// relationship, and the other policy is known to the query that matched it.
var policyRelationEntity = declare(&entity[mg.PolicyLink]{name: "PolicyRelation", related: func(l *mg.PolicyLink) *mg.Related { return &l.Related }})

func init() {
	policyEntity.fields = map[string]fieldDecl[mg.Policy]{
		"id":        property("id", setStr(func(p *mg.Policy) *string { return &p.ID })),
		"title":     property("title", setStr(func(p *mg.Policy) *string { return &p.Title })),
		"type":      property("type", setEnum(func(p *mg.Policy) *mg.PolicyType { return &p.Type })),
		"issuer":    property("issuer", setStr(func(p *mg.Policy) *string { return &p.Issuer })),
		"announced": property("announced", setDate(func(p *mg.Policy) **mg.Date { return &p.Announced })),
		"effective": property("effective", setDate(func(p *mg.Policy) **mg.Date { return &p.Effective })),
		"suspended": property("suspended", setDate(func(p *mg.Policy) **mg.Date { return &p.Suspended })),
		"expires":   property("expires", setDate(func(p *mg.Policy) **mg.Date { return &p.Expires })),
		"summary":   property("summary", setStr(func(p *mg.Policy) *string { return &p.Summary })),
		"note":      property("note", setStr(func(p *mg.Policy) *string { return &p.Note })),
		"minerals": many(policyEntity, mineralEntity, "(%[1]s)-[:TARGETS]->(%[2]s:Mineral)",
			func(v string) string { return v + ".id" }),
		"affectedCountries": many(policyEntity, countryEntity, "(%[1]s)-[:AFFECTS]->(%[2]s:Country)",
			func(v string) string { return v + ".code" }),
		"activeOn":  nested(policyEntity, activeOnField),
		"relations": nested(policyEntity, relationsOf),
		"source":    required(policyEntity, sourceEntity, citesSource),
	}
	policyRelationEntity.fields = map[string]fieldDecl[mg.PolicyLink]{
		"type":   prop(func(v string) string { return "type(" + v + ")" }, setEnum(func(l *mg.PolicyLink) *mg.Relation { return &l.Relation })),
		"policy": known(policyRelationEntity, policyEntity), // relationsOf matches it
	}
}

// policyByDate lists policies in the order they took effect (or were announced), oldest first:
// a timeline. The date sorts as text (YYYY-MM-DD), which keeps cursors plain strings.
func policyByDate(p string) ordering {
	return ordering{name: "policy/date", keys: []sortKey{
		{expr: "toString(coalesce(" + p + ".effective, " + p + ".announced, date('9999-12-31')))"},
		{expr: p + ".id"},
	}}
}

// activeOn renders the predicate "policy p is in force on day" (a parameter). A policy is
// suspended on a day when a policy that SUSPENDS it is itself in effect that day
// (suspensions carry their own end date), or, when no such relation is recorded, from its
// own suspended date on.
func activeOn(q *builder, p, day string) string {
	s := q.fresh("s")
	return "coalesce(" + p + ".effective, " + p + ".announced) <= " + day + `
  AND (` + p + `.expires IS NULL OR ` + day + ` <= ` + p + `.expires)
  AND NOT EXISTS { MATCH (` + s + `:Policy)-[:SUSPENDS]->(` + p + `)
    WHERE coalesce(` + s + `.effective, ` + s + `.announced) <= ` + day + ` AND (` + s + `.expires IS NULL OR ` + day + ` <= ` + s + `.expires) }
  AND NOT (` + p + `.suspended IS NOT NULL AND ` + p + `.suspended <= ` + day + ` AND NOT EXISTS { MATCH (:Policy)-[:SUSPENDS]->(` + p + `) })`
}

// activeOnField compiles Policy.activeOn(date): whether the policy is in force on the day,
// today (UTC) when none is given.
func activeOnField(q *builder, b binding, f Field) (string, func(any) (bool, error), error) {
	day := mg.Today()
	if d := arg[*mg.Date](f, "date"); d != nil {
		day = *d
	}
	return "coalesce(" + activeOn(q, b.v, q.param(neo4j.DateOf(day.Time))) + ", false)", asBool, nil
}

// relationsOf compiles Policy.relations: how the policy acts on others, by the other's id.
func relationsOf(q *builder, b binding, f Field) (string, func(any) ([]mg.PolicyLink, error), error) {
	r, other := q.fresh("r"), q.fresh("p")
	proj, decode, err := policyRelationEntity.project(q, binding{v: r, known: map[string]string{"policy": other}}, f.Of)
	if err != nil {
		return "", nil, err
	}
	return "COLLECT { MATCH (" + b.v + ")-[" + r + ":SUSPENDS|EXTENDS|AMENDS|REPLACES|IMPLEMENTS|FOLLOWS]->(" + other + ":Policy) WITH " + r + ", " + other +
		" ORDER BY " + other + ".id RETURN " + proj + " }", listOf(decode), nil
}

// Policies returns a page of the policies matching f, in date order, each as sel asks, and
// the size of the whole list when withTotal is true. One round trip. Errors: ENOTFOUND naming
// an issuer, mineral or country the filter names that does not exist.
func (s *Store) Policies(ctx context.Context, f mg.PolicyFilter, page mg.PageArgs, withTotal bool, sel Selection) (mg.Page[mg.Policy], error) {
	q := newBuilder()
	where, err := policyWhere(q, f, "p")
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
	pq := pagedQuery{op: "store.Policies", match: policyMatch(q, f.Mineral, "p") + " WHERE " + strings.Join(where, " AND "), order: policyByDate("p"), refs: r}
	return runPaged(ctx, s, q, pq, policyEntity, bind("p"), sel, page, withTotal)
}

// Policy returns the policy with the given id, as sel asks, or ENOTFOUND naming it. One round
// trip.
func (s *Store) Policy(ctx context.Context, id string, sel Selection) (mg.Policy, error) {
	return readOne(ctx, s, "store.Policy", policyEntity, "(n:Policy {id: %s})", id, "policy", sel)
}

// policiesOfMineral compiles Mineral.policies(activeOn, types): the policies that target the
// mineral or its group, in date order.
func policiesOfMineral(q *builder, b binding, f Field) (string, func(any) ([]mg.Policy, error), error) {
	filter := mg.PolicyFilter{ActiveOn: arg[*mg.Date](f, "activeOn"), Types: arg[[]mg.PolicyType](f, "types")}
	p := q.fresh("p")
	where, err := policyWhere(q, filter, p)
	if err != nil {
		return "", nil, err
	}
	proj, decode, err := policyEntity.project(q, bind(p), f.Of)
	if err != nil {
		return "", nil, err
	}
	o := policyByDate(p)
	return "COLLECT { " + targeting("("+b.v+")", p) + " WITH DISTINCT " + p + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY " + o.orderBy() + " RETURN " + proj + " }", listOf(decode), nil
}

// targeting renders the match of the policies p that target the mineral (a node pattern) or
// the group it belongs to, from the mineral outwards: a mineral is targeted by a few
// policies, while testing every policy's targets against the mineral and its group read every
// mineral of the graph for each (60,556 db hits for China's 37 shares of 2023 and their
// minerals' policies; 2,785 from the mineral).
func targeting(mineral, p string) string {
	return "MATCH " + mineral + "-[:MEMBER_OF*0..1]->(:Mineral)<-[:TARGETS]-(" + p + ":Policy)"
}

// policyMatch binds p to each policy, or to each policy targeting the mineral (or its group)
// when the filter names one: then the candidates come from the mineral.
func policyMatch(q *builder, mineral, p string) string {
	if mineral == "" {
		return "MATCH (" + p + ":Policy)"
	}
	return targeting("(:Mineral {id: "+q.param(mineral)+"})", p) + " WITH DISTINCT " + p
}

// policyWhere compiles f into conditions over the policy variable p; the mineral is the
// match's (policyMatch).
func policyWhere(q *builder, f mg.PolicyFilter, p string) ([]string, error) {
	where := []string{"true"}
	if f.Issuer != "" {
		where = append(where, p+".issuer = "+q.param(f.Issuer))
	}
	if len(f.Types) > 0 {
		types := make([]string, len(f.Types))
		for i, t := range f.Types {
			if !t.Valid() {
				return nil, mg.Invalid("type: unknown policy type %q", t)
			}
			types[i] = string(t)
		}
		where = append(where, p+".type IN "+q.param(types))
	}
	if f.AffectedCountry != "" {
		if !mg.ValidCountryCode(f.AffectedCountry) {
			return nil, mg.Invalid("affectedCountry: %q is not an ISO 3166-1 alpha-2 code such as \"US\"", f.AffectedCountry)
		}
		c := q.fresh("c")
		where = append(where, "EXISTS { MATCH ("+p+")-[:AFFECTS]->("+c+") WHERE "+c+".code = "+q.param(f.AffectedCountry)+" }")
	}
	if f.ActiveOn != nil {
		where = append(where, "("+activeOn(q, p, q.param(neo4j.DateOf(f.ActiveOn.Time)))+")")
	}
	return where, nil
}

// The nodes a load writes for policies, and their rows.
var kindPolicies = kind{name: "policies", label: "Policy", key: "id", links: []link{
	{rel: "ISSUED_BY", target: "Country|Bloc", key: "code"}, {rel: "TARGETS", target: "Mineral", key: "id"},
	{rel: "AFFECTS", target: "Country", key: "code"}, cites}}

// Relations between policies are written after every policy exists, by a kind of their
// own whose rows carry no properties.
var kindPolicyLinks = kind{name: "policy relations", label: "Policy", key: "id", links: []link{
	{rel: "SUSPENDS", target: "Policy", key: "id"}, {rel: "EXTENDS", target: "Policy", key: "id"},
	{rel: "AMENDS", target: "Policy", key: "id"}, {rel: "REPLACES", target: "Policy", key: "id"},
	{rel: "IMPLEMENTS", target: "Policy", key: "id"}, {rel: "FOLLOWS", target: "Policy", key: "id"}}}

func init() {
	registerLoad(loader{kind: kindPolicies, order: 130, withProps: true, rows: func(d *mg.Records) []map[string]any {
		rows := make([]map[string]any, 0, len(d.Policies))
		for _, p := range d.Policies {
			rows = append(rows, loadRow(p.ID, props("id", p.ID, "title", p.Title, "type", string(p.Type), "issuer", p.Issuer,
				"announced", p.Announced, "effective", p.Effective, "suspended", p.Suspended, "expires", p.Expires,
				"summary", p.Summary, "note", p.Note), single(p.Issuer), p.Minerals, p.AffectedCountries, single(p.SourceID)))
		}
		return rows
	}})
	registerLoad(loader{kind: kindPolicyLinks, order: 140, rows: func(d *mg.Records) []map[string]any {
		rows := make([]map[string]any, 0, len(d.Policies))
		for _, p := range d.Policies {
			byRel := make([][]string, len(kindPolicyLinks.links))
			for _, l := range p.Links {
				for i, kl := range kindPolicyLinks.links {
					if kl.rel == string(l.Relation) {
						byRel[i] = append(byRel[i], l.PolicyID)
					}
				}
			}
			rows = append(rows, loadRow(p.ID, nil, byRel...))
		}
		return rows
	}})
}
