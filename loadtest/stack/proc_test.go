package stack

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProcFigures(t *testing.T) {
	t.Run("reads a process's resident memory and processor time, which grows with work", func(t *testing.T) {
		pid := os.Getpid()
		require.Positive(t, RSS(pid))
		before := CPU(pid)
		x := 0
		for i := 0; CPU(pid) == before; i++ { // a clock tick of work: bounded by the tick, 10 ms
			x += i * i
			require.Less(t, i, 1<<40, "processor time never grew")
		}
		require.Greater(t, CPU(pid), before)
		_ = x
	})

	t.Run("answers 0 for a process that does not exist", func(t *testing.T) {
		require.Zero(t, CPU(-1))
		require.Zero(t, RSS(-1))
	})
}
