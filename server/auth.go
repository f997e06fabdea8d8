package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	mg "github.com/mineralgraph/mineralgraph"
)

// APIKey is one key the server accepts. The server holds only the key's SHA-256, so a leaked
// configuration does not leak keys; keys are 256 random bits, for which a plain hash is enough
// (a slow password hash protects guessable secrets, which these are not).
type APIKey struct {
	Name  string // who the key belongs to; recorded in audit records
	Write bool   // the key may run mutations; otherwise it only reads
	Hash  [sha256.Size]byte
}

var keyName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// ParseAPIKeys reads API_KEYS: comma-separated entries "name:scope:sha256-hex", scope being
// "read" or "write". `mineralgraph apikey NAME` prints a new key and its entry.
func ParseAPIKeys(s string) ([]APIKey, error) {
	var keys []APIKey
	seen := map[string]bool{}
	for i, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		parts := strings.Split(entry, ":")
		if len(parts) != 3 {
			return nil, fmt.Errorf("API_KEYS entry %d: want name:scope:sha256-hex", i+1)
		}
		name, scope, digest := parts[0], parts[1], parts[2]
		if !keyName.MatchString(name) {
			return nil, fmt.Errorf("API_KEYS entry %d: name %q: use letters, digits and . _ @ - (at most 64)", i+1, name)
		}
		if seen[name] {
			return nil, fmt.Errorf("API_KEYS entry %d: name %q is used twice", i+1, name)
		}
		seen[name] = true
		if scope != "read" && scope != "write" {
			return nil, fmt.Errorf("API_KEYS entry %d (%s): scope %q: want read or write", i+1, name, scope)
		}
		raw, err := hex.DecodeString(digest)
		if err != nil || len(raw) != sha256.Size {
			// The value is not echoed: it may be a key pasted by mistake instead of its hash.
			return nil, fmt.Errorf("API_KEYS entry %d (%s): the third part must be the key's SHA-256 in hex (64 characters), not the key", i+1, name)
		}
		k := APIKey{Name: name, Write: scope == "write"}
		copy(k.Hash[:], raw)
		keys = append(keys, k)
	}
	return keys, nil
}

// NewAPIKey returns a new random key and the API_KEYS entry that admits it.
func NewAPIKey(name string, write bool) (key, entry string, err error) {
	if !keyName.MatchString(name) {
		return "", "", fmt.Errorf("key name %q: use letters, digits and . _ @ - (at most 64)", name)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	key = "mg_" + base64.RawURLEncoding.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(key))
	scope := "read"
	if write {
		scope = "write"
	}
	return key, name + ":" + scope + ":" + hex.EncodeToString(sum[:]), nil
}

// match returns the key whose hash is the hash of presented. Every configured key is
// compared, in constant time, whatever matches, so timing says nothing about the keys.
func match(keys []APIKey, presented string) (APIKey, bool) {
	sum := sha256.Sum256([]byte(presented))
	found := -1
	for i := range keys {
		if subtle.ConstantTimeCompare(sum[:], keys[i].Hash[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return APIKey{}, false
	}
	return keys[found], true
}

// authenticate reads "Authorization: Bearer <key>" and puts who is asking into the request
// context. No header: an anonymous reader. A key that matches nothing is refused with 401
// rather than served as anonymous, so that a misconfigured client learns at once.
func authenticate(keys []APIKey, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		if h == "" {
			next.ServeHTTP(w, r)
			return
		}
		scheme, presented, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || presented == "" {
			writeGraphQLError(w, http.StatusUnauthorized, "UNAUTHENTICATED", `send the API key as "Authorization: Bearer <key>"`)
			return
		}
		k, ok := match(keys, strings.TrimSpace(presented))
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mineralgraph"`)
			writeGraphQLError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "the API key is not valid")
			return
		}
		setActor(r.Context(), k.Name)
		next.ServeHTTP(w, r.WithContext(mg.WithActor(r.Context(), mg.Actor{Name: k.Name, CanWrite: k.Write})))
	})
}

// authorizer is the one gate every operation passes before it runs: mutations need a write
// key; queries need a key only when reads are closed. Being an operation-level check, a
// mutation added later is covered without anyone remembering to add a check.
type authorizer struct {
	readsNeedKey bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = authorizer{}

func (authorizer) ExtensionName() string                   { return "Authorization" }
func (authorizer) Validate(graphql.ExecutableSchema) error { return nil }

func (a authorizer) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	actor := mg.ActorFrom(ctx)
	switch {
	case op.Operation.Operation == ast.Mutation && actor.Anonymous():
		return codedError("UNAUTHENTICATED", `mutations need an API key with the write scope: send "Authorization: Bearer <key>"`)
	case op.Operation.Operation == ast.Mutation && !actor.CanWrite:
		return codedError("FORBIDDEN", fmt.Sprintf("the API key %q may read but not write; ask for a key with the write scope", actor.Name))
	case a.readsNeedKey && actor.Anonymous():
		return codedError("UNAUTHENTICATED", `this server needs an API key for every request: send "Authorization: Bearer <key>"`)
	}
	return nil
}

func codedError(code, message string) *gqlerror.Error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": code}}
}
