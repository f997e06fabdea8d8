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

// resolved is a field function as gqlgen's template emits it for a field bound to a struct
// field: object T, field f, struct field F, value type typ and marshaller marshal.
func resolved(f, field, typ, marshal string) string {
	return "func (ec *executionContext) _T_" + f + "(ctx context.Context, field graphql.CollectedField, obj *mineralgraph.T) (ret graphql.Marshaler) {\n" +
		"\treturn graphql.ResolveField(\n\t\tctx,\n\t\tec.OperationContext,\n\t\tfield,\n" +
		"\t\tfunc(ctx context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {\n" +
		"\t\t\treturn ec.fieldContext_T_" + f + "(ctx, field)\n\t\t},\n" +
		"\t\tfunc(ctx context.Context) (any, error) {\n\t\t\treturn obj." + field + ", nil\n\t\t},\n" +
		"\t\tnil,\n" +
		"\t\tfunc(ctx context.Context, selections ast.SelectionSet, v " + typ + ") graphql.Marshaler {\n" +
		"\t\t\treturn ec." + marshal + "(ctx, selections, v)\n\t\t},\n" +
		"\t\ttrue,\n\t\ttrue,\n\t)\n}\n"
}

func leafContext(f string) string {
	return "func (ec *executionContext) fieldContext_T_" + f + "(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n" +
		"\treturn graphql.NewScalarFieldContext(\"T\", field, false, false, \"String\")\n}\n"
}

// A leaf read from a struct field with a marshaller that cannot fail is marshalled directly;
// one whose marshaller can report an error, and one that is not a leaf, keep gqlgen's call.
func TestInlineProperties(t *testing.T) {
	const (
		neverNull = "func (ec *executionContext) marshalNString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {\n" +
			"\t_ = sel\n\tres := graphql.MarshalString(v)\n\tif res == graphql.Null {\n\t\tgraphql.AddInvalidNullFromMarshaler(ctx, \"String!\")\n\t}\n\treturn res\n}\n"
		optional = "func (ec *executionContext) marshalOFloat2ᚖfloat64(ctx context.Context, sel ast.SelectionSet, v *float64) graphql.Marshaler {\n" +
			"\tif v == nil {\n\t\treturn graphql.Null\n\t}\n\t_ = sel\n\t_ = ctx\n\tres := model.MarshalFloat(*v)\n\treturn res\n}\n"
		canFail = "func (ec *executionContext) marshalNDateTime2timeᚐTime(ctx context.Context, sel ast.SelectionSet, v time.Time) graphql.Marshaler {\n" +
			"\t_ = sel\n\tres := graphql.MarshalTime(v)\n\tif res == graphql.Null {\n\t\tgraphql.AddInvalidNullFromMarshaler(ctx, \"DateTime!\")\n\t}\n\treturn res\n}\n"
		object = "func (ec *executionContext) fieldContext_T_owner(ctx context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n" +
			"\tfc = &graphql.FieldContext{Object: \"T\", Field: field}\n\treturn fc, nil\n}\n"
	)
	src := "package graph\n\n" +
		resolved("name", "Name", "string", "marshalNString2string") + leafContext("name") +
		resolved("share", "Share", "*float64", "marshalOFloat2ᚖfloat64") + leafContext("share") +
		resolved("at", "At", "time.Time", "marshalNDateTime2timeᚐTime") + leafContext("at") +
		resolved("owner", "Owner", "string", "marshalNString2string") + object +
		neverNull + optional + canFail

	out, err := inlineProperties([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		"_T_name(ctx context.Context, field graphql.CollectedField, obj *mineralgraph.T) (ret graphql.Marshaler) {\n\treturn ec.marshalNString2string(ctx, field.Selections, obj.Name)\n}\nfunc ",
		"_T_share(ctx context.Context, field graphql.CollectedField, obj *mineralgraph.T) (ret graphql.Marshaler) {\n\treturn ec.marshalOFloat2ᚖfloat64(ctx, field.Selections, obj.Share)\n}\nfunc ",
		resolved("at", "At", "time.Time", "marshalNDateTime2timeᚐTime"),
		resolved("owner", "Owner", "string", "marshalNString2string"),
		neverNull + optional + canFail,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing:\n%s\nin:\n%s", want, got)
		}
	}
	if strings.Count(got, "graphql.ResolveField(") != 2 {
		t.Errorf("want the DateTime and the non-leaf kept, got:\n%s", got)
	}

	// A template that no longer resolves struct fields this way is an error.
	if _, err := inlineProperties([]byte("package graph\n" + neverNull)); err == nil {
		t.Error("nothing to inline was not reported")
	}
}
