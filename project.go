package mineralgraph

// ProjectStage is how far a planned mine or plant has come, as its source reports it.
type ProjectStage string

// The stages of development, in the order a project passes them.
const (
	ProjectAnnounced     ProjectStage = "ANNOUNCED"
	ProjectFeasibility   ProjectStage = "FEASIBILITY"
	ProjectPermitting    ProjectStage = "PERMITTING"
	ProjectConstruction  ProjectStage = "CONSTRUCTION"
	ProjectCommissioning ProjectStage = "COMMISSIONING"
	ProjectOperating     ProjectStage = "OPERATING"
	ProjectSuspended     ProjectStage = "SUSPENDED"
)

// ProjectStages lists every ProjectStage.
var ProjectStages = []ProjectStage{ProjectAnnounced, ProjectFeasibility, ProjectPermitting, ProjectConstruction,
	ProjectCommissioning, ProjectOperating, ProjectSuspended}

// Valid reports whether s is one of ProjectStages.
func (s ProjectStage) Valid() bool { return oneOf(s, ProjectStages) }

// Project is a planned mine or plant: who sponsors it, where, for which minerals, how far it
// has come and when it is expected to start producing. Stage is empty and ExpectedStart nil
// where the source does not say; they are never guessed.
type Project struct {
	ID            string
	Name          string
	SponsorID     string // organisation id
	Country       string // ISO alpha-2
	Minerals      []string
	Stage         ProjectStage
	ExpectedStart *int // the year the source expects production to start
	SourceID      string
	Note          string
	Related       Related
}

// References returns the country, minerals and source of the project. Its sponsor comes with
// it (a dataset row names it), so it is no reference.
func (p Project) References() []Ref {
	out := append(refs("country", RefCountry, p.Country), refs("source", RefSource, p.SourceID)...)
	return append(out, refs("minerals", RefMineral, p.Minerals...)...)
}

// Check returns EINVALID naming every malformed field of the project.
func (p Project) Check() error { return ProblemsError(p.Problems()) }

// Problems lists every malformed field of the project, by its field's name in the API. Check
// reports them to a curator, and the dataset's reader at the row and column of projects.csv:
// each rule is stated here once.
func (p Project) Problems() []Problem {
	var ps problems
	ps.id("id", p.ID)
	ps.name("name", p.Name)
	ps.code("country", p.Country)
	ps.list("minerals", p.Minerals, ps.id)
	if p.Stage != "" && !p.Stage.Valid() {
		ps.addf("stage", "%q: use one of %v, or leave it empty when the source does not say", clip(string(p.Stage)), ProjectStages)
	}
	if p.ExpectedStart != nil {
		ps.year("expectedStart", *p.ExpectedStart)
	}
	ps.id("source", p.SourceID)
	ps.text("note", p.Note, MaxTextLength)
	return ps
}
