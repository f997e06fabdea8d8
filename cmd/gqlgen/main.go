// Command gqlgen generates graph/ from schema.graphqls and gqlgen.yml: gqlgen itself (its api
// package, the same generator as `go tool gqlgen generate`), told four things about how
// mineralgraph resolves a query. `make generate` runs it; `make generated-check` runs it in a
// copy of the tree and fails when the committed code differs.
//
// Why not plain gqlgen: by default gqlgen resolves every field that has a resolver in a
// goroutine of its own, and marshals every element of a list of objects in a goroutine of
// its own (graphql.MarshalSliceConcurrently). That pays when resolvers wait on I/O. Here they
// do not: a root field's resolver makes the one Cypher round trip of the field, and every
// nested resolver reads what that query returned from a map (graph/ask.go, related). The
// goroutines were pure cost: on the benchmark's policy page (one policy, 10 minerals, 3 shares
// each, their countries) about 80 a request by count of its fields, with their stacks grown
// by copying, about a fifth of the server's processor time (bench/README.md has the
// measurement). So:
//
//   - nested objects resolve their fields in order (codegen.Object.DisableConcurrency, the
//     switch gqlgen itself sets for Mutation); the root Query keeps resolving its fields
//     concurrently, since each root field is a round trip of its own;
//   - lists of objects are marshalled in order by graph.marshalList (graph/marshal.go), which
//     keeps what MarshalSliceConcurrently gives each element: its index in the error path and
//     a recovered panic turned into null and an error.
//
// And one about what the domain's values mean:
//
//   - a nullable String field whose Go value is a string answers null when the string is
//     empty (graph.optionalString): the domain holds "" for "not published" (a share with no
//     unit, a facility with no note, a source with no URL), and the schema promises null
//     where there is nothing, never an empty value that reads like one.
//
// And one about what nested objects no longer do:
//
//   - an object builds no deferred group that none of its fields can add to: gqlgen's
//     template makes one for every object it marshals (graphql.NewDeferredGroup: the
//     object's path, copied out of its field contexts, an empty field set and a map), and
//     only a nested field resolved concurrently (out.ResolveConcurrently(..., &deferred, ...))
//     can add to it. With concurrency off below the root, and the root's fields resolved by
//     ResolveRootConcurrently, which takes no group, every one stayed empty and was checked
//     and dropped. On the benchmark's map page that was a tenth of a request's allocations
//     (bench/README.md). A function that does hand its group on keeps it.
//
// And one about what a leaf read from a struct field needs:
//
//   - a scalar or enum field that gqlgen binds to a field of the Go struct (no resolver, no
//     method, no arguments, no directive) is marshalled straight from that struct field
//     (inlineProperties). gqlgen's template runs each such field through graphql.ResolveField:
//     a field context, a context holding it, closures, the value boxed, the resolver
//     middleware and a deferred recover, about eight allocations to copy a value the root
//     field's query already returned (the country page: 5,212 fewer for its 661 such
//     fields). No extension of this server intercepts fields, a leaf
//     has no children whose error paths would need its context, and reading a struct field
//     cannot fail or panic. A field whose marshaller can report an error (DateTime's zero
//     time, a nil pointer or slice for a non-null type, a union) keeps gqlgen's call, so
//     that its error names the field's path. On the country page (254 policies, 38 shares)
//     that was a third of a request's allocations (bench/README.md).
//
// The last four are rewrites of the generated file, made here, so the file is still only
// ever written by this command. Each fails loudly when gqlgen stops emitting what it
// rewrites (after an upgrade), rather than leaving gqlgen's behaviour silently in place.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// concurrentRoots are the object types whose fields keep gqlgen's concurrent resolution: the
// root fields of a query are round trips of their own, and run side by side.
var concurrentRoots = map[string]bool{"Query": true}

// sequential is the gqlgen plugin that turns off concurrent field resolution on every object
// but the roots. gqlgen hands a CodeGenerator the data it is about to render, before the
// executor is written.
type sequential struct{}

func (sequential) Name() string { return "mineralgraph-sequential" }

func (sequential) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !concurrentRoots[o.Definition.Name] {
			o.DisableConcurrency = true
		}
	}
	return nil
}

// The call gqlgen's template emits for a list of objects, and what it becomes: graph.marshalList
// takes the same arguments.
var (
	concurrentList = []byte("graphql.MarshalSliceConcurrently(")
	sequentialList = []byte("marshalList(")
)

// The function gqlgen emits to marshal a nullable String held in a Go string, and the body it
// gets instead.
var (
	optionalStringFunc = []byte("func (ec *executionContext) marshalOString2string(ctx context.Context, sel ast.SelectionSet, v string) graphql.Marshaler {\n")
	optionalStringBody = []byte("\treturn optionalString(v)\n}\n")
)

// What gqlgen's object template emits for an object's deferred fields: the group, made before
// the fields are resolved; the group handed to each field resolved concurrently; and the
// check after them that hands a non-empty group on.
var (
	funcStart     = []byte("\nfunc (ec *executionContext) ")
	deferredGroup = []byte("\tdeferred := graphql.NewDeferredGroup(ctx)\n")
	deferredUse   = []byte("&deferred")
	deferredCheck = []byte("\tif n := len(deferred.Defers); n > 0 {\n\t\tatomic.AddInt32(&ec.Deferred, int32(min(n, math.MaxInt32)))\n\t\tec.ProcessDeferredGroup(deferred)\n\t}\n")
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("loading gqlgen.yml: %w", err)
	}
	if err := api.Generate(cfg, api.AddPlugin(sequential{})); err != nil {
		return err
	}
	return rewrite(cfg.Exec.Filename)
}

// rewrite makes the generated executor's four rewrites: gqlgen's concurrent list marshalling
// becomes graph.marshalList, its nullable-string marshaller graph.optionalString, the
// deferred groups no field can add to are not made, and leaves read from struct fields are
// marshalled directly.
func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	changed := "gqlgen's template changed; see the comment of cmd/gqlgen before regenerating"
	if !bytes.Contains(src, concurrentList) {
		return fmt.Errorf("%s has no call of %s: %s", path, concurrentList, changed)
	}
	src = bytes.ReplaceAll(src, concurrentList, sequentialList)
	start := bytes.Index(src, optionalStringFunc)
	if start < 0 {
		return fmt.Errorf("%s has no function %q: %s", path, optionalStringFunc, changed)
	}
	body := start + len(optionalStringFunc)
	end := bytes.Index(src[body:], []byte("\n}\n"))
	if end < 0 {
		return fmt.Errorf("%s: the end of marshalOString2string is not where it was: %s", path, changed)
	}
	src = append(src[:body:body], append(optionalStringBody, src[body+end+len("\n}\n"):]...)...)
	if src, err = dropIdleDeferredGroups(src); err != nil {
		return fmt.Errorf("%s: %w: %s", path, err, changed)
	}
	if src, err = inlineProperties(src); err != nil {
		return fmt.Errorf("%s: %w: %s", path, err, changed)
	}
	// What the removals leave (blank lines where a check was) formatted as gofmt would.
	if src, err = format.Source(src); err != nil {
		return fmt.Errorf("%s: formatting the rewritten file: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, src, info.Mode())
}

// dropIdleDeferredGroups removes, from each generated function that makes a deferred group
// and hands it to no field, the group and the check of it. It fails when no function makes
// one (the template changed) or when one makes a group but has no check of it where the
// template puts it.
func dropIdleDeferredGroups(src []byte) ([]byte, error) {
	funcs := bytes.Split(src, funcStart)
	dropped := 0
	for i, f := range funcs {
		if !bytes.Contains(f, deferredGroup) || bytes.Contains(f, deferredUse) {
			continue
		}
		if bytes.Count(f, deferredGroup) != 1 || bytes.Count(f, deferredCheck) != 1 {
			return nil, fmt.Errorf("a function makes a deferred group but does not check it as the template did")
		}
		f = bytes.Replace(f, deferredGroup, nil, 1)
		funcs[i] = bytes.Replace(f, deferredCheck, nil, 1)
		dropped++
	}
	if dropped == 0 {
		return nil, fmt.Errorf("no object makes a deferred group of graphql.NewDeferredGroup")
	}
	src = bytes.Join(funcs, funcStart)
	// The checks were the file's only use of math; an unused import does not compile.
	for _, pkg := range []string{"math", "sync/atomic"} {
		name := pkg[strings.LastIndex(pkg, "/")+1:]
		if !bytes.Contains(src, []byte(name+".")) {
			src = bytes.Replace(src, []byte("\t\""+pkg+"\"\n"), nil, 1)
		}
	}
	return src, nil
}

// property is what gqlgen's template emits for a field bound to a field of the Go struct:
// graphql.ResolveField with the field's context, a resolver returning the struct field, no
// middleware (no directive) and the field type's marshaller. The groups: the object and the
// field in the function's name, the same two in its field context's, the struct field and
// the marshaller.
var property = regexp.MustCompile(`^_(\w+)_(\w+)\(ctx context\.Context, field graphql\.CollectedField, obj \*[\w.]+\) \(ret graphql\.Marshaler\) \{
\treturn graphql\.ResolveField\(
\t\tctx,
\t\tec\.OperationContext,
\t\tfield,
\t\tfunc\(ctx context\.Context, field graphql\.CollectedField\) \(\*graphql\.FieldContext, error\) \{
\t\t\treturn ec\.fieldContext_(\w+)_(\w+)\(ctx, field\)
\t\t\},
\t\tfunc\(ctx context\.Context\) \(any, error\) \{
\t\t\treturn obj\.(\w+), nil
\t\t\},
\t\tnil,
\t\tfunc\(ctx context\.Context, selections ast\.SelectionSet, v [^)]+\) graphql\.Marshaler \{
\t\t\treturn ec\.(marshal[^(]+)\(ctx, selections, v\)
\t\t\},
\t\ttrue,
\t\t(?:true|false),
\t\)
\}`)

// inlineProperties replaces the body of each generated function that resolves a leaf (its
// field context is graphql.NewScalarFieldContext, not a method, not a resolver) from a struct
// field, as property matches, with a direct call of the marshaller on the struct field:
// the value is then marshalled in the context of the object holding it. Only a marshaller
// that cannot report an error (cannotFail) is called so; another keeps gqlgen's call, since
// its error would name the object's path, not the field's. It fails when it inlines nothing
// (the template changed).
func inlineProperties(src []byte) ([]byte, error) {
	funcs := bytes.Split(src, funcStart)
	inlined := 0
	for i, f := range funcs {
		m := property.FindSubmatch(f)
		if m == nil {
			continue
		}
		object, field, goField, marshal := string(m[1]), string(m[2]), string(m[5]), string(m[6])
		if string(m[3]) != object || string(m[4]) != field || !cannotFail(src, marshal) {
			continue
		}
		leaf := fmt.Sprintf("fieldContext_%s_%s(_ context.Context, field graphql.CollectedField) (fc *graphql.FieldContext, err error) {\n\treturn graphql.NewScalarFieldContext(%q, field, false, false, ", object, field, object)
		if !bytes.Contains(src, []byte(leaf)) {
			continue
		}
		body := fmt.Sprintf("\treturn ec.%s(ctx, field.Selections, obj.%s)\n}", marshal, goField)
		head := bytes.IndexByte(f, '\n') + 1
		funcs[i] = append(append(f[:head:head], body...), f[len(m[0]):]...)
		inlined++
	}
	if inlined == 0 {
		return nil, fmt.Errorf("no field is resolved from a struct field with graphql.ResolveField as the template did")
	}
	return bytes.Join(funcs, funcStart), nil
}

// neverNull is the check gqlgen's template puts after a marshaller of a non-null scalar, when
// the marshaller is one of those that always return a value (a graphql.WriterFunc), so the
// check can never report: the scalars of this schema but DateTime (graphql.MarshalTime
// answers null for the zero time).
var neverNull = regexp.MustCompile(`^\t_ = sel
\tres := (?:graphql\.MarshalString|graphql\.MarshalID|graphql\.MarshalInt|graphql\.MarshalBoolean|model\.MarshalFloat|model\.MarshalDate)\([^\n]*\)
\tif res == graphql\.Null \{
\t\tgraphql\.AddInvalidNullFromMarshaler\(ctx, "[^"\n]+"\)
\t\}
\treturn res
$`)

// cannotFail reports whether the generated marshaller named marshal can report no error:
// its body uses no context (where an error would go), or its one use of it is neverNull's.
func cannotFail(src []byte, marshal string) bool {
	sig := []byte("\nfunc (ec *executionContext) " + marshal + "(ctx context.Context, sel ast.SelectionSet, v ")
	start := bytes.Index(src, sig)
	if start < 0 {
		return false
	}
	body := src[start+len(sig):]
	body = body[bytes.IndexByte(body, '\n')+1:]
	end := bytes.Index(body, []byte("\n}\n"))
	if end < 0 {
		return false
	}
	body = body[:end+1]
	if neverNull.Match(body) {
		return true
	}
	return !bytes.Contains(bytes.ReplaceAll(body, []byte("\t_ = ctx\n"), nil), []byte("ctx"))
}
