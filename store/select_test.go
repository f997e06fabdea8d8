package store_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	mg "github.com/mineralgraph/mineralgraph"
	"github.com/mineralgraph/mineralgraph/store"
)

// Selections as the API would describe them, for tests of the compiled read path.

// props asks for properties, each under its own name.
func props(names ...string) store.Selection {
	out := make(store.Selection, len(names))
	for i, n := range names {
		out[i] = store.Field{Key: n, Name: n}
	}
	return out
}

// nest asks for a field with arguments and what it asks of its value, keyed by key.
func nest(key, name string, args map[string]any, of store.Selection) store.Field {
	return store.Field{Key: key, Name: name, Args: args, Of: of}
}

// rel returns the value a read stored for key, failing the test when it is missing, of
// another type, or an error.
func rel[T any](t *testing.T, r mg.Related, key string) T {
	t.Helper()
	v, ok := r[key]
	require.True(t, ok, "no value for %q in %v", key, r)
	if err, isErr := v.(error); isErr {
		require.NoError(t, err, key)
	}
	out, ok := v.(T)
	require.True(t, ok, "%q holds %T", key, v)
	return out
}

// relErr returns the error a read stored for key.
func relErr(t *testing.T, r mg.Related, key string) error {
	t.Helper()
	err, ok := r[key].(error)
	require.True(t, ok, "%q holds %T, not an error", key, r[key])
	return err
}
