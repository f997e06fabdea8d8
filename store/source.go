package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

const sourceColumns = `src.id AS id, src.publisher AS publisher, src.title AS title, src.year AS year, src.url AS url, src.note AS note`

// SourcesByID returns the sources with the given ids, keyed by id; unknown ids are absent.
// One round trip whatever the number of ids.
func (s *Store) SourcesByID(ctx context.Context, ids []string) (map[string]mg.Source, error) {
	recs, err := s.read(ctx, "store.SourcesByID",
		`MATCH (src:Source) WHERE src.id IN $ids RETURN `+sourceColumns, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]mg.Source, len(recs))
	for _, r := range recs {
		src, err := decodeSource(r)
		if err != nil {
			return nil, err
		}
		out[src.ID] = src
	}
	return out, nil
}

func decodeSource(r *neo4j.Record) (mg.Source, error) {
	var src mg.Source
	var err error
	if src.ID, err = str(r, "id"); err != nil {
		return src, err
	}
	if src.Publisher, err = str(r, "publisher"); err != nil {
		return src, err
	}
	if src.Title, err = str(r, "title"); err != nil {
		return src, err
	}
	year, _, err := neo4j.GetRecordValue[int64](r, "year")
	if err != nil {
		return src, decodeErr("year", err)
	}
	src.Year = int(year)
	src.URL = optStr(r, "url")
	src.Note = optStr(r, "note")
	return src, nil
}
