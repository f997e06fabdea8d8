package dataset

import (
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// read appends the records of one file of the kind to d.
func (d *Dataset) read(kind string, t *table, errs *Errors) {
	for i := range t.rows {
		r := row{t: t, i: i, errs: errs}
		id := d.readRow(kind, r)
		d.remember(kind, id, t.file, r.line())
	}
}

// readRow reads one record and returns its id (the key under which it is remembered).
func (d *Dataset) readRow(kind string, r row) string {
	switch kind {
	case "sources":
		s := mg.Source{ID: r.id("id"), Publisher: r.required("publisher"), Title: r.required("title"),
			Year: r.int("year"), URL: r.str("url"), Note: r.str("note")}
		d.Sources = append(d.Sources, s)
		return s.ID
	case "countries":
		c := mg.Country{Code: r.country("code"), Alpha3: r.str("alpha3"), Name: r.required("name"), Aliases: r.list("aliases")}
		d.Countries = append(d.Countries, c)
		return c.Code
	case "blocs":
		b := mg.Bloc{ID: r.id("id"), Name: r.required("name"), Members: r.list("members"), SourceID: r.required("source"), Note: r.str("note")}
		d.Blocs = append(d.Blocs, b)
		return b.ID
	case "minerals":
		m := mg.Mineral{ID: r.id("id"), Name: r.required("name"), Symbol: r.str("symbol"), GroupID: r.str("group")}
		switch r.str("is_group") {
		case "", "false":
		case "true":
			m.IsGroup = true
		default:
			r.fail("is_group", "write true, false or nothing")
		}
		d.Minerals = append(d.Minerals, m)
		return m.ID
	case "lists":
		l := mg.CriticalList{ID: r.id("id"), Name: r.required("name"), Issuer: r.required("issuer"), Year: r.int("year"),
			URL: r.str("url"), SourceID: r.required("source"), Note: r.str("note")}
		d.Lists = append(d.Lists, l)
		return l.ID
	case "list_members":
		list, mineral := r.required("list"), r.required("mineral")
		for i := range d.Lists {
			if d.Lists[i].ID == list {
				d.Lists[i].Members = append(d.Lists[i].Members, mineral)
				return list + "/" + mineral
			}
		}
		r.fail("list", "unknown list %q; define it in lists.csv", list)
		return list + "/" + mineral
	case "end_uses":
		e := mg.EndUses{MineralID: r.required("mineral"), Text: r.required("end_uses"), SourceID: r.required("source")}
		d.EndUses = append(d.EndUses, e)
		return e.MineralID
	case "world":
		w := mg.WorldProduction{
			MineralID: r.required("mineral"), Stage: enum(r, "stage", mg.Stage.Valid, mg.Stages), Year: r.int("year"),
			Amount: r.number("amount"), Unit: r.str("unit"), Basis: r.str("basis"), Note: r.str("note"),
			SourceID: r.required("source"),
		}
		if w.Amount == nil && w.Note == "" {
			r.fail("amount", "is empty: say in note why the total is unknown (e.g. USGS reports NA)")
		}
		w.ID = WorldID(w.MineralID, w.Stage, w.Year)
		d.World = append(d.World, w)
		return w.ID
	case "shares":
		s := mg.Share{
			MineralID: r.required("mineral"), Stage: enum(r, "stage", mg.Stage.Valid, mg.Stages), Year: r.int("year"),
			CountryCode: r.country("country"), Amount: r.number("amount"), Unit: r.str("unit"),
			Percent: r.number("percent"), Basis: r.str("basis"), Note: r.str("note"), SourceID: r.required("source"),
		}
		if s.Percent != nil {
			s.PercentBasis = mg.PercentPublished
		}
		s.ID = ShareID(s.MineralID, s.Stage, s.Year, s.CountryCode)
		d.Shares = append(d.Shares, s)
		return s.ID
	case "reliance":
		rel := mg.Reliance{MineralID: r.required("mineral"), Importer: r.country("importer"), Year: r.int("year"),
			Value: r.required("value"), Commodity: r.str("commodity"), SourceID: r.required("source"), Note: r.str("note")}
		if rel.Value != "" {
			rng, err := mg.ParseReliance(rel.Value)
			if err != nil {
				r.fail("value", "%v", err)
			}
			rel.Range = rng
		}
		rel.ID = RelianceID(rel.MineralID, rel.Importer, rel.Year)
		d.Reliance = append(d.Reliance, rel)
		return rel.ID
	case "trade":
		l := mg.TradeLink{MineralID: r.required("mineral"), Kind: enum(r, "kind", mg.TradeKind.Valid, mg.TradeKinds),
			Exporter: r.country("exporter"), Importer: r.country("importer"),
			YearFrom: r.int("year_from"), YearTo: r.int("year_to"), Rank: r.optInt("rank"), ValueUSD: r.number("value_usd"),
			Quantity: r.number("quantity"), QuantityUnit: r.str("quantity_unit"), ImportShare: r.number("import_share"),
			Commodity: r.str("commodity"), ReportedBy: r.str("reported_by"), SourceID: r.required("source"), Note: r.str("note")}
		l.ID = TradeID(l)
		d.Trade = append(d.Trade, l)
		return l.ID
	case "facilities":
		f := mg.Facility{ID: r.id("id"), Name: r.required("name"), Type: enum(r, "type", mg.FacilityType.Valid, mg.FacilityTypes),
			Country: r.country("country"), Latitude: r.number("latitude"), Longitude: r.number("longitude"),
			Precision: enum(r, "precision", mg.Precision.Valid, mg.Precisions), Minerals: r.list("minerals"),
			OtherCommodities: r.list("other_commodities"),
			Status:           enum(r, "status", mg.FacilityStatus.Valid, mg.FacilityStatuses), OperatorID: d.organisation(r.str("operator")),
			StatusSourceID: r.str("status_source"), StatusYear: r.optInt("status_year"),
			Capacity: r.number("capacity"), CapacityUnit: r.str("capacity_unit"), CapacitySourceID: r.str("capacity_source"),
			CapacityYear: r.optInt("capacity_year"), SourceID: r.required("source"), SourceURL: r.str("source_url"), Note: r.str("note")}
		for _, owner := range r.list("owners") {
			f.OwnerIDs = append(f.OwnerIDs, d.organisation(owner))
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
	case "policies":
		p := mg.Policy{ID: r.id("id"), Title: r.required("title"), Type: enum(r, "type", mg.PolicyType.Valid, mg.PolicyTypes),
			Issuer: r.required("issuer"), Minerals: r.list("minerals"), AffectedCountries: r.list("affected_countries"),
			Announced: r.date("announced"), Effective: r.date("effective"), Suspended: r.date("suspended"), Expires: r.date("expires"),
			Summary: r.required("summary"), SourceID: r.required("source"), Note: r.str("note")}
		for _, rel := range r.list("relations") {
			verb, target, ok := strings.Cut(rel, ":")
			link := mg.PolicyLink{Relation: mg.Relation(verb), PolicyID: target}
			if !ok || !link.Relation.Valid() || target == "" {
				r.fail("relations", "%q: write VERB:policy-id with VERB one of %v", rel, mg.Relations)
				continue
			}
			p.Links = append(p.Links, link)
		}
		d.Policies = append(d.Policies, p)
		return p.ID
	}
	panic("dataset: unknown kind " + kind)
}
