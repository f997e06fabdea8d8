package dataset

import (
	"fmt"
	"sort"
	"strings"
)

// Summary tells what an importer made of a publisher's files: how many records it read, how
// many it turned into records of the graph, and what it could not map or chose to skip, with
// counts, so that nothing is dropped silently.
type Summary struct {
	Files    int
	Read     int            // data rows or records read
	Mapped   int            // rows that became records of the dataset
	Unmapped map[string]int // names the mapping tables do not know, with how often they occurred
	Skipped  map[string]int // reasons rows were left out on purpose, with counts
}

func newSummary() Summary {
	return Summary{Unmapped: map[string]int{}, Skipped: map[string]int{}}
}

func (s *Summary) unmapped(name string) { s.Unmapped[name]++ }
func (s *Summary) skip(reason string)   { s.Skipped[reason]++ }

// Merge adds o's counts to s.
func (s *Summary) Merge(o Summary) {
	if s.Unmapped == nil {
		*s = newSummary()
	}
	s.Files += o.Files
	s.Read += o.Read
	s.Mapped += o.Mapped
	for k, v := range o.Unmapped {
		s.Unmapped[k] += v
	}
	for k, v := range o.Skipped {
		s.Skipped[k] += v
	}
}

func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d rows from %d file(s); %d became records", s.Read, s.Files, s.Mapped)
	for _, part := range []struct {
		title string
		m     map[string]int
	}{{"unmapped", s.Unmapped}, {"skipped", s.Skipped}} {
		if len(part.m) == 0 {
			continue
		}
		keys := make([]string, 0, len(part.m))
		total := 0
		for k, v := range part.m {
			keys = append(keys, k)
			total += v
		}
		sort.Slice(keys, func(i, j int) bool {
			if part.m[keys[i]] != part.m[keys[j]] {
				return part.m[keys[i]] > part.m[keys[j]]
			}
			return keys[i] < keys[j]
		})
		fmt.Fprintf(&b, "\n%s: %d", part.title, total)
		for i, k := range keys {
			if i == 25 {
				fmt.Fprintf(&b, "\n  ... and %d more", len(keys)-25)
				break
			}
			fmt.Fprintf(&b, "\n  %6d  %s", part.m[k], k)
		}
	}
	return b.String()
}
