package store

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
)

// FuzzMineralWhere proves that the filter compiler keeps a user's values out of the Cypher it
// writes: they travel as parameters only. It needs no Neo4j; the compiler is a pure function.
//
// Checking that no user string occurs in the text would be unsound both ways ("m.id" occurs
// for structural reasons; a value could leak in escaped form), so the target checks what that
// check stands for: the text depends on the shape of the filter only. The same shape compiled
// with the fuzzer's values and with placeholders must give the same text, and every value set
// on the filter must be among the parameters.
func FuzzMineralWhere(f *testing.F) {
	f.Add([]byte{0x01}, "gall", "CN", "REFINING", 50.0, 10.0, 2024)
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "') OR true //", "}) MATCH (n) DETACH DELETE n //", "$p0", 0.0, 100.0, 1900)
	f.Add([]byte{0x80 | 0x40 | 0x20, 0x03, 0x02, 0x0c, 0x10, 0x21}, "rare-earths", "usgs-2022", "(((", 49.5, -1.0, 0)
	f.Add([]byte{0x40, 0x40, 0x40, 0x40, 0x40, 0x0f}, "", "\"\\'`", ")]}", 1e308, -1e308, -7)
	f.Add([]byte{}, "", "", "", 0.0, 0.0, 0)
	f.Fuzz(func(t *testing.T, shape []byte, a, b, c string, x, y float64, year int) {
		user := filterValues{strs: []string{a, b, c}, nums: []float64{x, y}, year: year}
		filter, used := fuzzFilter(shape, user)
		q := newBuilder()
		text := mineralWhere(q, filter, "m")
		p := q.p

		placeholders := filterValues{nums: []float64{1, 2}, year: 2000}
		for i, s := range user.strs {
			placeholders.strs = append(placeholders.strs, "")
			if s != "" { // the compiler leaves out an empty NameContains, OnList or Group: keep that
				placeholders.strs[i] = fmt.Sprintf("placeholder%d", i)
			}
		}
		shadow, _ := fuzzFilter(shape, placeholders)
		require.Equal(t, mineralWhere(newBuilder(), shadow, "m"), text, "the Cypher text depends on the filter's values")

		requireBalanced(t, text)
		// A value set on the filter but bound to no parameter the text uses would be a condition
		// silently lost.
		passed := paramStrings(p, requireParamsBound(t, p, text))
		for _, s := range used {
			if s == "" {
				continue // an empty NameContains, OnList or Group is no condition at all
			}
			require.True(t, passed[s], "%q is set on the filter but is no parameter of the text", s)
		}
		// The store validates a filter before compiling it; validation must classify, not fail.
		if err := filter.Validate(); err != nil {
			require.Equal(t, mg.EINVALID, mg.Code(err), "%v", err)
			require.NotEmpty(t, err.Error())
		}
	})
}

// filterValues are what a fuzz input puts into a filter; the shape bytes say where.
type filterValues struct {
	strs []string
	nums []float64
	year int
	next int
}

func (v *filterValues) str() string {
	s := v.strs[v.next%len(v.strs)]
	v.next++
	return s
}

func (v *filterValues) num() *float64 {
	n := v.nums[v.next%len(v.nums)]
	v.next++
	return &n
}

// fuzzFilter builds a filter tree from shape, nesting And, Or and Not at most four levels
// deep, and returns the strings it set on the tree. Each node takes one byte, whose bits say
// which conditions it has, and, when it nests, one more for the number of children.
func fuzzFilter(shape []byte, v filterValues) (*mg.MineralFilter, []string) {
	var used []string
	take := func() byte {
		if len(shape) == 0 {
			return 0
		}
		b := shape[0]
		shape = shape[1:]
		return b
	}
	str := func() string {
		s := v.str()
		used = append(used, s)
		return s
	}
	var node func(depth int) *mg.MineralFilter
	node = func(depth int) *mg.MineralFilter {
		bits := take()
		f := &mg.MineralFilter{}
		if bits&0x01 != 0 {
			c := &mg.ShareCondition{Country: str(), Stage: mg.Stage(str())}
			if bits&0x02 != 0 {
				c.Year = &v.year
				c.Gt, c.Lte = v.num(), v.num()
			} else {
				c.Gte, c.Lt = v.num(), v.num()
			}
			f.Share = c
		}
		if bits&0x04 != 0 {
			f.NameContains = str()
			f.IDIn = []string{str(), str()}
		}
		if bits&0x08 != 0 {
			f.OnList, f.Group = str(), str()
		}
		if bits&0x10 != 0 {
			r := &mg.RelianceCondition{Bounds: mg.Bounds{Gt: v.num(), Lt: v.num()}}
			if bits&0x02 != 0 {
				r.Year = &v.year
				r.Gte, r.Lte = v.num(), v.num()
			}
			f.USNetImportReliance = r
		}
		if depth < 4 && bits&0xe0 != 0 {
			n := 1 + int(take()%3)
			for i := 0; bits&0x20 != 0 && i < n; i++ {
				f.And = append(f.And, *node(depth + 1))
			}
			for i := 0; bits&0x40 != 0 && i < n; i++ {
				f.Or = append(f.Or, *node(depth + 1))
			}
			if bits&0x80 != 0 {
				f.Not = node(depth + 1)
			}
		}
		return f
	}
	return node(0), used
}

// requireBalanced checks that the brackets of Cypher text pair up in order.
func requireBalanced(t *testing.T, text string) {
	t.Helper()
	var open []rune
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	for i, r := range text {
		switch r {
		case '(', '[', '{':
			open = append(open, r)
		case ')', ']', '}':
			require.True(t, len(open) > 0 && open[len(open)-1] == pairs[r], "unbalanced %q at byte %d of %s", r, i, text)
			open = open[:len(open)-1]
		}
	}
	require.Empty(t, open, "unclosed brackets in %s", text)
}

var cypherParamRef = regexp.MustCompile(`\$[A-Za-z_][A-Za-z0-9_]*`)

// requireParamsBound checks that every parameter the text refers to is bound, and returns the
// names it refers to. A bound parameter may go unused: relianceCondition binds the importer
// for the latest-year subquery even when a year is given and the subquery is not written.
func requireParamsBound(t *testing.T, p params, text string) map[string]bool {
	t.Helper()
	refs := map[string]bool{}
	for _, ref := range cypherParamRef.FindAllString(text, -1) {
		_, ok := p[ref[1:]]
		require.True(t, ok, "%s is not bound in %s", ref, text)
		refs[ref[1:]] = true
	}
	return refs
}

// paramStrings returns the strings among the values of the parameters the text refers to.
func paramStrings(p params, refs map[string]bool) map[string]bool {
	out := map[string]bool{}
	for name := range refs {
		switch v := p[name].(type) {
		case string:
			out[v] = true
		case []string:
			for _, x := range v {
				out[x] = true
			}
		}
	}
	return out
}
