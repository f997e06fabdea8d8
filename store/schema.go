package store

import (
	"context"
	"slices"
)

// schemaStatements create the constraints and indexes the graph relies on. Uniqueness
// constraints come first: MERGE on a key without one scans every node of the label, and two
// concurrent loads could create duplicates. Each statement is idempotent.
var schemaStatements = []string{
	`CREATE CONSTRAINT mineral_id IF NOT EXISTS FOR (n:Mineral) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT country_code IF NOT EXISTS FOR (n:Country) REQUIRE n.code IS UNIQUE`,
	`CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT share_id IF NOT EXISTS FOR (n:Share) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT world_production_id IF NOT EXISTS FOR (n:WorldProduction) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT bloc_id IF NOT EXISTS FOR (n:Bloc) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT bloc_code IF NOT EXISTS FOR (n:Bloc) REQUIRE n.code IS UNIQUE`,
	`CREATE CONSTRAINT list_id IF NOT EXISTS FOR (n:CriticalList) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT end_use_id IF NOT EXISTS FOR (n:EndUse) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT reliance_id IF NOT EXISTS FOR (n:Reliance) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT trade_link_id IF NOT EXISTS FOR (n:TradeLink) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT facility_id IF NOT EXISTS FOR (n:Facility) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT policy_id IF NOT EXISTS FOR (n:Policy) REQUIRE n.id IS UNIQUE`,
	`CREATE CONSTRAINT loaded_dataset_name IF NOT EXISTS FOR (n:LoadedDataset) REQUIRE n.name IS UNIQUE`,
	`CREATE CONSTRAINT audit_record_id IF NOT EXISTS FOR (n:AuditRecord) REQUIRE n.id IS UNIQUE`,
	// The audit log, newest first, and the history of one record.
	`CREATE INDEX audit_record_at IF NOT EXISTS FOR (n:AuditRecord) ON (n.at)`,
	`CREATE INDEX audit_record_record IF NOT EXISTS FOR (n:AuditRecord) ON (n.recordId)`,
	// Facilities near a point.
	`CREATE POINT INDEX facility_location IF NOT EXISTS FOR (n:Facility) ON (n.location)`,
	`CREATE INDEX reliance_year IF NOT EXISTS FOR (n:Reliance) ON (n.year)`,
	`CREATE INDEX policy_effective IF NOT EXISTS FOR (n:Policy) ON (n.effective)`,
	// One search over the names, aliases and titles of what readers look for.
	`CREATE FULLTEXT INDEX ` + searchIndex + ` IF NOT EXISTS FOR (n:Mineral|Country|Facility|Organisation|Policy)
	  ON EACH [n.name, n.title, n.aliases, n.symbol]`,
	// The headline filter reads shares of a stage and year.
	`CREATE INDEX share_stage_year IF NOT EXISTS FOR (n:Share) ON (n.stage, n.year)`,
	`CREATE INDEX mineral_name IF NOT EXISTS FOR (n:Mineral) ON (n.name)`,
	// Facilities by name: a page, however deep, starts at its cursor in the index.
	`CREATE INDEX facility_name IF NOT EXISTS FOR (n:Facility) ON (n.name)`,
	// A country's facilities by name (the property country repeats the IN_COUNTRY link): a
	// page of them reads that country's part of the index in order and stops, where the
	// link alone would have every facility of the country read and sorted (178,044 db hits
	// for the first five rare-earth facilities of each producer on the 100x graph; 27,740
	// with this index).
	`CREATE INDEX facility_country_name IF NOT EXISTS FOR (n:Facility) ON (n.country, n.name)`,
	`CREATE INDEX country_name IF NOT EXISTS FOR (n:Country) ON (n.name)`,
}

// migrations bring a graph loaded by an earlier build up to what the read path expects;
// each is idempotent and touches only nodes that lack what it adds.
var migrations = []string{
	// Facilities gained the property country (their IN_COUNTRY link's code).
	`MATCH (f:Facility)-[:IN_COUNTRY]->(c:Country) WHERE f.country IS NULL SET f.country = c.code`,
}

// schema is every statement of schemaStatements, then those the registered loaders add for
// their kinds.
func schema() []string {
	out := slices.Clone(schemaStatements)
	for _, l := range loaders {
		out = append(out, l.schema...)
	}
	return out
}

// EnsureSchema creates any missing constraint or index, migrates a graph an earlier build
// wrote, and waits until every index is online.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range append(schema(), migrations...) {
		if _, err := s.write(ctx, "store.EnsureSchema", stmt, nil); err != nil {
			return err
		}
	}
	_, err := s.write(ctx, "store.EnsureSchema", `CALL db.awaitIndexes(300)`, nil)
	return err
}
