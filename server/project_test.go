package server_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestProjects reads the curated projects (dataset/curated/projects.csv), loaded with the
// curated dataset, through the API.
func TestProjects(t *testing.T) {
	a := newAPI(t)

	type project struct {
		ID            string
		Name          string
		Sponsor       *struct{ Name string }
		Country       struct{ Code string }
		Minerals      []struct{ ID string }
		Stage         *string
		ExpectedStart *int
		Source        struct{ Publisher string }
	}

	t.Run("lists the rare-earth projects in the United States by name, with their sponsors and sources", func(t *testing.T) {
		var got struct{ Projects []project }
		a.data(`{ projects(mineral: "rare-earths", country: "US") { id name sponsor { name } country { code }
		    minerals { id } stage expectedStart source { publisher } } }`, nil, &got)
		require.NotEmpty(t, got.Projects)
		var p project
		for i, q := range got.Projects {
			require.Equal(t, "US", q.Country.Code)
			require.NotEmpty(t, q.Source.Publisher, "every project cites its source")
			if i > 0 {
				require.LessOrEqual(t, got.Projects[i-1].Name, q.Name, "by name")
			}
			if q.ID == "mp-independence-magnets" {
				p = q
			}
		}
		require.Equal(t, "mp-independence-magnets", p.ID)
		require.Equal(t, "MP Materials Corp.", p.Sponsor.Name)
		require.Equal(t, "US", p.Country.Code)
		require.Equal(t, "rare-earths", p.Minerals[0].ID)
		require.Equal(t, "COMMISSIONING", *p.Stage)
		require.Equal(t, 2025, *p.ExpectedStart)
		require.NotEmpty(t, p.Source.Publisher, "every project cites its source")
	})

	t.Run("finds a project by id, and the projects of a mineral", func(t *testing.T) {
		var got struct {
			Project  project
			Graphite []struct{ ID string }
		}
		a.data(`{ project(id: "syrah-vidalia-aam") { stage expectedStart }
		    graphite: projects(mineral: "graphite") { id } }`, nil, &got)
		require.Equal(t, "OPERATING", *got.Project.Stage)
		require.Equal(t, 2024, *got.Project.ExpectedStart)
		require.Equal(t, []struct{ ID string }{{ID: "syrah-vidalia-aam"}}, got.Graphite)
	})

	t.Run("names an unknown mineral or country instead of answering an empty list, in its one query", func(t *testing.T) {
		resp, trips := a.query(`{ projects(mineral: "unobtainium", country: "XX") { id } }`, nil)
		require.Len(t, resp.Errors, 1)
		require.Equal(t, "NOT_FOUND", resp.Errors[0].Extensions["code"])
		require.Equal(t, `country "XX", mineral "unobtainium" not found`, resp.Errors[0].Message)
		require.Equal(t, []string{"store.Projects"}, trips)

		var got struct{ Projects []struct{ ID string } }
		a.data(`{ projects(country: "CN") { id } }`, nil, &got)
		require.Empty(t, got.Projects, "a known country with no project is an empty list")
	})
}
