// Package deliberation holds the use cases of the breakout groups: a
// group's workspace and conversation, its statements, votes and merges,
// the ranking of its candidates (settings, ballots, tally) and its report.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]) and its input, authorises, validates, calls the engines
// (rank, the live service) and the store, and returns plain results. The
// pages (package web) and the JSON API (package api) both call these
// methods; neither decides a rule of its own. Objects the actor may not see
// answer [domain.ENOTFOUND] (existence does not leak), actions the role
// does not allow [domain.EFORBIDDEN], and an anonymous actor
// [domain.EUNAUTHORIZED].
//
// A few functions take no actor: [GroupTally] and [GroupResults] count or
// read a group's ranking for other use cases (the plenary's synthesis)
// that authorise by themselves, and [CheckBallot] and [Freeze] are the
// rules the store applies inside its transactions.
package deliberation

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the breakout groups' use cases over one database.
type Service struct {
	db   *store.DB
	live *live.Service // nil when the server takes no votes
}

// New returns the breakout groups' use cases over db. lv, the live service
// that takes votes and analyses conversations, may be nil: voting and the
// live view then answer [domain.EUNAVAILABLE].
func New(db *store.DB, lv *live.Service) *Service {
	return &Service{db: db, live: lv}
}

// ConversationInput names a conversation: a breakout group and a session
// part of its meeting. The ranking and report use cases take the first
// breakout part of the agenda when PartID is empty; the workspace ones the
// latest breakout part in which the group wrote, else the first.
type ConversationInput struct {
	GroupID string
	PartID  string
}

// Conversation is a breakout group in one session part, as the ranking
// and report use cases read it.
type Conversation struct {
	Scope   store.Scope
	Meeting *domain.Meeting
	Group   *domain.Group
	Part    *domain.Part
	// Parts are the meeting's parts in the agenda's order; Breakouts its
	// breakout parts, to switch between.
	Parts     []*domain.Part
	Breakouts []*domain.Part
	// Questions are the guiding questions the part asks (see
	// [domain.PartQuestions]), which the group's report answers.
	Questions []*domain.ItemNode
}

// errUnknownPart is the answer to a part that is not one of the meeting's
// (or, where it must be, one of its breakout parts).
func errUnknownPart() error {
	return domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
}

// visible finds the process and meeting of an object and checks that the
// actor may see the meeting: [domain.EUNAUTHORIZED] for an anonymous
// actor, [domain.ENOTFOUND] for an object that does not exist or whose
// meeting the actor may not see.
func (s *Service) visible(ctx context.Context, a *domain.Actor, objType, id string) (store.Scope, error) {
	if !a.LoggedIn() {
		return store.Scope{}, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, objType, id)
	if err != nil {
		return sc, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.NotFound(objType)
	}
	return sc, nil
}

// managed is visible, and checks that the actor manages the meeting
// ([domain.EFORBIDDEN] otherwise).
func (s *Service) managed(ctx context.Context, a *domain.Actor, objType, id string) (store.Scope, error) {
	sc, err := s.visible(ctx, a, objType, id)
	if err != nil {
		return sc, err
	}
	if !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.Forbidden()
	}
	return sc, nil
}

// conversation finds the group and part of in, checking that the actor
// may see the meeting. A part named must be one of the meeting's; with
// none, it is the agenda's first breakout part.
func (s *Service) conversation(ctx context.Context, a *domain.Actor, in ConversationInput) (*Conversation, error) {
	sc, err := s.visible(ctx, a, "group", in.GroupID)
	if err != nil {
		return nil, err
	}
	c := &Conversation{Scope: sc}
	if c.Group, err = s.db.Group(ctx, in.GroupID); err != nil {
		return nil, err
	}
	ag, err := s.db.Agenda(ctx, sc.MeetingID)
	if err != nil {
		return nil, err
	}
	c.Meeting = ag.Meeting
	for _, sn := range ag.Sessions {
		for _, pn := range sn.Parts {
			part := pn.Part
			c.Parts = append(c.Parts, &part)
			if part.Kind == domain.PartBreakout {
				c.Breakouts = append(c.Breakouts, &part)
			}
			if c.Part == nil && ((in.PartID == "" && part.Kind == domain.PartBreakout) || (in.PartID != "" && part.ID == in.PartID)) {
				c.Part, c.Questions = &part, domain.PartQuestions(sn, pn)
			}
		}
	}
	if c.Part == nil {
		return nil, errUnknownPart()
	}
	return c, nil
}
