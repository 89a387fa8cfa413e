// Package followup holds the use cases of a process's follow-up
// (docs/FOLLOW-UP.md): its commitments (made directly, from a
// recommendation of an adopted outcome document, from a published
// contribution, or imported in bulk), their status and its history,
// translations, and their indicators; reading them with filters, and
// exporting them with their indicators and latest values.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]) and its input, authorises (the rules are on
// domain.Actor: CanViewFollowUp, CanManageCommitments), validates
// ([domain.Commitment.Validate], [domain.Indicator.Validate]), checks what
// it refers to, and changes the store, which audits every change in the
// same transaction. A process or commitment the actor may not see answers
// [domain.ENOTFOUND]; an action the role does not allow
// [domain.EFORBIDDEN]; a change based on a version that is no longer the
// stored one [domain.ECONFLICT].
package followup

import (
	"context"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the follow-up's use cases over one database.
type Service struct {
	db  *store.DB
	now func() time.Time
	// cat holds the words of the review reports ([Service.WithCatalog]).
	cat *locale.Catalog
}

// New returns the follow-up's use cases over db.
func New(db *store.DB) *Service {
	return &Service{db: db, now: time.Now}
}

// SetClock replaces the clock that says which commitments are late and
// when a translation was made (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// today is the day by the clock, YYYY-MM-DD in UTC.
func (s *Service) today() string { return s.now().UTC().Format(time.DateOnly) }

// process finds a process whose follow-up the actor may see:
// [domain.EUNAUTHORIZED] for an anonymous actor, [domain.ENOTFOUND] for
// one they may not see.
func (s *Service) process(ctx context.Context, a *domain.Actor, processID string) (*domain.Process, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	if !a.CanViewFollowUp(processID) {
		return nil, domain.NotFound("process")
	}
	return s.db.Process(ctx, processID)
}

// commitment finds a commitment the actor may see.
func (s *Service) commitment(ctx context.Context, a *domain.Actor, id string) (*domain.Commitment, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	c, err := s.db.Commitment(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.CanViewFollowUp(c.ProcessID) {
		return nil, domain.NotFound("commitment")
	}
	return c, nil
}

// manager is commitment, for whoever manages it.
func (s *Service) manager(ctx context.Context, a *domain.Actor, id string) (*domain.Commitment, error) {
	c, err := s.commitment(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !a.CanManageCommitments(c.ProcessID, c.MeetingID) {
		return nil, errNotSecretariat()
	}
	return c, nil
}

func errNotSecretariat() error {
	return domain.Errorf(domain.EFORBIDDEN, "followup.error_not_secretariat", "only the secretariat makes and changes commitments and their indicators")
}

// Can says what the actor may do with a commitment or a list of them.
type Can struct {
	// Manage: create, edit, change the status of, translate and delete
	// commitments, and their indicators.
	Manage bool `json:"manage"`
	// Report: draft and submit progress reports on the commitment, for
	// Bodies.
	Report bool     `json:"report"`
	Bodies []string `json:"bodies,omitempty"`
}

func permissions(a *domain.Actor, c *domain.Commitment) Can {
	bodies := a.ReportingBodies(c)
	return Can{Manage: a.CanManageCommitments(c.ProcessID, c.MeetingID), Report: len(bodies) > 0, Bodies: bodies}
}
