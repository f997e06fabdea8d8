package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	mg "github.com/mineralgraph/mineralgraph"
)

// extensionCode maps the domain's error vocabulary to GraphQL extensions.code, the one place
// where that mapping lives.
var extensionCode = map[mg.ErrorCode]string{
	mg.ENOTFOUND:        "NOT_FOUND",
	mg.EINVALID:         "BAD_USER_INPUT",
	mg.ECONFLICT:        "CONFLICT",
	mg.EUNAUTHENTICATED: "UNAUTHENTICATED",
	mg.EFORBIDDEN:       "FORBIDDEN",
	mg.EUNAVAILABLE:     "UNAVAILABLE",
	mg.EINTERNAL:        "INTERNAL",
}

// presentError turns a resolver's error into what the client sees: the domain message and
// code. Anything that is not a classified domain error is INTERNAL: its details (driver
// messages, Cypher) are logged with the request id and never sent.
func presentError(log *slog.Logger, schema *ast.Schema) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var domain *mg.Error
		if !errors.As(err, &domain) && gqlErr.Err == nil {
			// An error gqlgen made itself: already client-safe. A wrong argument value (an
			// unknown enum value, a string for a number) is the client's input to fix.
			if gqlErr.Rule == "ValuesOfCorrectType" || gqlErr.Rule == "VariablesOfCorrectType" {
				setCode(gqlErr, "BAD_USER_INPUT")
				gqlErr.Message = withEnumValues(gqlErr.Message, schema)
			}
			if gqlErr.Extensions == nil || gqlErr.Extensions["code"] == nil {
				setCode(gqlErr, "BAD_USER_INPUT")
			}
			return gqlErr
		}
		code := mg.Code(err)
		if code == mg.EINTERNAL || code == mg.EUNAVAILABLE {
			log.ErrorContext(ctx, "request failed", "request_id", RequestID(ctx), "code", code,
				"path", gqlErr.Path.String(), "error", err.Error())
		}
		out := &gqlerror.Error{
			Message:   mg.Message(err),
			Path:      gqlErr.Path,
			Locations: gqlErr.Locations,
			Rule:      gqlErr.Rule,
		}
		setCode(out, extensionCode[code])
		if code == mg.EINTERNAL {
			out.Extensions["requestId"] = RequestID(ctx)
		}
		return out
	}
}

// unknownEnum matches gqlparser's message for an enum value that does not exist.
var unknownEnum = regexp.MustCompile(`does not exist in "(\w+)!?" enum`)

// withEnumValues adds the allowed values to a message about an unknown enum value, so that
// it says what to write instead.
func withEnumValues(msg string, schema *ast.Schema) string {
	m := unknownEnum.FindStringSubmatch(msg)
	if m == nil || schema == nil {
		return msg
	}
	def := schema.Types[m[1]]
	if def == nil {
		return msg
	}
	values := make([]string, len(def.EnumValues))
	for i, v := range def.EnumValues {
		values[i] = v.Name
	}
	return msg + " Use one of: " + strings.Join(values, ", ") + "."
}

func setCode(e *gqlerror.Error, code string) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

// recoverPanic turns a panic in a resolver into an INTERNAL error for that field; the stack
// goes to the log, the server keeps serving.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "request_id", RequestID(ctx), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &mg.Error{Code: mg.EINTERNAL, Op: "resolver", Message: "internal error", Err: fmt.Errorf("panic: %v", p)}
	}
}
