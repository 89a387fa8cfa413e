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
	"github.com/plenary-org/plenary/internal/reference"
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

// CanCreate finds a process whose commitments the actor makes at its
// level (the form of a new commitment): ENOTFOUND for a process they may
// not see, EFORBIDDEN unless they are its secretariat.
func (s *Service) CanCreate(ctx context.Context, a *domain.Actor, processID string) (*domain.Process, error) {
	p, err := s.process(ctx, a, processID)
	if err != nil {
		return nil, err
	}
	if !a.CanManageCommitments(p.ID, "") {
		return nil, errNotSecretariat()
	}
	return p, nil
}

// Editable returns a commitment whoever manages it is about to change
// (its edit form), as [Service.Get] reads it.
func (s *Service) Editable(ctx context.Context, a *domain.Actor, id string) (*View, *domain.Commitment, error) {
	if _, err := s.manager(ctx, a, id); err != nil {
		return nil, nil, err
	}
	v, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	return v, v.Commitment, nil
}

// EditableIndicator returns an indicator whoever manages its commitment
// is about to change, with the commitment.
func (s *Service) EditableIndicator(ctx context.Context, a *domain.Actor, id string) (*domain.Indicator, *domain.Commitment, error) {
	ind, c, err := s.indicator(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	if !a.CanManageCommitments(c.ProcessID, c.MeetingID) {
		return nil, nil, errNotSecretariat()
	}
	return ind, c, nil
}

// Objective is an objective or guiding principle of the Global Compact,
// with its title in a language.
type Objective struct {
	Code  string
	Title string
}

// Objectives returns the Global Compact's objectives and guiding
// principles, in order, titled in lang where the built-in framework has
// its titles in that language, else in English. Anyone may read them.
func (s *Service) Objectives(ctx context.Context, lang string) ([]Objective, error) {
	labels := map[string]string{}
	fs, err := s.db.Frameworks(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		if f.Code != reference.GCMCode {
			continue
		}
		full, err := s.db.Framework(ctx, f.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range full.Items {
			if l, _ := it.Label(lang); l.Title != "" {
				labels[it.Code] = l.Title
			}
		}
	}
	var out []Objective
	for _, it := range reference.GCM().Items {
		o := Objective{Code: it.Code, Title: it.Title}
		if t := labels[it.Code]; t != "" {
			o.Title = t
		}
		out = append(out, o)
	}
	return out, nil
}
