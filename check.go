package mineralgraph

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Limits on the values a curator may write, so that one record cannot carry a novel.
const (
	MaxIDLength   = 120  // ids and codes
	MaxNameLength = 300  // names, titles, units, short labels
	MaxTextLength = 5000 // summaries and notes
	MaxListLength = 100  // minerals of a facility, countries a policy names...
)

// ValidID reports whether s is an id the graph accepts: a lowercase kebab-case slug such as
// "rare-earths" or "mp-materials-mountain-pass".
func ValidID(s string) bool {
	if s == "" || len(s) > MaxIDLength || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// problems collects what is wrong with a record, so that a curator fixes everything at once.
type problems []string

func (p *problems) addf(field, format string, args ...any) {
	*p = append(*p, field+": "+fmt.Sprintf(format, args...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return Invalid("%s", strings.Join(p, "; "))
}

func (p *problems) id(field, v string) {
	if !ValidID(v) {
		p.addf(field, "%q is not an id: use a lowercase kebab-case slug such as \"rare-earths\" (at most %d characters)", clip(v), MaxIDLength)
	}
}

func (p *problems) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		p.addf(field, "required")
	}
}

func (p *problems) text(field, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		p.addf(field, "%d characters; at most %d", n, max)
	}
	if !utf8.ValidString(v) {
		p.addf(field, "not valid UTF-8")
	}
	if strings.ContainsRune(v, 0) {
		p.addf(field, "contains a NUL character")
	}
}

func (p *problems) code(field, v string) {
	if len(v) != 2 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' {
		p.addf(field, "%q is not an ISO 3166-1 alpha-2 code such as \"CN\" or \"US\"", clip(v))
	}
}

func (p *problems) list(field string, vs []string, each func(string, string)) {
	if len(vs) > MaxListLength {
		p.addf(field, "%d entries; at most %d", len(vs), MaxListLength)
		return
	}
	for _, v := range vs {
		each(field, v)
	}
}

func (p *problems) number(field string, v *float64, min, max float64) {
	if v == nil {
		return
	}
	if math.IsNaN(*v) || math.IsInf(*v, 0) || *v < min || *v > max {
		p.addf(field, "%v is outside %v to %v", *v, min, max)
	}
}

func (p *problems) year(field string, y int) {
	if y < 1900 || y > 2100 {
		p.addf(field, "%d is not a plausible year", y)
	}
}

// clip shortens a value quoted back in a message, so that a huge input is not echoed whole.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	return string([]rune(s)[:60]) + "…"
}

// Check returns EINVALID naming every malformed field of the source.
func (s Source) Check() error {
	var p problems
	p.id("id", s.ID)
	p.required("publisher", s.Publisher)
	p.text("publisher", s.Publisher, MaxNameLength)
	p.required("title", s.Title)
	p.text("title", s.Title, MaxNameLength)
	p.year("year", s.Year)
	p.text("url", s.URL, MaxNameLength)
	if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
		p.addf("url", "%q is not an http(s) address", clip(s.URL))
	}
	p.text("note", s.Note, MaxTextLength)
	return p.err()
}

// Check returns EINVALID naming every malformed field of the facility. References (country,
// minerals, source) are checked against the graph by the store.
func (f Facility) Check() error {
	var p problems
	p.id("id", f.ID)
	p.required("name", f.Name)
	p.text("name", f.Name, MaxNameLength)
	if !f.Type.Valid() {
		p.addf("type", "%q: use one of %v", clip(string(f.Type)), FacilityTypes)
	}
	if !f.Status.Valid() {
		p.addf("status", "%q: use one of %v", clip(string(f.Status)), FacilityStatuses)
	}
	if f.Precision != "" && !f.Precision.Valid() {
		p.addf("precision", "%q: use one of %v", clip(string(f.Precision)), Precisions)
	}
	p.code("country", f.Country)
	if (f.Latitude == nil) != (f.Longitude == nil) {
		p.addf("latitude", "give both latitude and longitude, or neither")
	}
	p.number("latitude", f.Latitude, -90, 90)
	p.number("longitude", f.Longitude, -180, 180)
	p.list("minerals", f.Minerals, p.id)
	p.list("otherCommodities", f.OtherCommodities, func(field, v string) { p.text(field, v, MaxNameLength) })
	p.list("owners", f.OwnerIDs, p.id)
	if f.OperatorID != "" {
		p.id("operator", f.OperatorID)
	}
	p.number("capacity", f.Capacity, 0, math.MaxFloat64)
	if f.Capacity != nil && f.CapacityUnit == "" {
		p.addf("capacityUnit", "a capacity needs a unit")
	}
	p.text("capacityUnit", f.CapacityUnit, MaxNameLength)
	p.id("source", f.SourceID)
	p.text("sourceUrl", f.SourceURL, MaxNameLength)
	p.text("note", f.Note, MaxTextLength)
	return p.err()
}

// Check returns EINVALID naming every malformed field of the policy.
func (pol Policy) Check() error {
	var p problems
	p.id("id", pol.ID)
	p.required("title", pol.Title)
	p.text("title", pol.Title, MaxNameLength)
	if !pol.Type.Valid() {
		p.addf("type", "%q: use one of %v", clip(string(pol.Type)), PolicyTypes)
	}
	p.required("issuer", pol.Issuer)
	p.text("issuer", pol.Issuer, MaxIDLength)
	p.list("minerals", pol.Minerals, p.id)
	p.list("affectedCountries", pol.AffectedCountries, p.code)
	if pol.Announced == nil && pol.Effective == nil {
		p.addf("announced", "give the day it was announced or took effect")
	}
	if len(pol.Links) > MaxListLength {
		p.addf("relations", "%d entries; at most %d", len(pol.Links), MaxListLength)
	}
	for _, l := range pol.Links {
		if !l.Relation.Valid() {
			p.addf("relations", "%q: use one of %v", clip(string(l.Relation)), Relations)
		}
		p.id("relations", l.PolicyID)
	}
	p.required("summary", pol.Summary)
	p.text("summary", pol.Summary, MaxTextLength)
	p.id("source", pol.SourceID)
	p.text("note", pol.Note, MaxTextLength)
	return p.err()
}

// Check returns EINVALID naming every malformed field of the share.
func (s Share) Check() error {
	var p problems
	p.id("mineral", s.MineralID)
	p.code("country", s.CountryCode)
	if !s.Stage.Valid() {
		p.addf("stage", "%q: use one of %v", clip(string(s.Stage)), Stages)
	}
	p.year("year", s.Year)
	p.number("amount", s.Amount, 0, math.MaxFloat64)
	p.number("percent", s.Percent, 0, 100)
	if s.Amount == nil && s.Percent == nil {
		p.addf("amount", "give an amount, a percent of world, or both; leave unknown figures out")
	}
	if s.Amount != nil && s.Unit == "" {
		p.addf("unit", "an amount needs a unit")
	}
	if s.Percent != nil && s.PercentBasis == "" {
		p.addf("percentBasis", "say whether the percent is PUBLISHED by the source or COMPUTED")
	}
	p.text("unit", s.Unit, MaxNameLength)
	p.text("basis", s.Basis, MaxNameLength)
	p.text("note", s.Note, MaxTextLength)
	p.id("source", s.SourceID)
	return p.err()
}

// Check returns EINVALID naming every malformed field of the trade link.
func (t TradeLink) Check() error {
	var p problems
	p.id("mineral", t.MineralID)
	p.code("exporter", t.Exporter)
	p.code("importer", t.Importer)
	if t.ReportedBy != "" {
		p.code("reportedBy", t.ReportedBy)
	}
	p.year("yearFrom", t.YearFrom)
	p.year("yearTo", t.YearTo)
	if t.Rank != nil && *t.Rank < 1 {
		p.addf("rank", "ranks start at 1")
	}
	p.number("valueUsd", t.ValueUSD, 0, math.MaxFloat64)
	p.number("quantity", t.Quantity, 0, math.MaxFloat64)
	p.number("importShare", t.ImportShare, 0, 100)
	if t.Quantity != nil && t.QuantityUnit == "" {
		p.addf("quantityUnit", "a quantity needs a unit")
	}
	if t.ValueUSD == nil && t.Quantity == nil && t.ImportShare == nil && t.Rank == nil {
		p.addf("valueUsd", "give a value, a quantity, an import share or a rank; a link without a figure says nothing")
	}
	p.text("quantityUnit", t.QuantityUnit, MaxNameLength)
	p.text("commodity", t.Commodity, MaxNameLength)
	p.text("note", t.Note, MaxTextLength)
	p.id("source", t.SourceID)
	return p.err()
}

// Check returns EINVALID when the organisation's id or name is malformed.
func (o Organisation) Check() error {
	var p problems
	p.id("operator/owner id", o.ID)
	p.required("operator/owner name", o.Name)
	p.text("operator/owner name", o.Name, MaxNameLength)
	return p.err()
}
