package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	mg "github.com/mineralgraph/mineralgraph"
)

// What the graph holds and how current it is. Counts come from Neo4j's count store (a label's
// count costs nothing); the years of each source's figures are read by source and stage.

var freshnessEntity = declare(&entity[mg.Freshness]{name: "Freshness", related: func(f *mg.Freshness) *mg.Related { return &f.Related }})

var coverageEntity = declare(&entity[mg.FigureCoverage]{name: "FigureCoverage", related: func(c *mg.FigureCoverage) *mg.Related { return &c.Related }})

var countEntity = declare(&entity[mg.RecordCount]{name: "RecordCount"})

// countedKinds are the labels freshness counts, in the order it lists them.
var countedKinds = []string{"Mineral", "Country", "Share", "WorldProduction", "Reliance", "TradeLink", "Facility", "Organisation",
	"Policy", "CriticalList", "Bloc", "Source", "AuditRecord"}

func init() {
	freshnessEntity.fields = map[string]fieldDecl[mg.Freshness]{
		"dataset": prop(func(string) string {
			return "COLLECT { MATCH (d:LoadedDataset {name: 'curated'}) RETURN d.fingerprint }[0]"
		}, setStr(func(f *mg.Freshness) *string { return &f.Dataset })),
		"loadedAt": prop(func(string) string {
			return "COLLECT { MATCH (d:LoadedDataset {name: 'curated'}) RETURN d.loadedAt }[0]"
		}, func(f *mg.Freshness, v any) error {
			switch t := v.(type) {
			case time.Time:
				u := t.UTC()
				f.LoadedAt = &u
			case nil:
			default:
				return decodeErr("loadedAt", fmt.Errorf("want a date and time, got %T", v))
			}
			return nil
		}),
		"newestPolicy": prop(func(string) string {
			return "COLLECT { MATCH (p:Policy) UNWIND [x IN [p.announced, p.effective] WHERE x IS NOT NULL] AS d RETURN d ORDER BY d DESC LIMIT 1 }[0]"
		}, setDate(func(f *mg.Freshness) **mg.Date { return &f.NewestPolicy })),
		"figures": nested(freshnessEntity, func(q *builder, _ binding, f Field) (string, func(any) ([]mg.FigureCoverage, error), error) {
			src, st, x := q.fresh("src"), q.fresh("stage"), q.fresh("x")
			proj, decode, err := coverageEntity.project(q, binding{v: x, known: map[string]string{"source": src, "stage": st}}, f.Of)
			if err != nil {
				return "", nil, err
			}
			stages := make([]string, len(mg.Stages))
			for i, s := range mg.Stages {
				stages[i] = "'" + string(s) + "'"
			}
			return "COLLECT { MATCH (" + src + ":Source) UNWIND [" + strings.Join(stages, ", ") + "] AS " + st + " WITH " + src + ", " + st +
				" WHERE EXISTS { MATCH (" + src + ")<-[:CITES]-(:Share {stage: " + st + "}) } WITH " + src + ", " + st + ", " + src + " AS " + x +
				" ORDER BY " + src + ".id, " + st + " RETURN " + proj + " }", listOf(decode), nil
		}),
		"counts": nested(freshnessEntity, func(q *builder, _ binding, f Field) (string, func(any) ([]mg.RecordCount, error), error) {
			k := q.fresh("k")
			proj, decode, err := countEntity.project(q, binding{v: k}, f.Of)
			if err != nil {
				return "", nil, err
			}
			parts := make([]string, len(countedKinds))
			for i, label := range countedKinds {
				parts[i] = "['" + label + "', COUNT { MATCH (:" + label + ") }]"
			}
			return "[" + k + " IN [" + strings.Join(parts, ", ") + "] | " + proj + "]", listOf(decode), nil
		}),
		"sources": nested(freshnessEntity, func(q *builder, _ binding, f Field) (string, func(any) ([]mg.Source, error), error) {
			src := q.fresh("src")
			proj, decode, err := sourceEntity.project(q, bind(src), f.Of)
			if err != nil {
				return "", nil, err
			}
			return "COLLECT { MATCH (" + src + ":Source) WITH " + src + " ORDER BY " + src + ".year DESC, " + src + ".id RETURN " + proj + " }", listOf(decode), nil
		}),
	}
	coverageEntity.fields = map[string]fieldDecl[mg.FigureCoverage]{
		"source": nested(coverageEntity, func(q *builder, b binding, f Field) (string, func(any) (*mg.Source, error), error) {
			proj, decode, err := sourceEntity.project(q, bind(b.known["source"]), f.Of)
			return proj, optional(decode), err
		}),
		"stage": {compile: func(_ *builder, b binding, _ Field) (string, setter[mg.FigureCoverage], error) {
			return b.known["stage"], setEnum(func(c *mg.FigureCoverage) *mg.Stage { return &c.Stage }), nil
		}},
		"newestYear": {compile: func(q *builder, b binding, _ Field) (string, setter[mg.FigureCoverage], error) {
			x := q.fresh("x")
			return "COLLECT { MATCH (" + b.known["source"] + ")<-[:CITES]-(" + x + ":Share {stage: " + b.known["stage"] + "}) RETURN " + x + ".year ORDER BY " + x + ".year DESC LIMIT 1 }[0]",
				setInt(func(c *mg.FigureCoverage) *int { return &c.NewestYear }), nil
		}},
		"oldestYear": {compile: func(q *builder, b binding, _ Field) (string, setter[mg.FigureCoverage], error) {
			x := q.fresh("x")
			return "COLLECT { MATCH (" + b.known["source"] + ")<-[:CITES]-(" + x + ":Share {stage: " + b.known["stage"] + "}) RETURN " + x + ".year ORDER BY " + x + ".year LIMIT 1 }[0]",
				setInt(func(c *mg.FigureCoverage) *int { return &c.OldestYear }), nil
		}},
		"shares": {compile: func(_ *builder, b binding, _ Field) (string, setter[mg.FigureCoverage], error) {
			return "COUNT { MATCH (" + b.known["source"] + ")<-[:CITES]-(:Share {stage: " + b.known["stage"] + "}) }",
				setInt(func(c *mg.FigureCoverage) *int { return &c.Shares }), nil
		}},
	}
	countEntity.fields = map[string]fieldDecl[mg.RecordCount]{
		"kind":  prop(func(v string) string { return v + "[0]" }, setStr(func(c *mg.RecordCount) *string { return &c.Kind })),
		"count": prop(func(v string) string { return v + "[1]" }, setInt(func(c *mg.RecordCount) *int { return &c.Count })),
	}
}

// Freshness returns what the graph holds and how current it is, as sel asks. One round trip.
func (s *Store) Freshness(ctx context.Context, sel Selection) (mg.Freshness, error) {
	q := newBuilder()
	proj, decode, err := freshnessEntity.project(q, bind(""), sel)
	if err != nil {
		return mg.Freshness{}, err
	}
	recs, err := s.read(ctx, "store.Freshness", "RETURN "+proj+" AS row", q.p)
	if err != nil {
		return mg.Freshness{}, err
	}
	return decode(recs[0].Values[0])
}
