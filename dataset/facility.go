package dataset

import (
	"fmt"
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
		rows: func(d *Dataset) ([][]string, error) {
			name := orgNames(d)
			out := make([][]string, 0, len(d.Facilities))
			for _, f := range d.Facilities {
				operator, err := name(f.OperatorID)
				if err != nil {
					return nil, fmt.Errorf("facility %s: operator: %w", f.ID, err)
				}
				owners := make([]string, len(f.OwnerIDs))
				for i, id := range f.OwnerIDs {
					if owners[i], err = name(id); err != nil {
						return nil, fmt.Errorf("facility %s: owners: %w", f.ID, err)
					}
				}
				out = append(out, []string{f.ID, f.Name, string(f.Type), f.Country, num(f.Latitude), num(f.Longitude), string(f.Precision),
					strings.Join(f.Minerals, "|"), strings.Join(f.OtherCommodities, "|"), string(f.Status), f.StatusSourceID, optInt(f.StatusYear),
					operator, strings.Join(owners, "|"), num(f.Capacity), f.CapacityUnit, f.CapacitySourceID, optInt(f.CapacityYear),
					f.SourceID, f.SourceURL, f.Note})
			}
			return out, nil
		},
		// The dataset asks more of a facility than a curator's write does: the source of each
		// capacity and status year (mg.Facility.SourcingProblems).
		each: eachOf(func(d *Dataset) []mg.Facility { return d.Facilities }, func(f mg.Facility) string { return f.ID }, mg.Facility.References,
			func(f mg.Facility) []mg.Problem { return append(f.Problems(), f.SourcingProblems()...) }),
		merge: mergeOf(func(d *Dataset) *[]mg.Facility { return &d.Facilities }, func(f mg.Facility) string { return f.ID }),
	})
}

// readFacility parses a row of facilities.csv; its rules are mg.Facility's.
func readFacility(d *Dataset, r row, orgs *organisations) string {
	f := mg.Facility{ID: r.str("id"), Name: r.str("name"), Type: enum(r, "type", mg.FacilityType.Valid, mg.FacilityTypes),
		Country: r.str("country"), Latitude: r.number("latitude"), Longitude: r.number("longitude"),
		Precision: enum(r, "precision", mg.Precision.Valid, mg.Precisions), Minerals: r.list("minerals"),
		OtherCommodities: r.list("other_commodities"),
		Status:           enum(r, "status", mg.FacilityStatus.Valid, mg.FacilityStatuses), OperatorID: orgs.id(r.str("operator")),
		StatusSourceID: r.str("status_source"), StatusYear: r.optInt("status_year"),
		Capacity: r.number("capacity"), CapacityUnit: r.str("capacity_unit"), CapacitySourceID: r.str("capacity_source"),
		CapacityYear: r.optInt("capacity_year"), SourceID: r.str("source"), SourceURL: r.str("source_url"), Note: r.str("note")}
	for _, owner := range r.list("owners") {
		f.OwnerIDs = append(f.OwnerIDs, orgs.id(owner))
	}
	d.Facilities = append(d.Facilities, f)
	return f.ID
}
