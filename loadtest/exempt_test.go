package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExemptChangedBy(t *testing.T) {
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "count") {
			fmt.Fprintf(w, `{"data":{"count":%d}}`, 10+written.Load())
			return
		}
		_, _ = w.Write([]byte(`{"data":{"name":"gallium","score":1.5}}`))
	}))
	defer srv.Close()
	c := NewClient(srv.URL, 1)
	queries := []Query{{Name: "counts", Body: []byte(`{"query":"{count}"}`)}, {Name: "name", Body: []byte(`{"query":"{name}"}`)}}
	ctx := context.Background()
	baseline, err := c.Baseline(ctx, queries)
	require.NoError(t, err)

	t.Run("takes out only the answers the write moved", func(t *testing.T) {
		b := map[string]string{"counts": baseline["counts"], "name": baseline["name"]}
		moved, err := c.ExemptChangedBy(ctx, queries, b, func() error { written.Add(1); return nil })
		require.NoError(t, err)
		require.Equal(t, []string{"counts"}, moved)
		require.Equal(t, map[string]string{"name": baseline["name"]}, b)
	})

	t.Run("fails when the probe write fails, and keeps every answer", func(t *testing.T) {
		b := map[string]string{"counts": "x", "name": "y"}
		_, err := c.ExemptChangedBy(ctx, queries, b, func() error { return fmt.Errorf("UNAVAILABLE") })
		require.ErrorContains(t, err, "the probe write: UNAVAILABLE")
		require.Len(t, b, 2)
	})
}
