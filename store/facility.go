package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	mg "github.com/mineralgraph/mineralgraph"
)

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
}

// Near is a circle on the globe: facilities whose coordinates lie within RadiusKm of the point.
type Near struct {
	Latitude, Longitude, RadiusKm float64
}

var facilityByName = ordering{name: "facility/name", keys: []sortKey{{expr: "f.name", seek: true}, {expr: "f.id"}}}

// facilityFields are the values of a facility f, by the names decodeFacility reads; they
// render as return columns (facilityColumns) and as map entries (for pages collected per
// anchor).
var facilityFields = [][2]string{
	{"id", "f.id"}, {"name", "f.name"}, {"type", "f.type"}, {"precision", "f.precision"}, {"status", "f.status"},
	{"otherCommodities", "coalesce(f.otherCommodities, [])"},
	{"location", "f.location"}, {"capacity", "f.capacity"}, {"capacityUnit", "f.capacityUnit"}, {"sourceUrl", "f.sourceUrl"}, {"note", "f.note"},
	{"country", "COLLECT { MATCH (f)-[:IN_COUNTRY]->(c:Country) RETURN c.code }[0]"},
	{"minerals", "COLLECT { MATCH (f)-[:PRODUCES]->(m:Mineral) RETURN m.id ORDER BY m.id }"},
	{"operator", "COLLECT { MATCH (f)-[:OPERATED_BY]->(o:Organisation) RETURN o.id }[0]"},
	{"owners", "COLLECT { MATCH (f)-[:OWNED_BY]->(o:Organisation) RETURN o.id ORDER BY o.id }"},
	{"sourceId", "COLLECT { MATCH (f)-[:CITES]->(src:Source) RETURN src.id }[0]"},
}

var (
	facilityColumns = joinFields(facilityFields, "%[2]s AS %[1]s")
	facilityMap     = joinFields(facilityFields, "%[1]s: %[2]s")
)

func joinFields(fields [][2]string, format string) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf(format, f[0], f[1])
	}
	return strings.Join(parts, ", ")
}

// Facilities returns a page of the facilities matching f, by name, and the size of the whole
// list when withTotal is true. One round trip. Errors: ENOTFOUND naming a mineral, country or
// organisation the filter names that does not exist.
func (s *Store) Facilities(ctx context.Context, f FacilityFilter, page mg.PageArgs, withTotal bool) (mg.Page[mg.Facility], error) {
	p := params{}
	where, err := facilityWhere(p, f)
	if err != nil {
		return mg.Page[mg.Facility]{}, err
	}
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
	q := pagedQuery{op: "store.Facilities", match: "MATCH (f:Facility) WHERE " + strings.Join(where, " AND "),
		columns: facilityColumns, order: facilityByName, refs: r}
	return runPaged(ctx, s, q, p, page, withTotal, decodeFacility)
}

// FacilitiesOfCountries returns, for each country code, its page of facilities matching f (by
// name; f's Country and NotCountry are ignored), and the size of its whole list when withTotal
// is true. One round trip whatever the number of codes; codes with no facilities map to an
// empty page.
func (s *Store) FacilitiesOfCountries(ctx context.Context, codes []string, f FacilityFilter, page mg.PageArgs, withTotal bool) (map[string]mg.Page[mg.Facility], error) {
	if err := page.Validate(s.maxPage); err != nil {
		return nil, err
	}
	f.Country, f.NotCountry = "", ""
	p := params{}
	where, err := facilityWhere(p, f)
	if err != nil {
		return nil, err
	}
	q := anchoredQuery{op: "store.FacilitiesOfCountries",
		head: `MATCH (anchor:Country) WHERE anchor.code IN $anchors WITH anchor, anchor.code AS anchorKey`,
		body: `MATCH (f:Facility)-[:IN_COUNTRY]->(anchor)`, vars: "f", fields: facilityMap, where: where, order: facilityByName}
	return runAnchored(ctx, s, q, p, codes, page, withTotal, decodeFacility)
}

// Facility returns the facility with the given id, or ENOTFOUND naming it.
func (s *Store) Facility(ctx context.Context, id string) (mg.Facility, error) {
	found, err := s.FacilitiesByID(ctx, []string{id})
	if err != nil {
		return mg.Facility{}, err
	}
	f, ok := found[id]
	if !ok {
		return mg.Facility{}, mg.NotFound("facility", id)
	}
	return f, nil
}

// FacilitiesByID returns the facilities with the given ids, keyed by id. One round trip.
func (s *Store) FacilitiesByID(ctx context.Context, ids []string) (map[string]mg.Facility, error) {
	recs, err := s.read(ctx, "store.FacilitiesByID", `MATCH (f:Facility) WHERE f.id IN $ids RETURN `+facilityColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Facility, len(recs))
	for _, r := range recs {
		f, err := decodeFacility(r)
		if err != nil {
			return nil, err
		}
		out[f.ID] = f
	}
	return out, nil
}

// OrganisationsByID returns the organisations with the given ids, keyed by id. One round trip.
func (s *Store) OrganisationsByID(ctx context.Context, ids []string) (map[string]mg.Organisation, error) {
	recs, err := s.read(ctx, "store.OrganisationsByID", `MATCH (o:Organisation) WHERE o.id IN $ids RETURN o.id AS id, o.name AS name`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Organisation, len(recs))
	for _, r := range recs {
		var o mg.Organisation
		if o.ID, err = str(r, "id"); err != nil {
			return nil, err
		}
		if o.Name, err = str(r, "name"); err != nil {
			return nil, err
		}
		out[o.ID] = o
	}
	return out, nil
}

func facilityWhere(p params, f FacilityFilter) ([]string, error) {
	where := []string{"true"}
	if f.Mineral != "" {
		m := p.add(f.Mineral)
		// A produced mineral that is the mineral itself (no hop) or a member of it (one hop),
		// tested from the facility outwards. PROFILE of rare-earths (a group): an OR of the two
		// tests walked every produced mineral's relationships (13,171 db hits for the
		// facilities outside China, 6,506 for fifteen countries' facilities); one pattern
		// f->x->group let the planner start at the group and expand into every facility
		// (73,836); the nested test starts at f and x (5,938 and 3,650).
		where = append(where, "EXISTS { MATCH (f)-[:PRODUCES]->(x:Mineral) WHERE EXISTS { MATCH (x)-[:MEMBER_OF*0..1]->(g:Mineral) WHERE g.id = "+m+" } }")
	}
	for _, c := range []struct{ code, op string }{{f.Country, ""}, {f.NotCountry, "NOT "}} {
		if c.code == "" {
			continue
		}
		if !mg.ValidCountryCode(c.code) {
			return nil, mg.Invalid("%q is not an ISO 3166-1 alpha-2 code such as \"CN\"", c.code)
		}
		where = append(where, c.op+"EXISTS { MATCH (f)-[:IN_COUNTRY]->(:Country {code: "+p.add(c.code)+"}) }")
	}
	if len(f.Types) > 0 {
		types := make([]string, len(f.Types))
		for i, t := range f.Types {
			if !t.Valid() {
				return nil, mg.Invalid("type: unknown facility type %q", t)
			}
			types[i] = string(t)
		}
		where = append(where, "f.type IN "+p.add(types))
	}
	if len(f.Statuses) > 0 {
		statuses := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			if !st.Valid() {
				return nil, mg.Invalid("status: unknown facility status %q", st)
			}
			statuses[i] = string(st)
		}
		where = append(where, "f.status IN "+p.add(statuses))
	}
	if f.Operator != "" {
		where = append(where, "EXISTS { MATCH (f)-[:OPERATED_BY]->(:Organisation {id: "+p.add(f.Operator)+"}) }")
	}
	if f.NameContains != "" {
		where = append(where, "toLower(f.name) CONTAINS toLower("+p.add(f.NameContains)+")")
	}
	if n := f.Near; n != nil {
		if n.Latitude < -90 || n.Latitude > 90 || n.Longitude < -180 || n.Longitude > 180 {
			return nil, mg.Invalid("near: %v, %v is not a point on the globe (latitude -90..90, longitude -180..180)", n.Latitude, n.Longitude)
		}
		if n.RadiusKm <= 0 || n.RadiusKm > 20000 {
			return nil, mg.Invalid("near.radiusKm: %v must be more than 0 and at most 20000", n.RadiusKm)
		}
		where = append(where, "point.distance(f.location, point({latitude: "+p.add(n.Latitude)+", longitude: "+p.add(n.Longitude)+
			"})) <= "+p.add(n.RadiusKm*1000))
	}
	return where, nil
}

func decodeFacility(r *neo4j.Record) (mg.Facility, error) {
	var f mg.Facility
	var err error
	if f.ID, err = str(r, "id"); err != nil {
		return f, err
	}
	if f.Name, err = str(r, "name"); err != nil {
		return f, err
	}
	f.Type = mg.FacilityType(optStr(r, "type"))
	f.Precision = mg.Precision(optStr(r, "precision"))
	f.Status = mg.FacilityStatus(optStr(r, "status"))
	f.Country = optStr(r, "country")
	f.OperatorID = optStr(r, "operator")
	f.CapacityUnit = optStr(r, "capacityUnit")
	f.SourceURL = optStr(r, "sourceUrl")
	f.Note = optStr(r, "note")
	if loc, ok := r.Get("location"); ok && loc != nil {
		pt, ok := loc.(dbtype.Point2D)
		if !ok {
			return f, decodeErr("location", fmt.Errorf("want a point, got %T", loc))
		}
		lat, lon := pt.Y, pt.X
		f.Latitude, f.Longitude = &lat, &lon
	}
	if f.Capacity, err = optFloat(r, "capacity"); err != nil {
		return f, err
	}
	if f.Minerals, err = strList(r, "minerals"); err != nil {
		return f, err
	}
	if f.OtherCommodities, err = strList(r, "otherCommodities"); err != nil {
		return f, err
	}
	if len(f.OtherCommodities) == 0 {
		f.OtherCommodities = nil
	}
	if f.OwnerIDs, err = strList(r, "owners"); err != nil {
		return f, err
	}
	if f.SourceID, err = str(r, "sourceId"); err != nil {
		return f, err
	}
	return f, nil
}
