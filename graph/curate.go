package graph

import (
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/store"
)

// The curators' inputs, turned into domain records. Values are taken as sent, trimmed of
// surrounding spaces; the store validates them.

func sourceFrom(in model.SourceInput) mg.Source {
	return mg.Source{ID: trim(in.ID), Publisher: trim(in.Publisher), Title: trim(in.Title), Year: in.Year,
		URL: text(in.URL), Note: text(in.Note)}
}

// facilityFrom returns the facility and the organisations its operator and owners name, by
// the ids the curated dataset gives organisations (slugs of their names).
func facilityFrom(in model.FacilityInput) (mg.Facility, []mg.Organisation) {
	f := mg.Facility{ID: trim(in.ID), Name: trim(in.Name), Type: in.Type, Country: trim(in.Country),
		Latitude: in.Latitude, Longitude: in.Longitude, Precision: value(in.Precision), Minerals: trimAll(in.Minerals),
		OtherCommodities: trimAll(in.OtherCommodities), Status: in.Status, Capacity: in.Capacity,
		CapacityUnit: text(in.CapacityUnit), SourceID: trim(in.Source), SourceURL: text(in.SourceURL), Note: text(in.Note),
		CapacitySourceID: text(in.CapacitySource), CapacityYear: in.CapacityYear, StatusSourceID: text(in.StatusSource), StatusYear: in.StatusYear}
	var orgs []mg.Organisation
	org := func(name string) string {
		name = strings.TrimSpace(name)
		if name == "" {
			return ""
		}
		o := mg.Organisation{ID: mg.OrganisationID(name), Name: name}
		orgs = append(orgs, o)
		return o.ID
	}
	f.OperatorID = org(text(in.Operator))
	for _, owner := range in.Owners {
		if id := org(owner); id != "" {
			f.OwnerIDs = append(f.OwnerIDs, id)
		}
	}
	return f, orgs
}

func policyFrom(in model.PolicyInput) mg.Policy {
	p := mg.Policy{ID: trim(in.ID), Title: trim(in.Title), Type: in.Type, Issuer: trim(in.Issuer),
		Minerals: trimAll(in.Minerals), AffectedCountries: trimAll(in.AffectedCountries),
		Announced: in.Announced, Effective: in.Effective, Suspended: in.Suspended, Expires: in.Expires,
		Summary: trim(in.Summary), SourceID: trim(in.Source), Note: text(in.Note)}
	for _, r := range in.Relations {
		p.Links = append(p.Links, mg.PolicyLink{Relation: r.Type, PolicyID: trim(r.Policy)})
	}
	return p
}

func shareFrom(in model.ShareInput) mg.Share {
	return mg.Share{MineralID: trim(in.Mineral), CountryCode: trim(in.Country), Stage: in.Stage, Year: in.Year,
		Amount: in.Amount, Unit: text(in.Unit), Percent: in.Percent, PercentBasis: value(in.PercentBasis),
		Basis: text(in.Basis), Note: text(in.Note), SourceID: trim(in.Source)}
}

func tradeLinkFrom(in model.TradeLinkInput) mg.TradeLink {
	t := mg.TradeLink{Kind: value(in.Kind), MineralID: trim(in.Mineral), Exporter: trim(in.Exporter), Importer: trim(in.Importer),
		YearFrom: in.YearFrom, YearTo: in.YearFrom, Rank: in.Rank, ValueUSD: in.ValueUsd, Quantity: in.Quantity,
		QuantityUnit: text(in.QuantityUnit), ImportShare: in.ImportShare, Commodity: text(in.Commodity),
		ReportedBy: text(in.ReportedBy), Note: text(in.Note), SourceID: trim(in.Source)}
	if in.YearTo != nil {
		t.YearTo = *in.YearTo
	}
	// An omitted kind means what TradeLinkInput.kind says it does; the store refuses a link
	// without one.
	return t.DefaultKind()
}

// change is the payload of a write.
func change(w store.Written) *model.Change {
	return &model.Change{RecordID: w.RecordID, Audit: w.Audit}
}

func trim(s string) string { return strings.TrimSpace(s) }

func text(p *string) string { return strings.TrimSpace(value(p)) }

func trimAll(vs []string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, strings.TrimSpace(v))
	}
	return out
}
