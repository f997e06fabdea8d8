// Command gqlgen generates graph/ from schema.graphqls and gqlgen.yml: gqlgen itself (its api
// package, the same generator as `go tool gqlgen generate`), told two things about how
// mineralgraph resolves a query. `make generate` runs it; `make generated-check` runs it in a
// copy of the tree and fails when the committed code differs.
//
// Why not plain gqlgen: by default gqlgen resolves every field that has a resolver in a
// goroutine of its own, and marshals every element of a list of objects in a goroutine of
// its own (graphql.MarshalSliceConcurrently). That pays when resolvers wait on I/O. Here they
// do not: a root field's resolver makes the one Cypher round trip of the field, and every
// nested resolver reads what that query returned from a map (graph/ask.go, related). The
// goroutines were pure cost: on the benchmark's policy page (one policy, 10 minerals, 3 shares
// each, their countries) about 80 a request, with their stacks grown by copying, about a fifth
// of the server's processor time (bench/README.md has the measurement). So:
//
//   - nested objects resolve their fields in order (codegen.Object.DisableConcurrency, the
//     switch gqlgen itself sets for Mutation); the root Query keeps resolving its fields
//     concurrently, since each root field is a round trip of its own;
//   - lists of objects are marshalled in order by graph.marshalList (graph/list.go), which
//     keeps what MarshalSliceConcurrently gives each element: its index in the error path and
//     a recovered panic turned into null and an error.
//
// The second is a rewrite of one call in the generated file, made here, so the file is still
// only ever written by this command. It fails loudly when gqlgen stops emitting the call it
// rewrites (after an upgrade), rather than leaving the concurrent path silently in place.
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
	return rewriteLists(cfg.Exec.Filename)
}

// rewriteLists replaces gqlgen's concurrent list marshalling in the generated executor with
// graph.marshalList.
func rewriteLists(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	n := bytes.Count(src, concurrentList)
	if n == 0 {
		return fmt.Errorf("%s has no call of %s: gqlgen's template changed; see the comment of cmd/gqlgen before regenerating", path, concurrentList)
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, bytes.ReplaceAll(src, concurrentList, sequentialList), info.Mode())
}
