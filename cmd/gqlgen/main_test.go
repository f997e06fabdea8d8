package main

import (
	"strings"
	"testing"
)

// An object that resolves its fields in order loses its deferred group and the check of it;
// one that hands the group to a field resolved concurrently keeps both.
func TestDropIdleDeferredGroups(t *testing.T) {
	group := string(deferredGroup)
	check := string(deferredCheck)
	idle := "func (ec *executionContext) _Mineral(ctx context.Context) graphql.Marshaler {\n" +
		"\tout := graphql.NewFieldSet(fields)\n" + group + "\tout.Values[0] = ec._Mineral_id(ctx)\n" + check + "\treturn out\n}\n"
	used := "func (ec *executionContext) _Busy(ctx context.Context) graphql.Marshaler {\n" +
		"\tout := graphql.NewFieldSet(fields)\n" + group + "\tout.ResolveConcurrently(ec.OperationContext, &deferred, 0)\n" + check + "\treturn out\n}\n"
	src := "package graph\n\nimport (\n\t\"math\"\n\t\"sync/atomic\"\n)\n\n" + idle + "\n" + used

	out, err := dropIdleDeferredGroups([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	mineral := got[strings.Index(got, "_Mineral("):strings.Index(got, "_Busy(")]
	if strings.Contains(mineral, "deferred") {
		t.Errorf("the idle group is still made or checked:\n%s", mineral)
	}
	if !strings.Contains(mineral, "ec._Mineral_id(ctx)") || !strings.Contains(mineral, "return out") {
		t.Errorf("more than the group went:\n%s", mineral)
	}
	busy := got[strings.Index(got, "_Busy("):]
	if !strings.Contains(busy, group) || !strings.Contains(busy, check) {
		t.Errorf("the group a field uses went:\n%s", busy)
	}
	if !strings.Contains(got, "\"math\"") || !strings.Contains(got, "\"sync/atomic\"") {
		t.Error("imports still used by the busy object were dropped")
	}

	// With only idle groups, math and sync/atomic lose their last use and their import.
	out, err = dropIdleDeferredGroups([]byte("package graph\n\nimport (\n\t\"math\"\n\t\"sync/atomic\"\n)\n\n" + idle))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "\"math\"") || strings.Contains(string(out), "\"sync/atomic\"") {
		t.Errorf("unused imports left:\n%s", out)
	}

	// A template that no longer makes groups, or checks them differently, is an error.
	if _, err := dropIdleDeferredGroups([]byte("package graph\n")); err == nil {
		t.Error("no group at all was not reported")
	}
	if _, err := dropIdleDeferredGroups([]byte(strings.Replace(src, check, "", 1))); err == nil {
		t.Error("a group without its check was not reported")
	}
}
