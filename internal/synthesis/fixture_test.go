package synthesis_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// world is a meeting with one breakout part, two groups (Africa, Europe),
// four members and three candidate recommendations A, B, C in Africa (plus
// a good practice, which is no candidate), with the plenary's use cases
// over it and an administrator to act.
type world struct {
	ctx               context.Context
	db                *store.DB
	svc               *synthesis.Service
	admin             *domain.Actor
	process           string
	meeting, part     string
	group, otherGroup string
	users             []*domain.User
	a, b, c, practice *domain.Statement
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &world{ctx: ctx, db: db, svc: synthesis.New(db, nil, nil)}
	admin := &domain.User{Email: "admin@example.org", Name: "Admin Person", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	w.admin = &domain.Actor{User: admin}
	p := &domain.Process{Name: "ISCM contributions"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	w.process = p.ID
	a := &domain.Agenda{
		Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"},
		Sessions: []*domain.SessionNode{{
			Session: domain.Session{Number: 2, Title: "Recommendations"},
			Parts:   []*domain.PartNode{{Part: domain.Part{Title: "Regional breakout groups", Kind: domain.PartBreakout}}},
		}},
	}
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		t.Fatal(err)
	}
	w.meeting, w.part = a.Meeting.ID, a.Sessions[0].Parts[0].ID
	for i, name := range []string{"Africa", "Europe"} {
		g := &domain.Group{MeetingID: w.meeting, Name: name}
		if err := db.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			w.group = g.ID
		} else {
			w.otherGroup = g.ID
		}
	}
	for i := range 4 {
		u := &domain.User{Email: fmt.Sprintf("member%d@example.org", i), Name: fmt.Sprintf("Member %d", i)}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		w.users = append(w.users, u)
	}
	mk := func(kind domain.ContributionKind, text string) *domain.Statement {
		s := &domain.Statement{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Kind: kind, Lang: "en", Text: text}
		if err := db.CreateStatement(ctx, s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	w.a = mk(domain.KindRecommendation, "Widen regular pathways for labour migration.")
	w.b = mk(domain.KindCommitment, "Share migration data between regional processes.")
	w.c = mk(domain.KindRecommendation, "Fund reintegration of returning migrants.")
	w.practice = mk(domain.KindGoodPractice, "A joint labour migration programme.")
	return w
}

// ballot is a ballot of user i in Africa.
func (w *world) ballot(i int, method rank.Method) *store.Ballot {
	return &store.Ballot{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, UserID: w.users[i].ID, Method: method}
}

// writeVotes writes votes through the vote writer, as the live service does.
func writeVotes(t testing.TB, db *store.DB, ctx context.Context, votes ...domain.Vote) {
	t.Helper()
	vw := db.NewVoteWriter(store.VoteWriterOptions{})
	defer vw.Close()
	for _, v := range votes {
		if err := vw.Vote(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
}

// endorseWorld is a meeting with bodies of three regions (Budapest and
// Prague of Europe, ECOWAS of West Africa, SACM of South America), a
// delegate for each of Budapest, Prague and ECOWAS, a partner for SACM,
// someone who acts for both Budapest (delegate) and SACM (partner), an
// observer, the secretariat, an outsider, and published good practices of
// West Africa ("wa") and Europe ("eu"), a recommendation ("rec") and a
// draft practice ("draft", which only its author and the secretariat
// read).
type endorseWorld struct {
	ctx     context.Context
	db      *store.DB
	svc     *synthesis.Service
	meeting *domain.Meeting
	bodies  map[string]string        // name -> id
	actors  map[string]*domain.Actor // by name
	c       map[string]string        // name -> contribution id
}

func newEndorseWorld(t *testing.T) *endorseWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &endorseWorld{ctx: ctx, db: db, svc: synthesis.New(db, nil, nil), bodies: map[string]string{}, actors: map[string]*domain.Actor{}, c: map[string]string{}}
	p, other := &domain.Process{Name: "ISCM"}, &domain.Process{Name: "Another process"}
	for _, x := range []*domain.Process{p, other} {
		if err := db.CreateProcess(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	w.meeting = &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: w.meeting}); err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct{ name, region string }{{"Budapest", "Europe"}, {"Prague", "Europe"}, {"ECOWAS", "West Africa"}, {"SACM", "South America"}} {
		body := &domain.Body{Name: b.name, Kind: domain.BodyRCP, Region: b.region}
		if err := db.CreateBody(ctx, body); err != nil {
			t.Fatal(err)
		}
		w.bodies[b.name] = body.ID
	}
	type ms struct {
		process, meeting string
		role             domain.Role
		body             string
	}
	mid := w.meeting.ID
	for name, list := range map[string][]ms{
		"Budapest":    {{p.ID, mid, domain.RoleDelegate, w.bodies["Budapest"]}},
		"Prague":      {{p.ID, mid, domain.RoleDelegate, w.bodies["Prague"]}},
		"ECOWAS":      {{p.ID, mid, domain.RoleDelegate, w.bodies["ECOWAS"]}},
		"SACM":        {{p.ID, "", domain.RolePartner, w.bodies["SACM"]}},
		"two bodies":  {{p.ID, mid, domain.RoleDelegate, w.bodies["Budapest"]}, {p.ID, mid, domain.RolePartner, w.bodies["SACM"]}},
		"observer":    {{p.ID, mid, domain.RoleObserver, ""}},
		"secretariat": {{p.ID, "", domain.RoleSecretariat, ""}},
		"outsider":    {{other.ID, "", domain.RoleDelegate, w.bodies["Budapest"]}},
	} {
		u := &domain.User{Email: strings.ReplaceAll(name, " ", ".") + "@example.org", Name: name}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, m := range list {
			dm := &domain.Membership{UserID: u.ID, ProcessID: m.process, MeetingID: m.meeting, Role: m.role, BodyID: m.body}
			if err := db.AddMembership(ctx, dm); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *dm)
		}
		w.actors[name] = a
	}
	for _, c := range []struct {
		name   string
		kind   domain.ContributionKind
		status domain.Status
		region string
	}{
		{"wa", domain.KindGoodPractice, domain.StatusPublished, "West Africa"},
		{"eu", domain.KindGoodPractice, domain.StatusPublished, "Europe"},
		{"rec", domain.KindRecommendation, domain.StatusPublished, "West Africa"},
		{"draft", domain.KindGoodPractice, domain.StatusDraft, "West Africa"},
	} {
		k := &domain.Contribution{MeetingID: mid, Kind: c.kind, Status: c.status, Title: "Practice " + c.name, Text: "What was done and how.", Lang: "en",
			Regions: []string{c.region}, AuthorID: w.actors["ECOWAS"].User.ID, BodyID: w.bodies["ECOWAS"]}
		if c.kind == domain.KindGoodPractice {
			k.Practice = domain.PracticePolicy
		}
		if c.status == domain.StatusPublished {
			k.PublishedAt = time.Date(2026, 3, 1, len(w.c), 0, 0, 0, time.UTC)
		}
		if err := db.CreateContribution(ctx, k); err != nil {
			t.Fatal(err)
		}
		w.c[c.name] = k.ID
	}
	return w
}

// overallWorld is a meeting with one breakout part, groups Africa (three
// voters: the rapporteur and two delegates) and Asia (one delegate), and
// people in the other roles: the secretariat, the chair, an observer, a
// delegate of no group and an outsider (secretariat of another process).
type overallWorld struct {
	ctx           context.Context
	db            *store.DB
	svc           *synthesis.Service
	meeting, part string
	africa, asia  string
	actors        map[string]*domain.Actor
}

func newOverallWorld(t *testing.T) *overallWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &overallWorld{ctx: ctx, db: db, svc: synthesis.New(db, nil, nil), actors: map[string]*domain.Actor{}}
	p, other := &domain.Process{Name: "ISCM"}, &domain.Process{Name: "Another process"}
	for _, x := range []*domain.Process{p, other} {
		if err := db.CreateProcess(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	a := &domain.Agenda{
		Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"},
		Sessions: []*domain.SessionNode{{
			Session: domain.Session{Number: 2, Title: "Recommendations"},
			Parts: []*domain.PartNode{{Part: domain.Part{Title: "Plenary opening", Kind: domain.PartPlenary}},
				{Part: domain.Part{Title: "Regional breakout groups", Kind: domain.PartBreakout}}},
		}},
	}
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		t.Fatal(err)
	}
	w.meeting, w.part = a.Meeting.ID, a.Sessions[0].Parts[1].ID
	body := &domain.Body{Name: "Rabat Process", Kind: domain.BodyRCP}
	if err := db.CreateBody(ctx, body); err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		name string
		id   *string
	}{{"Africa", &w.africa}, {"Asia", &w.asia}} {
		grp := &domain.Group{MeetingID: w.meeting, Name: g.name}
		if err := db.CreateGroup(ctx, grp); err != nil {
			t.Fatal(err)
		}
		*g.id = grp.ID
	}
	for _, m := range []struct {
		name             string
		process, meeting string
		role             domain.Role
		group            string
	}{
		{"secretariat", p.ID, "", domain.RoleSecretariat, ""},
		{"chair", p.ID, w.meeting, domain.RoleChair, ""},
		{"rapporteur", p.ID, w.meeting, domain.RoleRapporteur, w.africa},
		{"africa1", p.ID, w.meeting, domain.RoleDelegate, w.africa},
		{"africa2", p.ID, w.meeting, domain.RoleDelegate, w.africa},
		{"asia1", p.ID, w.meeting, domain.RoleDelegate, w.asia},
		{"nogroup", p.ID, w.meeting, domain.RoleDelegate, ""},
		{"observer", p.ID, w.meeting, domain.RoleObserver, ""},
		{"outsider", other.ID, "", domain.RoleSecretariat, ""},
	} {
		u := &domain.User{Email: m.name + "@example.org", Name: m.name}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		ms := &domain.Membership{UserID: u.ID, ProcessID: m.process, MeetingID: m.meeting, Role: m.role, GroupID: m.group}
		if m.role == domain.RoleDelegate {
			ms.BodyID = body.ID
		}
		if err := db.AddMembership(ctx, ms); err != nil {
			t.Fatal(err)
		}
		w.actors[m.name] = &domain.Actor{User: u, Memberships: []domain.Membership{*ms}}
	}
	return w
}

func (w *overallWorld) ref() synthesis.PartRef {
	return synthesis.PartRef{MeetingID: w.meeting, PartID: w.part}
}

// candidate adds a candidate straight to the store.
func (w *overallWorld) candidate(t *testing.T, text string) string {
	t.Helper()
	c := &store.OverallCandidate{MeetingID: w.meeting, PartID: w.part, ThemeID: "t-" + text, Text: text}
	if err := w.db.AddOverallCandidate(w.ctx, c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// plenaryWorld is the world with a partner's statement and another
// statement in Europe, Africa's report submitted in English with a French
// translation, and Africa's candidates ranked A > C > B by one ballot.
func plenaryWorld(t *testing.T) (*world, *domain.Statement) {
	t.Helper()
	w := newWorld(t)
	ctx := w.ctx
	partner := &domain.Statement{MeetingID: w.meeting, GroupID: w.otherGroup, PartID: w.part, Kind: domain.KindCommitment, Lang: "en",
		Text: "Partners train border officials.", ByPartner: true}
	europe := &domain.Statement{MeetingID: w.meeting, GroupID: w.otherGroup, PartID: w.part, Kind: domain.KindRecommendation, Lang: "fr",
		Text: "Élargir les voies régulières de migration de travail."}
	for _, st := range []*domain.Statement{partner, europe} {
		if err := w.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.a.ID}, {w.c.ID}, {w.b.ID}}
	if err := w.db.PutBallot(ctx, b, deliberation.CheckBallot); err != nil {
		t.Fatal(err)
	}
	rep := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "en", Texts: map[string]store.ReportText{
		"en": {FollowUp: "The Rabat Process.", RCPRole: "It convenes."},
		"fr": {FollowUp: "Le Processus de Rabat.", RCPRole: "Il réunit."},
	}}
	if err := w.db.SaveReport(ctx, rep); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.SubmitReport(ctx, w.group, w.part, rep.Version, deliberation.Freeze); err != nil {
		t.Fatal(err)
	}
	return w, partner
}
