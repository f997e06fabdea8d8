// Package loadtest drives a running mineralgraph server the way its users do, and measures it:
// concurrent clients post the documented queries for a fixed time while every answer is
// checked against the one the server gave before the run. A fault run also writes through
// the API and takes Neo4j away in the middle (see Fault). It talks HTTP to one address and
// knows nothing of the server's insides; cmd/loadtest sets the scene (Neo4j, data, server).
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Query is one request the clients send.
type Query struct {
	Name string
	Body []byte // the JSON request body
}

// Sample is what one request did.
type Sample struct {
	Query   string
	Client  int           // which of the run's clients sent it, from 0
	Start   time.Duration // since the run began
	Latency time.Duration
	// Outcome is "ok", an extensions.code of the response's first error, "WRONG_ANSWER" (data
	// that differs from the baseline), "HTTP_<status>" or "TRANSPORT" (no HTTP answer).
	Outcome string
}

// Client sends GraphQL requests to one server.
type Client struct {
	URL  string // the GraphQL endpoint, http://127.0.0.1:8080/graphql
	HTTP *http.Client
	// Header is sent with every request (an API key for writes).
	Header http.Header
	// Backoff is how long a load client waits after a failed request.
	Backoff time.Duration
	// Mismatches, when set, receives the first wrong answer of each query.
	Mismatches func(query, want, got string)
	// requests and failures count what Load has done so far, for a run that reports as it goes.
	requests, failures atomic.Int64
}

// Counts returns how many requests Load has sent so far, and how many of them did not answer
// correctly.
func (c *Client) Counts() (requests, failures int64) { return c.requests.Load(), c.failures.Load() }

// NewClient returns a client with a connection pool sized for clients concurrent requests.
func NewClient(url string, clients int) *Client {
	return &Client{URL: url, Backoff: 100 * time.Millisecond, HTTP: &http.Client{
		Timeout:   2 * time.Minute, // far past the server's deadline: a hang shows as a long latency, not a client error
		Transport: &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2, IdleConnTimeout: 30 * time.Second},
	}}
}

// Response is a decoded GraphQL response.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the extensions.code of the first error, or "" when there is none.
func (r Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	if code == "" {
		return "UNKNOWN"
	}
	return code
}

// Post sends one request. The error is a transport failure (no HTTP answer); an HTTP status
// other than 200 comes back as status with whatever body the server sent.
func (c *Client) Post(ctx context.Context, body []byte) (status int, resp Response, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return 0, resp, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return 0, resp, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return res.StatusCode, resp, err
	}
	if err := json.Unmarshal(raw, &resp); err != nil {
		return res.StatusCode, resp, fmt.Errorf("undecodable answer (%d): %.200s", res.StatusCode, raw)
	}
	return res.StatusCode, resp, nil
}

// Baseline asks each query once and keeps its data: the answers every later answer must
// equal. Any error is fatal: a load run starts from a healthy server.
func (c *Client) Baseline(ctx context.Context, queries []Query) (map[string]string, error) {
	out := map[string]string{}
	for _, q := range queries {
		status, resp, err := c.Post(ctx, q.Body)
		if err != nil {
			return nil, fmt.Errorf("baseline %s: %w", q.Name, err)
		}
		if status != http.StatusOK || len(resp.Errors) > 0 {
			return nil, fmt.Errorf("baseline %s: HTTP %d, errors %v", q.Name, status, resp.Errors)
		}
		out[q.Name] = canonical(resp.Data)
	}
	return out, nil
}

// ExemptChangedBy makes one write, asks every query again and takes out of baseline the
// queries whose answer it changed (a count of facilities, say): while a writer adds records
// their answers legitimately move, so a run with a writer sends them but cannot compare
// them. It returns their names, for the report. The write must succeed.
func (c *Client) ExemptChangedBy(ctx context.Context, queries []Query, baseline map[string]string, write func() error) ([]string, error) {
	if err := write(); err != nil {
		return nil, fmt.Errorf("the probe write: %w", err)
	}
	after, err := c.Baseline(ctx, queries)
	if err != nil {
		return nil, err
	}
	var moved []string
	for _, q := range queries {
		if after[q.Name] != baseline[q.Name] {
			moved = append(moved, q.Name)
			delete(baseline, q.Name)
		}
	}
	return moved, nil
}

// canonical re-encodes JSON so that equal data compares equal as text. Search relevance
// scores are left out: Lucene computes them from the whole index, so they move (in the third
// decimal) whenever anything is added to the graph, as the fault run's writer does.
func canonical(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	b, _ := json.Marshal(withoutScores(v))
	return string(b)
}

func withoutScores(v any) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "score")
		for k, e := range x {
			x[k] = withoutScores(e)
		}
	case []any:
		for i, e := range x {
			x[i] = withoutScores(e)
		}
	}
	return v
}

// Load runs clients goroutines, each sending the queries in turn (starting at a different
// one) until ctx is done, and returns every request's sample, in no order, timed from began.
// Answers are compared with baseline.
func (c *Client) Load(ctx context.Context, queries []Query, baseline map[string]string, clients int, began time.Time) []Sample {
	var mu sync.Mutex
	var samples []Sample
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []Sample
			for n := i; ctx.Err() == nil; n++ {
				q := queries[n%len(queries)]
				s := c.measure(q, baseline[q.Name], began)
				s.Client = i
				mine = append(mine, s)
				c.requests.Add(1)
				if s.Outcome != "ok" {
					c.failures.Add(1)
					// A client that failed waits before its next request, as real clients do
					// (and as a load balancer's retry budget would make them): a tight loop
					// of failing requests measures nothing but the loop.
					select {
					case <-ctx.Done():
					case <-time.After(c.Backoff):
					}
				}
			}
			mu.Lock()
			samples = append(samples, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return samples
}

// measure sends one query. It is not bound to the run's context: a request in flight when
// the run ends finishes and counts, so that no sample is cut short.
func (c *Client) measure(q Query, want string, began time.Time) Sample {
	start := time.Now()
	status, resp, err := c.Post(context.Background(), q.Body)
	s := Sample{Query: q.Name, Start: start.Sub(began), Latency: time.Since(start)}
	switch {
	case err != nil && status == 0:
		s.Outcome = "TRANSPORT"
	case resp.Code() != "":
		s.Outcome = resp.Code()
	case status != http.StatusOK:
		s.Outcome = fmt.Sprintf("HTTP_%d", status)
	case err != nil:
		s.Outcome = "UNDECODABLE"
	case want != "" && canonical(resp.Data) != want:
		s.Outcome = "WRONG_ANSWER"
		if c.Mismatches != nil {
			c.Mismatches(q.Name, want, canonical(resp.Data))
		}
	default:
		s.Outcome = "ok"
	}
	return s
}

// Stats summarises samples.
type Stats struct {
	Requests                int
	Seconds                 float64 // the span the samples cover
	Throughput              float64 // requests per second
	P50, P90, P95, P99, Max time.Duration
	Outcomes                map[string]int // "ok" and each error outcome
}

// Errors counts the samples that did not answer correctly.
func (s Stats) Errors() int { return s.Requests - s.Outcomes["ok"] }

// Summarise computes the figures of samples over a span of seconds.
func Summarise(samples []Sample, seconds float64) Stats {
	st := Stats{Requests: len(samples), Seconds: seconds, Outcomes: map[string]int{}}
	if len(samples) == 0 {
		return st
	}
	lat := make([]time.Duration, len(samples))
	for i, s := range samples {
		lat[i] = s.Latency
		st.Outcomes[s.Outcome]++
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	st.P50, st.P90, st.P95, st.P99, st.Max = at(0.50), at(0.90), at(0.95), at(0.99), lat[len(lat)-1]
	if seconds > 0 {
		st.Throughput = float64(len(samples)) / seconds
	}
	return st
}

// ByQuery splits samples by query name.
func ByQuery(samples []Sample) map[string][]Sample {
	out := map[string][]Sample{}
	for _, s := range samples {
		out[s.Query] = append(out[s.Query], s)
	}
	return out
}

// String is the one-line summary the reports print.
func (s Stats) String() string {
	return fmt.Sprintf("%d requests in %.1f s (%.1f/s); latency p50 %s, p90 %s, p99 %s, max %s; errors: %s",
		s.Requests, s.Seconds, s.Throughput, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max), listOutcomes(s.Outcomes))
}

// listOutcomes renders the counts of every outcome but "ok", "UNAVAILABLE 3, WRONG_ANSWER 1",
// or "none".
func listOutcomes(counts map[string]int) string {
	var outcomes []string
	for k, n := range counts {
		if k != "ok" {
			outcomes = append(outcomes, fmt.Sprintf("%s %d", k, n))
		}
	}
	sort.Strings(outcomes)
	if len(outcomes) == 0 {
		return "none"
	}
	return strings.Join(outcomes, ", ")
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

// Metric reads one sample value from a Prometheus text endpoint (the first line whose name
// and labels start with name).
func Metric(ctx context.Context, c *http.Client, url, name string) (float64, error) {
	vs, err := metricValues(ctx, c, url, name)
	if err != nil {
		return 0, err
	}
	return vs[0], nil
}

// MetricSum adds up every series of a metric (a counter over all its labels).
func MetricSum(ctx context.Context, c *http.Client, url, name string) (float64, error) {
	vs, err := metricValues(ctx, c, url, name)
	var sum float64
	for _, v := range vs {
		sum += v
	}
	return sum, err
}

// metricValues returns the values of every series of name, in the endpoint's order; an error
// when there is none.
func metricValues(ctx context.Context, c *http.Client, url, name string) ([]float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	var out []float64
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, name+" ") || strings.HasPrefix(line, name+"{") {
			var v float64
			fields := strings.Fields(line)
			if _, err := fmt.Sscan(fields[len(fields)-1], &v); err == nil {
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("metric " + name + " not found at " + url)
	}
	return out, nil
}
