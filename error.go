package mineralgraph

import (
	"errors"
	"fmt"
)

// ErrorCode is the kind of an error, the part of it a client may act on. The GraphQL layer
// maps each code to an extensions.code in one place.
type ErrorCode string

// The error vocabulary. Every error that crosses a package boundary either carries one of
// these codes or is treated as EINTERNAL.
const (
	ENOTFOUND        ErrorCode = "not_found"       // the thing asked for does not exist
	EINVALID         ErrorCode = "invalid"         // the request is malformed; the message says what to change
	ECONFLICT        ErrorCode = "conflict"        // the request contradicts the current state
	EUNAUTHENTICATED ErrorCode = "unauthenticated" // the request needs an API key and has none (or a wrong one)
	EFORBIDDEN       ErrorCode = "forbidden"       // the API key is valid but may not do this
	EUNAVAILABLE     ErrorCode = "unavailable"     // a dependency (Neo4j) cannot be reached now; retry later
	EINTERNAL        ErrorCode = "internal"        // a bug or an unexpected failure; details are logged, not shown
)

// Error is a domain error: a code, a message fit to show a client, the operation that failed
// and, for logs only, the underlying error.
type Error struct {
	Code    ErrorCode
	Message string // safe to show a client
	Op      string // the operation that failed, for logs: "store.Minerals"
	Err     error  // the cause, for logs; never shown to a client
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Op != "":
		return fmt.Sprintf("%s: %s: %v", e.Op, e.Message, e.Err)
	case e.Op != "":
		return fmt.Sprintf("%s: %s", e.Op, e.Message)
	default:
		return e.Message
	}
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and a formatted client-safe message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an ENOTFOUND error that names what was missing: `mineral "galium" not found`.
// A very long id is clipped, so that a request cannot make the answer echo megabytes.
func NotFound(kind, id string) *Error {
	return Errorf(ENOTFOUND, "%s %q not found", kind, clip(id))
}

// Invalid returns an EINVALID error with a message that says what to change.
func Invalid(format string, args ...any) *Error {
	return Errorf(EINVALID, format, args...)
}

// Code returns the code of the first *Error in err's chain, or EINTERNAL when there is none
// (an error nobody classified is a bug until proven otherwise). Code(nil) is "".
func Code(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Message returns the client-safe message of the first *Error in err's chain, or a generic
// message for anything else, so that driver or Cypher text never reaches a client.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "internal error"
}
