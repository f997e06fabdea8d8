package dataset

import (
	"fmt"
	"sort"
	"strings"
)

// Summary tells what an importer made of a publisher's files, so that nothing is dropped
// silently: every item read (a row, or a figure of a file whose rows hold several) ends in
// exactly one of five places, and Balanced checks that they add up.
//
//   - Mapped: it became a record of the dataset;
//   - Merged: its content is in a record another item made (the mirror report of a flow,
//     the same row in two extracts, a breakdown of a total that is kept, a figure a later
//     edition revises), with the reason;
//   - Used: it is not a record, but records are computed from it (a World total that
//     partners' import shares divide by), with what for;
//   - Unmapped: a name the mapping tables do not know, with the name;
//   - Skipped: left out on purpose, with the reason.
//
// Names the tables do not know in items that were imported all the same (a facility type
// imported as PROCESSING_PLANT, a commodity kept as written) are counted in UnknownNames,
// which is not one of the five.
type Summary struct {
	Files    int
	Items    string         // what Read counts: "rows" (the default) or "figures"
	Read     int            // items read
	Mapped   int            // items that became records of the dataset
	Merged   map[string]int // reasons items were folded into another item's record, with counts
	Used     map[string]int // what items that are no record were used for, with counts
	Unmapped map[string]int // names the mapping tables do not know, with how often they occurred
	Skipped  map[string]int // reasons items were left out on purpose, with counts
	// UnknownNames counts names the mapping tables do not know in items imported all the same.
	UnknownNames map[string]int
}

func newSummary(items string) Summary {
	return Summary{Items: items, Merged: map[string]int{}, Used: map[string]int{}, Unmapped: map[string]int{}, Skipped: map[string]int{},
		UnknownNames: map[string]int{}}
}

func (s *Summary) unmapped(name string) { s.Unmapped[name]++ }
func (s *Summary) skip(reason string)   { s.Skipped[reason]++ }
func (s *Summary) merge(reason string)  { s.Merged[reason]++ }
func (s *Summary) use(what string)      { s.Used[what]++ }
func (s *Summary) unknown(name string)  { s.UnknownNames[name]++ }

// Merge adds o's counts to s.
func (s *Summary) Merge(o Summary) {
	if s.Unmapped == nil {
		*s = newSummary(o.Items)
	}
	if s.Items == "" {
		s.Items = o.Items
	}
	s.Files += o.Files
	s.Read += o.Read
	s.Mapped += o.Mapped
	for _, part := range []struct{ into, from map[string]int }{
		{s.Merged, o.Merged}, {s.Used, o.Used}, {s.Unmapped, o.Unmapped}, {s.Skipped, o.Skipped}, {s.UnknownNames, o.UnknownNames},
	} {
		for k, v := range part.from {
			part.into[k] += v
		}
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Balanced returns nil when every item read is accounted for exactly once (mapped, merged,
// used, unmapped or skipped), and an error saying by how much the counts differ otherwise.
func (s Summary) Balanced() error {
	accounted := s.Mapped + total(s.Merged) + total(s.Used) + total(s.Unmapped) + total(s.Skipped)
	if accounted != s.Read {
		return fmt.Errorf("summary does not add up: %d %s read, %d accounted for (%d mapped, %d merged, %d used, %d unmapped, %d skipped)",
			s.Read, s.items(), accounted, s.Mapped, total(s.Merged), total(s.Used), total(s.Unmapped), total(s.Skipped))
	}
	return nil
}

func (s Summary) items() string {
	if s.Items == "" {
		return "rows"
	}
	return s.Items
}

func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %d %s from %d file(s): %d became records, %d merged into other records, %d used, %d unmapped, %d skipped",
		s.Read, s.items(), s.Files, s.Mapped, total(s.Merged), total(s.Used), total(s.Unmapped), total(s.Skipped))
	for _, part := range []struct {
		title string
		m     map[string]int
	}{{"merged", s.Merged}, {"used", s.Used}, {"unmapped", s.Unmapped}, {"skipped", s.Skipped},
		{"imported with names the tables do not know", s.UnknownNames}} {
		if len(part.m) == 0 {
			continue
		}
		keys := make([]string, 0, len(part.m))
		for k := range part.m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if part.m[keys[i]] != part.m[keys[j]] {
				return part.m[keys[i]] > part.m[keys[j]]
			}
			return keys[i] < keys[j]
		})
		fmt.Fprintf(&b, "\n%s: %d", part.title, total(part.m))
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
