package server

import (
	"bytes"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// encodeResponse returns resp as JSON, byte for byte what json.Marshal(resp) returns, without
// json.Marshal's work on the data. resp.Data is a json.RawMessage, which json.Marshal runs
// through its scanner to check and compact, and copies twice (into its buffer and out). The
// data was written by gqlgen's marshalers, compact and valid, so here it is copied once,
// with only the escaping json.Marshal applies to it (see appendData). In the in-process
// benchmark of the country page (43 KB of data) the scan was a tenth of the server's time.
//
// The entries are those of graphql.Response, in its order; each one but the data is
// small and goes through json.Marshal as before.
func encodeResponse(resp *graphql.Response) ([]byte, error) {
	var head, tail []byte
	var err error
	if len(resp.Errors) > 0 {
		if head, err = json.Marshal(resp.Errors); err != nil {
			return nil, err
		}
	}
	var rest struct {
		Label      string         `json:"label,omitempty"`
		Path       ast.Path       `json:"path,omitempty"`
		HasNext    *bool          `json:"hasNext,omitempty"`
		Extensions map[string]any `json:"extensions,omitempty"`
	}
	rest.Label, rest.Path, rest.HasNext, rest.Extensions = resp.Label, resp.Path, resp.HasNext, resp.Extensions
	if tail, err = json.Marshal(rest); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(`{"errors":,"data":`)+len(head)+len(resp.Data)+len(tail)+16)
	out = append(out, '{')
	if head != nil {
		out = append(out, `"errors":`...)
		out = append(out, head...)
		out = append(out, ',')
	}
	out = append(out, `"data":`...)
	if resp.Data == nil {
		out = append(out, "null"...)
	} else {
		out = appendData(out, resp.Data)
	}
	if len(tail) > 2 { // {"label":...}: its entries, after a comma
		out = append(out, ',')
		out = append(out, tail[1:len(tail)-1]...)
	}
	return append(out, '}'), nil
}

// appendData appends data to dst escaped as json.Marshal escapes a RawMessage: <, > and & as
// \u003c, \u003e and \u0026 (so that the JSON is safe inside HTML), and the line and
// paragraph separators U+2028 and U+2029 as \u2028 and \u2029 (so that it is valid
// JavaScript). None of them is JSON syntax, so each stands inside a string wherever it is.
// Most answers hold none; their data is then copied whole.
func appendData(dst, data []byte) []byte {
	if bytes.IndexByte(data, '<') < 0 && bytes.IndexByte(data, '>') < 0 && bytes.IndexByte(data, '&') < 0 &&
		bytes.IndexByte(data, 0xE2) < 0 { // 0xE2: the first byte of U+2028 and U+2029 in UTF-8
		return append(dst, data...)
	}
	const hex = "0123456789abcdef"
	start := 0
	for i, c := range data {
		if c == '<' || c == '>' || c == '&' {
			dst = append(append(dst, data[start:i]...), '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			start = i + 1
		}
		if c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && data[i+2]&^1 == 0xA8 {
			dst = append(append(dst, data[start:i]...), '\\', 'u', '2', '0', '2', hex[data[i+2]&0xF])
			start = i + 3
		}
	}
	return append(dst, data[start:]...)
}
