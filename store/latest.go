package store

import mg "github.com/mineralgraph/mineralgraph"

// Which figure answers a question that names no year, and whose figure it is.
//
// Groups. USGS reports the rare earths and the platinum-group metals as groups: a member of a
// group (neodymium, iridium) that has no figure of its own answers with its group's (the
// group's shares, reliance figures, import sources), and the figure says so (inheritedFrom). Filters, orderings and analytics read the same
// figures, so that "minerals more than 50% import-reliant" counts the members as USGS does.
//
// Years. Without a year, a share is read from the latest complete year of the mineral and
// stage: the latest year in which the source names more than one producing country. A year in
// which it names only the leading producer (MCS Table 5 gives 2024 that way) does not hide the
// other producers' figures of the complete year before it: a country's latest share is its
// figure of a later, partial year when it has one (it is then that year's leading producer),
// and otherwise its figure of the latest complete year.
//
// Each renderer returns a Cypher expression over variables of the query around it. None
// aggregates (see latestYearOf).

// inheritedFrom declares the field inheritedFrom of a figure: the group whose figure answers
// for the mineral asked about, null when the figure is the mineral's own. The query that read
// the figure knows both (binding.known: "mineral" is the mineral asked about, "owner" the one
// whose figure it is); a figure read any other way (by its id, from a country) is its
// mineral's own.
func inheritedFrom[T any](e *entity[T]) fieldDecl[T] {
	return nested(e, func(q *builder, b binding, f Field) (string, func(any) (*mg.Mineral, error), error) {
		src, ok := b.known["owner"]
		if !ok {
			return "null", func(any) (*mg.Mineral, error) { return nil, nil }, nil
		}
		asking := b.known["mineral"]
		proj, decode, err := mineralEntity.project(q, bind(src), f.Of)
		if err != nil {
			return "", nil, err
		}
		return "CASE WHEN " + src + " = " + asking + " THEN null ELSE " + proj + " END", optional(decode), nil
	})
}

// figureSource renders the mineral whose figures answer for the mineral m: m itself when it
// has a figure of its own of any kind (a share, a reliance figure, a world total, a trade
// link), else the group it belongs to, else m. A member with a chapter of its own at USGS
// (yttrium, scandium, platinum) answers with its own figures even where they are missing;
// one that USGS reports only within its group (the lanthanides, iridium) answers with the
// group's.
func figureSource(q *builder, m string) string {
	g := q.fresh("g")
	return "CASE WHEN " + hasFigures(q, m) + " THEN " + m + " ELSE coalesce(COLLECT { MATCH (" + m + ")-[:MEMBER_OF]->(" + g + ":Mineral) RETURN " + g + " }[0], " + m + ") END"
}

// hasFigures renders whether the mineral m has a figure of its own of any kind.
func hasFigures(q *builder, m string) string {
	x := q.fresh("x")
	return "EXISTS { MATCH (" + m + ")<-[:OF_MINERAL]-(" + x + ") WHERE " + x + ":Share OR " + x + ":Reliance OR " + x + ":WorldProduction OR " + x + ":TradeLink }"
}

// completeScan is how many of the newest keys completeYear reads before it reads them all:
// the first repeated year lies among them unless 48 years in a row name one country each.
const completeScan = 50

// completeYear renders the latest year in which the shares of the mineral m at the stage name
// more than one country, or else the latest year with any (null when there is none). It reads
// the newest keys of the mineral's range at the stage: newest first, the first year listed
// twice has more than one country.
func completeYear(q *builder, m, stage string) string {
	keys := func(limit string) string {
		x := q.fresh("x")
		return "COLLECT { MATCH (" + x + ":Share) WHERE " + x + ".id STARTS WITH " + shareKeyPrefix(m, stage, "") + " RETURN " + x + ".year ORDER BY " + x + ".id DESC" + limit + " }"
	}
	first := func(ys string) string {
		return "[i IN range(0, size(" + ys + ") - 2) WHERE " + ys + "[i] = " + ys + "[i + 1] | " + ys + "[i]]"
	}
	ys, reps, all := q.fresh("ys"), q.fresh("reps"), q.fresh("ys")
	return "COLLECT { WITH " + keys(" LIMIT "+q.param(completeScan)) + " AS " + ys + " WITH " + ys + ", " + first(ys) + " AS " + reps +
		" RETURN CASE WHEN size(" + reps + ") > 0 THEN " + reps + "[0] WHEN size(" + ys + ") < " + q.param(completeScan) + " THEN " + ys + "[0]" +
		" ELSE COLLECT { WITH " + keys("") + " AS " + all + " RETURN coalesce(" + first(all) + "[0], " + all + "[0]) }[0] END }[0]"
}

// countryYear renders the year from which the country's (an expression of its code) latest
// share of the mineral m at the stage is read: the latest year with a figure of the country
// when it comes after the latest complete year, else the latest complete year.
func countryYear(q *builder, m, stage, code string) string {
	x, own, complete := q.fresh("x"), q.fresh("own"), q.fresh("complete")
	return "COLLECT { WITH COLLECT { MATCH (" + x + ":Share) WHERE " + x + ".id STARTS WITH " + shareKeyPrefix(m, stage, "") + " AND " + x + ".id ENDS WITH '/' + " + code +
		" RETURN " + x + ".year ORDER BY " + x + ".id DESC LIMIT 1 }[0] AS " + own + ", " + completeYear(q, m, stage) + " AS " + complete +
		" RETURN CASE WHEN " + own + " IS NOT NULL AND (" + complete + " IS NULL OR " + own + " > " + complete + ") THEN " + own + " ELSE " + complete + " END }[0]"
}

// latestShares renders the conditions under which the share s (of the mineral m at the stage,
// in its key range) is its country's latest: it is of the latest complete year (the variable
// complete, from completeYear) or later, and its country (the variable country) has no share
// of a later year up to last (the latest year with any share, from latestYearOf).
func latestShares(q *builder, s, m, stage, country, complete, last string) []string {
	y, t := q.fresh("y"), q.fresh("t")
	return []string{
		s + ".year >= " + complete,
		"NOT any(" + y + " IN range(" + s + ".year + 1, " + last + ") WHERE EXISTS { MATCH (" + t + ":Share {id: " +
			shareKeyPrefix(m, stage, y) + " + " + country + ".code}) })",
	}
}
