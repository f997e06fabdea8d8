package graph_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph"
)

// TestSchemaIsDocumented keeps the promise made to researchers who read the schema in the
// playground: every type, field, argument and enum value of ours has a description.
func TestSchemaIsDocumented(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var missing []string
	for name, def := range schema.Types {
		if def.BuiltIn {
			continue
		}
		if def.Description == "" {
			missing = append(missing, "type "+name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") { // introspection, added by gqlparser
				continue
			}
			if f.Description == "" {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					missing = append(missing, name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
		if def.Kind == ast.Enum {
			for _, v := range def.EnumValues {
				if v.Description == "" {
					missing = append(missing, name+"."+v.Name)
				}
			}
		}
	}
	require.Empty(t, missing, "add a description to each of these in schema.graphqls")
}
