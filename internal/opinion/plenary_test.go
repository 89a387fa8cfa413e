package opinion

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func synth(t testing.TB, cfg SynthConfig) ([]Vote, []int) {
	t.Helper()
	v, p, err := Synthesize(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v, p
}

func plantedARI(res *Result, planted []int) float64 {
	var a, b []int
	for _, p := range res.Participants {
		if p.InConversation {
			a = append(a, p.Group)
			b = append(b, planted[p.ID])
		}
	}
	return AdjustedRand(a, b)
}

func TestPlenaryRecoversPlantedGroups(t *testing.T) {
	tests := []struct {
		name   string
		cfg    SynthConfig
		minARI float64
		k      int
		maxK   int
	}{
		{"breakout 3 groups", SynthConfig{Participants: 50, Statements: 40, Groups: 3, VotesPerParticipant: 30, Noise: 0.1, Seed: 1}, 0.9, 3, 0},
		{"room 4 groups", SynthConfig{Participants: 2000, Statements: 100, Groups: 4, VotesPerParticipant: 40, Noise: 0.2, PassRate: 0.1, Seed: 2}, 0.9, 4, 0},
		{"sampled path 2 groups", SynthConfig{Participants: 5000, Statements: 200, Groups: 2, GroupWeights: []float64{2, 1}, VotesPerParticipant: 30, Noise: 0.2, Seed: 3}, 0.95, 2, 0},
		{"six groups", SynthConfig{Participants: 3000, Statements: 120, Groups: 6, VotesPerParticipant: 80, Noise: 0.05, Seed: 4}, 0.9, 6, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			votes, planted := synth(t, tt.cfg)
			res, err := AnalyzeVotes(votes, Options{Bootstrap: 10, MaxGroups: tt.maxK})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Groups) != tt.k {
				t.Errorf("k = %d, want %d (scores %+v)", len(res.Groups), tt.k, res.KScores)
			}
			if ari := plantedARI(res, planted); ari < tt.minARI {
				t.Errorf("ARI with planted groups = %.3f, want >= %.2f", ari, tt.minARI)
			}
			for i, r := range res.PCA.Residuals {
				if (i < 2 && r > pcaTol) || r > looseTol {
					t.Errorf("PCA residual %d = %g above tolerance", i, r)
				}
			}
			if res.Stability == nil || res.Stability.Resamples != 10 {
				t.Fatalf("stability missing: %+v", res.Stability)
			}
			for _, g := range res.Groups {
				if g.Stability == nil || *g.Stability < 0.8 {
					t.Errorf("group %d stability %v, want >= 0.8 on clean planted data", g.ID, g.Stability)
				}
			}
		})
	}
}

func TestPlenaryDeterministicUnderShuffle(t *testing.T) {
	votes, _ := synth(t, SynthConfig{Participants: 300, Statements: 60, Groups: 3, VotesPerParticipant: 20, Noise: 0.3, Seed: 7})
	first, err := AnalyzeVotes(votes, Options{Bootstrap: 5})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(first)
	shuffled := append([]Vote(nil), votes...)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	second, err := AnalyzeVotes(shuffled, Options{Bootstrap: 5})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(second)
	if string(got) != string(want) {
		t.Fatal("shuffling the votes changed the result")
	}
}

func TestLaterVoteWins(t *testing.T) {
	votes := []Vote{
		{Participant: 1, Statement: 1, Value: Agree, Time: 2},
		{Participant: 1, Statement: 1, Value: Disagree, Time: 1},
		{Participant: 1, Statement: 2, Value: Pass, Time: 1},
	}
	m, err := NewMatrix(votes)
	if err != nil {
		t.Fatal(err)
	}
	got := m.Votes()
	if len(got) != 2 || got[0].Value != Agree || got[1].Value != Pass {
		t.Fatalf("votes %+v", got)
	}
	if _, err := NewMatrix([]Vote{{Value: 2}}); err == nil {
		t.Fatal("vote value 2 accepted")
	}
}
