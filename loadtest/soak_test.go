package loadtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeAPI answers the soak's three kinds of request as a healthy server would: queries, the
// writer's upserts, and the read-back of what it wrote.
func fakeAPI(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct{ Query string }
		_ = json.Unmarshal(body, &req)
		switch {
		case strings.HasPrefix(req.Query, "mutation"):
			_, _ = io.WriteString(w, `{"data":{"upsertFacility":{"audit":{"id":"a"}}}}`)
		case strings.HasPrefix(req.Query, "query Check"):
			_, _ = io.WriteString(w, `{"data":{"facility":{"minerals":[{"id":"helium"}],"country":{"code":"DE"},"source":{"id":"s"},"operator":{"id":"o"}},"auditLog":{"totalCount":1}}}`)
		default:
			_, _ = io.WriteString(w, `{"data":{"answer":42}}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSoak(t *testing.T) {
	srv := fakeAPI(t)
	queries := []Query{{Name: "q", Body: []byte(`{"query":"{ answer }"}`)}}
	soak := func(probe func(ctx context.Context) (Resources, error)) Soak {
		return Soak{Readers: NewClient(srv.URL, 2), Writer: NewClient(srv.URL, 1), Queries: queries,
			Baseline: map[string]string{"q": `{"answer":42}`}, Clients: 2, Duration: 1500 * time.Millisecond,
			Every: 400 * time.Millisecond, Warmup: 300 * time.Millisecond, WritePause: 50 * time.Millisecond, RunID: "t", Probe: probe}
	}

	t.Run("passes a server whose resources stay flat, with every request and write answered", func(t *testing.T) {
		r, err := soak(func(context.Context) (Resources, error) {
			return Resources{RSS: 30 << 20, AnonRSS: 10 << 20, HeapInUse: 8 << 20, Goroutines: 20, OpenFiles: 25}, nil
		}).Run(context.Background(), nil)
		require.NoError(t, err)
		require.True(t, r.OK(), "%v", r.Problems)
		require.Len(t, r.Readings, 5, "after the first moments, at 400, 800 and 1200 ms, and at the end")
		require.Positive(t, r.Readers.Requests)
		require.Positive(t, r.Writes.Attempted)
		require.Equal(t, r.Writes.Attempted, r.Writes.WholeAcknowledged)
	})

	t.Run("fails a server whose goroutines keep growing", func(t *testing.T) {
		var n atomic.Int64
		r, err := soak(func(context.Context) (Resources, error) {
			// A goroutine more every reading: settle sees each reading agree with the next,
			// and the readings a load apart differ.
			return Resources{RSS: 30 << 20, AnonRSS: 10 << 20, HeapInUse: 8 << 20, Goroutines: 20 + int(n.Add(1)/3), OpenFiles: 25}, nil
		}).Run(context.Background(), nil)
		require.NoError(t, err)
		require.False(t, r.OK())
		require.Contains(t, strings.Join(r.Problems, "\n"), "goroutines moved")
	})
}
