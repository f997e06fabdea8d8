package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAbsentValues(t *testing.T) {
	a := newAPI(t)

	t.Run("answers null for the symbol of a mineral that has none, as for every absent value", func(t *testing.T) {
		resp, _ := a.query(`{ barite: mineral(id: "barite") { symbol } rareEarths: mineral(id: "rare-earths") { symbol } gallium: mineral(id: "gallium") { symbol } }`, nil)
		require.Empty(t, resp.Errors)
		require.JSONEq(t, `{"barite": {"symbol": null}, "rareEarths": {"symbol": null}, "gallium": {"symbol": "Ga"}}`, string(resp.Data))
	})
}

// TestNoEmptyStrings: a nullable text field with nothing in it (a facility without a note, a
// share without a unit, a list without a URL) answers null, never "", which a client would
// have to tell from a published value.
func TestNoEmptyStrings(t *testing.T) {
	a := newAPI(t)
	resp, _ := a.query(`{
	  facilities(first: 100) { nodes { id note sourceUrl capacityUnit } }
	  mineral(id: "gallium") { shares(first: 100) { nodes { id unit basis note } } }
	  tradeLinks(first: 100) { nodes { id quantityUnit commodity note } }
	  lists { id url note }
	}`, nil)
	require.Empty(t, resp.Errors)
	var data any
	require.NoError(t, json.Unmarshal(resp.Data, &data))
	empty, nulls := 0, 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case string:
			if x == "" {
				empty++
				t.Errorf("%s is \"\"", path)
			}
		case nil:
			nulls++
		}
	}
	walk("data", data)
	require.Zero(t, empty)
	require.Positive(t, nulls, "the curated data leaves some of these fields empty, so some answers are null")
}
