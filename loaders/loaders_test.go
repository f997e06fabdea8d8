package loaders

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

func TestGroupByArgs(t *testing.T) {
	var calls []worldKey
	fetch := groupByArgs(func(_ context.Context, ids []string, args worldKey) (map[string][]mg.WorldProduction, error) {
		calls = append(calls, args)
		out := map[string][]mg.WorldProduction{}
		for _, id := range ids {
			if id != "unknown" {
				out[id] = []mg.WorldProduction{{MineralID: id, Stage: args.stage}}
			}
		}
		return out, nil
	})
	mining := worldKey{mineral: "cobalt", stage: mg.StageMining}
	refining := worldKey{mineral: "cobalt", stage: mg.StageRefining}
	galliumMining := worldKey{mineral: "gallium", stage: mg.StageMining}
	unknown := worldKey{mineral: "unknown", stage: mg.StageMining}

	got, err := fetch(context.Background(), []worldKey{mining, refining, galliumMining, unknown})
	require.NoError(t, err)

	t.Run("asks the store once per distinct set of arguments", func(t *testing.T) {
		require.Equal(t, []worldKey{{stage: mg.StageMining}, {stage: mg.StageRefining}}, calls)
	})
	t.Run("answers every key with its own anchor's value", func(t *testing.T) {
		require.Equal(t, mg.StageRefining, got[refining][0].Stage)
		require.Equal(t, "gallium", got[galliumMining][0].MineralID)
	})
	t.Run("answers an anchor the store knows nothing of with an empty value, not an error", func(t *testing.T) {
		v, ok := got[unknown]
		require.True(t, ok)
		require.Empty(t, v)
	})
}
