// Package graph is the GraphQL layer: gqlgen's generated executor (generated.go), the
// resolvers (*.resolvers.go, thin: a root resolver makes one call into the store with what
// its selection asks, see ask.go; a nested one reads what that call returned), and Resolver,
// the one place that declares what resolvers depend on.
package graph

import "github.com/mineralgraph/mineralgraph/store"

//go:generate go run ../cmd/gqlgen

// Resolver holds the dependencies of every resolver. It is built once by the server. Root
// resolvers make one call into the store each; nested resolvers read what it returned.
type Resolver struct {
	Store *store.Store
}
