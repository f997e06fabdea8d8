package model

import (
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	mg "github.com/mineralgraph/mineralgraph"
)

// MarshalFloat writes a Float in plain decimal notation (5900000, not 5.9e+06), as the
// publishers print their figures, so that a researcher reads the answer as the table reads.
func MarshalFloat(f float64) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			_, _ = io.WriteString(w, "null")
			return
		}
		_, _ = io.WriteString(w, strconv.FormatFloat(f, 'f', -1, 64))
	})
}

// UnmarshalFloat reads a Float argument the way gqlgen does; a value that is not a number is
// a BAD_USER_INPUT error.
func UnmarshalFloat(v any) (float64, error) {
	f, err := graphql.UnmarshalFloat(v)
	if err != nil {
		return 0, mg.Invalid("%v", err)
	}
	return f, nil
}
