package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// World totals hang off their mineral and cite their source:
//
//	(:WorldProduction)-[:OF_MINERAL]->(:Mineral), (:WorldProduction)-[:CITES]->(:Source)

const worldColumns = `w.id AS id, m.id AS mineralId, w.stage AS stage, w.year AS year, w.amount AS amount,
  w.unit AS unit, w.basis AS basis, w.note AS note, COLLECT { MATCH (w)-[:CITES]->(src:Source) RETURN src.id }[0] AS sourceId`

// WorldProductionOfMinerals returns, for each mineral id, its world totals (newest year first,
// then by stage), optionally narrowed to a stage and a year (zero values do not narrow). One
// round trip whatever the number of ids.
func (s *Store) WorldProductionOfMinerals(ctx context.Context, ids []string, stage mg.Stage, year int) (map[string][]mg.WorldProduction, error) {
	if stage != "" && !stage.Valid() {
		return nil, mg.Invalid("stage: unknown stage %q", stage)
	}
	recs, err := s.read(ctx, "store.WorldProductionOfMinerals", `MATCH (m:Mineral)<-[:OF_MINERAL]-(w:WorldProduction)
WHERE m.id IN $ids AND ($stage = '' OR w.stage = $stage) AND ($year = 0 OR w.year = $year)
RETURN `+worldColumns+`
ORDER BY w.year DESC, w.stage`, map[string]any{"ids": ids, "stage": string(stage), "year": year})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]mg.WorldProduction, len(ids))
	for _, r := range recs {
		w, err := decodeWorld(r)
		if err != nil {
			return nil, err
		}
		out[w.MineralID] = append(out[w.MineralID], w)
	}
	return out, nil
}

func decodeWorld(r *neo4j.Record) (mg.WorldProduction, error) {
	var w mg.WorldProduction
	var err error
	if w.ID, err = str(r, "id"); err != nil {
		return w, err
	}
	if w.MineralID, err = str(r, "mineralId"); err != nil {
		return w, err
	}
	stage, err := str(r, "stage")
	if err != nil {
		return w, err
	}
	w.Stage = mg.Stage(stage)
	if w.Year, err = intValue(r, "year"); err != nil {
		return w, err
	}
	if w.Amount, err = optFloat(r, "amount"); err != nil {
		return w, err
	}
	w.Unit = optStr(r, "unit")
	w.Basis = optStr(r, "basis")
	w.Note = optStr(r, "note")
	if w.SourceID, err = str(r, "sourceId"); err != nil {
		return w, err
	}
	return w, nil
}
