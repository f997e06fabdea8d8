package store

import (
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestEveryFieldIsDeclared reads the API's schema and checks that each field of each type
// the store reads has its declaration, so that no query can ask for a field the compiler does
// not know (which would fail the whole root field as an internal error). The store knows the
// API's field names and nothing else of GraphQL; the schema is read here only to compare.
func TestEveryFieldIsDeclared(t *testing.T) {
	sdl, err := os.ReadFile("../schema.graphqls")
	require.NoError(t, err)
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(sdl)})
	require.Nil(t, gqlErr)
	declared := map[string]func(string) bool{
		"Mineral": has(mineralEntity), "Country": has(countryEntity), "Share": has(shareEntity),
		"WorldProduction": has(worldEntity), "Source": has(sourceEntity), "CriticalList": has(listEntity),
		"Bloc": has(blocEntity), "EndUses": has(endUsesEntity), "Reliance": has(relianceEntity),
		"TradeLink": has(tradeEntity), "Facility": has(facilityEntity), "Organisation": has(organisationEntity),
		"Policy": has(policyEntity), "PolicyRelation": has(policyRelationEntity), "Exposure": has(exposureEntity),
		"Alternatives": has(alternativesEntity),
	}
	var types []string
	for name := range declared {
		types = append(types, name)
	}
	sort.Strings(types)
	for _, name := range types {
		def := schema.Types[name]
		require.NotNil(t, def, "the schema has no type %s", name)
		for _, f := range def.Fields {
			require.True(t, declared[name](f.Name), "%s.%s has no declaration in the store", name, f.Name)
		}
	}
}

func has[T any](e *entity[T]) func(string) bool {
	return func(field string) bool { _, ok := e.fields[field]; return ok }
}
