package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// dataOf is a response's data as gqlgen writes it: an object holding s, quoted by gqlgen.
func dataOf(s string) json.RawMessage {
	var b bytes.Buffer
	b.WriteString(`{"title":`)
	graphql.MarshalString(s).MarshalGQL(&b)
	b.WriteString(`,"n":[1,2.5,null,true]}`)
	return b.Bytes()
}

// TestEncodeResponseIsJSONMarshal: encodeResponse writes what json.Marshal writes, byte for
// byte, for every entry of a response and for the characters json.Marshal escapes in data.
func TestEncodeResponseIsJSONMarshal(t *testing.T) {
	yes := true
	for name, resp := range map[string]*graphql.Response{
		"data":                  {Data: dataOf("Gallium & germanium <export> controls")},
		"no data":               {},
		"null data":             {Data: json.RawMessage(`null`)},
		"line separators":       {Data: dataOf("a\u2028b\u2029c \u2027 \u202a é ✓")},
		"control characters":    {Data: dataOf("tab\there \"quoted\" back\\slash \x01")},
		"a cut separator":       {Data: json.RawMessage("\"\xe2\x80\"")},
		"errors and data":       {Data: dataOf("x"), Errors: gqlerror.List{{Message: "no mineral <b> & such", Path: ast.Path{ast.PathName("mineral"), ast.PathIndex(2)}, Extensions: map[string]any{"code": "NOT_FOUND"}}}},
		"errors alone":          {Errors: gqlerror.List{{Message: "syntax error"}}},
		"extensions":            {Data: dataOf("x"), Extensions: map[string]any{"cost": map[string]any{"requested": 12, "limit": 1000}}},
		"incremental delivery":  {Data: dataOf("x"), Label: "later", Path: ast.Path{ast.PathName("a")}, HasNext: &yes},
		"empty path and errors": {Data: dataOf("x"), Path: ast.Path{}, Errors: gqlerror.List{}},
	} {
		t.Run(name, func(t *testing.T) {
			want, wantErr := json.Marshal(resp)
			got, err := encodeResponse(resp)
			require.Equal(t, wantErr, err)
			require.Equal(t, string(want), string(got))
		})
	}
}

// FuzzEncodeResponse: for any string in the data, as gqlgen quotes it, the bytes are
// json.Marshal's.
func FuzzEncodeResponse(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\u2028\u2029", "\xe2\x80\xa8", "\xe2\x80", "\xff\xfe", "é\u2027"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		resp := &graphql.Response{Data: dataOf(s)}
		want, err := json.Marshal(resp)
		require.NoError(t, err)
		got, err := encodeResponse(resp)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
	})
}
