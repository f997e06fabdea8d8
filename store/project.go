package store

import (
	"context"

	mg "github.com/mineralgraph/mineralgraph"
)

// A planned mine or plant:
//
//	(:Project)-[:IN_COUNTRY]->(:Country), -[:FOR_MINERAL]->(:Mineral),
//	-[:SPONSORED_BY]->(:Organisation), -[:CITES]->(:Source)

var projectEntity = declare(&entity[mg.Project]{name: "Project", related: func(p *mg.Project) *mg.Related { return &p.Related }})

func init() {
	projectEntity.fields = map[string]fieldDecl[mg.Project]{
		"id":            property("id", setStr(func(p *mg.Project) *string { return &p.ID })),
		"name":          property("name", setStr(func(p *mg.Project) *string { return &p.Name })),
		"stage":         property("stage", setEnum(func(p *mg.Project) *mg.ProjectStage { return &p.Stage })),
		"expectedStart": property("expectedStart", setOptInt(func(p *mg.Project) **int { return &p.ExpectedStart })),
		"note":          property("note", setStr(func(p *mg.Project) *string { return &p.Note })),
		"country":       required(projectEntity, countryEntity, "(%[1]s)-[:IN_COUNTRY]->(%[2]s:Country)"),
		"minerals": many(projectEntity, mineralEntity, "(%[1]s)-[:FOR_MINERAL]->(%[2]s:Mineral)",
			func(v string) string { return v + ".id" }),
		"sponsor": one(projectEntity, organisationEntity, "(%[1]s)-[:SPONSORED_BY]->(%[2]s:Organisation)"),
		"source":  required(projectEntity, sourceEntity, citesSource),
	}
	registerLoad(loader{kind: kindProjects, order: 125, withProps: true, rows: func(d *mg.Records) []map[string]any {
		rows := make([]map[string]any, 0, len(d.Projects))
		for _, p := range d.Projects {
			rows = append(rows, loadRow(p.ID, props("id", p.ID, "name", p.Name, "stage", string(p.Stage), "expectedStart", p.ExpectedStart,
				"note", p.Note), single(p.Country), p.Minerals, single(p.SponsorID), single(p.SourceID)))
		}
		return rows
	}, schema: []string{`CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE`}})
}

// kindProjects is the nodes a load writes for projects.
var kindProjects = kind{name: "projects", label: "Project", key: "id", links: []link{
	{rel: "IN_COUNTRY", target: "Country", key: "code"}, {rel: "FOR_MINERAL", target: "Mineral", key: "id"},
	{rel: "SPONSORED_BY", target: "Organisation", key: "id"}, cites}}

// Projects returns the projects for the mineral (or a member of the group it names) and in
// the country, either empty for any, by name, each as sel asks; a mineral or country the
// graph does not hold is ENOTFOUND naming it. One round trip; at most mg.MaxPageSize projects.
func (s *Store) Projects(ctx context.Context, mineral, country string, sel Selection) ([]mg.Project, error) {
	q := newBuilder()
	m, c := q.param(mineral), q.param(country)
	var named refs
	if mineral != "" {
		named.minerals = []string{mineral}
	}
	if country != "" {
		named.countries = []string{country}
	}
	return readAllNamed(ctx, s, "store.Projects", q, projectEntity, bind("p"), sel, named, func(proj string) string {
		return "MATCH (p:Project) WHERE (" + m + " = '' OR EXISTS { MATCH (p)-[:FOR_MINERAL]->(:Mineral)-[:MEMBER_OF*0..1]->(:Mineral {id: " + m + "}) })" +
			" AND (" + c + " = '' OR EXISTS { MATCH (p)-[:IN_COUNTRY]->(:Country {code: " + c + "}) })" +
			" WITH p ORDER BY p.name, p.id LIMIT " + q.param(mg.MaxPageSize) + " RETURN " + proj + " AS row"
	})
}

// Project returns the project with the given id, as sel asks, or ENOTFOUND naming it. One
// round trip.
func (s *Store) Project(ctx context.Context, id string, sel Selection) (mg.Project, error) {
	return readOne(ctx, s, "store.Project", projectEntity, "(n:Project {id: %s})", id, "project", sel)
}
