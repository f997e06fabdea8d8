package stack

import (
	"net"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProcFigures(t *testing.T) {
	t.Run("reads a process's resident memory and processor time, which grows with work", func(t *testing.T) {
		pid := os.Getpid()
		require.Positive(t, RSS(pid))
		require.Positive(t, AnonRSS(pid))
		require.Less(t, AnonRSS(pid), RSS(pid), "the executable's pages are resident too")
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
		require.Zero(t, AnonRSS(-1))
		require.Zero(t, OpenFiles(-1, 1, 2))
	})

	t.Run("tells sockets to Bolt and on the HTTP port from the other open files", func(t *testing.T) {
		listen := func() (net.Listener, int) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			t.Cleanup(func() { l.Close() })
			return l, l.Addr().(*net.TCPAddr).Port
		}
		bolt, boltPort := listen()
		api, httpPort := listen()
		before := OpenFiles(os.Getpid(), boltPort, httpPort)
		require.Equal(t, 1, before.HTTP, "the listener")
		require.Zero(t, before.Bolt)
		connect := func(l net.Listener, port int) {
			c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
			require.NoError(t, err)
			t.Cleanup(func() { c.Close() })
			a, err := l.Accept()
			require.NoError(t, err)
			t.Cleanup(func() { a.Close() })
		}
		connect(bolt, boltPort) // this process is the driver here: one socket to Bolt
		connect(api, httpPort)  // and the server: one connection accepted on its port
		after := OpenFiles(os.Getpid(), boltPort, httpPort)
		require.Equal(t, 1, after.Bolt)
		require.Equal(t, 2, after.HTTP)
		require.Equal(t, before.Total+4, after.Total, "two sockets at each end of two connections")
	})
}
