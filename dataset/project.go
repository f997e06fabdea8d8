package dataset

import (
	"fmt"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Projects: projects.csv, planned mines and plants. The sponsor is written by name, like a
// facility's operator; stage and expected_start stay empty where the source does not say.
func init() {
	register(kind{name: "projects", order: 125,
		columns: []string{"id", "name", "sponsor", "country", "minerals", "stage", "expected_start", "source", "note"},
		// The row is only parsed here; its rules are the domain's (mg.Project.Problems),
		// which validate reports at the row's line.
		read: func(d *Dataset, r row, orgs *organisations) string {
			p := mg.Project{ID: r.str("id"), Name: r.str("name"), SponsorID: orgs.id(r.str("sponsor")), Country: r.str("country"),
				Minerals: r.list("minerals"), Stage: mg.ProjectStage(r.str("stage")), ExpectedStart: r.optInt("expected_start"),
				SourceID: r.str("source"), Note: r.str("note")}
			d.Projects = append(d.Projects, p)
			return p.ID
		},
		rows: func(d *Dataset) ([][]string, error) {
			name := orgNames(d)
			out := make([][]string, 0, len(d.Projects))
			for _, p := range d.Projects {
				sponsor, err := name(p.SponsorID)
				if err != nil {
					return nil, fmt.Errorf("project %s: sponsor: %w", p.ID, err)
				}
				out = append(out, []string{p.ID, p.Name, sponsor, p.Country, strings.Join(p.Minerals, "|"), string(p.Stage),
					optInt(p.ExpectedStart), p.SourceID, p.Note})
			}
			return out, nil
		},
		each:  eachOf(func(d *Dataset) []mg.Project { return d.Projects }, func(p mg.Project) string { return p.ID }, mg.Project.References, mg.Project.Problems),
		merge: mergeOf(func(d *Dataset) *[]mg.Project { return &d.Projects }, func(p mg.Project) string { return p.ID }),
	})
}
