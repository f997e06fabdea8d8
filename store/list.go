package store

import (
	"context"
	"strings"

	mg "github.com/mineralgraph/mineralgraph"
)

// Critical-mineral lists, blocs and end uses:
//
//	(:Mineral)-[:ON_LIST]->(:CriticalList), (:Country)-[:IN_BLOC]->(:Bloc),
//	(:EndUse)-[:OF_MINERAL]->(:Mineral), each citing its (:Source).

var listEntity = declare(&entity[mg.CriticalList]{name: "CriticalList", related: func(l *mg.CriticalList) *mg.Related { return &l.Related }, node: "id"})

var blocEntity = declare(&entity[mg.Bloc]{name: "Bloc", related: func(b *mg.Bloc) *mg.Related { return &b.Related }, node: "id"})

var endUsesEntity = declare(&entity[mg.EndUses]{name: "EndUses", related: func(e *mg.EndUses) *mg.Related { return &e.Related }})

func init() {
	listEntity.fields = map[string]fieldDecl[mg.CriticalList]{
		"id":     property("id", setStr(func(l *mg.CriticalList) *string { return &l.ID })),
		"name":   property("name", setStr(func(l *mg.CriticalList) *string { return &l.Name })),
		"issuer": property("issuer", setStr(func(l *mg.CriticalList) *string { return &l.Issuer })),
		"year":   property("year", setInt(func(l *mg.CriticalList) *int { return &l.Year })),
		"url":    property("url", setStr(func(l *mg.CriticalList) *string { return &l.URL })),
		"note":   property("note", setStr(func(l *mg.CriticalList) *string { return &l.Note })),
		"minerals": many(listEntity, mineralEntity, "(%[1]s)<-[:ON_LIST]-(%[2]s:Mineral)",
			func(v string) string { return v + ".id" }),
		"source": required(listEntity, sourceEntity, citesSource),
	}
	blocEntity.fields = map[string]fieldDecl[mg.Bloc]{
		"id":   property("id", setStr(func(b *mg.Bloc) *string { return &b.ID })),
		"name": property("name", setStr(func(b *mg.Bloc) *string { return &b.Name })),
		"note": property("note", setStr(func(b *mg.Bloc) *string { return &b.Note })),
		"members": many(blocEntity, countryEntity, "(%[1]s)<-[:IN_BLOC]-(%[2]s:Country)",
			func(v string) string { return v + ".code" }),
		"source": required(blocEntity, sourceEntity, citesSource),
	}
	endUsesEntity.fields = map[string]fieldDecl[mg.EndUses]{
		"text":   property("text", setStr(func(e *mg.EndUses) *string { return &e.Text })),
		"source": required(endUsesEntity, sourceEntity, citesSource),
	}
}

// Lists returns every critical-mineral list, oldest first, each as sel asks. One round trip.
func (s *Store) Lists(ctx context.Context, sel Selection) ([]mg.CriticalList, error) {
	return readAll(ctx, s, "store.Lists", newBuilder(), listEntity, bind("l"), sel, func(proj string) string {
		return "MATCH (l:CriticalList) WITH l ORDER BY l.year, l.id RETURN " + proj + " AS row"
	})
}

// List returns the list with the given id, as sel asks, or ENOTFOUND naming it. One round
// trip.
func (s *Store) List(ctx context.Context, id string, sel Selection) (mg.CriticalList, error) {
	return readOne(ctx, s, "store.List", listEntity, "(n:CriticalList {id: %s})", id, "list", sel)
}

// The nodes a load writes for blocs, and their rows.
var kindBlocs = kind{name: "blocs", label: "Bloc", key: "id", links: []link{
	{rel: "IN_BLOC", in: true, target: "Country", key: "code"}, cites}}

func init() {
	registerLoad(loader{kind: kindBlocs, order: 30, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, b := range d.Blocs {
			rows = append(rows, loadRow(b.ID, props("id", b.ID, "code", strings.ToUpper(b.ID), "name", b.Name, "note", b.Note), b.Members, single(b.SourceID)))
		}
		return rows
	}})
}

// The nodes a load writes for lists, and their rows.
var kindLists = kind{name: "lists", label: "CriticalList", key: "id", links: []link{
	{rel: "ON_LIST", in: true, target: "Mineral", key: "id"}, {rel: "ISSUED_BY", target: "Country|Bloc", key: "code"}, cites}}

func init() {
	registerLoad(loader{kind: kindLists, order: 50, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, l := range d.Lists {
			rows = append(rows, loadRow(l.ID, props("id", l.ID, "name", l.Name, "issuer", l.Issuer, "year", l.Year, "url", l.URL, "note", l.Note),
				l.Members, single(l.Issuer), single(l.SourceID)))
		}
		return rows
	}})
}

// The nodes a load writes for minerals' end uses, and their rows.
var kindEndUses = kind{name: "end uses", label: "EndUse", key: "id", links: []link{
	{rel: "OF_MINERAL", target: "Mineral", key: "id"}, cites}}

func init() {
	registerLoad(loader{kind: kindEndUses, order: 60, withProps: true, rows: func(d *mg.Records) []map[string]any {
		var rows []map[string]any
		for _, e := range d.EndUses {
			id := e.MineralID + "/end-uses"
			rows = append(rows, loadRow(id, props("id", id, "text", e.Text), single(e.MineralID), single(e.SourceID)))
		}
		return rows
	}})
}
