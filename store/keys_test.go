package store_test

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/stretchr/testify/require"

	"github.com/mineralgraph/mineralgraph/neo4jtest"
)

// TestRecordKeys proves the invariant the read path's key ranges rest on (see shareKeyPrefix,
// relianceKeyPrefix, tradeKeyPrefix): every share, reliance figure and trade link of the
// loaded curated graph has the id its links spell, so a range of ids is exactly the records
// of a mineral (at a stage, for an importer, between two countries).
func TestRecordKeys(t *testing.T) {
	neo4jtest.Seeded(t)
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(neo4jtest.URI(t), neo4j.NoAuth())
	require.NoError(t, err)
	defer driver.Close(ctx)
	for name, cypher := range map[string]string{
		"shares": `MATCH (m:Mineral)<-[:OF_MINERAL]-(s:Share)-[:BY_COUNTRY]->(c:Country)
			RETURN count(*) AS n, count(CASE WHEN s.id <> m.id + '/' + s.stage + '/' + toString(s.year) + '/' + c.code THEN 1 END) AS bad`,
		"reliance figures": `MATCH (m:Mineral)<-[:OF_MINERAL]-(r:Reliance)-[:OF_IMPORTER]->(c:Country)
			RETURN count(*) AS n, count(CASE WHEN r.id <> m.id + '/' + c.code + '/' + toString(r.year) THEN 1 END) AS bad`,
		"trade links": `MATCH (m:Mineral)<-[:OF_MINERAL]-(t:TradeLink)-[:FROM]->(e:Country), (t)-[:TO]->(i:Country)
			RETURN count(*) AS n, count(CASE WHEN NOT t.id STARTS WITH m.id + '/' + e.code + '>' + i.code + '/' THEN 1 END) AS bad`,
	} {
		t.Run(name+" are keyed by what they link", func(t *testing.T) {
			res, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer)
			require.NoError(t, err)
			n, _ := res.Records[0].Get("n")
			bad, _ := res.Records[0].Get("bad")
			require.Positive(t, n)
			require.Zero(t, bad)
		})
	}
}
