package mineralgraph

import "time"

// Freshness is what the graph holds and how current it is: the dataset last loaded, the newest
// policy, and (in Related, as a read fetched them) the years each source's figures cover,
// the counts of records by kind and every source the graph cites.
type Freshness struct {
	Dataset      string     // the digest of the dataset last loaded; "" when none was recorded
	LoadedAt     *time.Time // when it was loaded
	NewestPolicy *Date      // the newest day a policy was announced or took effect
	Related      Related
}

// FigureCoverage is the years of shares one source gives for one stage.
type FigureCoverage struct {
	Stage                  Stage
	NewestYear, OldestYear int
	Shares                 int
	Related                Related
}

// RecordCount is how many records of one kind the graph holds.
type RecordCount struct {
	Kind  string
	Count int
}
