package dataset

import (
	"sort"

	mg "github.com/mineralgraph/mineralgraph"
)

// kind is one kind of record of the format, declared in the file of its entity
// (dataset/policy.go...): the columns of its files, how a row becomes a record, how its
// records become rows again, which ids they claim, what they refer to and the rules a record
// meets beyond its references. Each file registers its kinds; nothing else lists them.
type kind struct {
	name string // the kind's files are <name>.csv and <name>-<part>.csv
	// order places the kind among the others: kinds are read and written in this order,
	// records after the records they refer to.
	order   int
	columns []string
	// read appends the record of one row to d and returns the key it is known by.
	read func(d *Dataset, r row, orgs *organisations) string
	// rows renders the kind's records in the order of columns.
	rows func(d *Dataset) [][]string
	// each calls fn with the key, the references and (where node(id) addresses the kind)
	// whether the id must be unique across kinds, of every record of the kind.
	each func(d *Dataset, fn func(key string, refs []mg.Ref, global bool))
	// check, when set, reports what is wrong with the kind's records beyond their references.
	check func(v *validator)
	// ownKeys says that check reports a key given twice in the kind's own words (a list's
	// member listed twice), so validate claims none of the kind's keys and says it once.
	ownKeys bool
	// merge adds o's records to d, a record of o replacing d's with the same key.
	merge func(d, o *Dataset)
}

// kinds are the registered kinds, in order.
var kinds []kind

// register adds a kind; each entity's file calls it from init.
func register(k kind) {
	kinds = append(kinds, k)
	sort.SliceStable(kinds, func(i, j int) bool { return kinds[i].order < kinds[j].order })
}

// Kinds returns the names of the kinds of records of the format, in the order they are read
// and written: records come after the records they refer to. Each kind lives in <kind>.csv
// and in any <kind>-<part>.csv (so that generated parts sit beside hand-written ones).
func Kinds() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.name
	}
	return out
}

// eachOf adapts a list of records to kind.each: key gives a record's key, refs its
// references.
func eachOf[T any](list func(d *Dataset) []T, key func(T) string, refs func(T) []mg.Ref, global bool) func(d *Dataset, fn func(string, []mg.Ref, bool)) {
	return func(d *Dataset, fn func(string, []mg.Ref, bool)) {
		for _, x := range list(d) {
			fn(key(x), refs(x), global)
		}
	}
}

// mergeOf adapts mergeByID to kind.merge for the list of records field points to.
func mergeOf[T any](field func(d *Dataset) *[]T, key func(T) string) func(d, o *Dataset) {
	return func(d, o *Dataset) { *field(d) = mergeByID(*field(d), *field(o), key) }
}

// rowsOf adapts a function rendering one record to kind.rows.
func rowsOf[T any](list func(d *Dataset) []T, row func(d *Dataset, x T) []string) func(d *Dataset) [][]string {
	return func(d *Dataset) [][]string {
		out := make([][]string, 0, len(list(d)))
		for _, x := range list(d) {
			out = append(out, row(d, x))
		}
		return out
	}
}
