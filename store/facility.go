package store

import (
	"context"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// A facility and the organisations that run it:
//
//	(:Facility)-[:IN_COUNTRY]->(:Country), -[:PRODUCES]->(:Mineral),
//	-[:OPERATED_BY]->(:Organisation), -[:OWNED_BY]->(:Organisation), -[:CITES]->(:Source)

var facilityEntity = &entity[mg.Facility]{name: "Facility", related: func(f *mg.Facility) *mg.Related { return &f.Related }}

var organisationEntity = &entity[mg.Organisation]{name: "Organisation"}

func init() {
	facilityEntity.fields = map[string]fieldDecl[mg.Facility]{
		"id":   property("id", setStr(func(f *mg.Facility) *string { return &f.ID })),
		"name": property("name", setStr(func(f *mg.Facility) *string { return &f.Name })),
		"type": property("type", setEnum(func(f *mg.Facility) *mg.FacilityType { return &f.Type })),
		// The coordinates are a point; a facility without them has none.
		"latitude":         prop(func(v string) string { return v + ".location.latitude" }, setFloat(func(f *mg.Facility) **float64 { return &f.Latitude })),
		"longitude":        prop(func(v string) string { return v + ".location.longitude" }, setFloat(func(f *mg.Facility) **float64 { return &f.Longitude })),
		"precision":        property("precision", setEnum(func(f *mg.Facility) *mg.Precision { return &f.Precision })),
		"otherCommodities": prop(func(v string) string { return "coalesce(" + v + ".otherCommodities, [])" }, setStrings(func(f *mg.Facility) *[]string { return &f.OtherCommodities })),
		"status":           property("status", setEnum(func(f *mg.Facility) *mg.FacilityStatus { return &f.Status })),
		"capacity":         property("capacity", setFloat(func(f *mg.Facility) **float64 { return &f.Capacity })),
		"capacityUnit":     property("capacityUnit", setStr(func(f *mg.Facility) *string { return &f.CapacityUnit })),
		"sourceUrl":        property("sourceUrl", setStr(func(f *mg.Facility) *string { return &f.SourceURL })),
		"note":             property("note", setStr(func(f *mg.Facility) *string { return &f.Note })),
		"country":          required(facilityEntity, countryEntity, "(%[1]s)-[:IN_COUNTRY]->(%[2]s:Country)"),
		"minerals": many(facilityEntity, mineralEntity, "(%[1]s)-[:PRODUCES]->(%[2]s:Mineral)",
			func(v string) string { return v + ".id" }),
		"operator": one(facilityEntity, organisationEntity, "(%[1]s)-[:OPERATED_BY]->(%[2]s:Organisation)"),
		"owners": many(facilityEntity, organisationEntity, "(%[1]s)-[:OWNED_BY]->(%[2]s:Organisation)",
			func(v string) string { return v + ".id" }),
		"source": required(facilityEntity, sourceEntity, citesSource),
	}
	organisationEntity.fields = map[string]fieldDecl[mg.Organisation]{
		"id":   property("id", setStr(func(o *mg.Organisation) *string { return &o.ID })),
		"name": property("name", setStr(func(o *mg.Organisation) *string { return &o.Name })),
	}
}

// FacilityFilter selects facilities; zero fields do not narrow.
type FacilityFilter struct {
	Mineral      string // produces this mineral (or a member of this group)
	Country      string // in this country
	NotCountry   string // outside this country
	Types        []mg.FacilityType
	Statuses     []mg.FacilityStatus
	Operator     string // operated by this organisation id
	Near         *Near
	NameContains string
	// mineralNode is the variable of a mineral the query has matched, for Mineral to test
	// against (the alternatives of a mineral).
	mineralNode string
}

// Near is a circle on the globe: facilities whose coordinates lie within RadiusKm of the point.
type Near struct {
	Latitude, Longitude, RadiusKm float64
}

// facilityByName orders facilities by name, then id (unique).
func facilityByName(f string) ordering {
	return ordering{name: "facility/name", keys: []sortKey{{expr: f + ".name", seek: true}, {expr: f + ".id"}}}
}

// refs are the ids the filter names, which must exist.
func (f FacilityFilter) refs() refs {
	var r refs
	for _, c := range []string{f.Country, f.NotCountry} {
		if c != "" {
			r.countries = append(r.countries, c)
		}
	}
	if f.Mineral != "" {
		r.minerals = []string{f.Mineral}
	}
	if f.Operator != "" {
		r.organisations = []string{f.Operator}
	}
	return r
}

// Facilities returns a page of the facilities matching f, by name, each as sel asks, and the
// size of the whole list when withTotal is true. One round trip. Errors: ENOTFOUND naming a
// mineral, country or organisation the filter names that does not exist.
func (s *Store) Facilities(ctx context.Context, f FacilityFilter, page mg.PageArgs, withTotal bool, sel Selection) (mg.Page[mg.Facility], error) {
	q := newBuilder()
	where, err := facilityWhere(q, f, "f")
	if err != nil {
		return mg.Page[mg.Facility]{}, err
	}
	pq := pagedQuery{op: "store.Facilities", match: "MATCH (f:Facility) WHERE " + strings.Join(where, " AND "),
		order: facilityByName("f"), refs: f.refs()}
	return runPaged(ctx, s, q, pq, facilityEntity, bind("f"), sel, page, withTotal)
}

// Facility returns the facility with the given id, as sel asks, or ENOTFOUND naming it. One
// round trip.
func (s *Store) Facility(ctx context.Context, id string, sel Selection) (mg.Facility, error) {
	return readOne(ctx, s, "store.Facility", facilityEntity, "(n:Facility {id: %s})", id, "facility", sel)
}

// countryFacilities compiles Country.facilities(mineral, types, statuses, first, after): the
// country's facilities matching the filter, by name.
func countryFacilities(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Facility], error), error) {
	filter := FacilityFilter{Mineral: argValue[string](f, "mineral"), Types: arg[[]mg.FacilityType](f, "types"), Statuses: arg[[]mg.FacilityStatus](f, "statuses")}
	return facilitiesFrom(q, "MATCH (%[1]s:Facility)-[:IN_COUNTRY]->("+b.v+")", filter, f)
}

// facilitiesFrom compiles a nested page of the facilities a pattern binds (%[1]s is the
// facility's variable) that match filter.
func facilitiesFrom(q *builder, pattern string, filter FacilityFilter, f Field) (string, func(any) (mg.Page[mg.Facility], error), error) {
	v := q.fresh("f")
	where, err := facilityWhere(q, filter, v)
	if err != nil {
		return "", nil, err
	}
	l := listSpec{match: strings.ReplaceAll(pattern, "%[1]s", v), where: where, row: v, order: facilityByName(v), refs: filter.refs()}
	return compilePage(q, facilityEntity, l, f, mg.MaxPageSize)
}

// facilityWhere compiles f into conditions over the facility variable v.
func facilityWhere(q *builder, f FacilityFilter, v string) ([]string, error) {
	where := []string{"true"}
	if f.Mineral != "" || f.mineralNode != "" {
		x, g := q.fresh("x"), q.fresh("g")
		test := g + ".id = " + q.param(f.Mineral)
		if f.mineralNode != "" {
			test = g + " = " + f.mineralNode
		}
		// A produced mineral that is the mineral itself (no hop) or a member of it (one hop),
		// tested from the facility outwards. PROFILE of rare-earths (a group): an OR of the two
		// tests walked every produced mineral's relationships (13,171 db hits for the
		// facilities outside China, 6,506 for fifteen countries' facilities); one pattern
		// f->x->group let the planner start at the group and expand into every facility
		// (73,836); the nested test starts at f and x (5,938 and 3,650).
		where = append(where, "EXISTS { MATCH ("+v+")-[:PRODUCES]->("+x+":Mineral) WHERE EXISTS { MATCH ("+x+")-[:MEMBER_OF*0..1]->("+g+":Mineral) WHERE "+test+" } }")
	}
	for _, c := range []struct{ code, op string }{{f.Country, ""}, {f.NotCountry, "NOT "}} {
		if c.code == "" {
			continue
		}
		if !mg.ValidCountryCode(c.code) {
			return nil, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"CN\"", c.code)
		}
		where = append(where, c.op+"EXISTS { MATCH ("+v+")-[:IN_COUNTRY]->(:Country {code: "+q.param(c.code)+"}) }")
	}
	if len(f.Types) > 0 {
		types := make([]string, len(f.Types))
		for i, t := range f.Types {
			if !t.Valid() {
				return nil, mg.Invalid("type: unknown facility type %q", t)
			}
			types[i] = string(t)
		}
		where = append(where, v+".type IN "+q.param(types))
	}
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			if !st.Valid() {
				return nil, mg.Invalid("status: unknown facility status %q", st)
			}
			statuses[i] = string(st)
		}
		where = append(where, v+".status IN "+q.param(statuses))
	}
	if f.Operator != "" {
		where = append(where, "EXISTS { MATCH ("+v+")-[:OPERATED_BY]->(:Organisation {id: "+q.param(f.Operator)+"}) }")
	}
	if f.NameContains != "" {
		where = append(where, "toLower("+v+".name) CONTAINS toLower("+q.param(f.NameContains)+")")
	}
	if n := f.Near; n != nil {
		if n.Latitude < -90 || n.Latitude > 90 || n.Longitude < -180 || n.Longitude > 180 {
			return nil, mg.Invalid("near: %v, %v is not a point on the globe (latitude -90..90, longitude -180..180)", n.Latitude, n.Longitude)
		}
		if n.RadiusKm <= 0 || n.RadiusKm > 20000 {
			return nil, mg.Invalid("near.radiusKm: %v must be more than 0 and at most 20000", n.RadiusKm)
		}
		where = append(where, "point.distance("+v+".location, point({latitude: "+q.param(n.Latitude)+", longitude: "+q.param(n.Longitude)+
			"})) <= "+q.param(n.RadiusKm*1000))
	}
	return where, nil
}
