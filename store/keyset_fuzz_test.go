package store

import (
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

// FuzzDecodeCursor proves that a cursor, which a client sends back as it likes, is data: any
// string decodes into as many strings and numbers as the ordering has keys, or is rejected as
// EINVALID. It needs no Neo4j.
func FuzzDecodeCursor(f *testing.F) {
	byName := mineralByName("m", false)
	byShare := ordering{name: "mineral/share/CN/REFINING/latest/desc",
		keys: []sortKey{{expr: "sk", desc: true}, {expr: "m.name"}, {expr: "m.id"}}}
	f.Add(byName.encodeCursor([]any{"Gallium", "gallium"}))
	f.Add(byShare.encodeCursor([]any{98.4, "Gallium", "gallium"}))
	f.Add(byName.encodeCursor([]any{"Ga\u00a0llium \"x\" ü", ""}))
	f.Add(byName.encodeCursor([]any{"only one"}))
	f.Add(byName.encodeCursor([]any{true, nil}))
	f.Add(byName.encodeCursor([]any{[]any{"a"}, map[string]any{"b": 1}}))
	f.Add(base64.RawURLEncoding.EncodeToString([]byte(`{"o":"mineral/name","v":["a",1e999]}`)))
	f.Add(base64.RawURLEncoding.EncodeToString([]byte(`{"o":"mineral/name","v":["a","b"],"x":0} trailing`)))
	f.Add(base64.StdEncoding.EncodeToString([]byte(`{"o":"mineral/name","v":["a","b"]}`))) // padded: not ours
	f.Add(base64.RawURLEncoding.EncodeToString([]byte("null")))
	f.Add("")
	f.Add("!!!!")
	f.Add("eyJ")
	f.Fuzz(func(t *testing.T, cursor string) {
		for _, o := range []ordering{byName, byShare} {
			values, err := o.decodeCursor(cursor)
			if err != nil {
				require.Nil(t, values)
				require.Equal(t, mg.EINVALID, mg.Code(err), "%v", err)
				require.NotEmpty(t, mg.Message(err), "a client is told what to change")
				continue
			}
			require.Len(t, values, len(o.keys))
			for _, v := range values {
				switch v.(type) {
				case string, float64:
				default:
					t.Fatalf("a cursor decoded into %T %v; the keyset predicate binds strings and numbers only", v, v)
				}
			}
			// What a cursor decodes into, encoded again, decodes into the same: the next page's
			// cursor is made by encodeCursor from the same kinds of values.
			again, err := o.decodeCursor(o.encodeCursor(values))
			require.NoError(t, err)
			require.Equal(t, values, again)
			// A cursor belongs to one ordering; on another it is rejected, not misread.
			other := ordering{name: o.name + "/other", keys: o.keys}
			_, err = other.decodeCursor(cursor)
			require.Equal(t, mg.EINVALID, mg.Code(err))
		}
	})
}
