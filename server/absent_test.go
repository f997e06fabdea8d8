package server_test

import (
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
