package server

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// The example queries live in examples/*.graphql, one question each. They are the queries of
// docs/queries.md (which a test regenerates with their real output, so the docs cannot go
// stale) and of the README, and the playground offers them.
//
//go:embed examples/*.graphql
var examplesFS embed.FS

// Example is a documented query: the question it answers, a note on how to read the answer,
// and the query.
type Example struct {
	Name     string // file name without .graphql: "01-china-refines-over-half"
	Question string
	Note     string
	Query    string
	// README marks the examples the README shows.
	README bool
}

// Examples returns the documented queries in file-name order. A file opens with comment lines:
// the first is the question; a line "# readme" marks it for the README; other comment lines
// form the note.
func Examples() ([]Example, error) {
	names, err := fs.Glob(examplesFS, "examples/*.graphql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Example, 0, len(names))
	for _, name := range names {
		b, err := examplesFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ex := Example{Name: strings.TrimSuffix(strings.TrimPrefix(name, "examples/"), ".graphql")}
		var query, note []string
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if c, ok := strings.CutPrefix(line, "#"); ok && len(query) == 0 {
				c = strings.TrimSpace(c)
				switch {
				case ex.Question == "":
					ex.Question = c
				case c == "readme":
					ex.README = true
				default:
					note = append(note, c)
				}
				continue
			}
			query = append(query, line)
		}
		if ex.Question == "" || len(query) == 0 {
			return nil, fmt.Errorf("server: example %s needs a question comment and a query", name)
		}
		ex.Note = strings.Join(note, " ")
		ex.Query = strings.Join(query, "\n")
		out = append(out, ex)
	}
	return out, nil
}
