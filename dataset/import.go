package dataset

import (
	"io"
	"path/filepath"
	"sort"
)

// Input is one of a publisher's files handed to an importer: its name (which may carry the
// edition and the commodity, as USGS's names do) and its content. Importers that reconcile
// several files (editions that revise each other, extracts that repeat rows, mirror reports
// of one flow) take them all in one call, so that the result does not depend on the order
// the files are given in.
type Input struct {
	Name string
	io.Reader
}

// byName returns the inputs sorted by base name, the order importers read them in.
func byName(in []Input) []Input {
	out := append([]Input(nil), in...)
	sort.SliceStable(out, func(i, j int) bool { return filepath.Base(out[i].Name) < filepath.Base(out[j].Name) })
	return out
}
