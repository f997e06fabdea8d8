package dataset_test

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/dataset"
)

// The checks below hold for the whole curated dataset, every file of curated/ as the package
// reads it, whoever wrote the file (by hand or by an importer). Read's own validation already
// refuses unknown references and malformed values; these checks are about what a reader of the
// data relies on: that every fact can be traced to a publication, that the percentages of one
// mineral, stage and year can coexist, and that a timeline of policies does not contradict
// itself. TestCuratedChecksCatch proves that each check fails on a broken copy.

// maxShareSum is the most the published or computed shares of one mineral, stage and year may
// add up to: 100 plus the rounding of the few percentages that publishers round up.
const maxShareSum = 100.5

// documentID matches the identifier of an official document that a source without a web
// address may name instead: a Federal Register citation or document number, a MOFCOM
// announcement, an EU Official Journal reference, a DOI.
var documentID = regexp.MustCompile(`\d+ FR \d+|FR Doc\.? (No\.? )?\d{4}-\d+|Announcement No\. \d+ of \d{4}|OJ L[ ,]|Regulation \(EU\) \d{4}/\d+|10\.\d{4,}/\S+`)

func TestCuratedDataset(t *testing.T) {
	d, err := dataset.Curated()
	require.NoError(t, err)

	t.Run("cites for every figure and policy a source with a publisher and a URL or document id", func(t *testing.T) {
		require.Empty(t, sourceProblems(d))
	})
	t.Run("keeps every percent within 0-100", func(t *testing.T) {
		require.Empty(t, percentProblems(d))
	})
	t.Run("sums the shares of a mineral, stage and year to at most 100.5", func(t *testing.T) {
		require.Empty(t, shareSumProblems(d))
	})
	t.Run("dates no policy before a policy it acts on (a suspension after what it suspends)", func(t *testing.T) {
		require.Empty(t, policyOrderProblems(d))
	})
	t.Run("ends no policy before it starts, and is suspended only once it exists", func(t *testing.T) {
		require.Empty(t, policyEndProblems(d))
	})
}

// TestCuratedChecksCatch breaks one fact of a fresh copy of the curated dataset at a time and
// requires the check that guards it to name the broken record.
func TestCuratedChecksCatch(t *testing.T) {
	fresh := func(t *testing.T) *dataset.Dataset {
		t.Helper()
		d, err := dataset.Curated()
		require.NoError(t, err)
		return d
	}

	t.Run("a source without a publisher", func(t *testing.T) {
		d := fresh(t)
		src := source(t, d, "usgs-mcs-2025-t5")
		src.Publisher = " "
		require.Contains(t, strings.Join(sourceProblems(d), "\n"), "usgs-mcs-2025-t5: no publisher")
	})
	t.Run("a source with neither a web address nor a document id", func(t *testing.T) {
		d := fresh(t)
		src := source(t, d, "covington-2026-02-ustr-critical-minerals-agreement-comments")
		src.URL = "see the notice"
		require.Contains(t, strings.Join(sourceProblems(d), "\n"), "covington-2026-02-ustr-critical-minerals-agreement-comments: no web address")
	})
	t.Run("a source named by an official document instead of a web address", func(t *testing.T) {
		d := fresh(t)
		src := source(t, d, "covington-2026-02-ustr-critical-minerals-agreement-comments")
		src.URL = ""
		src.Title = "Request for comments (91 FR 9876)"
		require.Empty(t, sourceProblems(d), "a document id is enough")
	})
	t.Run("a policy citing a source that does not exist", func(t *testing.T) {
		d := fresh(t)
		policy(t, d, "us-in-critical-minerals-framework-2026").SourceID = "nowhere"
		require.Contains(t, strings.Join(sourceProblems(d), "\n"), `policy us-in-critical-minerals-framework-2026: source "nowhere" is not defined`)
	})
	t.Run("a share above 100 percent", func(t *testing.T) {
		d := fresh(t)
		share(t, d, "cobalt/REFINING/2024/CN").Percent = ptr(100.7)
		require.Equal(t, []string{"share cobalt/REFINING/2024/CN: percent 100.7 is outside 0-100"}, percentProblems(d))
	})
	t.Run("an import share below zero", func(t *testing.T) {
		d := fresh(t)
		require.NotEmpty(t, d.Trade)
		d.Trade[0].ImportShare = ptr(-1)
		require.Len(t, percentProblems(d), 1)
	})
	t.Run("the shares of one mineral, stage and year adding up to more than 100.5", func(t *testing.T) {
		d := fresh(t)
		d.Shares = append(d.Shares, mg.Share{ID: "cobalt/REFINING/2024/FI", MineralID: "cobalt", Stage: mg.StageRefining,
			Year: 2024, CountryCode: "FI", Percent: ptr(23), SourceID: "reuters-2026-02-26-cobalt"})
		require.Contains(t, shareSumProblems(d), "cobalt/REFINING/2024: shares add up to 101 (CN 78, FI 23)")
	})
	t.Run("a suspension dated before the measure it suspends", func(t *testing.T) {
		d := fresh(t)
		s := policy(t, d, "cn-suspension-us-ban-no46-2025")
		s.Announced, s.Effective = day(t, "2024-11-30"), day(t, "2024-11-30")
		require.Contains(t, strings.Join(policyOrderProblems(d), "\n"),
			"cn-suspension-us-ban-no46-2025 (2024-11-30) SUSPENDS cn-export-ban-us-dual-use-2024, which dates from 2024-12-03")
	})
	t.Run("an extension dated before what it extends", func(t *testing.T) {
		d := fresh(t)
		policy(t, d, "cn-export-control-gallium-germanium-2023").Announced = day(t, "2025-01-01")
		require.Contains(t, strings.Join(policyOrderProblems(d), "\n"),
			"cn-export-ban-us-dual-use-2024 (2024-12-03) EXTENDS cn-export-control-gallium-germanium-2023, which dates from 2025-01-01")
	})
	t.Run("a suspended date that no suspension gives", func(t *testing.T) {
		d := fresh(t)
		policy(t, d, "cn-export-ban-us-dual-use-2024").Suspended = day(t, "2025-11-10")
		require.Contains(t, strings.Join(policyOrderProblems(d), "\n"),
			"cn-export-ban-us-dual-use-2024 is marked suspended on 2025-11-10, but what suspends it starts on 2025-11-09")
	})
	t.Run("a policy that expires before it is announced", func(t *testing.T) {
		d := fresh(t)
		policy(t, d, "cn-suspension-october-2025-controls").Expires = day(t, "2025-11-06")
		require.Contains(t, strings.Join(policyEndProblems(d), "\n"),
			"cn-suspension-october-2025-controls: expires 2025-11-06 before its start 2025-11-07")
	})
	t.Run("a policy suspended before it was announced", func(t *testing.T) {
		d := fresh(t)
		policy(t, d, "cn-export-control-five-heavy-rare-earths-2025").Suspended = day(t, "2025-10-01")
		require.Contains(t, strings.Join(policyEndProblems(d), "\n"),
			"cn-export-control-five-heavy-rare-earths-2025: suspended 2025-10-01 before it was announced 2025-10-09")
	})
}

// sourceProblems lists the facts whose source is missing, has no publisher, or can be found
// neither by a web address nor by an official document id.
func sourceProblems(d *dataset.Dataset) []string {
	var out []string
	sources := map[string]mg.Source{}
	for _, s := range d.Sources {
		sources[s.ID] = s
		if strings.TrimSpace(s.Publisher) == "" {
			out = append(out, fmt.Sprintf("source %s: no publisher", s.ID))
		}
		if !webAddress(s.URL) && !documentID.MatchString(s.Title) && !documentID.MatchString(s.Note) {
			out = append(out, fmt.Sprintf("source %s: no web address (%q) and no document id in its title or note", s.ID, s.URL))
		}
	}
	cites := func(kind, id, src string) {
		if _, ok := sources[src]; !ok {
			out = append(out, fmt.Sprintf("%s %s: source %q is not defined", kind, id, src))
		}
	}
	for _, s := range d.Shares {
		cites("share", s.ID, s.SourceID)
	}
	for _, w := range d.World {
		cites("world total", w.ID, w.SourceID)
	}
	for _, r := range d.Reliance {
		cites("reliance", r.ID, r.SourceID)
	}
	for _, l := range d.Trade {
		cites("trade link", l.ID, l.SourceID)
	}
	for _, f := range d.Facilities {
		cites("facility", f.ID, f.SourceID)
	}
	for _, p := range d.Policies {
		cites("policy", p.ID, p.SourceID)
	}
	for _, l := range d.Lists {
		cites("list", l.ID, l.SourceID)
	}
	for _, b := range d.Blocs {
		cites("bloc", b.ID, b.SourceID)
	}
	for _, e := range d.EndUses {
		cites("end uses", e.MineralID, e.SourceID)
	}
	return out
}

func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// percentProblems lists shares and import shares outside 0-100.
func percentProblems(d *dataset.Dataset) []string {
	var out []string
	outside := func(p *float64) bool { return p != nil && (*p < 0 || *p > 100) }
	for _, s := range d.Shares {
		if outside(s.Percent) {
			out = append(out, fmt.Sprintf("share %s: percent %v is outside 0-100", s.ID, *s.Percent))
		}
	}
	for _, l := range d.Trade {
		if outside(l.ImportShare) {
			out = append(out, fmt.Sprintf("trade link %s: import share %v is outside 0-100", l.ID, *l.ImportShare))
		}
	}
	return out
}

// shareSumProblems lists the minerals, stages and years whose shares (published or computed,
// from whichever sources) add up to more than maxShareSum.
func shareSumProblems(d *dataset.Dataset) []string {
	type key struct {
		mineral string
		stage   mg.Stage
		year    int
	}
	sums := map[key]float64{}
	parts := map[key][]string{}
	for _, s := range d.Shares {
		if s.Percent == nil {
			continue
		}
		k := key{s.MineralID, s.Stage, s.Year}
		sums[k] += *s.Percent
		parts[k] = append(parts[k], fmt.Sprintf("%s %v", s.CountryCode, *s.Percent))
	}
	var out []string
	for k, sum := range sums {
		if sum > maxShareSum+1e-9 { // the percents are decimals; float addition must not push 100.5 over
			sort.Strings(parts[k])
			out = append(out, fmt.Sprintf("%s/%s/%d: shares add up to %v (%s)", k.mineral, k.stage, k.year, round1(sum), strings.Join(parts[k], ", ")))
		}
	}
	sort.Strings(out)
	return out
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// start is the first day a policy existed: the day it was announced or, where no source gives
// it, the day it took effect; nil when neither is known.
func start(p mg.Policy) *mg.Date {
	if p.Announced != nil {
		return p.Announced
	}
	return p.Effective
}

// inEffect is the day a policy began to act: its effective date, else its announcement.
func inEffect(p mg.Policy) *mg.Date {
	if p.Effective != nil {
		return p.Effective
	}
	return p.Announced
}

// policyOrderProblems lists relations that run backwards in time: a policy that suspends,
// extends, amends, replaces, implements or follows another cannot predate it. A suspension may
// take effect before the measure it suspends does (China suspended some of its October 2025
// controls the day before they were to apply), so what counts for the target is the day it was
// announced. A policy marked suspended on a day must be suspended by a policy that starts then.
func policyOrderProblems(d *dataset.Dataset) []string {
	byID := map[string]mg.Policy{}
	for _, p := range d.Policies {
		byID[p.ID] = p
	}
	suspenders := map[string][]mg.Policy{}
	var out []string
	for _, p := range d.Policies {
		for _, l := range p.Links {
			q, ok := byID[l.PolicyID]
			if !ok {
				continue // Read refuses unknown targets
			}
			if l.Relation == mg.RelSuspends {
				suspenders[q.ID] = append(suspenders[q.ID], p)
			}
			from, to := start(p), start(q)
			if from != nil && to != nil && from.Before(to.Time) {
				out = append(out, fmt.Sprintf("%s (%s) %s %s, which dates from %s", p.ID, from, l.Relation, q.ID, to))
			}
		}
	}
	for _, q := range d.Policies {
		ss := suspenders[q.ID]
		if q.Suspended == nil || len(ss) == 0 {
			continue
		}
		var starts []string
		agrees := false
		for _, s := range ss {
			if e := inEffect(s); e != nil {
				starts = append(starts, e.String())
				agrees = agrees || e.Equal(q.Suspended.Time)
			}
		}
		if !agrees {
			out = append(out, fmt.Sprintf("%s is marked suspended on %s, but what suspends it starts on %s", q.ID, q.Suspended, strings.Join(starts, ", ")))
		}
	}
	for _, p := range d.Policies {
		if p.Type == mg.PolicySuspension && !suspends(p) {
			out = append(out, fmt.Sprintf("%s is a suspension that SUSPENDS no policy", p.ID))
		}
	}
	sort.Strings(out)
	return out
}

func suspends(p mg.Policy) bool {
	for _, l := range p.Links {
		if l.Relation == mg.RelSuspends {
			return true
		}
	}
	return false
}

// policyEndProblems lists policies that end before they start or are suspended before they
// were announced.
func policyEndProblems(d *dataset.Dataset) []string {
	var out []string
	for _, p := range d.Policies {
		if p.Expires != nil {
			for _, s := range []*mg.Date{p.Announced, p.Effective} {
				if s != nil && p.Expires.Before(s.Time) {
					out = append(out, fmt.Sprintf("%s: expires %s before its start %s", p.ID, p.Expires, s))
					break
				}
			}
		}
		if p.Suspended != nil && p.Announced != nil && p.Suspended.Before(p.Announced.Time) {
			out = append(out, fmt.Sprintf("%s: suspended %s before it was announced %s", p.ID, p.Suspended, p.Announced))
		}
	}
	return out
}

func source(t *testing.T, d *dataset.Dataset, id string) *mg.Source {
	return byID(t, d.Sources, func(s mg.Source) string { return s.ID }, id)
}

func policy(t *testing.T, d *dataset.Dataset, id string) *mg.Policy {
	return byID(t, d.Policies, func(p mg.Policy) string { return p.ID }, id)
}

func share(t *testing.T, d *dataset.Dataset, id string) *mg.Share {
	return byID(t, d.Shares, func(s mg.Share) string { return s.ID }, id)
}

// byID returns the record of list whose key is id (so that a test can break it), failing
// the test when there is none.
func byID[T any](t *testing.T, list []T, key func(T) string, id string) *T {
	t.Helper()
	for i := range list {
		if key(list[i]) == id {
			return &list[i]
		}
	}
	t.Fatalf("no %T %s", *new(T), id)
	return nil
}

func day(t *testing.T, s string) *mg.Date {
	t.Helper()
	d, err := mg.ParseDate(s)
	require.NoError(t, err)
	return &d
}

func ptr(f float64) *float64 { return &f }
