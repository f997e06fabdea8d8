package store

import (
	"context"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// A facility and the organisations that run it:
//
//	(:Facility)-[:IN_COUNTRY]->(:Country), -[:PRODUCES]->(:Mineral),
//	-[:OPERATED_BY]->(:Organisation), -[:OWNED_BY]->(:Organisation), -[:CITES]->(:Source)

var facilityEntity = declare(&entity[mg.Facility]{name: "Facility", related: func(f *mg.Facility) *mg.Related { return &f.Related }, node: "id", search: true})

var organisationEntity = declare(&entity[mg.Organisation]{name: "Organisation", node: "id", search: true})

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
		"source":         required(facilityEntity, sourceEntity, citesSource),
		"statusSource":   one(facilityEntity, sourceEntity, "(%[1]s)-[:STATUS_CITES]->(%[2]s:Source)"),
		"statusYear":     property("statusYear", setOptInt(func(f *mg.Facility) **int { return &f.StatusYear })),
		"capacitySource": one(facilityEntity, sourceEntity, "(%[1]s)-[:CAPACITY_CITES]->(%[2]s:Source)"),
		"capacityYear":   property("capacityYear", setOptInt(func(f *mg.Facility) **int { return &f.CapacityYear })),
	}
	organisationEntity.fields = map[string]fieldDecl[mg.Organisation]{
		"id":   property("id", setStr(func(o *mg.Organisation) *string { return &o.ID })),
		"name": property("name", setStr(func(o *mg.Organisation) *string { return &o.Name })),
	}
}

// facilityByName orders facilities by name, then id (unique).
func facilityByName(f string) ordering {
	return ordering{name: "facility/name", keys: []sortKey{{expr: f + ".name", seek: true}, {expr: f + ".id"}}}
}

// facilityQuery is a filter of facilities as a query compiles it: the API's filter, and the
// variables of what the query around it has matched. mineralNode is the variable of a
// mineral for Mineral to test against (the alternatives of a mineral); countryOf, of a
// country, for Country (the facilities of a country).
type facilityQuery struct {
	mg.FacilityFilter
	mineralNode, countryOf string
}

// facilityRefs are the ids the filter names, which must exist.
func facilityRefs(f mg.FacilityFilter) refs {
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
func (s *Store) Facilities(ctx context.Context, f mg.FacilityFilter, page mg.PageArgs, withTotal bool, sel Selection) (mg.Page[mg.Facility], error) {
	q := newBuilder()
	match, where, err := facilityMatch(q, facilityQuery{FacilityFilter: f}, "f", "", true)
	if err != nil {
		return mg.Page[mg.Facility]{}, err
	}
	pq := pagedQuery{op: "store.Facilities", match: match + " WHERE " + strings.Join(where, " AND "),
		order: facilityByName("f"), refs: facilityRefs(f)}
	return runPaged(ctx, s, q, pq, facilityEntity, bind("f"), sel, page, withTotal)
}

// Facility returns the facility with the given id, as sel asks, or ENOTFOUND naming it. One
// round trip.
func (s *Store) Facility(ctx context.Context, id string, sel Selection) (mg.Facility, error) {
	return readOne(ctx, s, "store.Facility", facilityEntity, "(n:Facility {id: %s})", id, "facility", sel)
}

// countryFacilities compiles Country.facilities(mineral, types, statuses, first, after): the
// country's facilities matching the filter, by name. They are read from the index on
// (country, name) in its order, so a page stops as soon as it is full.
func countryFacilities(q *builder, b binding, f Field) (string, func(any) (mg.Page[mg.Facility], error), error) {
	filter := facilityQuery{FacilityFilter: mg.FacilityFilter{Mineral: argValue[string](f, "mineral"), Types: arg[[]mg.FacilityType](f, "types"),
		Statuses: arg[[]mg.FacilityStatus](f, "statuses")}, countryOf: b.v}
	v := q.fresh("f")
	o := ordering{name: "facility/country-name", keys: []sortKey{{expr: v + ".country"}, {expr: v + ".name"}, {expr: v + ".id"}}}
	// The planner left to itself scans the name index of every facility and tests each
	// (about 28,000 db hits for the nested benchmark question on the curated graph, about 2,000
	// with a seek). A plain USING INDEX hint is not enough: it allows a scan of the whole
	// (country, name) index, which also yields the page's order, and the planner chose that
	// scan in two bench runs out of four (30,317 db hits). The SEEK hint holds it to this
	// country's part of the index.
	match, where, err := facilityMatch(q, filter, v, "USING INDEX SEEK "+v+":Facility(country, name)", false)
	if err != nil {
		return "", nil, err
	}
	return facilitiesFrom(q, match, where, v, filter, f, o)
}

// facilitiesFrom compiles a nested page of the facilities (bound to v by match) that meet
// where, in the order o.
func facilitiesFrom(q *builder, match string, where []string, v string, filter facilityQuery, f Field, o ordering) (string, func(any) (mg.Page[mg.Facility], error), error) {
	l := listSpec{match: match, where: where, row: v, order: o, refs: facilityRefs(filter.FacilityFilter)}
	return compilePage(q, facilityEntity, l, f, mg.MaxPageSize)
}

// facilityMatch compiles f into the match of the facility variable v (with an index hint
// when hint is not "") and conditions over v.
//
// A facility produces the mineral when it produces the mineral itself or a member of it (a
// group). With byMineral the candidates come from the mineral, through the minerals it
// groups: a mineral is produced at a part of the facilities, and a page of them sorted by
// name costs what that part costs, where reading the name index in order until the page is
// full costs the whole index when the mineral is rare. Otherwise (a country's facilities,
// read from the country's part of the index) the set of minerals is read once and each
// facility's PRODUCES links are compared with it: testing membership from every produced
// mineral outwards read the same groups again for every facility (27,740 db hits for the
// first five rare-earth facilities of fifteen countries on the 100x graph, 17,934 this way).
func facilityMatch(q *builder, f facilityQuery, v, hint string, byMineral bool) (string, []string, error) {
	match, where := "MATCH ("+v+":Facility) "+hint, []string{v + ".name IS NOT NULL"} // every facility has one: lets an index on name give the order
	if f.Mineral != "" || f.mineralNode != "" {
		x, g := q.fresh("x"), q.fresh("g")
		group := "(" + g + ":Mineral {id: " + q.param(f.Mineral) + "})"
		if f.mineralNode != "" {
			group = "(" + f.mineralNode + ")"
		}
		if byMineral {
			match = "MATCH " + group + "<-[:MEMBER_OF*0..1]-(:Mineral)<-[:PRODUCES]-(" + v + ":Facility) WITH DISTINCT " + v
		} else {
			xs, y := q.fresh("xs"), q.fresh("x")
			match = "WITH COLLECT { MATCH " + group + "<-[:MEMBER_OF*0..1]-(" + x + ":Mineral) RETURN " + x + " } AS " + xs + " " + match
			where = append(where, "EXISTS { MATCH ("+v+")-[:PRODUCES]->("+y+") WHERE "+y+" IN "+xs+" }")
		}
	}
	if f.countryOf != "" {
		where = append(where, v+".country = "+f.countryOf+".code")
	}
	for _, c := range []struct{ code, op string }{{f.Country, " = "}, {f.NotCountry, " <> "}} {
		if c.code == "" {
			continue
		}
		if !mg.ValidCountryCode(c.code) {
			return "", nil, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"CN\"", c.code)
		}
		where = append(where, v+".country"+c.op+q.param(c.code))
	}
	if len(f.Types) > 0 {
		types := make([]string, len(f.Types))
		for i, t := range f.Types {
			if !t.Valid() {
				return "", nil, mg.Invalid("type: unknown facility type %q", t)
			}
			types[i] = string(t)
		}
		where = append(where, v+".type IN "+q.param(types))
	}
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			if !st.Valid() {
				return "", nil, mg.Invalid("status: unknown facility status %q", st)
			}
			statuses[i] = string(st)
		}
		where = append(where, v+".status IN "+q.param(statuses))
	}
	if f.Operator != "" {
		o := q.fresh("o")
		where = append(where, "EXISTS { MATCH ("+v+")-[:OPERATED_BY]->("+o+") WHERE "+o+".id = "+q.param(f.Operator)+" }")
	}
	if f.NameContains != "" {
		where = append(where, "toLower("+v+".name) CONTAINS toLower("+q.param(f.NameContains)+")")
	}
	if n := f.Near; n != nil {
		if n.Latitude < -90 || n.Latitude > 90 || n.Longitude < -180 || n.Longitude > 180 {
			return "", nil, mg.Invalid("near: %v, %v is not a point on the globe (latitude -90..90, longitude -180..180)", n.Latitude, n.Longitude)
		}
		if n.RadiusKm <= 0 || n.RadiusKm > 20000 {
			return "", nil, mg.Invalid("near.radiusKm: %v must be more than 0 and at most 20000", n.RadiusKm)
		}
		where = append(where, "point.distance("+v+".location, point({latitude: "+q.param(n.Latitude)+", longitude: "+q.param(n.Longitude)+
			"})) <= "+q.param(n.RadiusKm*1000))
	}
	return match, where, nil
}

// The nodes a load writes for organisations, and their rows.
var kindOrganisations = kind{name: "organisations", label: "Organisation", key: "id", keepExisting: true}

func init() {
	registerLoad(loader{kind: kindOrganisations, order: 110, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, o := range d.Organisations {
			rows = append(rows, loadRow(o.ID, props("id", o.ID, "name", o.Name)))
		}
		return rows
	}})
}

// The nodes a load writes for facilities, and their rows.
var kindFacilities = kind{name: "facilities", label: "Facility", key: "id", links: []link{
	{rel: "IN_COUNTRY", target: "Country", key: "code"}, {rel: "PRODUCES", target: "Mineral", key: "id"},
	{rel: "OPERATED_BY", target: "Organisation", key: "id"}, {rel: "OWNED_BY", target: "Organisation", key: "id"}, cites,
	// The sources of the status and the capacity, where another publication than the
	// record's own reports them.
	{rel: "STATUS_CITES", target: "Source", key: "id"}, {rel: "CAPACITY_CITES", target: "Source", key: "id"}},
	derived: []string{"country"}}

func init() {
	registerLoad(loader{kind: kindFacilities, order: 120, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, f := range d.Facilities {
			// country repeats the IN_COUNTRY link as a property, so that a country's facilities
			// come in name order from one index (facility_country_name) instead of being sorted.
			p := props("id", f.ID, "name", f.Name, "country", f.Country, "type", string(f.Type), "precision", string(f.Precision), "status", string(f.Status),
				"otherCommodities", f.OtherCommodities,
				"capacity", f.Capacity, "capacityUnit", f.CapacityUnit, "sourceUrl", f.SourceURL, "note", f.Note,
				"statusYear", f.StatusYear, "capacityYear", f.CapacityYear)
			if f.Latitude != nil && f.Longitude != nil {
				p["location"] = dbtype.Point2D{X: *f.Longitude, Y: *f.Latitude, SpatialRefId: 4326}
			}
			rows = append(rows, loadRow(f.ID, p, single(f.Country), f.Minerals, single(f.OperatorID), f.OwnerIDs, single(f.SourceID),
				single(f.StatusSourceID), single(f.CapacitySourceID)))
		}
		return rows
	}})
}
