package opinion

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
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

// TestNewMatrixRowOrder checks both ways a row is put in column order
// (a bitmap of the statements when they are few against the row lengths,
// a sort otherwise) against a map of the latest vote per cell, with
// repeated votes that tie on time, on time and value, or neither.
func TestNewMatrixRowOrder(t *testing.T) {
	for _, tc := range []struct {
		name string
		// Participant p votes votesPer times on statements
		// p*stride + [0, span).
		participants, stride, span, votesPer int
		wantBitmap                           bool
	}{
		{"few statements (bitmap)", 400, 0, 50, 40, true},
		{"many statements (sort)", 3000, 7, 3, 6, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.span), 9))
			var votes []Vote
			for p := 0; p < tc.participants; p++ {
				for k := 0; k < tc.votesPer; k++ {
					votes = append(votes, Vote{Participant: int64(p * 3), Statement: int64(p*tc.stride + rng.IntN(tc.span)),
						Value: int8(rng.IntN(3) - 1), Time: int64(rng.IntN(3))})
				}
			}
			type cell struct{ p, s int64 }
			ref := map[cell]Vote{}
			for _, v := range votes {
				c := cell{v.Participant, v.Statement}
				if w, ok := ref[c]; !ok || voteBefore(&w, &v) {
					ref[c] = v
				}
			}
			m, err := NewMatrix(votes)
			if err != nil {
				t.Fatal(err)
			}
			n := m.Rows()
			if got := bitmapRows(m.Cols(), m.NumVotes(), n); got != tc.wantBitmap {
				t.Fatalf("bitmap %v, want %v: the case does not test its path", got, tc.wantBitmap)
			}
			if m.NumVotes() != len(ref) {
				t.Fatalf("%d cells, want %d", m.NumVotes(), len(ref))
			}
			for r := 0; r < n; r++ {
				cs, vs := m.row(r)
				for k, c := range cs {
					if k > 0 && cs[k-1] >= c {
						t.Fatalf("row %d: columns not ascending: %v", r, cs)
					}
					w, ok := ref[cell{m.participants[r], m.statements[c]}]
					if !ok || w.Value != vs[k] {
						t.Fatalf("row %d column %d: value %d, want %+v", r, c, vs[k], w)
					}
				}
			}
		})
	}
}

// TestNewMatrixNamesTheFirstBadVote checks that the vote reported is the
// first bad one, whichever part of the parallel scan finds the others.
func TestNewMatrixNamesTheFirstBadVote(t *testing.T) {
	for _, bad := range [][]int{{5}, {999}, {700, 300, 999}} {
		votes := make([]Vote, 1000)
		for i := range votes {
			votes[i] = Vote{Participant: int64(i % 37), Statement: int64(i % 11), Value: int8(i%3 - 1)}
		}
		for _, i := range bad {
			votes[i].Value = 2
		}
		first := slices.Min(bad)
		_, err := NewMatrix(votes)
		if !errors.Is(err, ErrBadVote) || !strings.HasPrefix(err.Error(), fmt.Sprintf("vote %d ", first)) {
			t.Fatalf("bad votes at %v: error %v, want vote %d named", bad, err, first)
		}
	}
}

// silhouetteReference is weightedSilhouette as one pass over every point
// for every point, the definition the faster one must equal bit for bit.
func silhouetteReference(dist [][]float32, w []float64, labels []int, k int) float64 {
	W := make([]float64, k)
	for i, l := range labels {
		W[l] += w[i]
	}
	sums := make([]float64, k)
	num, den := 0.0, 0.0
	for i, l := range labels {
		if w[i] == 0 {
			continue
		}
		den += w[i]
		if W[l]-1 <= 0 {
			continue
		}
		clear(sums)
		for j, lj := range labels {
			sums[lj] += float64(w[j] * float64(dist[i][j]))
		}
		a := sums[l] / (W[l] - 1)
		b := math.Inf(1)
		for c := 0; c < k; c++ {
			if c != l && W[c] > 0 {
				b = math.Min(b, sums[c]/W[c])
			}
		}
		if math.IsInf(b, 1) || math.Max(a, b) == 0 {
			continue
		}
		num += float64(w[i] * (b - a) / math.Max(a, b))
	}
	if den == 0 {
		return 0
	}
	return num / den
}

func TestWeightedSilhouetteEqualsDefinition(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{1, 2}, {7, 3}, {50, 2}, {301, 5}} {
		rng := rand.New(rand.NewPCG(uint64(tc.n), 3))
		pts := make([][2]float64, tc.n)
		labels := make([]int, tc.n)
		w := make([]float64, tc.n)
		for i := range pts {
			pts[i] = [2]float64{rng.NormFloat64(), rng.NormFloat64()}
			labels[i] = rng.IntN(tc.k)
			w[i] = poisson1(rng) // zeros among them
		}
		dist := make([][]float32, tc.n)
		for i := range dist {
			dist[i] = make([]float32, tc.n)
			for j := range dist[i] {
				dist[i][j] = float32(math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1]))
			}
		}
		got, want := weightedSilhouette(dist, w, labels, tc.k), silhouetteReference(dist, w, labels, tc.k)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%d points, k %d: %v, want %v", tc.n, tc.k, got, want)
		}
	}
}
