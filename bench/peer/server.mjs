// Benchmark peer: the Neo4j GraphQL Library (@neo4j/graphql) served by Apollo Server's
// startStandaloneServer, over mineralgraph's existing Neo4j graph. A plain production-like
// setup: no response cache, no persisted queries, no custom resolvers.
//
//   NEO4J_URI       bolt URI (default bolt://127.0.0.1:7687)
//   NEO4J_USER      \ optional; both empty = no authentication
//   NEO4J_PASSWORD  /
//   PORT            HTTP port on 127.0.0.1 (default 4000)
//
// Prints exactly one line, `peer ready at http://127.0.0.1:PORT/`, once it is serving.
import { readFile } from "node:fs/promises";

import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const uri = process.env.NEO4J_URI || "bolt://127.0.0.1:7687";
const user = process.env.NEO4J_USER || "";
const password = process.env.NEO4J_PASSWORD || "";
const port = Number.parseInt(process.env.PORT || "4000", 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`peer: PORT must be a TCP port, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}

const typeDefs = await readFile(new URL("./typeDefs.graphql", import.meta.url), "utf8");
const driver = user || password ? neo4j.driver(uri, neo4j.auth.basic(user, password)) : neo4j.driver(uri);

try {
  const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
  const schema = await neoSchema.getSchema();
  // Read-only in v7: checks that the existing full-text index `search` covers Facility.name
  // (and that the graph is reachable). It creates nothing.
  await neoSchema.assertIndexesAndConstraints();

  const server = new ApolloServer({
    schema,
    // The Go harness POSTs application/json; there is no browser, so no landing page.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await startStandaloneServer(server, {
    listen: { host: "127.0.0.1", port },
    // Each request gets the driver from the Neo4jGraphQL instance; no per-request JWT.
    context: async () => ({}),
  });
  console.log(`peer ready at http://127.0.0.1:${port}/`);
} catch (err) {
  console.error(`peer: ${err && err.stack ? err.stack : err}`);
  await driver.close().catch(() => {});
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await driver.close().catch(() => {});
    process.exit(0);
  });
}
