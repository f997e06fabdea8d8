package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Persisted documents. The explorer's operations and the playground's examples are extracted
// when the explorer is built (web/scripts/manifest.mjs) into a manifest, embedded in the
// binary: a JSON object from "sha256:<hex>" to the document whose SHA-256 that is (the format
// of GraphQL Code Generator's persisted-documents.json). The server runs a manifest document
// when a client names its hash in extensions.persistedQuery.sha256Hash (the automatic
// persisted queries protocol, which urql and Apollo clients speak), in every mode.
//
// With TRUSTED_DOCUMENTS_ONLY=true the manifest is also an allow-list (trusted documents):
// the server runs nothing else. A hash it does not know, or a document it does not hold, is
// refused with PERSISTED_QUERY_NOT_IN_LIST, and APQ registration is off. A document sent as
// text is admitted when it is the same operation as a manifest document, compared in a
// canonical form (parsed, printed without comments or layout, the name of a lone operation
// dropped): the playground sends its examples as text, titled with operation names.

// Error codes of persisted documents. PERSISTED_QUERY_NOT_FOUND (APQ: send the text once) is
// gqlgen's.
const (
	codeNotInList    = "PERSISTED_QUERY_NOT_IN_LIST"
	codeNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED"
)

// Manifest is a set of persisted documents, by hash and by canonical form.
type Manifest struct {
	byHash      map[string]string // hex SHA-256 of the document -> the document
	byCanonical map[string]string // canonical form -> the document
}

// ParseManifest reads a manifest: a JSON object from "sha256:<hex>" (or bare hex) to a
// document. It fails when an entry's hash is not the SHA-256 of its document or a document
// does not parse, so that a damaged manifest stops the server at start rather than refusing
// its own clients.
func ParseManifest(b []byte) (*Manifest, error) {
	var entries map[string]string
	if err := json.Unmarshal(b, &entries); err != nil {
		return nil, fmt.Errorf("server: the persisted-documents manifest is not a JSON object of hash to document: %w", err)
	}
	m := &Manifest{byHash: map[string]string{}, byCanonical: map[string]string{}}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		doc := entries[key]
		hash := strings.TrimPrefix(key, "sha256:")
		if sum := sha256.Sum256([]byte(doc)); hex.EncodeToString(sum[:]) != hash {
			return nil, fmt.Errorf("server: persisted document %q: the hash is not the SHA-256 of the document", key)
		}
		canon, err := canonical(doc, 0)
		if err != nil {
			return nil, fmt.Errorf("server: persisted document %q does not parse: %w", key, err)
		}
		m.byHash[hash] = doc
		m.byCanonical[canon] = doc
	}
	return m, nil
}

// Len returns how many documents the manifest holds.
func (m *Manifest) Len() int {
	if m == nil {
		return 0
	}
	return len(m.byHash)
}

func (m *Manifest) document(hash string) (string, bool) {
	if m == nil {
		return "", false
	}
	doc, ok := m.byHash[strings.TrimPrefix(hash, "sha256:")]
	return doc, ok
}

// holds reports whether text is, in canonical form, one of the manifest's documents.
func (m *Manifest) holds(text string, tokenLimit int) bool {
	if m == nil {
		return false
	}
	if sum := sha256.Sum256([]byte(text)); m.byHash[hex.EncodeToString(sum[:])] != "" {
		return true
	}
	canon, err := canonical(text, tokenLimit)
	if err != nil {
		return false
	}
	_, ok := m.byCanonical[canon]
	return ok
}

// canonical prints a document without comments and layout, and without the name of its
// operation when it has only one: two texts with the same canonical form run the same way.
func canonical(text string, tokenLimit int) (string, error) {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: text}, tokenLimit)
	if err != nil {
		return "", err
	}
	if len(doc.Operations) == 1 {
		op := *doc.Operations[0]
		op.Name = ""
		doc.Operations = ast.OperationList{&op}
	}
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithIndent("")).FormatQueryDocument(doc)
	return buf.String(), nil
}

// persistedDocuments resolves manifest hashes and, when only is set, refuses everything that
// is not a manifest document. It runs before gqlgen's APQ extension (when that is on), which
// then finds the query text already in place.
type persistedDocuments struct {
	manifest   *Manifest
	only       bool
	apq        bool // automatic persisted queries are on (and only is off)
	tokenLimit int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = persistedDocuments{}

func (persistedDocuments) ExtensionName() string                   { return "PersistedDocuments" }
func (persistedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

func (p persistedDocuments) MutateOperationParameters(_ context.Context, raw *graphql.RawParams) *gqlerror.Error {
	hash, named, err := persistedHash(raw.Extensions)
	if err != nil {
		return err
	}
	if named {
		doc, known := p.manifest.document(hash)
		switch {
		case known && raw.Query == "":
			raw.Query = doc
			return nil
		case known && raw.Query != doc:
			return codedError("BAD_USER_INPUT", "extensions.persistedQuery.sha256Hash names a persisted document, and the query sent with it is another; send the hash alone")
		case known:
			return nil
		case p.only:
			return codedError(codeNotInList, fmt.Sprintf("this server runs only its trusted documents (the explorer's operations and the playground's examples), and none has the hash %q", hash))
		case !p.apq && raw.Query == "":
			return codedError(codeNotSupported, "this server does not remember queries by hash (APQ is off) and no persisted document has this one; send the query text")
		}
		return nil // APQ's to answer
	}
	if p.only && !p.manifest.holds(raw.Query, p.tokenLimit) {
		return codedError(codeNotInList, "this server runs only its trusted documents (the explorer's operations and the playground's examples), and this document is not one of them; send one of those, by hash or as text")
	}
	return nil
}

// persistedHash reads extensions.persistedQuery: {version: 1, sha256Hash: "<hex>"}.
func persistedHash(ext map[string]any) (hash string, named bool, err *gqlerror.Error) {
	v, ok := ext["persistedQuery"]
	if !ok || v == nil {
		return "", false, nil
	}
	pq, ok := v.(map[string]any)
	if !ok {
		return "", false, codedError("BAD_USER_INPUT", `extensions.persistedQuery must be an object: {"version": 1, "sha256Hash": "<hex>"}`)
	}
	if version, _ := pq["version"].(json.Number); version.String() != "1" {
		return "", false, codedError("BAD_USER_INPUT", "extensions.persistedQuery.version must be 1")
	}
	hash, _ = pq["sha256Hash"].(string)
	if hash == "" {
		return "", false, codedError("BAD_USER_INPUT", "extensions.persistedQuery.sha256Hash must be the document's SHA-256 in hex")
	}
	return hash, true, nil
}
