package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// GraphQL over HTTP, to the letter of the GraphQL-over-HTTP specification (the draft the
// graphql-http package audits): gqlgen's own GET and POST transports differ from it where the
// specification says SHOULD (status codes of parse and validation failures, a data entry on
// request errors, 406 for a mutation over GET), and answer some malformed requests with
// messages that carry no code or echo the body back. This transport replaces both.
//
// What a client gets, by case:
//
//   - A request the transport cannot read (no or another Content-Type, an empty or broken
//     body, a parameter of the wrong type, no query) is refused with a 4xx status and a
//     coded error, before GraphQL runs: BAD_REQUEST (400), UNSUPPORTED_MEDIA_TYPE (415),
//     METHOD_NOT_ALLOWED (405). No message repeats what the client sent.
//   - A request error (the document does not parse or validate, variables do not coerce, a
//     limit, authorization, a persisted document) has no data entry. Its status is 200 when
//     the client accepts application/json (the specification's rule for that media type),
//     and 400 when it accepts application/graphql-response+json (401 or 403 when the request
//     is not permitted).
//   - A mutation over GET is 405 with an Allow header, whatever else is wrong with it.
//   - An executed operation is 200, with its data and any field errors.
//
// The response is application/graphql-response+json when the Accept header prefers it, and
// application/json otherwise (including when Accept is absent, */* or names neither).

// HTTP-level error codes, beside the domain's (see extensionCode) and gqlgen's.
const (
	codeBadRequest       = "BAD_REQUEST"
	codeUnsupportedMedia = "UNSUPPORTED_MEDIA_TYPE"
	codeMethodNotAllowed = "METHOD_NOT_ALLOWED"
)

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport is the GET and POST transport of /graphql. cacheMaxAge is how long a shared
// cache may keep the answer to a persisted read over GET (0: never).
type httpTransport struct {
	cacheMaxAge time.Duration
}

var _ graphql.Transport = httpTransport{}

// Supports takes every request but WebSocket upgrades and OPTIONS/HEAD (transport.Options
// answers those): a method or media type it does not serve still gets a coded refusal rather
// than gqlgen's uncoded "transport not supported".
func (httpTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && r.Method != http.MethodOptions && r.Method != http.MethodHead
}

// httpError is a refusal of the HTTP request itself, before GraphQL runs.
type httpError struct {
	status  int
	code    string
	message string
	allow   string // the Allow header of a 405
}

func badRequest(format string, args ...any) *httpError {
	return &httpError{status: http.StatusBadRequest, code: codeBadRequest, message: fmt.Sprintf(format, args...)}
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media := negotiate(r.Header.Get("Accept"))
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Add("Vary", "Accept")
	h.Set("Cache-Control", "no-store")
	ctx := r.Context()

	params, herr := readParams(r)
	if herr != nil {
		if herr.allow != "" {
			h.Set("Allow", herr.allow)
		}
		writeErrors(w, herr.status, exec.DispatchError(ctx, gqlerror.List{codedError(herr.code, herr.message)}))
		return
	}
	persisted := params.Query == "" // a hash alone: checked by readParams, resolved by an extension
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if r.Method == http.MethodGet && opCtx != nil && opCtx.Operation != nil && opCtx.Operation.Operation != ast.Query {
		// Checked here, after parsing, because only the document says what it is; and before
		// anything else is reported, so that the answer says how to send it instead.
		h.Set("Allow", http.MethodPost)
		errs = gqlerror.List{codedError(codeMethodNotAllowed,
			fmt.Sprintf("a %s cannot be sent with GET, which is for queries only; send it with POST", opCtx.Operation.Operation))}
		writeErrors(w, http.StatusMethodNotAllowed, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}
	if errs != nil {
		writeErrors(w, requestErrorStatus(media, errs), exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}

	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	b, err := encodeResponse(resp)
	if err != nil {
		panic(fmt.Errorf("server: encoding a response: %w", err)) // gqlgen's recover answers INTERNAL
	}
	if persisted && r.Method == http.MethodGet && t.cacheMaxAge > 0 && len(resp.Errors) == 0 {
		// A persisted read over GET names its document by hash and its variables in the URL,
		// so the URL is the whole question: shared caches and browsers may keep the answer.
		scope := "public"
		if r.Header.Get("Authorization") != "" {
			scope = "private"
		}
		h.Set("Cache-Control", fmt.Sprintf("%s, max-age=%d", scope, int(t.cacheMaxAge.Seconds())))
		h.Add("Vary", "Authorization")
		sum := sha256.Sum256(b)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", etag)
		if matchesETag(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// writeErrors answers a request error: the errors and extensions, and no data entry (the
// specification: a request error means the operation did not run).
func writeErrors(w http.ResponseWriter, status int, resp *graphql.Response) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(struct {
		Errors     gqlerror.List  `json:"errors"`
		Extensions map[string]any `json:"extensions,omitempty"`
	}{resp.Errors, resp.Extensions})
}

// requestErrorStatus is the status of a request error: 200 for application/json, and for
// application/graphql-response+json 401 or 403 when the request is not permitted, else 400.
func requestErrorStatus(media string, errs gqlerror.List) int {
	if media != mediaGraphQLResponse {
		return http.StatusOK
	}
	for _, e := range errs {
		switch e.Extensions["code"] {
		case "UNAUTHENTICATED":
			return http.StatusUnauthorized
		case "FORBIDDEN":
			return http.StatusForbidden
		}
	}
	return http.StatusBadRequest
}

// negotiate picks the response media type from an Accept header: the supported type with the
// highest quality, the first listed among equals; application/json when Accept is absent,
// names only */* or application/*, or names no type this server writes (the specification
// allows answering in the default type rather than 406).
func negotiate(accept string) string {
	best, bestQ := mediaJSON, 0.0
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		var media string
		switch mt {
		case mediaGraphQLResponse:
			media = mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			media = mediaJSON
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = media, q
		}
	}
	return best
}

// matchesETag reports whether an If-None-Match header names etag (or is "*").
func matchesETag(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == etag || candidate == "*" {
			return true
		}
	}
	return false
}

// readParams reads the GraphQL request from the URL of a GET or the JSON body of a POST, and
// checks the type of every parameter, so that a wrong one is refused with a message naming
// it rather than reaching GraphQL as something else.
func readParams(r *http.Request) (*graphql.RawParams, *httpError) {
	start := graphql.Now()
	var fields map[string]json.RawMessage
	switch r.Method {
	case http.MethodGet:
		values, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, badRequest("the URL's query string is malformed; encode each parameter with encodeURIComponent")
		}
		fields = map[string]json.RawMessage{}
		for _, name := range []string{"query", "operationName", "variables", "extensions"} {
			v := values.Get(name)
			if v == "" {
				continue // absent or empty: the same to a client building URLs
			}
			if name == "query" || name == "operationName" {
				b, _ := json.Marshal(v)
				fields[name] = b
			} else {
				fields[name] = json.RawMessage(v)
			}
		}
	case http.MethodPost:
		if herr := checkContentType(r.Header.Get("Content-Type")); herr != nil {
			return nil, herr
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, badRequest("the request body could not be read")
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, badRequest(`the request body is empty; send a JSON object such as {"query": "{ __typename }"}`)
		}
		if herr := decodeObject(body, &fields); herr != nil {
			return nil, herr
		}
	default:
		return nil, &httpError{status: http.StatusMethodNotAllowed, code: codeMethodNotAllowed, allow: "GET, POST, OPTIONS",
			message: fmt.Sprintf("%s is not a method of the GraphQL endpoint; send queries with GET or POST and mutations with POST", r.Method)}
	}

	p := &graphql.RawParams{Headers: r.Header}
	if herr := stringParam(fields, "query", &p.Query); herr != nil {
		return nil, herr
	}
	if herr := stringParam(fields, "operationName", &p.OperationName); herr != nil {
		return nil, herr
	}
	if herr := objectParam(fields, "variables", &p.Variables); herr != nil {
		return nil, herr
	}
	if herr := objectParam(fields, "extensions", &p.Extensions); herr != nil {
		return nil, herr
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return nil, badRequest(`the request has no query: send the document as the "query" parameter, or a persisted document's hash as extensions.persistedQuery.sha256Hash`)
	}
	p.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	return p, nil
}

// checkContentType admits application/json in UTF-8, the one body format the endpoint reads.
func checkContentType(header string) *httpError {
	unsupported := func(msg string) *httpError {
		return &httpError{status: http.StatusUnsupportedMediaType, code: codeUnsupportedMedia, message: msg}
	}
	if header == "" {
		return unsupported("the request has no Content-Type header; a POST to the GraphQL endpoint needs Content-Type: application/json")
	}
	mt, params, err := mime.ParseMediaType(header)
	if err != nil || mt != mediaJSON {
		return unsupported("the request body must be JSON, sent with Content-Type: application/json")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return unsupported("the request body must be UTF-8 (Content-Type: application/json; charset=utf-8)")
	}
	return nil
}

// decodeObject reads a body that must be one JSON object, reporting where it breaks without
// repeating it.
func decodeObject(body []byte, into *map[string]json.RawMessage) *httpError {
	dec := json.NewDecoder(bytes.NewReader(body))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var syntax *json.SyntaxError
		switch {
		case errors.As(err, &syntax):
			return badRequest("the request body is not valid JSON (it breaks at byte %d)", syntax.Offset)
		default:
			return badRequest("the request body is not valid JSON (it ends before the JSON value does)")
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("the request body must hold one JSON object; something follows it")
	}
	if t := jsonKind(raw); t != "object" {
		if t == "array" {
			return badRequest("the request body is a JSON array; this server takes one operation per request (batching is not supported)")
		}
		return badRequest("the request body must be a JSON object with a \"query\" string, not %s", describe(t))
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return badRequest("the request body could not be read as a JSON object")
	}
	return nil
}

func stringParam(fields map[string]json.RawMessage, name string, into *string) *httpError {
	raw, ok := fields[name]
	if !ok || jsonKind(raw) == "null" {
		return nil
	}
	if jsonKind(raw) != "string" {
		return badRequest("the %q parameter must be a string, not %s", name, describe(jsonKind(raw)))
	}
	_ = json.Unmarshal(raw, into)
	return nil
}

func objectParam(fields map[string]json.RawMessage, name string, into *map[string]any) *httpError {
	raw, ok := fields[name]
	if !ok || jsonKind(raw) == "null" {
		return nil
	}
	if jsonKind(raw) != "object" {
		return badRequest("the %q parameter must be a JSON object (a map of names to values), not %s", name, describe(jsonKind(raw)))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep integers exact for GraphQL's Int coercion
	if err := dec.Decode(into); err != nil {
		return badRequest("the %q parameter could not be read", name)
	}
	return nil
}

// jsonKind names the kind of a JSON value: object, array, string, number, boolean, null, or
// "text" (a GET parameter that is not JSON at all).
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !json.Valid(raw) {
		return "text"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	if raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9' {
		return "number"
	}
	return "text"
}

// describe names a kind of JSON value for a message: "an array", "text that is not JSON".
func describe(kind string) string {
	switch kind {
	case "text":
		return "text that is not JSON"
	case "null":
		return "null"
	case "object", "array":
		return "an " + kind
	}
	return "a " + kind
}
