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
// The last three are rewrites of the generated file, made here, so the file is still only
// ever written by this command. Each fails loudly when gqlgen stops emitting what it
// rewrites (after an upgrade), rather than leaving gqlgen's behaviour silently in place.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
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

// rewrite makes the generated executor's three rewrites: gqlgen's concurrent list marshalling
// becomes graph.marshalList, its nullable-string marshaller graph.optionalString, and the
// deferred groups no field can add to are not made.
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
