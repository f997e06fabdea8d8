package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Fault is a load run during which the database goes away and comes back: readers send the
// documented queries, one writer adds facilities through the API, and a poller watches
// /readyz, while Stop takes Neo4j away after Before and Start brings it back after Outage.
type Fault struct {
	Readers  *Client // anonymous clients
	Writer   *Client // a client with a write key
	Base     string  // the server's base URL, for /readyz, /healthz and /metrics
	Queries  []Query
	Baseline map[string]string
	Clients  int
	Before   time.Duration // load before the outage
	Outage   time.Duration // how long Neo4j stays away
	After    time.Duration // load after Neo4j accepts connections again
	// Grace is how soon after Neo4j is back every answer must be correct again.
	Grace time.Duration
	// Deadline is the server's request deadline: no request may take longer (plus a second).
	Deadline time.Duration
	Stop     func() error // takes Neo4j away (a crash: SIGKILL)
	Start    func() error // starts it again and returns once it accepts connections
	RunID    string       // makes this run's facility ids unique
}

// ReadyChange is a change of /readyz's answer.
type ReadyChange struct {
	At     time.Duration
	Status int // 0: no answer
}

// WriteCheck classifies the writer's facilities after the run, as the graph holds them.
type WriteCheck struct {
	Attempted, Acknowledged int
	// Whole: the facility with all its links and exactly one audit record. Absent: neither.
	// Partial: anything else, which an atomic write never leaves.
	WholeAcknowledged, WholeUnacknowledged, Absent, Partial int
	// Lost counts acknowledged writes not found whole: they must not exist.
	Lost     int
	Problems []string
}

// FaultReport is what a fault run measured.
type FaultReport struct {
	DownAt, BackAt        time.Duration // when Stop was called, when Start returned
	Before, During, After Stats         // readers: before the outage, while Neo4j was away or starting, after
	InGrace, AfterGrace   Stats         // After split at BackAt+Grace
	FirstCorrect          time.Duration // from BackAt to the end of the first correct answer
	LastError             time.Duration // from BackAt to the start of the last failed request (0: none)
	Ready                 []ReadyChange
	Writes                WriteCheck
	GoroutinesBefore      float64 // the server's, idle, before the run
	GoroutinesAfter       float64 // idle again after it
	OpenFDsBefore         float64
	OpenFDsAfter          float64
	HealthyAfter          bool // /healthz answered 200 after the run
	Problems              []string
}

// OK reports whether the run met every criterion.
func (r FaultReport) OK() bool { return len(r.Problems) == 0 }

// Run performs the fault run and checks its criteria (listed in Problems when unmet).
func (f Fault) Run(ctx context.Context) (FaultReport, error) {
	var r FaultReport
	metrics := func(name string) float64 {
		v, _ := Metric(ctx, f.Readers.HTTP, f.Base+"/metrics", name)
		return v
	}
	f.Readers.HTTP.CloseIdleConnections()
	r.GoroutinesBefore = settle(ctx, func() float64 { return metrics("go_goroutines") }, 0)
	r.OpenFDsBefore = metrics("process_open_fds")

	began := time.Now()
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	var wg sync.WaitGroup
	var samples []Sample
	wg.Add(3)
	go func() { defer wg.Done(); samples = f.Readers.Load(loadCtx, f.Queries, f.Baseline, f.Clients, began) }()
	var writes []write
	// Writes need not be as fast as possible: a steady trickle is what curators send.
	go func() { defer wg.Done(); writes = writeFacilities(loadCtx, f.Writer, f.RunID, 20*time.Millisecond) }()
	go func() { defer wg.Done(); r.Ready = f.pollReady(loadCtx, began) }()

	if err := sleep(ctx, f.Before); err != nil {
		return r, err
	}
	r.DownAt = time.Since(began)
	if err := f.Stop(); err != nil {
		return r, fmt.Errorf("stopping Neo4j: %w", err)
	}
	if err := sleep(ctx, f.Outage); err != nil {
		return r, err
	}
	if err := f.Start(); err != nil {
		return r, fmt.Errorf("starting Neo4j again: %w", err)
	}
	r.BackAt = time.Since(began)
	if err := sleep(ctx, f.After); err != nil {
		return r, err
	}
	stopLoad()
	wg.Wait()

	f.analyse(&r, samples)
	r.Writes = checkWrites(ctx, f.Readers, writes)
	r.Problems = append(r.Problems, r.Writes.Problems...)

	f.Readers.HTTP.CloseIdleConnections()
	f.Writer.HTTP.CloseIdleConnections()
	r.GoroutinesAfter = settle(ctx, func() float64 { return metrics("go_goroutines") }, r.GoroutinesBefore+10)
	r.OpenFDsAfter = metrics("process_open_fds")
	if r.GoroutinesAfter > r.GoroutinesBefore+10 {
		r.Problems = append(r.Problems, fmt.Sprintf("goroutines: %.0f idle before the run, %.0f after: a leak", r.GoroutinesBefore, r.GoroutinesAfter))
	}
	if res, err := f.Readers.HTTP.Get(f.Base + "/healthz"); err == nil {
		res.Body.Close()
		r.HealthyAfter = res.StatusCode == http.StatusOK
	}
	if !r.HealthyAfter {
		r.Problems = append(r.Problems, "/healthz does not answer 200 after the run: the server died")
	}
	return r, nil
}

// analyse splits the readers' samples by phase and checks the criteria on each.
func (f Fault) analyse(r *FaultReport, samples []Sample) {
	var before, during, after, inGrace, afterGrace []Sample
	graceEnd := r.BackAt + f.Grace
	r.FirstCorrect = -1
	for _, s := range samples {
		switch {
		case s.Start+s.Latency < r.DownAt: // answered before the kill; one in flight then counts as during
			before = append(before, s)
		case s.Start < r.BackAt:
			during = append(during, s)
		default:
			after = append(after, s)
			if s.Start < graceEnd {
				inGrace = append(inGrace, s)
			} else {
				afterGrace = append(afterGrace, s)
			}
		}
		if s.Outcome != "ok" && s.Start >= r.BackAt && s.Start-r.BackAt > r.LastError {
			r.LastError = s.Start - r.BackAt
		}
		if s.Outcome == "ok" && s.Start >= r.DownAt {
			if end := s.Start + s.Latency - r.BackAt; end >= 0 && (r.FirstCorrect < 0 || end < r.FirstCorrect) {
				r.FirstCorrect = end
			}
		}
	}
	r.Before = Summarise(before, r.DownAt.Seconds())
	r.During = Summarise(during, (r.BackAt - r.DownAt).Seconds())
	r.After = Summarise(after, f.After.Seconds())
	r.InGrace = Summarise(inGrace, f.Grace.Seconds())
	r.AfterGrace = Summarise(afterGrace, (f.After - f.Grace).Seconds())

	if n := r.Before.Errors(); n > 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("before the outage: %d errors (%s)", n, r.Before))
	}
	for outcome, n := range r.During.Outcomes {
		if outcome != "ok" && outcome != "UNAVAILABLE" {
			r.Problems = append(r.Problems, fmt.Sprintf("during the outage: %d answers %s; every failure must be UNAVAILABLE", n, outcome))
		}
	}
	if r.During.Max > f.Deadline+time.Second {
		r.Problems = append(r.Problems, fmt.Sprintf("during the outage a request took %s, past the %s deadline", ms(r.During.Max), f.Deadline))
	}
	if r.During.Outcomes["UNAVAILABLE"] == 0 {
		r.Problems = append(r.Problems, "no request failed during the outage: was Neo4j stopped?")
	}
	if r.FirstCorrect < 0 {
		r.Problems = append(r.Problems, "no correct answer after Neo4j came back")
	}
	if n := r.AfterGrace.Errors(); n > 0 || r.AfterGrace.Requests == 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("more than %s after Neo4j came back: %d errors of %d requests", f.Grace, n, r.AfterGrace.Requests))
	}
	sawDown := false
	for _, c := range r.Ready {
		if c.At >= r.DownAt && c.At < r.BackAt && c.Status != http.StatusOK {
			sawDown = true
		}
	}
	if !sawDown {
		r.Problems = append(r.Problems, "/readyz never turned red while Neo4j was away")
	}
	if n := len(r.Ready); n == 0 || r.Ready[n-1].Status != http.StatusOK {
		r.Problems = append(r.Problems, "/readyz is not green at the end")
	}
}

// pollReady asks /readyz every 200 ms and records each change of answer.
func (f Fault) pollReady(ctx context.Context, began time.Time) []ReadyChange {
	client := &http.Client{Timeout: 3 * time.Second}
	var out []ReadyChange
	last := -1
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		status := 0
		if res, err := client.Get(f.Base + "/readyz"); err == nil {
			status = res.StatusCode
			res.Body.Close()
		}
		if status != last {
			out = append(out, ReadyChange{At: time.Since(began), Status: status})
			last = status
		}
		select {
		case <-ctx.Done():
			return out
		case <-tick.C:
		}
	}
}

type write struct {
	id      string
	ok      bool
	outcome string
}

const upsertFacility = `mutation Fault($in: FacilityInput!) { upsertFacility(input: $in) { audit { id } } }`

// writeFacilities adds facilities through the API one after another, pausing between them,
// until ctx is done, and records which the API acknowledged. runID makes the ids unique.
func writeFacilities(ctx context.Context, writer *Client, runID string, pause time.Duration) []write {
	var out []write
	for n := 0; ctx.Err() == nil; n++ {
		out = append(out, writeFacility(writer, fmt.Sprintf("fault-%s-%d", runID, n), runID))
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
	}
	return out
}

// ProbeWrite adds one facility through writer, as the runs' writers do, for
// Client.ExemptChangedBy.
func ProbeWrite(writer *Client, runID string) func() error {
	return func() error {
		if w := writeFacility(writer, "fault-"+runID+"-probe", runID); !w.ok {
			return fmt.Errorf("not acknowledged: %s", w.outcome)
		}
		return nil
	}
}

// writeFacility adds one facility through the API and records whether it was acknowledged.
func writeFacility(writer *Client, id, runID string) write {
	body, _ := json.Marshal(map[string]any{"query": upsertFacility, "variables": map[string]any{"in": map[string]any{
		"id": id, "name": "Fault test plant " + id, "type": "REFINERY", "country": "DE", "minerals": []string{"helium"},
		// Helium in Germany: no documented query asks about it, so the readers' answers stay
		// comparable with their baseline while the writer adds facilities.
		"status": "PLANNED", "operator": "Fault Test Operator " + runID, "source": "usgs-mcs-2025-t4",
	}}})
	status, resp, err := writer.Post(context.Background(), body)
	w := write{id: id, ok: err == nil && status == http.StatusOK && len(resp.Errors) == 0}
	w.outcome = resp.Code()
	if err != nil {
		w.outcome = "TRANSPORT"
	}
	return w
}

const checkWrite = `query Check($id: ID!) {
  facility(id: $id) { minerals { id } country { code } source { id } operator { id } }
  auditLog(where: { recordId: $id }) { totalCount }
}`

// checkWrites reads back, through readers, every facility the writer tried to add.
func checkWrites(ctx context.Context, readers *Client, writes []write) WriteCheck {
	var c WriteCheck
	c.Attempted = len(writes)
	for _, w := range writes {
		if w.ok {
			c.Acknowledged++
		}
		body, _ := json.Marshal(map[string]any{"query": checkWrite, "variables": map[string]any{"id": w.id}})
		_, resp, err := readers.Post(ctx, body)
		if err != nil {
			c.Problems = append(c.Problems, fmt.Sprintf("reading back %s: %v", w.id, err))
			continue
		}
		var got struct {
			Facility *struct {
				Minerals []struct{ ID string }
				Country  *struct{ Code string }
				Source   *struct{ ID string }
				Operator *struct{ ID string }
			}
			AuditLog struct{ TotalCount int }
		}
		_ = json.Unmarshal(resp.Data, &got)
		exists := got.Facility != nil
		whole := exists && len(got.Facility.Minerals) == 1 && got.Facility.Country != nil && got.Facility.Source != nil &&
			got.Facility.Operator != nil && got.AuditLog.TotalCount == 1
		switch {
		case whole && w.ok:
			c.WholeAcknowledged++
		case whole:
			c.WholeUnacknowledged++ // committed, but the answer was lost with the connection
		case !exists && got.AuditLog.TotalCount == 0 && (resp.Code() == "NOT_FOUND"):
			c.Absent++
			if w.ok {
				c.Lost++
			}
		default:
			c.Partial++
			c.Problems = append(c.Problems, fmt.Sprintf("write %s is partial: %s", w.id, strings.TrimSpace(string(resp.Data))))
		}
	}
	if c.Lost > 0 {
		c.Problems = append(c.Problems, fmt.Sprintf("%d acknowledged writes are missing", c.Lost))
	}
	if c.Acknowledged == 0 {
		c.Problems = append(c.Problems, "the writer never succeeded")
	}
	return c
}

// settle reads a gauge until it is at most target (or, with target 0, until two readings a
// second apart agree), for at most 15 s: idle connections take a moment to close.
func settle(ctx context.Context, read func() float64, target float64) float64 {
	v := read()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); {
		if err := sleep(ctx, time.Second); err != nil {
			return v
		}
		next := read()
		if (target > 0 && next <= target) || (target == 0 && next == v) {
			return next
		}
		v = next
	}
	return v
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
