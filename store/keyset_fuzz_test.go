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
		keys: []sortKey{{expr: "sk", desc: true, num: true}, {expr: "m.name"}, {expr: "m.id"}}}
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
			for i, v := range values {
				switch v.(type) {
				case string:
					require.False(t, o.keys[i].num, "a string for the number key %s", o.keys[i].expr)
				case float64:
					require.True(t, o.keys[i].num, "a number for the string key %s", o.keys[i].expr)
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

func TestDecodeCursor(t *testing.T) {
	byName, shares := mineralByName("m", false), shareOrder("s")
	t.Run("refuses a cursor of the right shape whose values have the wrong kinds", func(t *testing.T) {
		// Two numbers where the names and ids are strings: Neo4j would find no row after them
		// and answer an empty page, as if the list had ended.
		forged := byName.encodeCursor([]any{1, 2})
		_, err := byName.decodeCursor(forged)
		require.Equal(t, mg.EINVALID, mg.Code(err))
		require.Contains(t, mg.Message(err), "is not a cursor of this list in this order")
		_, err = shares.decodeCursor(shares.encodeCursor([]any{"2024", "MINING", 50, "gallium/MINING/2024/CN"}))
		require.Equal(t, mg.EINVALID, mg.Code(err), "a year as text")
	})

	t.Run("reads back what encodeCursor wrote", func(t *testing.T) {
		values := []any{2024.0, "MINING", 98.0, "gallium/MINING/2024/CN"}
		got, err := shares.decodeCursor(shares.encodeCursor(values))
		require.NoError(t, err)
		require.Equal(t, values, got)
	})
}
