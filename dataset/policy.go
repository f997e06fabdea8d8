package dataset

import (
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Policies: policies.csv. Relations to other policies are written VERB:policy-id.
func init() {
	register(kind{name: "policies", order: 130,
		columns: []string{"id", "title", "type", "issuer", "minerals", "affected_countries", "announced", "effective", "suspended",
			"expires", "relations", "summary", "source", "note"},
		read: func(d *Dataset, r row, _ *organisations) string {
			p := mg.Policy{ID: r.str("id"), Title: r.str("title"), Type: enum(r, "type", mg.PolicyType.Valid, mg.PolicyTypes),
				Issuer: r.str("issuer"), Minerals: r.list("minerals"), AffectedCountries: r.list("affected_countries"),
				Announced: r.date("announced"), Effective: r.date("effective"), Suspended: r.date("suspended"), Expires: r.date("expires"),
				Summary: r.str("summary"), SourceID: r.str("source"), Note: r.str("note")}
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
		},
		rows: rowsOf(func(d *Dataset) []mg.Policy { return d.Policies }, func(_ *Dataset, p mg.Policy) []string {
			links := make([]string, len(p.Links))
			for i, l := range p.Links {
				links[i] = string(l.Relation) + ":" + l.PolicyID
			}
			return []string{p.ID, p.Title, string(p.Type), p.Issuer, strings.Join(p.Minerals, "|"),
				strings.Join(p.AffectedCountries, "|"), date(p.Announced), date(p.Effective), date(p.Suspended), date(p.Expires),
				strings.Join(links, "|"), p.Summary, p.SourceID, p.Note}
		}),
		each:  eachOf(func(d *Dataset) []mg.Policy { return d.Policies }, func(p mg.Policy) string { return p.ID }, mg.Policy.References, mg.Policy.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.Policy { return &d.Policies }, func(p mg.Policy) string { return p.ID }),
	})
}
