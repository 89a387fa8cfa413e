package opinion

import (
	"math"
	"slices"
	"testing"
)

// sameResult compares two results: identical groups, members and lists,
// numbers within tol.
func sameResult(t *testing.T, got, want *Result, tol float64) {
	t.Helper()
	if len(got.Participants) != len(want.Participants) || len(got.Statements) != len(want.Statements) {
		t.Fatalf("%d participants, %d statements; want %d, %d", len(got.Participants), len(got.Statements), len(want.Participants), len(want.Statements))
	}
	for i, p := range got.Participants {
		w := want.Participants[i]
		if p.ID != w.ID || p.Group != w.Group || math.Abs(p.X-w.X) > tol || math.Abs(p.Y-w.Y) > tol {
			t.Fatalf("participant %d: %+v, want %+v", i, p, w)
		}
	}
	if len(got.Groups) != len(want.Groups) {
		t.Fatalf("%d groups, want %d", len(got.Groups), len(want.Groups))
	}
	for g := range got.Groups {
		if !slices.Equal(got.Groups[g].Members, want.Groups[g].Members) {
			t.Fatalf("group %d members differ", g)
		}
		a, b := got.Groups[g].Repness, want.Groups[g].Repness
		if len(a) != len(b) {
			t.Fatalf("group %d: %d representative statements, want %d", g, len(a), len(b))
		}
		for i := range a {
			if a[i].Statement != b[i].Statement || a[i].Direction != b[i].Direction || *a[i].Stability != *b[i].Stability {
				t.Fatalf("group %d repness %d: %+v, want %+v", g, i, a[i], b[i])
			}
		}
		if *got.Groups[g].Stability != *want.Groups[g].Stability {
			t.Fatalf("group %d stability %v, want %v", g, *got.Groups[g].Stability, *want.Groups[g].Stability)
		}
	}
	for i, s := range got.Statements {
		w := want.Statements[i]
		if s.ID != w.ID || s.Agree != w.Agree || s.Disagree != w.Disagree || s.Pass != w.Pass ||
			math.Abs(s.Priority-w.Priority) > tol*math.Max(1, w.Priority) || math.Abs(s.GroupInformedConsensus-w.GroupInformedConsensus) > 1e-15 {
			t.Fatalf("statement %d: %+v, want %+v", i, s, w)
		}
	}
}

func TestConversationMatchesFullAnalysis(t *testing.T) {
	votes, _ := synth(t, SynthConfig{Participants: 3000, Statements: 150, Groups: 4, VotesPerParticipant: 40, Noise: 0.2, PassRate: 0.1, Seed: 11})
	// Later votes that change earlier ones, and newcomers.
	extra, _ := synth(t, SynthConfig{Participants: 3100, Statements: 160, Groups: 4, VotesPerParticipant: 3, Noise: 0.2, Seed: 12})
	for i := range extra {
		extra[i].Time = 1
	}
	conv := NewConversation(Options{Bootstrap: 8})
	cut := len(votes) * 9 / 10
	if err := conv.Add(votes[:cut]...); err != nil {
		t.Fatal(err)
	}
	if _, err := conv.Result(); err != nil {
		t.Fatal(err)
	}
	cold := conv.Products()
	all := slices.Clone(votes[:cut])
	rest := append(slices.Clone(votes[cut:]), extra...)
	for len(rest) > 0 {
		n := min(len(rest), 4000)
		if err := conv.Add(rest[:n]...); err != nil {
			t.Fatal(err)
		}
		all = append(all, rest[:n]...)
		rest = rest[n:]
		got, err := conv.Result()
		if err != nil {
			t.Fatal(err)
		}
		want, err := AnalyzeVotes(all, Options{Bootstrap: 8})
		if err != nil {
			t.Fatal(err)
		}
		sameResult(t, got, want, 1e-8)
		t.Logf("burst of %d votes: %d products (cold start: %d, full analysis: %d)", n, conv.Products(), cold, want.PCA.Iterations)
	}
	// No new votes: the cached result.
	a, _ := conv.Result()
	b, _ := conv.Result()
	if a != b {
		t.Error("an unchanged conversation was analysed again")
	}
}

func TestConversationMergeKeepsLatestVote(t *testing.T) {
	conv := NewConversation(Options{})
	if err := conv.Add(Vote{Participant: 2, Statement: 5, Value: Agree, Time: 10}); err != nil {
		t.Fatal(err)
	}
	_ = conv.Matrix()
	if err := conv.Add(
		Vote{Participant: 2, Statement: 5, Value: Disagree, Time: 5}, // older: ignored
		Vote{Participant: 1, Statement: 7, Value: Pass, Time: 1},
		Vote{Participant: 2, Statement: 3, Value: Disagree, Time: 11},
	); err != nil {
		t.Fatal(err)
	}
	got := conv.Matrix().Votes()
	want, _ := NewMatrix([]Vote{
		{Participant: 2, Statement: 5, Value: Agree, Time: 10},
		{Participant: 2, Statement: 5, Value: Disagree, Time: 5},
		{Participant: 1, Statement: 7, Value: Pass, Time: 1},
		{Participant: 2, Statement: 3, Value: Disagree, Time: 11},
	})
	if !slices.Equal(got, want.Votes()) {
		t.Fatalf("merged %+v, want %+v", got, want.Votes())
	}
	if err := conv.Add(Vote{Value: 3}); err == nil {
		t.Error("vote value 3 accepted")
	}
}
