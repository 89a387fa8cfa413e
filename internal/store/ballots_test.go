package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// rankWorld is a meeting with one breakout part, two groups, members and
// three candidate recommendations A, B, C in group G (plus a good practice,
// which is no candidate).
type rankWorld struct {
	ctx               context.Context
	db                *store.DB
	meeting, part     string
	group, otherGroup string
	users             []*domain.User
	a, b, c, practice *domain.Statement
}

func newRankWorld(t *testing.T) *rankWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &rankWorld{ctx: ctx, db: db}
	p := &domain.Process{Name: "ISCM contributions"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
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

// anyBallot is the check of ballots in tests of what the store keeps: it
// lets every ballot through (the deliberation package tests the rule).
func anyBallot(*store.Ballot, *store.RankingSettings, []*domain.Statement) error { return nil }

func (w *rankWorld) ballot(i int, method rank.Method) *store.Ballot {
	return &store.Ballot{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, UserID: w.users[i].ID, Method: method}
}

func TestRankingSettings(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	s, err := w.db.RankingSettings(w.ctx, w.part)
	if err != nil {
		t.Fatal(err)
	}
	if s.Method != rank.Schulze || !s.Open || s.Version != 0 || s.Candidates != store.CandidatesRecommendations {
		t.Fatalf("defaults %+v", s)
	}
	s.Method, s.ScoreMin, s.ScoreMax = rank.Score, 1, 10
	if err := w.db.PutRankingSettings(w.ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := w.db.RankingSettings(w.ctx, w.part)
	if err != nil || got.Method != rank.Score || got.ScoreMin != 1 || got.ScoreMax != 10 || got.Version != 1 {
		t.Fatalf("saved %+v, %v", got, err)
	}
	stale := *got
	stale.Version = 0
	if err := w.db.PutRankingSettings(w.ctx, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale settings: %v, want a conflict", err)
	}
	for _, tt := range []struct {
		name  string
		edit  func(s *store.RankingSettings)
		field string
	}{
		{"unknown method", func(s *store.RankingSettings) { s.Method = "plurality" }, "method"},
		{"unknown candidates", func(s *store.RankingSettings) { s.Candidates = "issues" }, "candidates"},
		{"empty range", func(s *store.RankingSettings) { s.ScoreMin, s.ScoreMax = 5, 5 }, "score_max"},
		{"range too wide", func(s *store.RankingSettings) { s.ScoreMin, s.ScoreMax = -1000, 5 }, "score_max"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := *got
			tt.edit(&s)
			err := w.db.PutRankingSettings(w.ctx, &s)
			if !hasField(err, tt.field) {
				t.Fatalf("error %v, want one on %s", err, tt.field)
			}
		})
	}
	// Once a ballot is cast the method is locked, but ballots can close.
	b := w.ballot(0, rank.Score)
	b.Scores = map[string]float64{w.a.ID: 10}
	if err := w.db.PutBallot(w.ctx, b, anyBallot); err != nil {
		t.Fatal(err)
	}
	s2 := *got
	s2.Method = rank.Borda
	if err := w.db.PutRankingSettings(w.ctx, &s2); !hasField(err, "method") {
		t.Fatalf("method change after a ballot: %v", err)
	}
	s3 := *got
	s3.Open = false
	if err := w.db.PutRankingSettings(w.ctx, &s3); err != nil {
		t.Fatalf("closing: %v", err)
	}
	b.Scores[w.a.ID] = 2
	if err := w.db.PutBallot(w.ctx, b, anyBallot); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("ballot after closing: %v, want the ranking closed", err)
	}
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

func TestBallotsReplaceAndRefuse(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.a.ID}, {w.b.ID, w.c.ID}}
	if err := w.db.PutBallot(w.ctx, b, anyBallot); err != nil {
		t.Fatal(err)
	}
	if b.Version != 1 {
		t.Fatalf("version %d", b.Version)
	}
	b.Ranks = [][]string{{w.c.ID}}
	if err := w.db.PutBallot(w.ctx, b, anyBallot); err != nil || b.Version != 2 {
		t.Fatalf("replace: %v, version %d", err, b.Version)
	}
	got, err := w.db.Ballot(w.ctx, w.group, w.part, w.users[0].ID)
	if err != nil || !slices.Equal(got.Ranks[0], []string{w.c.ID}) || len(got.Ranks) != 1 || got.Version != 2 {
		t.Fatalf("read back %+v, %v", got, err)
	}
	stale := *b
	stale.Version = 1
	if err := w.db.PutBallot(w.ctx, &stale, anyBallot); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale ballot: %v", err)
	}
	if _, err := w.db.Ballot(w.ctx, w.group, w.part, w.users[1].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("missing ballot: %v", err)
	}
	// The store refuses a ballot of another method than the part's, and
	// whatever the check refuses; the check gets the part's settings and
	// its candidates, standing statements of the candidate kinds.
	other := w.ballot(1, rank.Approval)
	other.Approved = []string{w.a.ID}
	if err := w.db.PutBallot(w.ctx, other, anyBallot); !hasField(err, "method") {
		t.Fatalf("another method's ballot: %v", err)
	}
	refused := domain.Invalid("ballot", "ranking.error_duplicate", "a candidate appears twice on the ballot")
	var checked []string
	check := func(_ *store.Ballot, set *store.RankingSettings, cs []*domain.Statement) error {
		for _, c := range cs {
			checked = append(checked, c.ID)
		}
		if set.Method != rank.Schulze {
			t.Errorf("the check got the method %s", set.Method)
		}
		return refused
	}
	if err := w.db.PutBallot(w.ctx, w.ballot(1, rank.Schulze), check); err != refused {
		t.Fatalf("a ballot the check refuses: %v", err)
	}
	if want := []string{w.a.ID, w.b.ID, w.c.ID}; !slices.Equal(checked, want) {
		t.Fatalf("the check got the candidates %v, want %v", checked, want)
	}
	if _, err := w.db.Ballot(w.ctx, w.group, w.part, w.users[1].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a refused ballot was stored: %v", err)
	}
	// The list carries no voter.
	bs, err := w.db.Ballots(w.ctx, w.group, w.part)
	if err != nil || len(bs) != 1 || bs[0].UserID != "" {
		t.Fatalf("ballots %+v, %v", bs, err)
	}
}
