package structure_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/structure"
)

// who names an actor in the test objects' names.
func who(a *domain.Actor) string {
	if a == nil || a.User == nil {
		return "nobody"
	}
	return a.User.Email
}

type fixture struct {
	db        *store.DB
	svc       *structure.Service
	process   *domain.Process
	m1, m2    *domain.Meeting
	sess      *domain.Session // in m1
	part      *domain.Part    // in sess
	item      *domain.AgendaItem
	group     *domain.Group // in m1
	otherSess *domain.Session
	otherGrp  *domain.Group // in m2
	// admin; the secretariat of m1; a delegate of m1; the secretariat of
	// m2; someone of the process without a meeting; nobody logged in.
	admin, sec1, delegate1, sec2, outsider, anonymous *domain.Actor
	delegateMembership                                string // delegate1's membership in m1
	otherMembership                                   string // a membership in m2
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	f := &fixture{db: db, svc: structure.New(db)}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f.process = &domain.Process{Name: "Regional consultative process"}
	must(db.CreateProcess(ctx, f.process))
	f.m1 = &domain.Meeting{ProcessID: f.process.ID, Title: "Seventh meeting"}
	must(db.CreateMeeting(ctx, f.m1))
	f.m2 = &domain.Meeting{ProcessID: f.process.ID, Title: "Eighth meeting"}
	must(db.CreateMeeting(ctx, f.m2))
	f.sess = &domain.Session{MeetingID: f.m1.ID, Number: 1, Title: "Opening"}
	must(db.CreateSession(ctx, f.sess))
	f.otherSess = &domain.Session{MeetingID: f.m2.ID, Number: 1, Title: "Elsewhere"}
	must(db.CreateSession(ctx, f.otherSess))
	f.part = &domain.Part{SessionID: f.sess.ID, Title: "Breakout", Kind: domain.PartKinds[0]}
	must(db.CreatePart(ctx, f.part))
	f.item = &domain.AgendaItem{MeetingID: f.m1.ID, SessionID: f.sess.ID, Kind: domain.ItemKinds[0], Text: "Welcome"}
	must(db.CreateItem(ctx, f.item))
	f.group = &domain.Group{MeetingID: f.m1.ID, Name: "Africa"}
	must(db.CreateGroup(ctx, f.group))
	f.otherGrp = &domain.Group{MeetingID: f.m2.ID, Name: "Asia"}
	must(db.CreateGroup(ctx, f.otherGrp))
	body := &domain.Body{Name: "Kingdom of Examples", Kind: domain.BodyState}
	must(db.CreateBody(ctx, body))
	actor := func(email string, admin bool, meetingID string, role domain.Role) (*domain.Actor, string) {
		u := &domain.User{Email: email, Name: email, Admin: admin}
		must(db.CreateUser(ctx, u, ""))
		a := &domain.Actor{User: u}
		if role == "" {
			return a, ""
		}
		m := &domain.Membership{UserID: u.ID, ProcessID: f.process.ID, MeetingID: meetingID, Role: role}
		if role == domain.RoleDelegate {
			m.BodyID = body.ID
		}
		must(db.AddMembership(ctx, m))
		a.Memberships = append(a.Memberships, *m)
		return a, m.ID
	}
	f.admin, _ = actor("admin@example.org", true, "", "")
	f.sec1, _ = actor("sec1@example.org", false, f.m1.ID, domain.RoleSecretariat)
	f.delegate1, f.delegateMembership = actor("d1@example.org", false, f.m1.ID, domain.RoleDelegate)
	f.sec2, _ = actor("sec2@example.org", false, f.m2.ID, domain.RoleSecretariat)
	_, f.otherMembership = actor("d2@example.org", false, f.m2.ID, domain.RoleDelegate)
	f.outsider, _ = actor("outsider@example.org", false, "", "")
	return f
}

// TestWhoMayShapeAMeeting: every use case that changes a meeting's shape
// is refused to nobody logged in (unauthorized), to a delegate of the
// meeting (forbidden) and to the secretariat of another meeting or
// someone outside the process (not found: the meeting's existence does
// not leak), and allowed to the meeting's secretariat and to an
// administrator. Each case runs on an object of its own, so that an
// allowed deletion does not hide a refusal.
func TestWhoMayShapeAMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	type op struct {
		name string
		run  func(a *domain.Actor) error
	}
	number := 10 // sessions need numbers of their own
	nextNumber := func() int { number++; return number }
	newSession := func() *domain.Session {
		ss := &domain.Session{MeetingID: f.m1.ID, Number: nextNumber(), Title: "Spare"}
		if err := f.db.CreateSession(ctx, ss); err != nil {
			t.Fatal(err)
		}
		return ss
	}
	newGroup := func(name string) *domain.Group {
		g := &domain.Group{MeetingID: f.m1.ID, Name: name}
		if err := f.db.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		return g
	}
	ops := []op{
		{"update the meeting", func(a *domain.Actor) error {
			m, err := f.db.Meeting(ctx, f.m1.ID)
			if err != nil {
				return err
			}
			m.Venue = "Geneva"
			return f.svc.UpdateMeeting(ctx, a, m)
		}},
		{"create a session", func(a *domain.Actor) error {
			return f.svc.CreateSession(ctx, a, &domain.Session{MeetingID: f.m1.ID, Number: nextNumber(), Title: "Second " + who(a)})
		}},
		{"update a session", func(a *domain.Actor) error {
			ss, err := f.db.Session(ctx, f.sess.ID)
			if err != nil {
				return err
			}
			ss.Title = "Opening by " + who(a)
			_, err = f.svc.UpdateSession(ctx, a, ss)
			return err
		}},
		{"delete a session", func(a *domain.Actor) error {
			_, err := f.svc.DeleteSession(ctx, a, newSession().ID)
			return err
		}},
		{"create a part", func(a *domain.Actor) error {
			_, err := f.svc.CreatePart(ctx, a, &domain.Part{SessionID: f.sess.ID, Title: "Plenary", Kind: domain.PartKinds[0]})
			return err
		}},
		{"create an item", func(a *domain.Actor) error {
			return f.svc.CreateItem(ctx, a, &domain.AgendaItem{MeetingID: f.m1.ID, SessionID: f.sess.ID, Kind: domain.ItemKinds[0], Text: "More"})
		}},
		{"move an item", func(a *domain.Actor) error {
			_, err := f.svc.MoveItem(ctx, a, f.item.ID, true)
			return err
		}},
		{"set a footnote", func(a *domain.Actor) error {
			return f.svc.SetFootnote(ctx, a, f.m1.ID, domain.Footnote{Number: 1, Text: "A note"})
		}},
		{"create a group", func(a *domain.Actor) error {
			return f.svc.CreateGroup(ctx, a, &domain.Group{MeetingID: f.m1.ID, Name: "Group of " + who(a)})
		}},
		{"rename a group", func(a *domain.Actor) error {
			g, err := f.db.Group(ctx, f.group.ID)
			if err != nil {
				return err
			}
			g.Name = "Africa " + who(a)
			_, err = f.svc.UpdateGroup(ctx, a, g)
			return err
		}},
		{"delete a group", func(a *domain.Actor) error {
			_, err := f.svc.DeleteGroup(ctx, a, newGroup("Spare "+who(a)).ID)
			return err
		}},
		{"place a member", func(a *domain.Actor) error {
			_, err := f.svc.PlaceMember(ctx, a, f.group.ID, f.delegateMembership, false)
			return err
		}},
		{"delete the meeting", func(a *domain.Actor) error {
			m := &domain.Meeting{ProcessID: f.process.ID, Title: "Spare meeting"}
			if err := f.db.CreateMeeting(ctx, m); err != nil {
				return err
			}
			if a != nil && a.User != nil && !a.User.Admin && len(a.Memberships) > 0 && a.Memberships[0].MeetingID == f.m1.ID {
				// the same role in the spare meeting
				ms := &domain.Membership{UserID: a.User.ID, ProcessID: f.process.ID, MeetingID: m.ID, Role: a.Memberships[0].Role, BodyID: a.Memberships[0].BodyID}
				if err := f.db.AddMembership(ctx, ms); err != nil {
					return err
				}
				b := *a
				b.Memberships = append(append([]domain.Membership(nil), a.Memberships...), *ms)
				a = &b
			}
			_, err := f.svc.DeleteMeeting(ctx, a, m.ID)
			return err
		}},
	}
	for _, o := range ops {
		for _, c := range []struct {
			who  string
			a    *domain.Actor
			want string
		}{
			{"nobody logged in", f.anonymous, domain.EUNAUTHORIZED},
			{"a delegate of the meeting", f.delegate1, domain.EFORBIDDEN},
			{"the secretariat of another meeting", f.sec2, domain.ENOTFOUND},
			{"someone outside the process", f.outsider, domain.ENOTFOUND},
			{"the meeting's secretariat", f.sec1, ""},
			{"an administrator", f.admin, ""},
		} {
			err := o.run(c.a)
			if got := domain.ErrorCode(err); got != c.want {
				t.Errorf("%s: %s: %v (code %q), want %q", o.name, c.who, err, got, c.want)
			}
		}
	}
}

// TestAcrossMeetings: IDs of another meeting's objects do not reach into
// this one: a membership of another meeting cannot be placed in this
// meeting's group, an item cannot be hung under another meeting's
// session, and a meeting update cannot move the meeting to another
// process.
func TestAcrossMeetings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.PlaceMember(ctx, f.sec1, f.group.ID, f.otherMembership, false); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("another meeting's membership into this group: %v, want not found", err)
	}
	if _, err := f.svc.PlaceMember(ctx, f.sec1, f.otherGrp.ID, f.delegateMembership, false); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("into another meeting's group: %v, want not found", err)
	}
	err := f.svc.CreateItem(ctx, f.sec1, &domain.AgendaItem{MeetingID: f.m1.ID, SessionID: f.otherSess.ID, Kind: domain.ItemKinds[0], Text: "x"})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an item under another meeting's session: %v, want invalid", err)
	}
	if _, err := f.svc.CreatePart(ctx, f.sec1, &domain.Part{SessionID: f.otherSess.ID, Title: "x", Kind: domain.PartKinds[0]}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a part in another meeting's session: %v, want not found", err)
	}
	other := &domain.Process{Name: "Another process"}
	if err := f.db.CreateProcess(ctx, other); err != nil {
		t.Fatal(err)
	}
	m, err := f.db.Meeting(ctx, f.m1.ID)
	if err != nil {
		t.Fatal(err)
	}
	m.ProcessID = other.ID
	if err := f.svc.UpdateMeeting(ctx, f.sec1, m); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.db.Meeting(ctx, f.m1.ID); got.ProcessID != f.process.ID {
		t.Errorf("the meeting moved to process %s", got.ProcessID)
	}
}

// TestValidatedStaleAndAudited: bad input is refused with the field it is
// about, a stale version conflicts instead of overwriting, and a change is
// audited under the person who made it.
func TestValidatedStaleAndAudited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		err  error
	}{
		{"a group without a name", f.svc.CreateGroup(ctx, f.sec1, &domain.Group{MeetingID: f.m1.ID, Name: "  "})},
		{"a group name with NUL", f.svc.CreateGroup(ctx, f.sec1, &domain.Group{MeetingID: f.m1.ID, Name: "Af\x00rica"})},
		{"a group name taken", f.svc.CreateGroup(ctx, f.sec1, &domain.Group{MeetingID: f.m1.ID, Name: "Africa"})},
		{"a session without a title", f.svc.CreateSession(ctx, f.sec1, &domain.Session{MeetingID: f.m1.ID, Number: 3})},
		{"a process without a name", f.svc.CreateProcess(ctx, f.admin, &domain.Process{})},
	} {
		if domain.ErrorCode(c.err) != domain.EINVALID {
			t.Errorf("%s: %v, want invalid", c.name, c.err)
		}
	}
	if err := f.svc.CreateProcess(ctx, f.sec1, &domain.Process{Name: "Mine"}); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("a secretariat creates a process: %v, want forbidden", err)
	}
	g, err := f.db.Group(ctx, f.group.ID)
	if err != nil {
		t.Fatal(err)
	}
	stale := *g
	g.Name = "Africa and the Middle East"
	if _, err := f.svc.UpdateGroup(ctx, f.sec1, g); err != nil {
		t.Fatal(err)
	}
	stale.Name = "Sub-Saharan Africa"
	if _, err := f.svc.UpdateGroup(ctx, f.admin, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a stale rename: %v, want conflict", err)
	}
	evs, err := f.db.AuditEvents(ctx, store.AuditFilter{ObjectType: "group", ObjectID: f.group.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 || evs[0].Action != "update" || evs[0].ActorID != f.sec1.User.ID {
		t.Fatalf("the rename's audit: %+v, want an update by %s", evs, f.sec1.User.ID)
	}
}

// TestReadsFollowWhatOneMaySee: the lists give each person what they may
// see: a delegate of one meeting lists that meeting, the process's
// administrator all of them; a meeting one does not belong to is not
// found.
func TestReadsFollowWhatOneMaySee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ms, err := f.svc.Meetings(ctx, f.delegate1, f.process.ID)
	if err != nil || len(ms) != 1 || ms[0].ID != f.m1.ID {
		t.Errorf("a delegate of the seventh meeting lists %d meetings (%v)", len(ms), err)
	}
	if ms, err := f.svc.Meetings(ctx, f.admin, f.process.ID); err != nil || len(ms) != 2 {
		t.Errorf("an administrator lists %d meetings (%v)", len(ms), err)
	}
	if _, err := f.svc.Meeting(ctx, f.delegate1, f.m2.ID, false); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a delegate reads another meeting: %v, want not found", err)
	}
	if _, err := f.svc.Meeting(ctx, f.delegate1, f.m1.ID, true); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("a delegate reads their meeting to manage it: %v, want forbidden", err)
	}
	if gs, err := f.svc.Groups(ctx, f.delegate1, f.m1.ID); err != nil || len(gs) != 1 {
		t.Errorf("a delegate lists their meeting's groups: %d (%v)", len(gs), err)
	}
	if _, err := f.svc.Groups(ctx, f.sec2, f.m1.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("another meeting's secretariat lists this meeting's groups: %v, want not found", err)
	}
	if ps, err := f.svc.Processes(ctx, f.outsider); err != nil || len(ps) != 0 {
		t.Errorf("someone in no process lists %d processes (%v)", len(ps), err)
	}
	if _, err := f.svc.Processes(ctx, f.anonymous); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Errorf("nobody logged in lists processes: %v", err)
	}
}

// TestImportAgenda: a whole agenda becomes a meeting for those who manage
// the process, and for nobody else.
func TestImportAgenda(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ag := func() *domain.Agenda {
		return &domain.Agenda{
			Meeting:  &domain.Meeting{ProcessID: f.process.ID, Title: "Ninth meeting"},
			Sessions: []*domain.SessionNode{{Session: domain.Session{Number: 1, Title: "Opening"}}},
		}
	}
	for _, c := range []struct {
		who  string
		a    *domain.Actor
		want string
	}{
		{"nobody logged in", f.anonymous, domain.EUNAUTHORIZED},
		{"a meeting's secretariat", f.sec1, domain.EFORBIDDEN},
		{"someone outside the process", f.outsider, domain.ENOTFOUND},
		{"an administrator", f.admin, ""},
	} {
		if err := f.svc.ImportAgenda(ctx, c.a, ag()); domain.ErrorCode(err) != c.want {
			t.Errorf("%s imports an agenda: %v, want %q", c.who, err, c.want)
		}
	}
	if ms, _ := f.db.Meetings(ctx, f.process.ID, ""); len(ms) != 3 {
		t.Errorf("%d meetings after one import, want 3", len(ms))
	}
}
