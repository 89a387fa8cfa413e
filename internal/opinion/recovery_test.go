package opinion

import (
	"fmt"
	"strings"
	"testing"
)

// TestPlantedRecovery measures how well each mode recovers planted groups
// (adjusted Rand index over the participants it groups) as noise and
// sparsity grow, and logs the table reported in docs/OPINION.md
// (go test -run TestPlantedRecovery -v ./internal/opinion). It requires
// the plenary mode to recover clean groups and to do at least as well as
// the parity mode on average.
func TestPlantedRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	noises := []float64{0.1, 0.3, 0.5, 0.7}
	votesPer := []int{40, 15, 6}
	var b strings.Builder
	fmt.Fprintf(&b, "\n4 planted groups (weights 4:3:2:1), 1,000 participants x 100 statements, 3 seeds each; ARI plenary / polis (k plenary / polis)\n")
	fmt.Fprintf(&b, "%-14s", "votes/person")
	for _, n := range noises {
		fmt.Fprintf(&b, " | noise %.1f              ", n)
	}
	b.WriteString("\n")
	var sumPlen, sumPolis float64
	cells := 0
	for _, vp := range votesPer {
		fmt.Fprintf(&b, "%-14d", vp)
		for _, noise := range noises {
			var ap, aq float64
			var kp, kq int
			for seed := uint64(1); seed <= 3; seed++ {
				votes, planted := synth(t, SynthConfig{Participants: 1000, Statements: 100, Groups: 4, GroupWeights: []float64{4, 3, 2, 1},
					VotesPerParticipant: vp, Noise: noise, PassRate: 0.1, Consensus: 0.2, Seed: seed})
				m, err := NewMatrix(votes)
				if err != nil {
					t.Fatal(err)
				}
				p, err := Analyze(m, Options{Bootstrap: -1})
				if err != nil {
					t.Fatal(err)
				}
				q, err := Analyze(m, Options{Mode: ModePolis})
				if err != nil {
					t.Fatal(err)
				}
				ap += plantedARI(p, planted) / 3
				aq += plantedARI(q, planted) / 3
				kp += len(p.Groups)
				kq += len(q.Groups)
			}
			sumPlen += ap
			sumPolis += aq
			cells++
			fmt.Fprintf(&b, " | %.2f / %.2f (%.1f / %.1f)", ap, aq, float64(kp)/3, float64(kq)/3)
			if vp == 40 && noise <= 0.3 && ap < 0.9 {
				t.Errorf("plenary ARI %.2f at %d votes per person and noise %.1f; want >= 0.9", ap, vp, noise)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "mean ARI: plenary %.3f, polis %.3f\n", sumPlen/float64(cells), sumPolis/float64(cells))
	t.Log(b.String())
	if sumPlen < sumPolis {
		t.Errorf("plenary recovers planted groups worse than parity mode on average (%.3f < %.3f)", sumPlen/float64(cells), sumPolis/float64(cells))
	}
}
