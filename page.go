package mineralgraph

// Page sizes. Every list the API serves is paginated; a request for more than MaxPageSize
// items is refused with EINVALID rather than silently truncated.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageArgs asks for the First items after the opaque cursor After (empty: from the start).
type PageArgs struct {
	First int
	After string
}

// Validate checks First against the limit max; it returns an EINVALID error that says what to
// change.
func (p PageArgs) Validate(max int) error {
	if p.First < 0 {
		return Invalid("first must be 0 or more, got %d", p.First)
	}
	if p.First > max {
		return Invalid("first must be at most %d, got %d: ask for fewer items and follow pageInfo.endCursor", max, p.First)
	}
	return nil
}

// Page is one page of a keyset-paginated list. Cursor(i) is the cursor of Items[i]; passing
// it as After continues the list right after that item, even if items were added before it.
type Page[T any] struct {
	Items []T
	// CursorOf makes the cursor of Items[i] (see Cursor). It is a function because a cursor
	// is made only when a client asks for it (edges.cursor, pageInfo.startCursor or
	// endCursor): most queries ask for none, and making one per row was measurable.
	CursorOf    func(i int) string
	HasNextPage bool
	// HasPreviousPage is true when the page was asked for with a cursor, i.e. items precede it.
	HasPreviousPage bool
	// TotalCount is the size of the whole list, when the caller asked for it (nil otherwise).
	TotalCount *int
}

// Cursor returns the cursor of Items[i].
func (p Page[T]) Cursor(i int) string { return p.CursorOf(i) }
