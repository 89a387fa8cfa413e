// Package structure holds the use cases that shape a meeting: processes,
// meetings, their sessions, parts, agenda items and footnotes, and the
// breakout groups with the members placed in them.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]) and decides, once for the pages, the API and anything
// else that calls it:
//   - nobody logged in: [domain.EUNAUTHORIZED];
//   - an object in a meeting (or process) the actor may not see is not
//     found ([domain.ENOTFOUND]), so that its existence does not leak;
//   - a change by someone who may see but not manage it: [domain.EFORBIDDEN].
//
// Validation runs here before anything is written; the store then keeps
// the integrity it alone can check inside its transaction (an item's
// session and part in the same meeting, a group's name unique in its
// meeting) and writes the audit trail in the same transaction, under the
// actor the use case puts in the context.
package structure

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the structure's use cases over one database.
type Service struct {
	db *store.DB
}

// New returns the structure's use cases over db.
func New(db *store.DB) *Service { return &Service{db: db} }

// Scope finds the process and meeting that hold the object of objType
// ("meeting", "session", "part", "item" or "group") with this ID, and
// checks that a may see that meeting (else the object is not found) and,
// when manage is set, manage it (else forbidden).
func (s *Service) Scope(ctx context.Context, a *domain.Actor, objType, id string, manage bool) (store.Scope, error) {
	if !a.LoggedIn() {
		return store.Scope{}, domain.Unauthorized()
	}
	sc, err := s.db.ScopeOf(ctx, objType, id)
	if err != nil {
		return sc, err
	}
	if !a.CanViewMeeting(sc.ProcessID, sc.MeetingID) {
		return store.Scope{}, domain.NotFound(objType)
	}
	if manage && !a.CanManageMeeting(sc.ProcessID, sc.MeetingID) {
		return sc, domain.Forbidden()
	}
	return sc, nil
}

// manageIn checks that a manages the meeting holding the object and
// returns the context that carries a for the audit trail.
func (s *Service) manageIn(ctx context.Context, a *domain.Actor, objType, id string) (context.Context, store.Scope, error) {
	sc, err := s.Scope(ctx, a, objType, id, true)
	if err != nil {
		return ctx, sc, err
	}
	return domain.NewContextWithActor(ctx, a), sc, nil
}

// Processes

// Processes returns the processes a may see: every one to an
// administrator, the ones a belongs to otherwise.
func (s *Service) Processes(ctx context.Context, a *domain.Actor) ([]*domain.Process, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	onlyFor := a.User.ID
	if a.IsAdmin() {
		onlyFor = ""
	}
	return s.db.Processes(ctx, onlyFor)
}

// Process returns a process a may see (when manage is set, manage).
func (s *Service) Process(ctx context.Context, a *domain.Actor, id string, manage bool) (*domain.Process, error) {
	if !a.LoggedIn() {
		return nil, domain.Unauthorized()
	}
	if !a.CanViewProcess(id) {
		return nil, domain.NotFound("process")
	}
	if manage && !a.CanManageProcess(id) {
		return nil, domain.Forbidden()
	}
	return s.db.Process(ctx, id)
}

// CreateProcess records a new process, for those who may create one; p
// gets its ID and version.
func (s *Service) CreateProcess(ctx context.Context, a *domain.Actor, p *domain.Process) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	if !a.CanCreateProcess() {
		return domain.Forbidden()
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.CreateProcess(domain.NewContextWithActor(ctx, a), p)
}

// UpdateProcess saves a process's name and description, based on
// p.Version ([domain.ECONFLICT] when someone saved it meanwhile), for
// those who manage it.
func (s *Service) UpdateProcess(ctx context.Context, a *domain.Actor, p *domain.Process) error {
	if _, err := s.Process(ctx, a, p.ID, true); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.UpdateProcess(domain.NewContextWithActor(ctx, a), p)
}

// Meetings

// Meetings returns the meetings of a process that a may see: all of them
// to an administrator or to those who manage the process, the ones a
// belongs to otherwise.
func (s *Service) Meetings(ctx context.Context, a *domain.Actor, processID string) ([]*domain.Meeting, error) {
	if _, err := s.Process(ctx, a, processID, false); err != nil {
		return nil, err
	}
	onlyFor := a.User.ID
	if a.IsAdmin() || a.CanManageProcess(processID) {
		onlyFor = ""
	}
	return s.db.Meetings(ctx, processID, onlyFor)
}

// Meeting returns a meeting a may see (when manage is set, manage).
func (s *Service) Meeting(ctx context.Context, a *domain.Actor, id string, manage bool) (*domain.Meeting, error) {
	if _, err := s.Scope(ctx, a, "meeting", id, manage); err != nil {
		return nil, err
	}
	return s.db.Meeting(ctx, id)
}

// CreateMeeting adds a meeting to the process m.ProcessID, for those who
// manage that process; m gets its ID and version.
func (s *Service) CreateMeeting(ctx context.Context, a *domain.Actor, m *domain.Meeting) error {
	if _, err := s.Process(ctx, a, m.ProcessID, true); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return s.db.CreateMeeting(domain.NewContextWithActor(ctx, a), m)
}

// UpdateMeeting saves a meeting's fields, based on m.Version, for those
// who manage it. Its process stays the one it is in, whatever m says.
func (s *Service) UpdateMeeting(ctx context.Context, a *domain.Actor, m *domain.Meeting) error {
	ctx, sc, err := s.manageIn(ctx, a, "meeting", m.ID)
	if err != nil {
		return err
	}
	m.ProcessID = sc.ProcessID
	if err := m.Validate(); err != nil {
		return err
	}
	return s.db.UpdateMeeting(ctx, m)
}

// DeleteMeeting deletes a meeting and everything in it, for those who
// manage it; it returns where the meeting was.
func (s *Service) DeleteMeeting(ctx context.Context, a *domain.Actor, id string) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "meeting", id)
	if err != nil {
		return sc, err
	}
	return sc, s.db.DeleteMeeting(ctx, id)
}

// SetFootnote sets (or, with an empty text, removes) one of a meeting's
// footnotes, for those who manage it.
func (s *Service) SetFootnote(ctx context.Context, a *domain.Actor, meetingID string, f domain.Footnote) error {
	ctx, _, err := s.manageIn(ctx, a, "meeting", meetingID)
	if err != nil {
		return err
	}
	return s.db.SetFootnote(ctx, meetingID, f)
}

// Sessions, parts and items

// Session returns a session a manages (the edit form's read).
func (s *Service) Session(ctx context.Context, a *domain.Actor, id string) (*domain.Session, error) {
	if _, err := s.Scope(ctx, a, "session", id, true); err != nil {
		return nil, err
	}
	return s.db.Session(ctx, id)
}

// CreateSession adds a session to the meeting ss.MeetingID.
func (s *Service) CreateSession(ctx context.Context, a *domain.Actor, ss *domain.Session) error {
	ctx, _, err := s.manageIn(ctx, a, "meeting", ss.MeetingID)
	if err != nil {
		return err
	}
	if err := ss.Validate(); err != nil {
		return err
	}
	return s.db.CreateSession(ctx, ss)
}

// UpdateSession saves a session's number, title and texts, based on
// ss.Version; it returns where the session is.
func (s *Service) UpdateSession(ctx context.Context, a *domain.Actor, ss *domain.Session) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "session", ss.ID)
	if err != nil {
		return sc, err
	}
	ss.MeetingID = sc.MeetingID
	if err := ss.Validate(); err != nil {
		return sc, err
	}
	return sc, s.db.UpdateSession(ctx, ss)
}

// DeleteSession deletes a session with its parts and items.
func (s *Service) DeleteSession(ctx context.Context, a *domain.Actor, id string) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "session", id)
	if err != nil {
		return sc, err
	}
	return sc, s.db.DeleteSession(ctx, id)
}

// Part returns a part a manages (the edit form's read).
func (s *Service) Part(ctx context.Context, a *domain.Actor, id string) (*domain.Part, error) {
	if _, err := s.Scope(ctx, a, "part", id, true); err != nil {
		return nil, err
	}
	return s.db.Part(ctx, id)
}

// CreatePart adds a part to the session p.SessionID; it returns where the
// session is.
func (s *Service) CreatePart(ctx context.Context, a *domain.Actor, p *domain.Part) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "session", p.SessionID)
	if err != nil {
		return sc, err
	}
	if err := p.Validate(); err != nil {
		return sc, err
	}
	return sc, s.db.CreatePart(ctx, p)
}

// UpdatePart saves a part's title, kind and texts, based on p.Version.
func (s *Service) UpdatePart(ctx context.Context, a *domain.Actor, p *domain.Part) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "part", p.ID)
	if err != nil {
		return sc, err
	}
	if err := p.Validate(); err != nil {
		return sc, err
	}
	return sc, s.db.UpdatePart(ctx, p)
}

// DeletePart deletes a part with its items.
func (s *Service) DeletePart(ctx context.Context, a *domain.Actor, id string) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "part", id)
	if err != nil {
		return sc, err
	}
	return sc, s.db.DeletePart(ctx, id)
}

// Item returns an agenda item a manages (the edit form's read).
func (s *Service) Item(ctx context.Context, a *domain.Actor, id string) (*domain.AgendaItem, error) {
	if _, err := s.Scope(ctx, a, "item", id, true); err != nil {
		return nil, err
	}
	return s.db.Item(ctx, id)
}

// CreateItem adds an agenda item to the meeting it.MeetingID (its
// session, part and parent must be in that meeting).
func (s *Service) CreateItem(ctx context.Context, a *domain.Actor, it *domain.AgendaItem) error {
	ctx, _, err := s.manageIn(ctx, a, "meeting", it.MeetingID)
	if err != nil {
		return err
	}
	if err := it.Validate(); err != nil {
		return err
	}
	return s.db.CreateItem(ctx, it)
}

// UpdateItem saves an item's kind, label and text, based on it.Version.
func (s *Service) UpdateItem(ctx context.Context, a *domain.Actor, it *domain.AgendaItem) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "item", it.ID)
	if err != nil {
		return sc, err
	}
	it.MeetingID = sc.MeetingID
	if err := it.Validate(); err != nil {
		return sc, err
	}
	return sc, s.db.UpdateItem(ctx, it)
}

// DeleteItem deletes an agenda item with the items under it.
func (s *Service) DeleteItem(ctx context.Context, a *domain.Actor, id string) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "item", id)
	if err != nil {
		return sc, err
	}
	return sc, s.db.DeleteItem(ctx, id)
}

// MoveItem moves an item one place up or down among its siblings.
func (s *Service) MoveItem(ctx context.Context, a *domain.Actor, id string, up bool) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "item", id)
	if err != nil {
		return sc, err
	}
	return sc, s.db.MoveItem(ctx, id, up)
}

// Breakout groups

// Groups returns a meeting's breakout groups, to whoever may see the
// meeting.
func (s *Service) Groups(ctx context.Context, a *domain.Actor, meetingID string) ([]*domain.Group, error) {
	if _, err := s.Scope(ctx, a, "meeting", meetingID, false); err != nil {
		return nil, err
	}
	return s.db.Groups(ctx, meetingID)
}

// Group returns one breakout group, to whoever may see its meeting, with
// where it is.
func (s *Service) Group(ctx context.Context, a *domain.Actor, id string) (*domain.Group, store.Scope, error) {
	sc, err := s.Scope(ctx, a, "group", id, false)
	if err != nil {
		return nil, sc, err
	}
	g, err := s.db.Group(ctx, id)
	return g, sc, err
}

// CreateGroup adds a breakout group to the meeting g.MeetingID; a name
// taken in the meeting is [domain.EINVALID] on "name".
func (s *Service) CreateGroup(ctx context.Context, a *domain.Actor, g *domain.Group) error {
	ctx, _, err := s.manageIn(ctx, a, "meeting", g.MeetingID)
	if err != nil {
		return err
	}
	if err := g.Validate(); err != nil {
		return err
	}
	return s.db.CreateGroup(ctx, g)
}

// UpdateGroup saves a group's name and region, based on g.Version.
func (s *Service) UpdateGroup(ctx context.Context, a *domain.Actor, g *domain.Group) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "group", g.ID)
	if err != nil {
		return sc, err
	}
	g.MeetingID = sc.MeetingID
	if err := g.Validate(); err != nil {
		return sc, err
	}
	return sc, s.db.UpdateGroup(ctx, g)
}

// DeleteGroup removes a group; its members keep their place in the
// meeting (its rapporteurs lose theirs, which needs the group).
func (s *Service) DeleteGroup(ctx context.Context, a *domain.Actor, id string) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "group", id)
	if err != nil {
		return sc, err
	}
	return sc, s.db.DeleteGroup(ctx, id)
}

// PlaceMember puts the meeting membership membershipID into the group
// groupID or, with remove, takes it out. A membership of another meeting
// is not found.
func (s *Service) PlaceMember(ctx context.Context, a *domain.Actor, groupID, membershipID string, remove bool) (store.Scope, error) {
	ctx, sc, err := s.manageIn(ctx, a, "group", groupID)
	if err != nil {
		return sc, err
	}
	m, err := s.db.Membership(ctx, membershipID)
	if err != nil || m.MeetingID != sc.MeetingID {
		return sc, domain.NotFound("membership")
	}
	target := groupID
	if remove {
		target = ""
	}
	return sc, s.db.SetMemberGroup(ctx, membershipID, target)
}

// ImportAgenda creates a meeting with its whole agenda (sessions, parts,
// items, footnotes) in the process ag.Meeting.ProcessID, in one
// transaction, for those who manage that process.
func (s *Service) ImportAgenda(ctx context.Context, a *domain.Actor, ag *domain.Agenda) error {
	if _, err := s.Process(ctx, a, ag.Meeting.ProcessID, true); err != nil {
		return err
	}
	if err := ag.Meeting.Validate(); err != nil {
		return err
	}
	return s.db.CreateMeetingWithAgenda(domain.NewContextWithActor(ctx, a), ag)
}
