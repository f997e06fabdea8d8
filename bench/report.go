package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Report is one run of the benchmark: every figure, as the JSON file holds them.
type Report struct {
	Date    string `json:"date"`
	Machine string `json:"machine"`
	// OurProcs is our server's GOMAXPROCS (-procs); 0 is Go's default, as in every run
	// before this field existed, whose files decode to 0.
	OurProcs    int     `json:"our_server_procs"`
	Concurrency int     `json:"concurrency"`
	Duration    string  `json:"duration_per_side"`
	Rounds      int     `json:"stretches_per_side"`
	Settle      string  `json:"settle_per_graph"`
	Seconds     float64 `json:"total_seconds"`
	Graphs      []Graph `json:"graphs"`
}

// Graph is the mix measured on one graph.
type Graph struct {
	Name          string `json:"name"`
	Description   string `json:"description"`
	Nodes         int64  `json:"nodes"`
	Relationships int64  `json:"relationships"`
	Questions     []Row  `json:"questions"`
}

// Row is one question on one graph: each side's figures and our round trips per request.
type Row struct {
	Name       string  `json:"name"`
	About      string  `json:"about"`
	Rows       int     `json:"rows"`
	Ours       Side    `json:"ours"`
	RoundTrips float64 `json:"ours_round_trips_per_request"`
	Peer       Side    `json:"peer"`
	Floor      *Side   `json:"floor,omitempty"`
	// DBHits is the database hits of the plans of the Cypher our server sends for the
	// question (PROFILE); FloorDBHits, of the floor's query.
	DBHits      int64 `json:"ours_db_hits"`
	FloorDBHits int64 `json:"floor_db_hits,omitempty"`
}

func (r Row) line() string {
	s := fmt.Sprintf("%-14s ours %7.1f/s p50 %6.1f p99 %6.1f ms (%.1f round trips)  peer %7.1f/s p50 %6.1f p99 %6.1f ms  ratio %.1fx",
		r.Name, r.Ours.Throughput, r.Ours.P50, r.Ours.P99, r.RoundTrips, r.Peer.Throughput, r.Peer.P50, r.Peer.P99, ratio(r.Ours.Throughput, r.Peer.Throughput))
	if r.Floor != nil {
		s += fmt.Sprintf("  floor %7.1f/s p50 %6.1f ms", r.Floor.Throughput, r.Floor.P50)
	}
	return s
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// markdown renders the report as the tables bench/README.md quotes.
func (r Report) markdown() string {
	var b strings.Builder
	procs := "Go's default GOMAXPROCS"
	if r.OurProcs > 0 {
		procs = fmt.Sprintf("GOMAXPROCS=%d", r.OurProcs)
	}
	fmt.Fprintf(&b, "Run %s on %s; our server on %s; each graph settled for %s first; %d concurrent clients, %s per side and question in %d stretches taken in turn with the other sides', each after a warm-up; whole run %.0f s.\n",
		r.Date, r.Machine, procs, r.Settle, r.Concurrency, r.Duration, r.Rounds, r.Seconds)
	for _, g := range r.Graphs {
		fmt.Fprintf(&b, "\n**%s** (%s; %d nodes, %d relationships)\n\n", g.Name, g.Description, g.Nodes, g.Relationships)
		b.WriteString("| question | rows | ours req/s | ours p50 / p95 / p99 ms | round trips | peer req/s | peer p50 / p95 / p99 ms | ours ÷ peer | floor req/s | floor p50 ms | errors (ours/peer) |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, q := range g.Questions {
			floor, floorP50 := "", ""
			if q.Floor != nil {
				floor, floorP50 = fmt.Sprintf("%.0f", q.Floor.Throughput), fmt.Sprintf("%.1f", q.Floor.P50)
			}
			fmt.Fprintf(&b, "| %s | %d | %.0f | %.1f / %.1f / %.1f | %.1f | %.0f | %.1f / %.1f / %.1f | %.1f× | %s | %s | %d / %d |\n",
				q.About, q.Rows, q.Ours.Throughput, q.Ours.P50, q.Ours.P95, q.Ours.P99, q.RoundTrips,
				q.Peer.Throughput, q.Peer.P50, q.Peer.P95, q.Peer.P99, ratio(q.Ours.Throughput, q.Peer.Throughput),
				floor, floorP50, q.Ours.Errors, q.Peer.Errors)
		}
		b.WriteString("\nProcessor time per request, ms (user and system, from /proc): each server's, Neo4j's while each side ran, and the load generator's own (its HTTP clients; for the floor, its driver); the database hits of one answer's plans (PROFILE), and each server's largest resident size while the question ran:\n\n")
		b.WriteString("| question | ours: server | ours: Neo4j | peer: server | peer: Neo4j | clients: ours / peer | floor: Neo4j / driver | db hits: ours | db hits: floor | memory MiB: ours / peer |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, q := range g.Questions {
			floor, floorHits := "", ""
			if q.Floor != nil {
				floor, floorHits = fmt.Sprintf("%.2f / %.2f", q.Floor.Neo4jCPU, q.Floor.ClientCPU), fmt.Sprint(q.FloorDBHits)
			}
			fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %s | %d | %s | %.1f / %.0f |\n", q.About, q.Ours.ServerCPU, q.Ours.Neo4jCPU, q.Peer.ServerCPU, q.Peer.Neo4jCPU,
				q.Ours.ClientCPU, q.Peer.ClientCPU, floor, q.DBHits, floorHits, float64(q.Ours.RSS)/(1<<20), float64(q.Peer.RSS)/(1<<20))
		}
		var ours, peer int64
		for _, q := range g.Questions {
			ours, peer = max(ours, q.Ours.RSS), max(peer, q.Peer.RSS)
		}
		fmt.Fprintf(&b, "\nMemory under load (largest resident size): ours %.0f MiB, peer %.0f MiB.\n", float64(ours)/(1<<20), float64(peer)/(1<<20))
	}
	return b.String()
}

// write prints the tables and saves them with the JSON under dir, named by date.
func (r Report) write(dir string) error {
	md := r.markdown()
	fmt.Println()
	fmt.Print(md)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	name := filepath.Join(dir, r.Date)
	if err := os.WriteFile(name+".json", raw, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(name+".md", []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Printf("\nwritten: %s.json and %s.md\n", name, name)
	return nil
}
