package store

import (
	mg "github.com/mineralgraph/mineralgraph"
)

// World totals hang off their mineral and cite their source:
//
//	(:WorldProduction)-[:OF_MINERAL]->(:Mineral), (:WorldProduction)-[:CITES]->(:Source)

var worldEntity = declare(&entity[mg.WorldProduction]{name: "WorldProduction", related: func(w *mg.WorldProduction) *mg.Related { return &w.Related }})

func init() {
	worldEntity.fields = map[string]fieldDecl[mg.WorldProduction]{
		"id":     property("id", setStr(func(w *mg.WorldProduction) *string { return &w.ID })),
		"stage":  property("stage", setEnum(func(w *mg.WorldProduction) *mg.Stage { return &w.Stage })),
		"year":   property("year", setInt(func(w *mg.WorldProduction) *int { return &w.Year })),
		"amount": property("amount", setFloat(func(w *mg.WorldProduction) **float64 { return &w.Amount })),
		"unit":   property("unit", setStr(func(w *mg.WorldProduction) *string { return &w.Unit })),
		"basis":  property("basis", setStr(func(w *mg.WorldProduction) *string { return &w.Basis })),
		"note":   property("note", setStr(func(w *mg.WorldProduction) *string { return &w.Note })),
		"source": required(worldEntity, sourceEntity, citesSource),
	}
}

// worldProductionOf compiles Mineral.worldProduction(stage, year): the mineral's world
// totals, newest year first, then by stage, optionally narrowed to a stage and a year.
func worldProductionOf(q *builder, b binding, f Field) (string, func(any) ([]mg.WorldProduction, error), error) {
	stage, year := argValue[mg.Stage](f, "stage"), argValue[int](f, "year")
	w := q.fresh("w")
	var where []string
	if stage != "" {
		if !stage.Valid() {
			return "", nil, mg.Invalid("stage: unknown stage %q", stage)
		}
		where = append(where, w+".stage = "+q.param(string(stage)))
	}
	if year != 0 {
		where = append(where, w+".year = "+q.param(year))
	}
	proj, decode, err := worldEntity.project(q, bind(w), f.Of)
	if err != nil {
		return "", nil, err
	}
	return "COLLECT { MATCH (" + b.v + ")<-[:OF_MINERAL]-(" + w + ":WorldProduction)" + whereClause(where) +
		" WITH " + w + " ORDER BY " + w + ".year DESC, " + w + ".stage RETURN " + proj + " }", listOf(decode), nil
}

// The nodes a load writes for world production totals, and their rows.
var kindWorld = kind{name: "world totals", label: "WorldProduction", key: "id", links: []link{
	{rel: "OF_MINERAL", target: "Mineral", key: "id"}, cites}}

func init() {
	registerLoad(loader{kind: kindWorld, order: 70, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, w := range d.World {
			rows = append(rows, loadRow(w.ID, props("id", w.ID, "stage", string(w.Stage), "year", w.Year, "amount", w.Amount, "unit", w.Unit,
				"basis", w.Basis, "note", w.Note), single(w.MineralID), single(w.SourceID)))
		}
		return rows
	}})
}
