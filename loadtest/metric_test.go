package loadtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMetric(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`# HELP q_count queries
q_count{op="a"} 3
q_count{op="b"} 4.5
q_count_total 100
go_goroutines 9
`))
	}))
	defer srv.Close()
	ctx := context.Background()

	t.Run("reads the first series of a metric", func(t *testing.T) {
		v, err := Metric(ctx, srv.Client(), srv.URL, "go_goroutines")
		require.NoError(t, err)
		require.Equal(t, 9.0, v)
		v, err = Metric(ctx, srv.Client(), srv.URL, "q_count")
		require.NoError(t, err)
		require.Equal(t, 3.0, v)
	})

	t.Run("adds up every series of a metric, and no other metric that starts alike", func(t *testing.T) {
		v, err := MetricSum(ctx, srv.Client(), srv.URL, "q_count")
		require.NoError(t, err)
		require.Equal(t, 7.5, v)
	})

	t.Run("says which metric is missing", func(t *testing.T) {
		_, err := MetricSum(ctx, srv.Client(), srv.URL, "absent")
		require.ErrorContains(t, err, "metric absent not found")
	})
}
