// Package outcome holds the use cases of a meeting's outcome document
// (docs/OUTCOME.md): the first draft made from the meeting's agenda and
// synthesis, its versions and the difference between two, the rounds of
// amendments by the delegations and their decisions, the silence
// procedure, adoption with its content hash, publication for readers
// without an account, and translations.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]) and its input, authorises (the rules are on
// domain.Actor: CanDraftOutcome, CanDecideAmendment, CanAdoptOutcome,
// CanReadOutcomeDrafts, AmendmentBody), validates, and changes the
// document through [store.DB.ChangeOutcome] with the rule checked inside
// the transaction. Objects the actor may not see answer
// [domain.ENOTFOUND], actions the role does not allow
// [domain.EFORBIDDEN], a change based on a version that is no longer the
// latest [domain.ECONFLICT].
//
// The pure parts, which the pages and exports may use as they are:
// [Diff] (two versions by block ID), [Apply] (accepted amendments to a
// text) and [InLanguage] (a text with its translations).
package outcome

import (
	"context"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// Service runs the outcome document's use cases over one database.
type Service struct {
	db    *store.DB
	synth *synthesis.Service
	delib *deliberation.Service
	cat   *locale.Catalog
	now   func() time.Time
}

// New returns the outcome document's use cases over db, drafting from the
// plenary's (synth) and the breakout groups' (delib) use cases, with the
// headings of generated sections from cat.
func New(db *store.DB, synth *synthesis.Service, delib *deliberation.Service, cat *locale.Catalog) *Service {
	return &Service{db: db, synth: synth, delib: delib, cat: cat, now: time.Now}
}

// SetClock replaces the clock the deadlines are compared with (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// scope is a meeting the actor may see.
type scope struct {
	store.Scope
	Meeting *domain.Meeting
}

// meeting finds a meeting the actor may see: [domain.EUNAUTHORIZED] for
// an anonymous actor, [domain.ENOTFOUND] for one they may not see.
func (s *Service) meeting(ctx context.Context, a *domain.Actor, meetingID string) (*scope, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return nil, domain.NotFound("meeting")
	}
	m, err := s.db.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	return &scope{Scope: sc, Meeting: m}, nil
}

// drafter is meeting, for whoever drafts the document.
func (s *Service) drafter(ctx context.Context, a *domain.Actor, meetingID string) (*scope, error) {
	sc, err := s.meeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanDraftOutcome(sc.ProcessID, sc.MeetingID) {
		return nil, errNotDrafter()
	}
	return sc, nil
}

func errNotDrafter() error {
	return domain.Errorf(domain.EFORBIDDEN, "outcome.error_not_drafter", "only the secretariat drafts and edits the outcome document")
}

func errNotDecider() error {
	return domain.Errorf(domain.EFORBIDDEN, "outcome.error_not_decider", "only the secretariat or the chair decides amendments")
}

func errNotChair() error {
	return domain.Errorf(domain.EFORBIDDEN, "outcome.error_not_chair", "only the chair adopts the outcome document")
}

func errDraftsHidden() error {
	return domain.Errorf(domain.EFORBIDDEN, "outcome.error_drafts_hidden", "the outcome document is read by observers once it is adopted")
}

func errNoDelegation() error {
	return domain.Errorf(domain.EFORBIDDEN, "outcome.error_no_delegation", "only a delegation taking part in the meeting proposes and supports amendments: choose the body you speak for")
}

// ErrAdopted is the answer to a change of an adopted document.
var ErrAdopted = domain.Errorf(domain.ECONFLICT, "outcome.error_adopted", "the outcome document is adopted and can no longer change")

func errOpen() error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_open", "the draft is open for amendments: close the round before editing it")
}

func errNotOpen() error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_not_open", "the draft is not open for amendments")
}

// errStale is the answer to a change based on a version that is no
// longer the latest.
func errStale(read, latest int) error {
	return domain.Errorf(domain.ECONFLICT, "outcome.error_stale", "you read version %d but version %d has been saved since: reload it, then apply your change again", read, latest)
}

// draftable checks, inside the transaction, that the document may take a
// new version made from version read: not adopted, not open for
// amendments, and read is the latest.
func draftable(d *store.OutcomeDocument, read int) error {
	switch {
	case d.AdoptedVersion > 0:
		return ErrAdopted
	case d.Status == domain.OutcomeOpen:
		return errOpen()
	case read != d.Latest:
		return errStale(read, d.Latest)
	}
	return nil
}
