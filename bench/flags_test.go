package main

import (
	"strings"
	"testing"
)

func TestPick(t *testing.T) {
	known := []string{"search", "mapPage", "headline"}
	got, err := pick("-only", " search, mapPage ", known)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got["search"] || !got["mapPage"] || got["headline"] {
		t.Errorf("pick(search, mapPage) = %v", got)
	}
	if got, err := pick("-only", "", known); got != nil || err != nil {
		t.Errorf("pick of nothing = %v, %v; want nil, nil (the whole mix)", got, err)
	}
	_, err = pick("-only", "search,serach", known)
	if err == nil || !strings.Contains(err.Error(), `no "serach"`) || !strings.Contains(err.Error(), "search, mapPage, headline") {
		t.Errorf("a misspelt name: %v; want an error naming it and the names there are", err)
	}
}

func TestRefusesUnknownNames(t *testing.T) {
	for _, args := range [][]string{{"-only", "nope"}, {"-graphs", "nope"}} {
		if err := run(args); err == nil || !strings.Contains(err.Error(), `no "nope"`) {
			t.Errorf("run(%v) = %v; want a refusal naming the bad name", args, err)
		}
	}
}

// A run of part of the mix is for working on it: its tables must not replace the day's.
func TestPartial(t *testing.T) {
	both := map[string]bool{"curated": true, "grown": true}
	for _, c := range []struct {
		o    options
		want bool
	}{
		{options{graphs: both}, false},
		{options{graphs: both, only: map[string]bool{"search": true}}, true},
		{options{graphs: map[string]bool{"grown": true}}, true},
	} {
		if got := c.o.partial(); got != c.want {
			t.Errorf("partial(only %v, graphs %v) = %v, want %v", c.o.only, c.o.graphs, got, c.want)
		}
	}
}

func TestRefusesNegativeProcs(t *testing.T) {
	if err := run([]string{"-procs", "-1"}); err == nil || !strings.Contains(err.Error(), "-procs -1") {
		t.Errorf("run(-procs -1) = %v; want a refusal naming the flag", err)
	}
}
