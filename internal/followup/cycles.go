package followup

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Review cycles (docs/FOLLOW-UP.md): the secretariat of a process opens a
// cycle ("Regional review 2025", "IMRF 2026") over commitments chosen by
// a filter or a list, with a reporting deadline and the languages of its
// review report; the owners see the reports they owe; late ones are shown;
// closing the cycle makes its review report (review_report.go).

func errNotCycleManager() error {
	return domain.Errorf(domain.EFORBIDDEN, "followup.error_not_cycle_manager", "only the process's secretariat opens, changes and closes review cycles")
}

func errCycleClosed() error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_cycle_closed", "the review cycle is closed: it takes no more reports")
}

func errStaleCycle(read, now int) error {
	return domain.Errorf(domain.ECONFLICT, "followup.error_cycle_stale", "you read version %d of the review cycle but version %d has been saved since: reload it, then apply your change again", read, now)
}

// process checks that the actor sees a process's follow-up: EUNAUTHORIZED
// for an anonymous actor, ENOTFOUND for a process they do not see.
func (s *Service) followUp(ctx context.Context, a *domain.Actor, processID string) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	if !a.CanViewFollowUp(processID) {
		return domain.NotFound("process")
	}
	if _, err := s.db.Process(ctx, processID); err != nil {
		return err
	}
	return nil
}

// ScopeBodies returns the bodies that own or co-own a commitment of the
// process, by name: what a cycle's scope may be narrowed to (its form's
// choices), to whoever sees the process's follow-up.
func (s *Service) ScopeBodies(ctx context.Context, a *domain.Actor, processID string) ([]store.DashboardChoice, error) {
	if err := s.followUp(ctx, a, processID); err != nil {
		return nil, err
	}
	ch, err := s.db.DashboardChoices(ctx, processID)
	if err != nil {
		return nil, err
	}
	return ch.Bodies, nil
}

// visibleCycle finds a cycle of a process the actor sees.
func (s *Service) visibleCycle(ctx context.Context, a *domain.Actor, id string) (*domain.ReviewCycle, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	y, err := s.db.ReviewCycle(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewFollowUp(y.ProcessID) {
		return nil, domain.NotFound("review cycle")
	}
	return y, nil
}

// ScopeFilter chooses a cycle's commitments among the process's: each
// field given narrows the choice.
type ScopeFilter struct {
	MeetingID string
	BodyID    string // owner or co-owner
	Objective string // a GCM code: O1..O23, Pa..Pj
	Statuses  []domain.CommitmentStatus
	// DueBy keeps commitments due on or before this day (YYYY-MM-DD).
	DueBy string
}

// Empty reports whether the filter chooses nothing in particular.
func (f ScopeFilter) Empty() bool {
	return f.MeetingID == "" && f.BodyID == "" && f.Objective == "" && len(f.Statuses) == 0 && f.DueBy == ""
}

// CycleInput is a review cycle as the secretariat opens or changes it.
// Its scope is CommitmentIDs, or, when that is empty, the commitments
// that Filter chooses (all the process's open ones for an empty filter).
type CycleInput struct {
	ID            string // "" to open one
	Version       int
	ProcessID     string
	Name          string
	OpensOn       string
	Deadline      string
	Languages     []string
	CommitmentIDs []string
	Filter        ScopeFilter
}

// OpenCycle opens a review cycle of a process: its secretariat (and
// administrators). A commitment of another process named in the list is
// not found.
func (s *Service) OpenCycle(ctx context.Context, a *domain.Actor, in CycleInput) (*domain.ReviewCycle, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	if err := s.followUp(ctx, a, in.ProcessID); err != nil {
		return nil, err
	}
	if !a.CanManageReviewCycles(in.ProcessID) {
		return nil, errNotCycleManager()
	}
	y := &domain.ReviewCycle{ProcessID: in.ProcessID}
	if err := s.fillCycle(ctx, y, in); err != nil {
		return nil, err
	}
	if err := s.db.CreateReviewCycle(ctx, y); err != nil {
		return nil, err
	}
	return y, nil
}

func (s *Service) fillCycle(ctx context.Context, y *domain.ReviewCycle, in CycleInput) error {
	y.Name, y.Deadline = in.Name, strings.TrimSpace(in.Deadline)
	switch opens := strings.TrimSpace(in.OpensOn); {
	case opens != "":
		y.OpensOn = opens
	case y.OpensOn == "":
		y.OpensOn = s.today() // a new cycle opens today unless told
	}
	y.Languages = nil
	var errs domain.Errors
	for _, l := range in.Languages {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || slices.Contains(y.Languages, l):
		case !slices.Contains(domain.Locales, l):
			errs = append(errs, domain.Invalid("languages", "error.locale", "must be one of %s", strings.Join(domain.Locales, ", ")))
		default:
			y.Languages = append(y.Languages, l)
		}
	}
	if len(y.Languages) == 0 {
		y.Languages = []string{"en"}
	}
	ids := in.CommitmentIDs
	if len(ids) == 0 {
		var err error
		if ids, err = s.db.CommitmentIDsWhere(ctx, y.ProcessID, store.CommitmentWhere{MeetingID: in.Filter.MeetingID, BodyID: in.Filter.BodyID,
			Objective: in.Filter.Objective, Statuses: in.Filter.Statuses, DueBy: in.Filter.DueBy, OpenOnly: in.Filter.Empty()}); err != nil {
			return err
		}
	} else {
		found, err := s.db.CommitmentIDsWhere(ctx, y.ProcessID, store.CommitmentWhere{IDs: ids})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !slices.Contains(found, strings.TrimSpace(id)) {
				return domain.NotFound("commitment")
			}
		}
	}
	y.CommitmentIDs = ids
	if err := y.Validate(); err != nil {
		errs = append(errs, asErrors(err)...)
	}
	if len(y.CommitmentIDs) == 0 {
		errs = append(errs, domain.Invalid("commitments", "followup.error_scope_empty", "the cycle reviews no commitment: choose some, or widen the filter"))
	}
	return errs.Err()
}

// UpdateCycle changes an open cycle's name, dates, languages and scope:
// its secretariat, at the version read.
func (s *Service) UpdateCycle(ctx context.Context, a *domain.Actor, in CycleInput) (*domain.ReviewCycle, error) {
	ctx = domain.NewContextWithActor(ctx, a)
	y, err := s.managedCycle(ctx, a, in.ID)
	if err != nil {
		return nil, err
	}
	if in.Version != y.Version {
		return nil, errStaleCycle(in.Version, y.Version)
	}
	before := *y
	if err := s.fillCycle(ctx, y, in); err != nil {
		return nil, err
	}
	if err := s.db.UpdateReviewCycle(ctx, &before, y); err != nil {
		return nil, err
	}
	return y, nil
}

// managedCycle finds an open cycle the actor manages.
func (s *Service) managedCycle(ctx context.Context, a *domain.Actor, id string) (*domain.ReviewCycle, error) {
	y, err := s.visibleCycle(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.CanManageReviewCycles(y.ProcessID) {
		return nil, errNotCycleManager()
	}
	if y.State != domain.CycleOpen {
		return nil, errCycleClosed()
	}
	return y, nil
}

// LineState is where one commitment of a cycle stands in its reporting.
type LineState string

// The states of a commitment in a cycle.
const (
	LineAccepted  LineState = "accepted"  // a report was accepted
	LineSubmitted LineState = "submitted" // a report waits for review
	LineReturned  LineState = "returned"  // the report went back to its owners
	LineDraft     LineState = "draft"     // a report was begun
	LineMissing   LineState = "missing"   // no report yet
)

// CycleLine is one commitment of a cycle with where its reporting stands.
type CycleLine struct {
	*store.CycleLine
	State LineState
	// Late: no report submitted or accepted while the deadline has
	// passed, or one submitted after it.
	Late bool
}

// CycleView is a cycle as the actor reads it.
type CycleView struct {
	Cycle *domain.ReviewCycle
	Lines []*CycleLine
	// Counts by state, and of late lines.
	Counts map[LineState]int
	Late   int
	// Overdue is true once the deadline has passed while the cycle is
	// open.
	Overdue bool
	// Reports are the cycle's review report's languages, once made.
	Reports []*store.ReviewReport
	Can     CyclePermissions
}

// CyclePermissions are what the actor may do with a cycle.
type CyclePermissions struct {
	Manage bool `json:"manage"` // change, close, remind, edit the report
}

// Cycle returns a cycle with each commitment in scope and where its
// reporting stands, to whoever sees the process's follow-up.
func (s *Service) Cycle(ctx context.Context, a *domain.Actor, id string) (*CycleView, error) {
	y, err := s.visibleCycle(ctx, a, id)
	if err != nil {
		return nil, err
	}
	lines, err := s.db.CycleLines(ctx, y.ID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	v := &CycleView{Cycle: y, Counts: map[LineState]int{}, Overdue: y.Overdue(today), Can: CyclePermissions{Manage: a.CanManageReviewCycles(y.ProcessID)}}
	for _, l := range lines {
		cl := &CycleLine{CycleLine: l, State: lineState(l.ReportState)}
		switch cl.State {
		case LineAccepted, LineSubmitted:
			cl.Late = l.SubmittedAt.UTC().Format(time.DateOnly) > y.Deadline
		default:
			cl.Late = y.Deadline < today && (y.State == domain.CycleOpen || !y.ClosedAt.IsZero())
		}
		v.Counts[cl.State]++
		if cl.Late {
			v.Late++
		}
		v.Lines = append(v.Lines, cl)
	}
	if v.Reports, err = s.db.ReviewReports(ctx, y.ID); err != nil {
		return nil, err
	}
	return v, nil
}

func lineState(s domain.ReportState) LineState {
	switch s {
	case domain.ReportAccepted:
		return LineAccepted
	case domain.ReportSubmitted:
		return LineSubmitted
	case domain.ReportReturned:
		return LineReturned
	case domain.ReportDraft:
		return LineDraft
	}
	return LineMissing
}

// LateLines returns the lines of v that are late.
func (v *CycleView) LateLines() []*CycleLine {
	var out []*CycleLine
	for _, l := range v.Lines {
		if l.Late {
			out = append(out, l)
		}
	}
	return out
}

// ReportingRate is the share of the cycle's commitments with a submitted
// or accepted report, from 0 to 1 (0 for an empty scope).
func (v *CycleView) ReportingRate() float64 {
	if len(v.Lines) == 0 {
		return 0
	}
	return float64(v.Counts[LineAccepted]+v.Counts[LineSubmitted]) / float64(len(v.Lines))
}

// Cycles returns a process's review cycles, open ones first, to whoever
// sees its follow-up.
func (s *Service) Cycles(ctx context.Context, a *domain.Actor, processID string) ([]*domain.ReviewCycle, error) {
	if err := s.followUp(ctx, a, processID); err != nil {
		return nil, err
	}
	return s.db.ReviewCycles(ctx, processID)
}

// DueItem is a report the actor's body owes in an open cycle.
type DueItem struct {
	*store.DueLine
	// DaysLeft is the number of days to the deadline (0 on the day,
	// negative once it has passed); Overdue is DaysLeft < 0.
	DaysLeft int
	Overdue  bool
	// Lang is the language of the commitment's Title; Titles its
	// translations, by language.
	Lang   string
	Titles map[string]string
}

// LocalTitle is a text in a language.
type LocalTitle struct{ Text, Lang string }

// TitleIn is the commitment's title in lang when it is translated into
// it, else the original, with the language it is in.
func (d *DueItem) TitleIn(lang string) LocalTitle {
	if t := d.Titles[lang]; t != "" {
		return LocalTitle{t, lang}
	}
	return LocalTitle{d.Title, d.Lang}
}

// translateDue gives each item its commitment's language and the
// translations of its title, reading each commitment once.
func (s *Service) translateDue(ctx context.Context, items []*DueItem) error {
	read := map[string]*domain.Commitment{}
	for _, d := range items {
		c := read[d.CommitmentID]
		if c == nil {
			var err error
			if c, err = s.db.Commitment(ctx, d.CommitmentID); err != nil {
				return err
			}
			read[d.CommitmentID] = c
		}
		d.Lang, d.Titles = c.Lang, map[string]string{}
		for _, tr := range c.Translations {
			d.Titles[tr.Lang] = tr.Title
		}
	}
	return nil
}

// MyReportsDue returns the reports the actor owes: for each open cycle of
// the processes where they are a delegate or partner of a body, the
// commitments in scope their body owns or co-owns with no report
// submitted or accepted, soonest deadline first.
func (s *Service) MyReportsDue(ctx context.Context, a *domain.Actor) ([]*DueItem, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	bodies := map[string][]string{} // process -> bodies
	for _, m := range a.Memberships {
		if (m.Role == domain.RoleDelegate || m.Role == domain.RolePartner) && m.BodyID != "" && !slices.Contains(bodies[m.ProcessID], m.BodyID) {
			bodies[m.ProcessID] = append(bodies[m.ProcessID], m.BodyID)
		}
	}
	var out []*DueItem
	today := s.today()
	for p, bs := range bodies {
		lines, err := s.db.DueReports(ctx, store.DueFilter{ProcessID: p, BodyIDs: bs})
		if err != nil {
			return nil, err
		}
		for _, l := range lines {
			out = append(out, dueItem(l, today))
		}
	}
	slices.SortStableFunc(out, func(x, y *DueItem) int {
		if c := strings.Compare(x.Deadline, y.Deadline); c != 0 {
			return c
		}
		return strings.Compare(x.Title, y.Title)
	})
	if err := s.translateDue(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

func dueItem(l *store.DueLine, today string) *DueItem {
	d := daysBetween(today, l.Deadline)
	return &DueItem{DueLine: l, DaysLeft: d, Overdue: d < 0}
}

// daysBetween is the number of days from day a to day b (YYYY-MM-DD).
func daysBetween(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

// CycleRef names a cycle at the version read.
type CycleRef struct {
	ID      string
	Version int
}
