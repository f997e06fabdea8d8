package mineralgraph

// Related holds what one read fetched along with an entity for its fields that lead
// elsewhere or take arguments (a mineral's shares, a share's country, a policy's activeOn),
// each under the key the reader gave the field: the store fills it from the one query it
// compiled, and the API's resolvers read their values back from it. A value may be an error
// that belongs to that field alone (a bad argument), reported there.
//
// Only values the reader asked for are present; an entity built any other way (loaded from
// a dataset, say) has none.
type Related map[string]any

// Set stores v under key, making the map when it is the first value.
func (r *Related) Set(key string, v any) {
	if *r == nil {
		*r = Related{}
	}
	(*r)[key] = v
}
