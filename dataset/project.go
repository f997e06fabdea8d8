package dataset

import (
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Projects: projects.csv, planned mines and plants. The sponsor is written by name, like a
// facility's operator; stage and expected_start stay empty where the source does not say.
func init() {
	register(kind{name: "projects", order: 125,
		columns: []string{"id", "name", "sponsor", "country", "minerals", "stage", "expected_start", "source", "note"},
		read: func(d *Dataset, r row, orgs *organisations) string {
			p := mg.Project{ID: r.id("id"), Name: r.required("name"), SponsorID: orgs.id(r.str("sponsor")), Country: r.country("country"),
				Minerals: r.list("minerals"), Stage: mg.ProjectStage(r.str("stage")), ExpectedStart: r.optInt("expected_start"),
				SourceID: r.required("source"), Note: r.str("note")}
			if p.Stage != "" && !p.Stage.Valid() {
				r.fail("stage", "unknown value %q; use one of %v, or leave it empty when the source does not say", p.Stage, mg.ProjectStages)
			}
			if p.ExpectedStart != nil && (*p.ExpectedStart < 1900 || *p.ExpectedStart > 2100) {
				r.fail("expected_start", "implausible year %d", *p.ExpectedStart)
			}
			d.Projects = append(d.Projects, p)
			return p.ID
		},
		rows: func(d *Dataset) [][]string {
			orgName := map[string]string{}
			for _, o := range d.Organisations {
				orgName[o.ID] = o.Name
			}
			out := make([][]string, 0, len(d.Projects))
			for _, p := range d.Projects {
				out = append(out, []string{p.ID, p.Name, orgName[p.SponsorID], p.Country, strings.Join(p.Minerals, "|"), string(p.Stage),
					optInt(p.ExpectedStart), p.SourceID, p.Note})
			}
			return out
		},
		each:  eachOf(func(d *Dataset) []mg.Project { return d.Projects }, func(p mg.Project) string { return p.ID }, mg.Project.References, false),
		merge: mergeOf(func(d *Dataset) *[]mg.Project { return &d.Projects }, func(p mg.Project) string { return p.ID }),
	})
}
