package model

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	mg "github.com/mineralgraph/mineralgraph"
)

// MarshalDate writes a Date as "YYYY-MM-DD" (the Date scalar of the schema).
func MarshalDate(d mg.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads a Date from "YYYY-MM-DD"; anything else is a BAD_USER_INPUT error that
// shows the expected form.
func UnmarshalDate(v any) (mg.Date, error) {
	s, ok := v.(string)
	if !ok {
		return mg.Date{}, mg.Invalid("a Date is a string YYYY-MM-DD, got %T", v)
	}
	d, err := mg.ParseDate(s)
	if err != nil {
		return mg.Date{}, mg.Invalid("%q is not a date YYYY-MM-DD", s)
	}
	return d, nil
}
