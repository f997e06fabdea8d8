package mineralgraph

// CriticalList is a government's list of critical minerals: USGS 2018, 2022, the 2025 draft
// and final lists, the EU Critical Raw Materials Act lists. ID is a slug: "usgs-2022".
type CriticalList struct {
	ID       string
	Name     string
	Issuer   string // ISO alpha-2 code or bloc id ("US", "EU")
	Year     int
	URL      string
	SourceID string
	Note     string
	// Members are the ids of the minerals on the list.
	Members []string
	Related Related
}

// Bloc is a group of countries: the EU, the G7, the Minerals Security Partnership.
type Bloc struct {
	ID       string // "eu", "g7", "msp"
	Name     string
	Members  []string // ISO alpha-2 codes
	SourceID string
	Note     string
	Related  Related
}

// EndUses is what a mineral is mainly used for, as a source words it.
type EndUses struct {
	MineralID string
	Text      string
	SourceID  string
	Related   Related
}

// Lists and blocs are Addressable: node(id) finds each by its slug.
func (CriticalList) addressable() {}
func (Bloc) addressable()         {}

// References returns the countries and source the bloc names.
func (b Bloc) References() []Ref {
	return append(refs("members", RefCountry, b.Members...), refs("source", RefSource, b.SourceID)...)
}

// References returns the list's issuer, source and members.
func (l CriticalList) References() []Ref {
	out := append(refs("issuer", RefIssuer, l.Issuer), refs("source", RefSource, l.SourceID)...)
	return append(out, refs("mineral", RefMineral, l.Members...)...)
}

// References returns the mineral and source of the end uses.
func (e EndUses) References() []Ref {
	return append(refs("mineral", RefMineral, e.MineralID), refs("source", RefSource, e.SourceID)...)
}
