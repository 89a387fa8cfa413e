package deliberation

import (
	"errors"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// TestCheckBallot: the rule a group ballot must follow, applied in the
// transaction that stores it.
func TestCheckBallot(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for _, tt := range []struct {
		name  string
		b     func() *store.Ballot
		field string
	}{
		{"a good practice is no candidate", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.Ranks = [][]string{{w.practice.ID}}
			return b
		}, "ballot"},
		{"a candidate twice", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.Ranks = [][]string{{w.a.ID}, {w.a.ID}}
			return b
		}, "ballot"},
		{"a field the method does not read", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.Approved = []string{w.a.ID}
			return b
		}, "ballot"},
		{"a statement of another group", func() *store.Ballot {
			b := w.ballot(1, rank.Schulze)
			b.GroupID = w.otherGroup
			b.Ranks = [][]string{{w.a.ID}}
			return b
		}, "ballot"},
		{"another method's ballot", func() *store.Ballot {
			b := w.ballot(1, rank.Approval)
			b.Approved = []string{w.a.ID}
			return b
		}, "method"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := w.db.PutBallot(w.ctx, tt.b(), CheckBallot); !hasField(err, tt.field) {
				t.Fatalf("error %v, want one on %s", err, tt.field)
			}
		})
	}
	// A score out of the part's range.
	set := store.DefaultRankingSettings(w.part)
	set.Method, set.ScoreMin, set.ScoreMax = rank.Score, 1, 3
	if err := w.db.PutRankingSettings(w.ctx, set); err != nil {
		t.Fatal(err)
	}
	b := w.ballot(0, rank.Score)
	b.Scores = map[string]float64{w.a.ID: 7}
	err := w.db.PutBallot(w.ctx, b, CheckBallot)
	var de *domain.Error
	if !hasField(err, "ballot") || !errors.As(err, &de) || de.Key != "ranking.error_score" {
		t.Fatalf("a score out of range: %v", err)
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
			w := newWorld(t)
			s := store.DefaultRankingSettings(w.part)
			s.Method = method
			if err := w.db.PutRankingSettings(w.ctx, s); err != nil {
				t.Fatal(err)
			}
			A, B, C := w.a.ID, w.b.ID, w.c.ID
			for i, r := range [][][]string{{{A}, {B}, {C}}, {{B}, {A}, {C}}, {{A}, {C}, {B}}} {
				b := w.ballot(i, method)
				b.Ranks = r
				if err := w.db.PutBallot(w.ctx, b, CheckBallot); err != nil {
					t.Fatal(err)
				}
			}
			gt, err := GroupTally(w.ctx, w.db, w.meeting, w.group, w.part)
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
	w := newWorld(t)
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.c.ID}, {w.a.ID}}
	if err := w.db.PutBallot(w.ctx, b, CheckBallot); err != nil {
		t.Fatal(err)
	}
	// Merge C into B.
	if _, err := w.db.MergeStatements(w.ctx, w.b.ID, w.c.ID); err != nil {
		t.Fatal(err)
	}
	gt, err := GroupTally(w.ctx, w.db, w.meeting, w.group, w.part)
	if err != nil {
		t.Fatal(err)
	}
	if len(gt.Candidates) != 2 || !slices.Equal(gt.Top.Chosen, []string{w.b.ID, w.a.ID}) {
		t.Fatalf("candidates %d, top %v", len(gt.Candidates), gt.Top)
	}
}

// TestOpeningRankingTellsTheGroups: closing a part's ranking tells nobody;
// opening it tells the voting members of the meeting's groups (not the
// group's observer), once per opening.
func TestOpeningRankingTellsTheGroups(t *testing.T) {
	w := newWorld(t)
	sec := w.actors["secretariat"]
	set := store.DefaultRankingSettings(w.part)
	set.Open = false
	if err := w.svc.PutRankingSettings(w.ctx, sec, set); err != nil {
		t.Fatal(err)
	}
	told := func(role string) []*store.Notification {
		t.Helper()
		ns, err := w.db.Notifications(w.ctx, store.NotificationFilter{UserID: w.actors[role].User.ID})
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	if ns := told("delegate"); len(ns) != 0 {
		t.Fatalf("told of a closing: %+v", ns)
	}
	// The group's name has an Arabic translation: the notice carries it,
	// so that an Arabic reader reads the group's Arabic name.
	if _, err := w.db.SaveTexts(domain.NewContextWithActor(w.ctx, sec), w.meeting, domain.TextMeeting, w.meeting, []store.TextEdit{
		{TextKey: domain.TextKey{Kind: domain.TextGroup, ID: w.group, Field: "name"}, Lang: "ar", Text: "أفريقيا"}}); err != nil {
		t.Fatal(err)
	}
	set.Open = true
	if err := w.svc.PutRankingSettings(w.ctx, w.actors["delegate"], set); err == nil {
		t.Fatal("a delegate opened the ranking")
	}
	if err := w.svc.PutRankingSettings(w.ctx, sec, set); err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{"delegate", "rapporteur"} {
		if ns := told(role); len(ns) != 1 || ns[0].Kind != "voting_opened" || ns[0].Link != "/groups/"+w.group+"/rank?part="+w.part {
			t.Errorf("%s: %+v", role, ns)
		} else if ar, fr := domain.LocalParam(ns[0].Params, "group", "ar"), domain.LocalParam(ns[0].Params, "group", "fr"); ar != "أفريقيا" || fr != "Africa" {
			t.Errorf("%s: the group's name reads %q in Arabic and %q in French, want its translation and the original", role, ar, fr)
		}
	}
	if ns := told("groupObserver"); len(ns) != 0 {
		t.Errorf("the group's observer was told: %+v", ns)
	}
	// Saving it open again is no new opening.
	if err := w.svc.PutRankingSettings(w.ctx, sec, set); err != nil {
		t.Fatal(err)
	}
	if ns := told("delegate"); len(ns) != 1 {
		t.Errorf("told twice: %d", len(ns))
	}
}
