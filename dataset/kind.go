package dataset

import (
	"sort"

	mg "github.com/mineralgraph/mineralgraph"
)

// kind is one kind of record of the format, declared in the file of its entity
// (dataset/policy.go...): the columns of its files, how a row becomes a record, how its
// records become rows again, which ids they claim, what they refer to and the rules a record
// meets beyond its references (its domain type's Problems). Each file registers its kinds;
// nothing else lists them.
//
// Reading only parses: a cell becomes a number, a whole number, a date or one of a closed
// vocabulary (enum, by the domain's Valid and list), and a cell that cannot is reported at
// once. What a parsed record must then be (required values, ids, ranges, rules across fields)
// is its domain type's Problems, stated once in the root and reported by validate at the row
// and column (validator.problems).
type kind struct {
	name string // the kind's files are <name>.csv and <name>-<part>.csv
	// order places the kind among the others: kinds are read and written in this order,
	// records after the records they refer to.
	order   int
	columns []string
	// read appends the record of one row to d and returns the key it is known by.
	read func(d *Dataset, r row, orgs *organisations) string
	// rows renders the kind's records in the order of columns, or fails naming a record it
	// cannot write so that it reads back the same (an organisation no name reads back to).
	rows func(d *Dataset) ([][]string, error)
	// each calls fn with what validate checks of every record of the kind (eachOf).
	each func(d *Dataset, fn func(entry))
	// check, when set, reports what is wrong with the kind's records taken together (a name
	// given to two countries), which no one record's Problems can say.
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

// entry is what validate checks of one record: the key it is known by, its references,
// whether its id must be unique across kinds (its type is mg.Addressable: node(id) finds it by
// its slug) and its problems as its domain type states them.
type entry struct {
	key      string
	refs     []mg.Ref
	global   bool
	problems []mg.Problem
}

// eachOf adapts a list of records to kind.each: key gives a record's key, refs its
// references, problems (nil for a type that states none) its Problems. Whether ids are
// unique across kinds comes from the type.
func eachOf[T any](list func(d *Dataset) []T, key func(T) string, refs func(T) []mg.Ref, problems func(T) []mg.Problem) func(d *Dataset, fn func(entry)) {
	global := mg.IsAddressable[T]()
	return func(d *Dataset, fn func(entry)) {
		for _, x := range list(d) {
			e := entry{key: key(x), refs: refs(x), global: global}
			if problems != nil {
				e.problems = problems(x)
			}
			fn(e)
		}
	}
}

// mergeOf adapts mergeByID to kind.merge for the list of records field points to.
func mergeOf[T any](field func(d *Dataset) *[]T, key func(T) string) func(d, o *Dataset) {
	return func(d, o *Dataset) { *field(d) = mergeByID(*field(d), *field(o), key) }
}

// rowsOf adapts a function rendering one record to kind.rows.
func rowsOf[T any](list func(d *Dataset) []T, row func(d *Dataset, x T) []string) func(d *Dataset) ([][]string, error) {
	return func(d *Dataset) ([][]string, error) {
		out := make([][]string, 0, len(list(d)))
		for _, x := range list(d) {
			out = append(out, row(d, x))
		}
		return out, nil
	}
}
