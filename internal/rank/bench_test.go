package rank

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchBallots draws n full strict rankings of the candidates from a pool of
// distinct orderings (ballots share their slices, so 100,000 ballots of
// 1,000 candidates fit in memory; the count still reads every ballot),
// spread over groups of unequal sizes.
func benchBallots(candidates, ballots, pool, groups int) ([]string, []Ballot) {
	r := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, candidates)
	for i := range ids {
		ids[i] = fmt.Sprintf("rec-%04d", i)
	}
	orders := make([][][]string, pool)
	for k := range orders {
		for _, p := range r.Perm(candidates) {
			orders[k] = append(orders[k], []string{ids[p]})
		}
	}
	bs := make([]Ballot, ballots)
	for i := range bs {
		// Squaring skews the group sizes, so the groups' weights differ.
		g := r.IntN(groups)
		g = g * g / groups
		bs[i] = Ballot{Group: fmt.Sprintf("group-%d", g), Ranks: orders[r.IntN(pool)]}
	}
	return ids, bs
}

func benchTally(b *testing.B, m Method, candidates, ballots, pool int) {
	ids, bs := benchBallots(candidates, ballots, pool, 50)
	opt := Options{EqualSay: true}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Tally(m, ids, bs, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSchulze40x1000: 40 candidates, 1,000 ballots, equal say.
func BenchmarkSchulze40x1000(b *testing.B) { benchTally(b, Schulze, 40, 1_000, 1_000) }

// BenchmarkBorda1000x100k: 1,000 candidates, 100,000 ballots, equal say.
func BenchmarkBorda1000x100k(b *testing.B) { benchTally(b, Borda, 1_000, 100_000, 500) }

// BenchmarkSchulze200x1000 shows the cubic strongest-path step.
func BenchmarkSchulze200x1000(b *testing.B) { benchTally(b, Schulze, 200, 1_000, 1_000) }
