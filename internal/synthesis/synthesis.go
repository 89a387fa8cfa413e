// Package synthesis holds the plenary's use cases: the side-by-side
// columns of the breakout groups, the themes repeated across groups and
// their edits, the overall recommendations (candidates, method, ballots,
// tally, confirmation), their provenance, and the good practices endorsed
// across regions.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]) and its input, authorises, validates, calls the engines
// (themes, rank, opinion) and the store, and returns plain results. The
// pages (package web) and the JSON API (package api) both call these
// methods; neither decides a rule of its own.
package synthesis

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// Service runs the plenary's use cases over one database.
type Service struct {
	db     *store.DB
	live   *live.Service     // nil when the server runs without live analysis
	themes themes.Translator // nil compares each language with itself only
}

// New returns the plenary's use cases over db. lv (the live analysis of
// the groups' conversations) and tr (bilingual dictionaries for the themes
// engine) may be nil. When tr also implements themes.WordVectors, the
// themes engine compares English statements on those word vectors too.
func New(db *store.DB, lv *live.Service, tr themes.Translator) *Service {
	return &Service{db: db, live: lv, themes: tr}
}

// Part is a breakout part of a meeting as the plenary reads it: the
// meeting, the part, the meeting's other breakout parts to choose from,
// and the meeting's breakout groups.
type Part struct {
	Scope   store.Scope
	Meeting *domain.Meeting
	// Part is nil when the meeting has no breakout part.
	Part *domain.Part
	// Questions are the guiding questions the part asks (see
	// [domain.PartQuestions]), which the groups' reports answer.
	Questions []*domain.ItemNode
	// Parts are the meeting's breakout parts in the agenda's order.
	Parts []PartChoice
	// Groups are the meeting's breakout groups (the M of "in N of M
	// groups"), whether or not they have written anything yet.
	Groups []*domain.Group
}

// PartChoice names one breakout part of a meeting.
type PartChoice struct {
	ID       string
	Session  int // the session's number
	Title    string
	Selected bool // the part the plenary shows
}

// errUnknownPart is the answer to a part that is not a breakout part of
// the meeting.
func errUnknownPart() error {
	return domain.Invalid("part", "error.unknown_part", "choose one of the meeting's session parts")
}

// BreakoutPart finds a breakout part of a meeting that the actor may see:
// partID, or the first breakout part of the agenda when partID is empty
// (then Part is nil if the meeting has none). It returns
// [domain.EUNAUTHORIZED] for an anonymous actor, [domain.ENOTFOUND] for a
// meeting the actor may not see (existence does not leak) and
// [domain.EINVALID] for a part that is not a breakout part of the meeting.
func (s *Service) BreakoutPart(ctx context.Context, a *domain.Actor, meetingID, partID string) (*Part, error) {
	sc, err := s.viewableMeeting(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	ag, err := s.db.Agenda(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	p := &Part{Scope: sc, Meeting: ag.Meeting}
	for _, sn := range ag.Sessions {
		for _, pn := range sn.Parts {
			if pn.Kind != domain.PartBreakout {
				continue
			}
			pick := (partID == "" && p.Part == nil) || pn.ID == partID
			if pick {
				part := pn.Part
				p.Part, p.Questions = &part, domain.PartQuestions(sn, pn)
			}
			p.Parts = append(p.Parts, PartChoice{ID: pn.ID, Session: sn.Number, Title: pn.Title, Selected: pick})
		}
	}
	if partID != "" && p.Part == nil {
		return nil, errUnknownPart()
	}
	if p.Groups, err = s.db.Groups(ctx, meetingID); err != nil {
		return nil, err
	}
	return p, nil
}

// viewableMeeting returns the scope of a meeting the actor may see:
// [domain.EUNAUTHORIZED] for an anonymous actor, [domain.ENOTFOUND] for a
// meeting the actor may not see (existence does not leak).
func (s *Service) viewableMeeting(ctx context.Context, a *domain.Actor, meetingID string) (store.Scope, error) {
	if !a.LoggedIn() {
		return store.Scope{}, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, "meeting", meetingID)
	if err != nil {
		return sc, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.NotFound("meeting")
	}
	return sc, nil
}

// CanEdit reports whether the actor edits this part's synthesis (themes,
// overall candidates and method, confirmation): see
// [domain.Actor.CanEditPlenary].
func (p *Part) CanEdit(a *domain.Actor) bool {
	return a.CanEditPlenary(p.Scope.ProcessID, p.Scope.MeetingID)
}
