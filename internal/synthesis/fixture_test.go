package synthesis_test

import (
	"context"
	"fmt"
	"testing"

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
