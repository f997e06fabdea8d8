package mineralgraph

import "context"

// Actor is who makes a request: the name of the API key it presented (recorded in audit
// records as who changed what), or the zero Actor for an anonymous reader.
type Actor struct {
	Name     string // the key's name, never the key itself
	CanWrite bool   // the key may run mutations
}

// Anonymous reports whether the request presented no API key.
func (a Actor) Anonymous() bool { return a.Name == "" }

type actorKey struct{}

// WithActor returns a context that carries who makes the request.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns who makes the request ctx belongs to; the zero Actor when nobody said.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
