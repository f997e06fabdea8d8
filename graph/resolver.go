// Package graph is the GraphQL layer: gqlgen's generated executor (generated.go), the
// resolvers (*.resolvers.go, thin: one call into the store or a loader each) and Resolver, the
// one place that declares what resolvers depend on.
package graph

import "github.com/mineralgraph/mineralgraph/store"

//go:generate go tool gqlgen generate

// Resolver holds the dependencies of every resolver. It is built once by the server; nested
// fields reach per-request loaders through the request context (package loaders).
type Resolver struct {
	Store *store.Store
}
