package dataset

import (
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Facilities: facilities.csv. Operators and owners are written by name; reading makes an
// organisation of each name (see organisations), so they are no kind of their own.
func init() {
	register(kind{name: "facilities", order: 120,
		columns: []string{"id", "name", "type", "country", "latitude", "longitude", "precision", "minerals", "other_commodities", "status",
			"status_source", "status_year", "operator", "owners", "capacity", "capacity_unit", "capacity_source", "capacity_year",
			"source", "source_url", "note"},
		read: readFacility,
		rows: func(d *Dataset) [][]string {
			orgName := map[string]string{}
			for _, o := range d.Organisations {
				orgName[o.ID] = o.Name
			}
			out := make([][]string, 0, len(d.Facilities))
			for _, f := range d.Facilities {
				owners := make([]string, len(f.OwnerIDs))
				for i, id := range f.OwnerIDs {
					owners[i] = orgName[id]
				}
				out = append(out, []string{f.ID, f.Name, string(f.Type), f.Country, num(f.Latitude), num(f.Longitude), string(f.Precision),
					strings.Join(f.Minerals, "|"), strings.Join(f.OtherCommodities, "|"), string(f.Status), f.StatusSourceID, optInt(f.StatusYear),
					orgName[f.OperatorID], strings.Join(owners, "|"), num(f.Capacity), f.CapacityUnit, f.CapacitySourceID, optInt(f.CapacityYear),
					f.SourceID, f.SourceURL, f.Note})
			}
			return out
		},
		each: eachOf(func(d *Dataset) []mg.Facility { return d.Facilities }, func(f mg.Facility) string { return f.ID }, mg.Facility.References, true),
		check: func(v *validator) {
			for _, f := range v.d.Facilities {
				for _, y := range []struct {
					field string
					year  *int
				}{{"status_year", f.StatusYear}, {"capacity_year", f.CapacityYear}} {
					if y.year != nil && (*y.year < 1900 || *y.year > 2100) {
						v.fail("facilities", f.ID, y.field, "%s: implausible year %d", f.ID, *y.year)
					}
				}
			}
		},
		merge: mergeOf(func(d *Dataset) *[]mg.Facility { return &d.Facilities }, func(f mg.Facility) string { return f.ID }),
	})
}

func readFacility(d *Dataset, r row, orgs *organisations) string {
	f := mg.Facility{ID: r.id("id"), Name: r.required("name"), Type: enum(r, "type", mg.FacilityType.Valid, mg.FacilityTypes),
		Country: r.country("country"), Latitude: r.number("latitude"), Longitude: r.number("longitude"),
		Precision: enum(r, "precision", mg.Precision.Valid, mg.Precisions), Minerals: r.list("minerals"),
		OtherCommodities: r.list("other_commodities"),
		Status:           enum(r, "status", mg.FacilityStatus.Valid, mg.FacilityStatuses), OperatorID: orgs.id(r.str("operator")),
		StatusSourceID: r.str("status_source"), StatusYear: r.optInt("status_year"),
		Capacity: r.number("capacity"), CapacityUnit: r.str("capacity_unit"), CapacitySourceID: r.str("capacity_source"),
		CapacityYear: r.optInt("capacity_year"), SourceID: r.required("source"), SourceURL: r.str("source_url"), Note: r.str("note")}
	for _, owner := range r.list("owners") {
		f.OwnerIDs = append(f.OwnerIDs, orgs.id(owner))
	}
	if (f.Latitude == nil) != (f.Longitude == nil) {
		r.fail("latitude", "give both latitude and longitude, or neither")
	} else if f.Latitude != nil && (*f.Latitude < -90 || *f.Latitude > 90 || *f.Longitude < -180 || *f.Longitude > 180) {
		r.fail("latitude", "coordinates %v, %v are off the globe", *f.Latitude, *f.Longitude)
	}
	if f.Capacity != nil && f.CapacityUnit == "" {
		r.fail("capacity_unit", "a capacity needs a unit")
	}
	if f.Capacity != nil && (f.CapacitySourceID == "" || f.CapacityYear == nil) {
		r.fail("capacity_source", "a capacity needs the source that states it and the year it is stated for (capacity_year)")
	}
	if f.Capacity == nil && (f.CapacitySourceID != "" || f.CapacityYear != nil || f.CapacityUnit != "") {
		r.fail("capacity", "capacity_unit, capacity_source and capacity_year describe a capacity; give it, or leave them empty")
	}
	if f.StatusYear != nil && f.StatusSourceID == "" {
		r.fail("status_source", "a status year needs the source that reports the status")
	}
	d.Facilities = append(d.Facilities, f)
	return f.ID
}
