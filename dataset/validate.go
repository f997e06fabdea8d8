package dataset

import (
	"fmt"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Validate checks a self-contained dataset: unique ids, every reference resolved within it,
// known enumerations, percentages within 0-100, every fact with a source, every figure with a
// year and, where it has an amount, a unit.
func (d *Dataset) Validate() error { return d.validate(nil) }

// ValidateAgainst checks d like Validate, but lets its records refer to the minerals,
// countries, blocs, policies and sources of base (the curated dataset, which the graph holds).
func (d *Dataset) ValidateAgainst(base *Dataset) error { return d.validate(base) }

// index is the set of ids records may refer to.
type index struct {
	sources, countries, blocs, minerals, groups, policies map[string]bool
}

func (ix *index) add(d *Dataset) {
	for _, s := range d.Sources {
		ix.sources[s.ID] = true
	}
	for _, c := range d.Countries {
		ix.countries[c.Code] = true
	}
	for _, b := range d.Blocs {
		ix.blocs[strings.ToUpper(b.ID)] = true
	}
	for _, m := range d.Minerals {
		ix.minerals[m.ID] = true
		if m.IsGroup {
			ix.groups[m.ID] = true
		}
	}
	for _, p := range d.Policies {
		ix.policies[p.ID] = true
	}
}

func (d *Dataset) validate(base *Dataset) error {
	ix := &index{sources: map[string]bool{}, countries: map[string]bool{}, blocs: map[string]bool{},
		minerals: map[string]bool{}, groups: map[string]bool{}, policies: map[string]bool{}}
	if base != nil {
		ix.add(base)
	}
	ix.add(d)
	v := validator{d: d, ix: ix}
	v.unique()
	v.references()
	if len(v.errs) > 0 {
		return v.errs
	}
	return nil
}

type validator struct {
	d    *Dataset
	ix   *index
	errs Errors
}

// fail reports a problem of the record of the kind with the given id, at its file and line.
func (v *validator) fail(kind, id, field, format string, args ...any) {
	file, line := v.d.where(kind, id)
	v.errs.add(file, line, field, fmt.Sprintf(format, args...))
}

func (v *validator) need(kind, id, field string, set map[string]bool, what, ref string) {
	if ref != "" && !set[ref] {
		v.fail(kind, id, field, "%s: unknown %s %q", id, what, ref)
	}
}

// unique checks that ids are unique within each kind, and that the ids a client can address
// (minerals, sources, lists, blocs, facilities, policies) are unique across kinds too.
func (v *validator) unique() {
	d := v.d
	global := map[string]string{}
	claim := func(kind, id string, globallyAddressed bool) {
		if owner, dup := global[kind+"\x00"+id]; dup {
			v.fail(kind, id, "", "%s %q is listed twice (also %s)", kind, id, owner)
			return
		}
		global[kind+"\x00"+id] = kind
		if globallyAddressed {
			if owner, dup := global["\x00"+id]; dup {
				v.fail(kind, id, "id", "id %q is already used by a record of %s; ids must be unique across the graph", id, owner)
				return
			}
			global["\x00"+id] = kind
		}
	}
	for _, s := range d.Sources {
		claim("sources", s.ID, true)
	}
	aliases := map[string]string{}
	for _, c := range d.Countries {
		claim("countries", c.Code, false)
		for _, a := range append([]string{c.Name}, c.Aliases...) {
			key := strings.ToLower(a)
			if other, dup := aliases[key]; dup && other != c.Code {
				v.fail("countries", c.Code, "aliases", "%q names both %s and %s; an importer could not tell them apart", a, other, c.Code)
			}
			aliases[key] = c.Code
		}
	}
	for _, b := range d.Blocs {
		claim("blocs", b.ID, true)
	}
	for _, m := range d.Minerals {
		claim("minerals", m.ID, true)
	}
	for _, l := range d.Lists {
		claim("lists", l.ID, true)
		seen := map[string]bool{}
		for _, m := range l.Members {
			if seen[m] {
				v.fail("list_members", l.ID+"/"+m, "mineral", "%s is on %s twice", m, l.ID)
			}
			seen[m] = true
		}
	}
	for _, e := range d.EndUses {
		claim("end_uses", e.MineralID, false)
	}
	for _, w := range d.World {
		claim("world", w.ID, false)
	}
	for _, s := range d.Shares {
		claim("shares", s.ID, false)
	}
	for _, r := range d.Reliance {
		claim("reliance", r.ID, false)
	}
	for _, t := range d.Trade {
		claim("trade", t.ID, false)
	}
	for _, f := range d.Facilities {
		claim("facilities", f.ID, true)
	}
	for _, p := range d.Policies {
		claim("policies", p.ID, true)
	}
}

func (v *validator) references() {
	d, ix := v.d, v.ix
	figure := func(kind, id, mineral string, stage mg.Stage, year int, amount *float64, unit, source string) {
		v.need(kind, id, "mineral", ix.minerals, "mineral", mineral)
		if year < 1900 || year > 2100 {
			v.fail(kind, id, "year", "%s: implausible year %d", id, year)
		}
		if amount != nil && unit == "" {
			v.fail(kind, id, "unit", "%s: an amount needs a unit", id)
		}
		if amount != nil && *amount < 0 {
			v.fail(kind, id, "amount", "%s: a negative amount %v; production and trade are never below zero", id, *amount)
		}
		v.need(kind, id, "source", ix.sources, "source", source)
	}
	issuer := func(kind, id, who string) {
		if who != "" && !ix.countries[who] && !ix.blocs[who] {
			v.fail(kind, id, "issuer", "%s: unknown issuer %q; use a country code or a bloc id in upper case", id, who)
		}
	}
	for _, b := range d.Blocs {
		for _, c := range b.Members {
			v.need("blocs", b.ID, "members", ix.countries, "country", c)
		}
		v.need("blocs", b.ID, "source", ix.sources, "source", b.SourceID)
	}
	for _, m := range d.Minerals {
		if m.GroupID != "" && !ix.groups[m.GroupID] {
			v.fail("minerals", m.ID, "group", "mineral %q names group %q, which is not a mineral marked as a group", m.ID, m.GroupID)
		}
	}
	for _, l := range d.Lists {
		issuer("lists", l.ID, l.Issuer)
		v.need("lists", l.ID, "source", ix.sources, "source", l.SourceID)
		for _, m := range l.Members {
			v.need("list_members", l.ID+"/"+m, "mineral", ix.minerals, "mineral", m)
		}
	}
	for _, e := range d.EndUses {
		v.need("end_uses", e.MineralID, "mineral", ix.minerals, "mineral", e.MineralID)
		v.need("end_uses", e.MineralID, "source", ix.sources, "source", e.SourceID)
	}
	for _, w := range d.World {
		figure("world", w.ID, w.MineralID, w.Stage, w.Year, w.Amount, w.Unit, w.SourceID)
	}
	for _, s := range d.Shares {
		figure("shares", s.ID, s.MineralID, s.Stage, s.Year, s.Amount, s.Unit, s.SourceID)
		v.need("shares", s.ID, "country", ix.countries, "country", s.CountryCode)
		if s.Percent != nil && (*s.Percent < 0 || *s.Percent > 100) {
			v.fail("shares", s.ID, "percent", "%s: percent %v is outside 0-100", s.ID, *s.Percent)
		}
		if s.Percent == nil && s.Amount == nil {
			v.fail("shares", s.ID, "", "%s: neither an amount nor a percent; leave unknown figures out", s.ID)
		}
	}
	for _, r := range d.Reliance {
		figure("reliance", r.ID, r.MineralID, mg.StageMining, r.Year, nil, "", r.SourceID)
		v.need("reliance", r.ID, "importer", ix.countries, "country", r.Importer)
	}
	for _, t := range d.Trade {
		figure("trade", t.ID, t.MineralID, mg.StageMining, t.YearFrom, t.Quantity, t.QuantityUnit, t.SourceID)
		v.need("trade", t.ID, "exporter", ix.countries, "country", t.Exporter)
		v.need("trade", t.ID, "importer", ix.countries, "country", t.Importer)
		if t.ReportedBy != "" {
			v.need("trade", t.ID, "reported_by", ix.countries, "country", t.ReportedBy)
		}
		if t.YearTo < t.YearFrom {
			v.fail("trade", t.ID, "year_to", "%s: the period ends before it begins", t.ID)
		}
		if t.Exporter == t.Importer {
			v.fail("trade", t.ID, "importer", "%s: a country does not trade with itself", t.ID)
		}
		if t.Rank != nil && *t.Rank < 1 {
			v.fail("trade", t.ID, "rank", "%s: ranks start at 1", t.ID)
		}
		if t.ImportShare != nil && (*t.ImportShare < 0 || *t.ImportShare > 100) {
			v.fail("trade", t.ID, "import_share", "%s: %v is outside 0-100", t.ID, *t.ImportShare)
		}
		v.tradeKind(t)
	}
	for _, f := range d.Facilities {
		v.need("facilities", f.ID, "country", ix.countries, "country", f.Country)
		v.need("facilities", f.ID, "source", ix.sources, "source", f.SourceID)
		v.need("facilities", f.ID, "status_source", ix.sources, "source", f.StatusSourceID)
		v.need("facilities", f.ID, "capacity_source", ix.sources, "source", f.CapacitySourceID)
		for _, y := range []struct {
			field string
			year  *int
		}{{"status_year", f.StatusYear}, {"capacity_year", f.CapacityYear}} {
			if y.year != nil && (*y.year < 1900 || *y.year > 2100) {
				v.fail("facilities", f.ID, y.field, "%s: implausible year %d", f.ID, *y.year)
			}
		}
		for _, m := range f.Minerals {
			v.need("facilities", f.ID, "minerals", ix.minerals, "mineral", m)
		}
	}
	for _, p := range d.Policies {
		issuer("policies", p.ID, p.Issuer)
		v.need("policies", p.ID, "source", ix.sources, "source", p.SourceID)
		for _, m := range p.Minerals {
			v.need("policies", p.ID, "minerals", ix.minerals, "mineral", m)
		}
		for _, c := range p.AffectedCountries {
			v.need("policies", p.ID, "affected_countries", ix.countries, "country", c)
		}
		for _, l := range p.Links {
			v.need("policies", p.ID, "relations", ix.policies, "policy", l.PolicyID)
			if l.PolicyID == p.ID {
				v.fail("policies", p.ID, "relations", "%s: a policy cannot act on itself", p.ID)
			}
		}
		if p.Effective != nil && p.Expires != nil && p.Expires.Before(p.Effective.Time) {
			v.fail("policies", p.ID, "expires", "%s: expires %s before it takes effect %s", p.ID, p.Expires, p.Effective)
		}
	}
}

// tradeKind checks that a trade link holds what its kind says: a rank for a ranking, one
// year and its reporter for a customs figure, and no import share computed from an
// exporter's report.
func (v *validator) tradeKind(t mg.TradeLink) {
	switch t.Kind {
	case mg.TradeImportRank:
		if t.Rank == nil {
			v.fail("trade", t.ID, "rank", "%s: a link of kind %s needs a rank", t.ID, t.Kind)
		}
	case mg.TradeCustomsImport, mg.TradeCustomsExport:
		reporter := t.Importer
		if t.Kind == mg.TradeCustomsExport {
			reporter = t.Exporter
		}
		if t.ReportedBy != reporter {
			v.fail("trade", t.ID, "reported_by", "%s: a link of kind %s is reported by %s, not %q", t.ID, t.Kind, reporter, t.ReportedBy)
		}
		if t.YearFrom != t.YearTo {
			v.fail("trade", t.ID, "year_to", "%s: customs figures are by year; give one year", t.ID)
		}
		if t.Kind == mg.TradeCustomsExport && t.ImportShare != nil {
			v.fail("trade", t.ID, "import_share", "%s: an exporter's report gives no share of the importer's imports", t.ID)
		}
	}
}

// References lists ids that records of a dataset refer to.
type References struct {
	Minerals, Countries, Sources, Policies []string
}

// ExternalReferences returns the ids that d's records refer to but d does not define; they
// must already be in the graph when d is loaded (the curated dataset, for an import).
func (d *Dataset) ExternalReferences() References {
	ix := &index{sources: map[string]bool{}, countries: map[string]bool{}, blocs: map[string]bool{},
		minerals: map[string]bool{}, groups: map[string]bool{}, policies: map[string]bool{}}
	ix.add(d)
	var refs References
	need := func(set map[string]bool, into *[]string, ids ...string) {
		for _, id := range ids {
			if id != "" && !set[id] {
				set[id] = true // report each once
				*into = append(*into, id)
			}
		}
	}
	for _, m := range d.Minerals {
		need(ix.minerals, &refs.Minerals, m.GroupID)
	}
	for _, l := range d.Lists {
		need(ix.minerals, &refs.Minerals, l.Members...)
		need(ix.sources, &refs.Sources, l.SourceID)
	}
	for _, b := range d.Blocs {
		need(ix.countries, &refs.Countries, b.Members...)
		need(ix.sources, &refs.Sources, b.SourceID)
	}
	for _, e := range d.EndUses {
		need(ix.minerals, &refs.Minerals, e.MineralID)
		need(ix.sources, &refs.Sources, e.SourceID)
	}
	for _, w := range d.World {
		need(ix.minerals, &refs.Minerals, w.MineralID)
		need(ix.sources, &refs.Sources, w.SourceID)
	}
	for _, s := range d.Shares {
		need(ix.minerals, &refs.Minerals, s.MineralID)
		need(ix.countries, &refs.Countries, s.CountryCode)
		need(ix.sources, &refs.Sources, s.SourceID)
	}
	for _, r := range d.Reliance {
		need(ix.minerals, &refs.Minerals, r.MineralID)
		need(ix.countries, &refs.Countries, r.Importer)
		need(ix.sources, &refs.Sources, r.SourceID)
	}
	for _, t := range d.Trade {
		need(ix.minerals, &refs.Minerals, t.MineralID)
		need(ix.countries, &refs.Countries, t.Exporter, t.Importer, t.ReportedBy)
		need(ix.sources, &refs.Sources, t.SourceID)
	}
	for _, f := range d.Facilities {
		need(ix.minerals, &refs.Minerals, f.Minerals...)
		need(ix.countries, &refs.Countries, f.Country)
		need(ix.sources, &refs.Sources, f.SourceID, f.StatusSourceID, f.CapacitySourceID)
	}
	for _, p := range d.Policies {
		need(ix.minerals, &refs.Minerals, p.Minerals...)
		need(ix.countries, &refs.Countries, p.AffectedCountries...)
		need(ix.sources, &refs.Sources, p.SourceID)
		for _, l := range p.Links {
			need(ix.policies, &refs.Policies, l.PolicyID)
		}
	}
	return refs
}
