package deliberation

import (
	"context"
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// world is a meeting with one breakout part and a plenary part, two
// breakout groups (G, whose work the tests read, and G2), a state and a
// partner organisation, a person in every role, three candidate
// recommendations A, B, C of G in the breakout part (plus a good practice,
// which is no candidate), and the use cases over it with the live
// service.
//
// Roles (actors): delegate and partner of G (for the state and the
// partner organisation), rapporteur of G, groupObserver (an observer in
// G), otherDelegate (a delegate of G2), observer (of the meeting, in no
// group), chair (of the meeting), secretariat (of the process), admin,
// outsider (secretariat of another process); anonymous is a nil actor.
// Voters are accounts with no role, for tests that put ballots in the
// store directly.
type world struct {
	ctx                  context.Context
	db                   *store.DB
	svc                  *Service
	process, meeting     string
	part, plenaryPart    string
	group, otherGroup    string
	state, ngo           *domain.Body
	actors               map[string]*domain.Actor
	voters               []*domain.User
	a, b, c, practice    *domain.Statement
	published, ngoSource *domain.Contribution
}

// roles are the actors of the world, anonymous first.
var roles = []string{"anonymous", "outsider", "observer", "groupObserver", "otherDelegate", "chair", "delegate", "partner", "rapporteur", "secretariat", "admin"}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("world: %v", err)
		}
	}
	w := &world{ctx: ctx, db: db, actors: map[string]*domain.Actor{}}
	p, other := &domain.Process{Name: "ISCM contributions"}, &domain.Process{Name: "Another process"}
	must(db.CreateProcess(ctx, p))
	must(db.CreateProcess(ctx, other))
	w.process = p.ID
	a := &domain.Agenda{
		Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"},
		Sessions: []*domain.SessionNode{{
			Session: domain.Session{Number: 2, Title: "Recommendations"},
			Parts: []*domain.PartNode{
				{Part: domain.Part{Title: "Regional breakout groups", Kind: domain.PartBreakout}},
				{Part: domain.Part{Title: "Plenary", Kind: domain.PartPlenary}},
			},
		}},
	}
	must(db.CreateMeetingWithAgenda(ctx, a))
	w.meeting, w.part, w.plenaryPart = a.Meeting.ID, a.Sessions[0].Parts[0].ID, a.Sessions[0].Parts[1].ID
	for i, name := range []string{"Africa", "Europe"} {
		g := &domain.Group{MeetingID: w.meeting, Name: name, Region: name}
		must(db.CreateGroup(ctx, g))
		if i == 0 {
			w.group = g.ID
		} else {
			w.otherGroup = g.ID
		}
	}
	w.state = &domain.Body{Name: "Morocco", Kind: domain.BodyState}
	w.ngo = &domain.Body{Name: "Migrant Help Network", Kind: domain.BodyNGO}
	must(db.CreateBody(ctx, w.state))
	must(db.CreateBody(ctx, w.ngo))
	members := map[string]domain.Membership{
		"outsider":      {ProcessID: other.ID, Role: domain.RoleSecretariat},
		"observer":      {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RoleObserver},
		"groupObserver": {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RoleObserver, GroupID: w.group},
		"otherDelegate": {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RoleDelegate, BodyID: w.state.ID, GroupID: w.otherGroup},
		"chair":         {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RoleChair},
		"delegate":      {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RoleDelegate, BodyID: w.state.ID, GroupID: w.group},
		"partner":       {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RolePartner, BodyID: w.ngo.ID, GroupID: w.group},
		"rapporteur":    {ProcessID: p.ID, MeetingID: w.meeting, Role: domain.RoleRapporteur, GroupID: w.group},
		"secretariat":   {ProcessID: p.ID, Role: domain.RoleSecretariat},
	}
	for _, role := range roles[1:] {
		u := &domain.User{Email: role + "@example.org", Name: "User " + role, Admin: role == "admin"}
		must(db.CreateUser(ctx, u, ""))
		act := &domain.Actor{User: u}
		if m, ok := members[role]; ok {
			m.UserID = u.ID
			must(db.AddMembership(ctx, &m))
			act.Memberships = []domain.Membership{m}
		}
		w.actors[role] = act
	}
	for i := range 4 {
		u := &domain.User{Email: fmt.Sprintf("voter%d@example.org", i), Name: fmt.Sprintf("Voter %d", i)}
		must(db.CreateUser(ctx, u, ""))
		w.voters = append(w.voters, u)
	}
	mk := func(kind domain.ContributionKind, text string) *domain.Statement {
		s := &domain.Statement{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Kind: kind, Lang: "en", Text: text}
		must(db.CreateStatement(ctx, s))
		return s
	}
	w.a = mk(domain.KindRecommendation, "Widen regular pathways for labour migration.")
	w.b = mk(domain.KindCommitment, "Share migration data between regional processes.")
	w.c = mk(domain.KindRecommendation, "Fund reintegration of returning migrants.")
	w.practice = mk(domain.KindGoodPractice, "A joint labour migration programme.")
	w.published = &domain.Contribution{MeetingID: w.meeting, Kind: domain.KindRecommendation, Status: domain.StatusPublished, Title: "Pathways",
		Text: "Widen regular pathways.", BodyID: w.state.ID, Lang: "en", Regions: []string{"Africa"}}
	w.ngoSource = &domain.Contribution{MeetingID: w.meeting, Kind: domain.KindRecommendation, Status: domain.StatusPublished, Title: "Language classes",
		Text: "Fund language classes.", BodyID: w.ngo.ID, Lang: "en", Regions: []string{"Africa"}}
	must(db.CreateContribution(ctx, w.published))
	must(db.CreateContribution(ctx, w.ngoSource))
	lv := live.New(db, live.Options{})
	t.Cleanup(lv.Close)
	w.svc = New(db, lv)
	return w
}

// actor returns the actor of role, nil for "anonymous", with the actor
// in the context as the servers put it there (the store audits it).
func (w *world) actor(role string) (context.Context, *domain.Actor) {
	a := w.actors[role]
	return domain.NewContextWithActor(w.ctx, a), a
}

// conv names G in the breakout part.
func (w *world) conv() ConversationInput { return ConversationInput{GroupID: w.group, PartID: w.part} }

// ballot is a ballot of voter i in G for the breakout part.
func (w *world) ballot(i int, method rank.Method) *store.Ballot {
	return &store.Ballot{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, UserID: w.voters[i].ID, Method: method}
}

func hasField(err error, field string) bool {
	var list domain.Errors
	if e, ok := err.(*domain.Error); ok {
		list = domain.Errors{e}
	} else if l, ok := err.(domain.Errors); ok {
		list = l
	}
	for _, e := range list {
		if e.Code == domain.EINVALID && e.Field == field {
			return true
		}
	}
	return false
}

// mergeOnce returns a merge of B into A standing for the next undo: the
// first call merges, later ones merge again once the merge was undone.
func (w *world) mergeOnce(t *testing.T) string {
	t.Helper()
	ms, err := w.db.Merges(w.ctx, w.meeting, w.group)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) > 0 && !ms[0].Undone() {
		return ms[0].ID
	}
	m, err := w.db.MergeStatements(w.ctx, w.a.ID, w.b.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}
