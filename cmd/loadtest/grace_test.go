package main

import (
	"testing"
	"time"
)

func TestFaultGrace(t *testing.T) {
	for _, c := range []struct {
		name                 string
		grace, after, cold   time.Duration
		wantGrace, wantAfter time.Duration
	}{
		{"a fast machine keeps the grace asked for", 45 * time.Second, 60 * time.Second, 10 * time.Second, 45 * time.Second, 60 * time.Second},
		{"a slow machine gets three cold passes, and the load goes on 15 s past them", 45 * time.Second, 60 * time.Second, 20 * time.Second, 60 * time.Second, 75 * time.Second},
		{"an after-phase shorter than the grace is lengthened", 30 * time.Second, 20 * time.Second, time.Second, 30 * time.Second, 45 * time.Second},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, a := faultGrace(c.grace, c.after, c.cold)
			if g != c.wantGrace || a != c.wantAfter {
				t.Errorf("faultGrace(%s, %s, %s) = %s, %s; want %s, %s", c.grace, c.after, c.cold, g, a, c.wantGrace, c.wantAfter)
			}
		})
	}
}
