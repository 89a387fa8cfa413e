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
	if err := w.db.PutBallot(w.ctx, b); err != nil {
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
	if err := w.db.PutBallot(w.ctx, b); domain.ErrorCode(err) != domain.ECONFLICT {
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
	if err := w.db.PutBallot(w.ctx, b); err != nil {
		t.Fatal(err)
	}
	if b.Version != 1 {
		t.Fatalf("version %d", b.Version)
	}
	b.Ranks = [][]string{{w.c.ID}}
	if err := w.db.PutBallot(w.ctx, b); err != nil || b.Version != 2 {
		t.Fatalf("replace: %v, version %d", err, b.Version)
	}
	got, err := w.db.Ballot(w.ctx, w.group, w.part, w.users[0].ID)
	if err != nil || !slices.Equal(got.Ranks[0], []string{w.c.ID}) || len(got.Ranks) != 1 || got.Version != 2 {
		t.Fatalf("read back %+v, %v", got, err)
	}
	stale := *b
	stale.Version = 1
	if err := w.db.PutBallot(w.ctx, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale ballot: %v", err)
	}
	if _, err := w.db.Ballot(w.ctx, w.group, w.part, w.users[1].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("missing ballot: %v", err)
	}
	for _, tt := range []struct {
		name string
		b    func() *store.Ballot
		code string
	}{
		{"a good practice is no candidate", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.Ranks = [][]string{{w.practice.ID}}
			return b
		}, domain.EINVALID},
		{"a candidate twice", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.Ranks = [][]string{{w.a.ID}, {w.a.ID}}
			return b
		}, domain.EINVALID},
		{"another method's ballot", func() *store.Ballot {
			b := w.ballot(1, rank.Approval)
			b.Approved = []string{w.a.ID}
			return b
		}, domain.EINVALID},
		{"a field the method does not read", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.Approved = []string{w.a.ID}
			return b
		}, domain.EINVALID},
		{"a statement of another group", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.GroupID = w.otherGroup
			b.Ranks = [][]string{{w.a.ID}}
			return b
		}, domain.EINVALID},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := w.db.PutBallot(w.ctx, tt.b()); domain.ErrorCode(err) != tt.code {
				t.Fatalf("error %v, want %s", err, tt.code)
			}
		})
	}
	// The list carries no voter.
	bs, err := w.db.Ballots(w.ctx, w.group, w.part)
	if err != nil || len(bs) != 1 || bs[0].UserID != "" {
		t.Fatalf("ballots %+v, %v", bs, err)
	}
}

// TestTallyHandComputed checks a small count worked out by hand.
//
// Ballots: A > B > C, B > A > C, A > C > B.
// Schulze: d[A][B] = 2, d[B][A] = 1, d[A][C] = 3, d[C][A] = 0,
// d[B][C] = 2, d[C][B] = 1: A beats both, B beats C; A > B > C.
// Borda (2, 1, 0 points): A 2+1+2 = 5, B 1+2+0 = 3, C 0+0+1 = 1.
func TestTallyHandComputed(t *testing.T) {
	t.Parallel()
	for _, method := range []rank.Method{rank.Schulze, rank.Borda} {
		t.Run(string(method), func(t *testing.T) {
			w := newRankWorld(t)
			s := store.DefaultRankingSettings(w.part)
			s.Method = method
			if err := w.db.PutRankingSettings(w.ctx, s); err != nil {
				t.Fatal(err)
			}
			A, B, C := w.a.ID, w.b.ID, w.c.ID
			for i, r := range [][][]string{{{A}, {B}, {C}}, {{B}, {A}, {C}}, {{A}, {C}, {B}}} {
				b := w.ballot(i, method)
				b.Ranks = r
				if err := w.db.PutBallot(w.ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			gt, err := w.db.Tally(w.ctx, w.meeting, w.group, w.part)
			if err != nil {
				t.Fatal(err)
			}
			if gt.Ballots != 3 || len(gt.Candidates) != 3 {
				t.Fatalf("%d ballots, %d candidates", gt.Ballots, len(gt.Candidates))
			}
			if got := gt.Top.Chosen; !slices.Equal(got, []string{A, B, C}) || !gt.Top.Decided() {
				t.Fatalf("top %v", gt.Top)
			}
			want := map[string]float64{A: 2, B: 1, C: 0}
			if method == rank.Borda {
				want = map[string]float64{A: 5, B: 3, C: 1}
			} else {
				d := gt.Result.Pairwise.D
				if d[0][1] != 2 || d[1][0] != 1 || d[0][2] != 3 || d[2][0] != 0 || d[1][2] != 2 || d[2][1] != 1 {
					t.Fatalf("d = %v", d)
				}
			}
			for id, v := range want {
				if c, _ := gt.Result.Candidate(id); c.Value != v {
					t.Errorf("%s: value %v, want %v", id, c.Value, v)
				}
			}
		})
	}
}

// TestTallyFollowsMerges: a ballot naming a statement merged since counts
// for the statement it was merged into.
func TestTallyFollowsMerges(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.c.ID}, {w.a.ID}}
	if err := w.db.PutBallot(w.ctx, b); err != nil {
		t.Fatal(err)
	}
	// Merge C into B behind the store's back, as the merge feature does.
	if err := w.db.MergeStatementForTest(w.ctx, w.c.ID, w.b.ID); err != nil {
		t.Fatal(err)
	}
	gt, err := w.db.Tally(w.ctx, w.meeting, w.group, w.part)
	if err != nil {
		t.Fatal(err)
	}
	if len(gt.Candidates) != 2 || !slices.Equal(gt.Top.Chosen, []string{w.b.ID, w.a.ID}) {
		t.Fatalf("candidates %d, top %v", len(gt.Candidates), gt.Top)
	}
}
