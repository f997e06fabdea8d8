package store

// Floor queries are Cypher written by hand for three of the bench's questions: what someone
// who knows this graph would send straight through the driver for the same answer, with no
// GraphQL, no compiler and no projection of ours. The bench (bench/mix.go) runs them, with
// the question's parameters, as the lower bound our server and the peer are measured against.
// The API never runs them. They live here because the store holds every line of Cypher.
var floorQueries = map[string]string{
	// A member of a group with no figure of its own answers with the group's.
	"headline": `MATCH (:Country {code: $country})<-[:BY_COUNTRY]-(s:Share {stage: $stage, year: $year})-[:OF_MINERAL]->(x:Mineral)
WHERE s.percent > $over
MATCH (m:Mineral)-[:MEMBER_OF*0..1]->(x)
WHERE m = x OR NOT EXISTS { MATCH (m)<-[:OF_MINERAL]-(f) WHERE f:Share OR f:Reliance OR f:WorldProduction OR f:TradeLink }
RETURN DISTINCT m.id AS id, m.name AS name ORDER BY name, id`,

	"nested": `MATCH (m:Mineral {id: $mineral})<-[:OF_MINERAL]-(s:Share {stage: $stage, year: $year})-[:BY_COUNTRY]->(c:Country)
RETURN c.code AS code, s.percent AS percent,
  COLLECT { MATCH (f:Facility)-[:IN_COUNTRY]->(c)
    WHERE EXISTS { MATCH (f)-[:PRODUCES]->(x:Mineral) WHERE x = m OR EXISTS { (x)-[:MEMBER_OF]->(m) } }
    RETURN f.id ORDER BY f.name, f.id LIMIT 5 } AS facilities`,

	// The index call both servers make: what Lucene costs on its own.
	"search": `CALL db.index.fulltext.queryNodes('search', $query) YIELD node, score
WHERE node:Facility
RETURN node.id AS id ORDER BY score DESC, id LIMIT 10`,
}

// FloorCypher returns the floor query of a bench question, and whether it has one.
func FloorCypher(question string) (string, bool) {
	q, ok := floorQueries[question]
	return q, ok
}
