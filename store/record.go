package store

import (
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	mg "github.com/mineralgraph/mineralgraph"
)

// Decoding helpers: a record that lacks a column or holds the wrong type is a bug in this
// package's Cypher, so it is reported as EINTERNAL with the column named.

func str(r *neo4j.Record, key string) (string, error) {
	v, _, err := neo4j.GetRecordValue[string](r, key)
	if err != nil {
		return "", decodeErr(key, err)
	}
	return v, nil
}

// optStr returns the string in column key, or "" when it is null or absent.
func optStr(r *neo4j.Record, key string) string {
	v, isNil, err := neo4j.GetRecordValue[string](r, key)
	if err != nil || isNil {
		return ""
	}
	return v
}

func intValue(r *neo4j.Record, key string) (int, error) {
	v, _, err := neo4j.GetRecordValue[int64](r, key)
	if err != nil {
		return 0, decodeErr(key, err)
	}
	return int(v), nil
}

func decodeErr(key string, err error) error {
	return &mg.Error{Code: mg.EINTERNAL, Op: "store.decode", Message: "internal error", Err: fmt.Errorf("column %s: %w", key, err)}
}

// Decoders of the raw values a compiled query returns (package compile.go): Neo4j's strings,
// integers (int64), floats, booleans, lists, dates and points, or nil for null. A value of
// the wrong type is a bug in this package's Cypher, reported as EINTERNAL.

// as returns v as a T, and T's zero value for null; what names the value in the error.
func as[T any](v any, what string) (T, error) {
	var zero T
	switch x := v.(type) {
	case T:
		return x, nil
	case nil:
		return zero, nil
	}
	return zero, decodeErr(what, fmt.Errorf("want a %s, got %T", what, v))
}

func asList(v any) ([]any, error) { return as[[]any](v, "list") }

func asString(v any) (string, error) { return as[string](v, "string") }

func asInt(v any) (int, error) {
	switch n := v.(type) {
	case int64:
		return int(n), nil
	case float64:
		return int(n), nil
	case nil:
		return 0, nil
	}
	return 0, decodeErr("integer", fmt.Errorf("want an integer, got %T", v))
}

// asFloat returns a number (integer or float) as a float, nil for null.
func asFloat(v any) (*float64, error) {
	switch n := v.(type) {
	case float64:
		return &n, nil
	case int64:
		f := float64(n)
		return &f, nil
	case nil:
		return nil, nil
	}
	return nil, decodeErr("number", fmt.Errorf("want a number, got %T", v))
}

func asBool(v any) (bool, error) { return as[bool](v, "boolean") }

func asStrings(v any) ([]string, error) {
	items, err := asList(v)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, decodeErr("strings", fmt.Errorf("want strings, got %T", it))
		}
		out = append(out, s)
	}
	return out, nil
}

func asDate(v any) (*mg.Date, error) {
	switch d := v.(type) {
	case neo4j.Date:
		day := mg.Date{Time: d.Time()}
		return &day, nil
	case nil:
		return nil, nil
	}
	return nil, decodeErr("date", fmt.Errorf("want a date, got %T", v))
}

// The setters of the common property types, for the fields' declarations: each stores a
// value into the field of T that get points to.

func setStr[T any](get func(*T) *string) setter[T] {
	return func(t *T, v any) (err error) { *get(t), err = asString(v); return err }
}

func setInt[T any](get func(*T) *int) setter[T] {
	return func(t *T, v any) (err error) { *get(t), err = asInt(v); return err }
}

func setOptInt[T any](get func(*T) **int) setter[T] {
	return func(t *T, v any) error {
		if v == nil {
			return nil
		}
		n, err := asInt(v)
		*get(t) = &n
		return err
	}
}

func setFloat[T any](get func(*T) **float64) setter[T] {
	return func(t *T, v any) (err error) { *get(t), err = asFloat(v); return err }
}

func setBool[T any](get func(*T) *bool) setter[T] {
	return func(t *T, v any) (err error) { *get(t), err = asBool(v); return err }
}

func setStrings[T any](get func(*T) *[]string) setter[T] {
	return func(t *T, v any) (err error) { *get(t), err = asStrings(v); return err }
}

func setDate[T any](get func(*T) **mg.Date) setter[T] {
	return func(t *T, v any) (err error) { *get(t), err = asDate(v); return err }
}

// setEnum stores a string into a field of a string type (a Stage, a FacilityType...).
func setEnum[T any, E ~string](get func(*T) *E) setter[T] {
	return func(t *T, v any) error {
		s, err := asString(v)
		*get(t) = E(s)
		return err
	}
}
