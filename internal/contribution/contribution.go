// Package contribution holds the use cases of contributions (inputs):
// their workflow so far, each one (ctx, actor, input) -> (result, error),
// called by both the pages and the API. The rest of contributions still
// calls the store from its handlers (docs/ARCHITECTURE.md) and moves here
// when it is next changed.
package contribution

import (
	"context"
	"strconv"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the contributions' use cases over a database.
type Service struct {
	db *store.DB
}

// New returns the contributions' use cases over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// TransitionInput is a workflow step on a contribution at the version
// read; returning needs a reason.
type TransitionInput struct {
	ID      string
	Version int
	Step    domain.Transition
	Reason  string
	// ConfirmWithdrawal asks that a withdrawal be confirmed (the pages'
	// box), Confirmed says whether it was.
	ConfirmWithdrawal, Confirmed bool
}

// Transition takes a workflow step on a contribution the actor may see
// (others are not found): submit, withdraw and reopen for its author,
// publish and return for whoever manages its meeting
// ([domain.Actor.CanTransition]); anybody else is refused. A step the
// actor may take but not from the contribution's present state is
// invalid, and so is a withdrawal left unconfirmed when asked. Its author is told when it is returned or published
// ([Notices]), in the step's transaction. It returns the contribution as
// it now is.
func (s *Service) Transition(ctx context.Context, a *domain.Actor, in TransitionInput) (*domain.Contribution, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	c, err := s.db.Contribution(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	m, err := s.db.Meeting(ctx, c.MeetingID)
	if err != nil {
		return nil, err
	}
	if !a.CanViewContribution(m.ProcessID, c) {
		return nil, domain.NotFound("contribution")
	}
	if !a.CanTransition(m.ProcessID, c, in.Step) {
		// Say the step is impossible from here only to those who could
		// take it from another state (the store says so); the others are
		// refused outright.
		_, possible := in.Step.Next(c.Status)
		mayStep := a.CanManageMeeting(m.ProcessID, m.ID) || (!in.Step.ByModerator() && c.AuthorID != "" && c.AuthorID == a.User.ID)
		if possible || !mayStep {
			return nil, domain.Forbidden()
		}
	}
	if in.Step == domain.TransWithdraw && in.ConfirmWithdrawal && !in.Confirmed {
		return nil, domain.Invalid("confirm", "contrib.withdraw_confirm_needed", "tick the box to confirm that you withdraw the contribution")
	}
	return s.db.TransitionContributionNotify(domain.NewContextWithActor(ctx, a), c.ID, in.Version, in.Step, in.Reason, Notices)
}

// Notices tell a contribution's author that it was returned (with the
// reason) or published (docs/MAIL.md), given the contribution as the step
// left it; other steps tell nobody.
func Notices(c *domain.Contribution, t domain.Transition) []*store.Notification {
	if c.AuthorID == "" || (t != domain.TransReturn && c.Status != domain.StatusPublished) {
		return nil
	}
	kind, params := "input_published", map[string]string{"title": c.Title}
	if t == domain.TransReturn {
		kind, params["reason"] = "input_returned", c.ReturnReason
	}
	return []*store.Notification{{UserID: c.AuthorID, Kind: kind, Dedupe: kind + ":" + c.ID + ":" + strconv.Itoa(c.Version),
		ObjectType: "contribution", ObjectID: c.ID, Link: "/contributions/" + c.ID, Params: params}}
}
