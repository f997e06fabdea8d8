package mineralgraph_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

// TestEachVisitsEveryKindWithReferences guards the line a new entity adds to Records.Each:
// without it the store's reference check skips the kind, and a load writes no link for an
// id it cannot find. Every list of Records whose records have References must be visited.
func TestEachVisitsEveryKindWithReferences(t *testing.T) {
	referrer := reflect.TypeFor[interface{ References() []mg.Ref }]()
	typ := reflect.TypeFor[mg.Records]()
	checked := 0
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Type.Kind() != reflect.Slice || !f.Type.Elem().Implements(referrer) {
			continue
		}
		checked++
		var r mg.Records
		v := reflect.ValueOf(&r).Elem().Field(i)
		v.Set(reflect.MakeSlice(f.Type, 1, 1))
		visits := 0
		r.Each(func(string, string, []mg.Ref) { visits++ })
		require.Equal(t, 1, visits, "Records.Each does not visit Records.%s", f.Name)
	}
	require.Greater(t, checked, 10, "the test found the kinds with references")
}
