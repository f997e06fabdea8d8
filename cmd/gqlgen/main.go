// Command gqlgen generates graph/ from schema.graphqls and gqlgen.yml: gqlgen itself (its api
// package, the same generator as `go tool gqlgen generate`), told three things about how
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
// The last two are rewrites of the generated file, made here, so the file is still only
// ever written by this command. Each fails loudly when gqlgen stops emitting what it
// rewrites (after an upgrade), rather than leaving gqlgen's behaviour silently in place.
package main

import (
	"bytes"
	"fmt"
	"os"

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

// rewrite makes the generated executor's two rewrites: gqlgen's concurrent list marshalling
// becomes graph.marshalList, and its nullable-string marshaller graph.optionalString.
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
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, src, info.Mode())
}
