package rank

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// gen draws random ballots of every kind: ranked ballots with ties and
// truncation, approval sets, scores in halves, weights and groups.
type gen struct {
	r          *rand.Rand
	candidates []string
	fractional bool // weights such as 1/3 and 0.1, besides whole ones
}

func newGen(seed uint64, n int, fractional bool) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, 7)), fractional: fractional}
	for i := range n {
		g.candidates = append(g.candidates, fmt.Sprintf("c%d", i))
	}
	return g
}

func (g *gen) weight() float64 {
	if g.fractional {
		return []float64{0, 1, 2, 0.5, 1.0 / 3, 0.1, 2.0 / 7}[g.r.IntN(7)]
	}
	return float64(g.r.IntN(4)) // 0 counts as 1
}

func (g *gen) ballot(m Method) Ballot {
	b := Ballot{Weight: g.weight(), Group: fmt.Sprintf("g%d", g.r.IntN(4))}
	perm := g.r.Perm(len(g.candidates))
	k := g.r.IntN(len(g.candidates) + 1)
	switch m {
	case Schulze, Borda:
		for i, p := range perm[:k] {
			if i == 0 || g.r.IntN(4) > 0 {
				b.Ranks = append(b.Ranks, nil)
			}
			b.Ranks[len(b.Ranks)-1] = append(b.Ranks[len(b.Ranks)-1], g.candidates[p])
		}
	case Approval:
		for _, p := range perm[:k] {
			b.Approved = append(b.Approved, g.candidates[p])
		}
	case Score:
		b.Scores = map[string]float64{}
		for _, p := range perm[:k] {
			b.Scores[g.candidates[p]] = float64(g.r.IntN(11)) / 2
		}
	}
	return b
}

func (g *gen) ballots(m Method, n int) []Ballot {
	out := make([]Ballot, n)
	for i := range out {
		out[i] = g.ballot(m)
	}
	return out
}

func mustTally(t *testing.T, m Method, candidates []string, bs []Ballot, opt Options) *Result {
	t.Helper()
	res, err := Tally(m, candidates, bs, opt)
	if err != nil {
		t.Fatalf("Tally(%s): %v", m, err)
	}
	return res
}

// TestPropertyCondorcetWinnerWinsSchulze: a candidate who beats every other
// head to head is alone in first place.
func TestPropertyCondorcetWinnerWinsSchulze(t *testing.T) {
	found := 0
	for seed := range uint64(400) {
		g := newGen(seed, 2+int(seed%6), seed%2 == 0)
		bs := g.ballots(Schulze, 1+g.r.IntN(12))
		res := mustTally(t, Schulze, g.candidates, bs, Options{})
		d := res.Pairwise.D
		for a := range d {
			wins := true
			for b := range d {
				if a != b && d[a][b] <= d[b][a] {
					wins = false
				}
			}
			if !wins {
				continue
			}
			found++
			if res.Candidates[0].ID != g.candidates[a] || len(res.Ranking()[0]) != 1 {
				t.Errorf("seed %d: Condorcet winner %s, ranking %s", seed, g.candidates[a], ranking(res))
			}
		}
	}
	if found < 100 {
		t.Errorf("only %d draws had a Condorcet winner; the test checks too little", found)
	}
}

// TestPropertyBallotOrder: permuting the ballots changes nothing, not even
// the last bit of a displayed value.
func TestPropertyBallotOrder(t *testing.T) {
	for _, m := range Methods() {
		for seed := range uint64(60) {
			g := newGen(seed, 1+int(seed%7), true)
			bs := g.ballots(m, g.r.IntN(20))
			for _, opt := range []Options{{}, {EqualSay: true, ScoreBy: ScoreAverage}} {
				want := mustTally(t, m, g.candidates, bs, opt)
				shuffled := append([]Ballot(nil), bs...)
				g.r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
				if got := mustTally(t, m, g.candidates, shuffled, opt); !reflect.DeepEqual(got, want) {
					t.Errorf("%s seed %d %+v: shuffling changed the result\n%+v\n%+v", m, seed, opt, got, want)
				}
			}
		}
	}
}

// TestPropertyDuplication: counting every ballot twice keeps the ranking;
// under equal say it keeps every number too, since each group still sums
// to 1.
func TestPropertyDuplication(t *testing.T) {
	for _, m := range Methods() {
		for seed := range uint64(60) {
			g := newGen(seed, 1+int(seed%7), true)
			bs := g.ballots(m, g.r.IntN(20))
			twice := append(append([]Ballot(nil), bs...), bs...)
			for _, opt := range []Options{{}, {ScoreBy: ScoreAverage}} {
				once, again := mustTally(t, m, g.candidates, bs, opt), mustTally(t, m, g.candidates, twice, opt)
				if !reflect.DeepEqual(once.Ranking(), again.Ranking()) {
					t.Errorf("%s seed %d: duplicating changed the ranking: %s, then %s", m, seed, ranking(once), ranking(again))
				}
			}
			opt := Options{EqualSay: true}
			if once, again := mustTally(t, m, g.candidates, bs, opt), mustTally(t, m, g.candidates, twice, opt); !sameOutcome(once, again) {
				t.Errorf("%s seed %d: duplicating changed an equal-say count", m, seed)
			}
		}
	}
}

// TestPropertyWeightIsCopies: a ballot of whole weight k counts as k copies.
func TestPropertyWeightIsCopies(t *testing.T) {
	for _, m := range Methods() {
		for seed := range uint64(60) {
			g := newGen(seed, 1+int(seed%7), false)
			bs := g.ballots(m, g.r.IntN(20))
			var copies []Ballot
			for _, b := range bs {
				k := max(int(b.Weight), 1)
				b.Weight = 1
				for range k {
					copies = append(copies, b)
				}
			}
			for _, opt := range []Options{{}, {EqualSay: true}} {
				if a, b := mustTally(t, m, g.candidates, bs, opt), mustTally(t, m, g.candidates, copies, opt); !sameOutcome(a, b) {
					t.Errorf("%s seed %d %+v: weights differ from copies\n%+v\n%+v", m, seed, opt, a, b)
				}
			}
		}
	}
}

// TestPropertyAgainstReference compares Schulze and Borda with plain
// implementations that follow the textbook definitions on whole weights.
func TestPropertyAgainstReference(t *testing.T) {
	for seed := range uint64(200) {
		g := newGen(seed, 1+int(seed%8), false)
		n := len(g.candidates)
		bs := g.ballots(Schulze, g.r.IntN(25))

		d, points := referenceCount(g.candidates, bs)
		p := referenceSchulze(d)
		res := mustTally(t, Schulze, g.candidates, bs, Options{})
		for i := range n {
			for j := range n {
				if res.Pairwise.D[i][j] != d[i][j] || res.Pairwise.P[i][j] != p[i][j] {
					t.Fatalf("seed %d: d, p[%d][%d] = %v, %v, want %v, %v", seed, i, j,
						res.Pairwise.D[i][j], res.Pairwise.P[i][j], d[i][j], p[i][j])
				}
			}
		}
		pos := map[string]int{}
		for _, c := range res.Candidates {
			pos[c.ID] = c.Position
		}
		for i := range n {
			for j := range n {
				if p[i][j] > p[j][i] && pos[g.candidates[i]] >= pos[g.candidates[j]] {
					t.Errorf("seed %d: %s beats %s but is not placed above it (%s)", seed, g.candidates[i], g.candidates[j], ranking(res))
				}
			}
		}

		borda := mustTally(t, Borda, g.candidates, bs, Options{})
		for i, id := range g.candidates {
			if c, _ := borda.Candidate(id); c.Value != points[i] {
				t.Errorf("seed %d: Borda %s = %v, want %v", seed, id, c.Value, points[i])
			}
		}
	}
}

// referenceCount computes d[i][j] and Borda points ballot by ballot from
// each candidate's place: the unranked take the places after the ranked,
// and equal candidates the average of the places they cover.
func referenceCount(candidates []string, bs []Ballot) (d [][]float64, points []float64) {
	n := len(candidates)
	d = make([][]float64, n)
	for i := range d {
		d[i] = make([]float64, n)
	}
	points = make([]float64, n)
	for _, b := range bs {
		w := b.Weight
		if w == 0 {
			w = 1
		}
		group := map[string]int{}
		for gi, grp := range b.Ranks {
			for _, id := range grp {
				group[id] = gi
			}
		}
		rank := func(id string) int {
			if gi, ok := group[id]; ok {
				return gi
			}
			return len(b.Ranks)
		}
		for i, a := range candidates {
			above, equal := 0, 0
			for j, c := range candidates {
				switch {
				case i == j:
				case rank(a) < rank(c):
					d[i][j] += w
					above++
				case rank(a) == rank(c):
					equal++
				}
			}
			points[i] += w * (float64(above) + float64(equal)/2)
		}
	}
	return d, points
}

// referenceSchulze is the strongest-path computation as the Wikipedia
// article "Schulze method" writes it.
func referenceSchulze(d [][]float64) [][]float64 {
	n := len(d)
	p := make([][]float64, n)
	for i := range p {
		p[i] = make([]float64, n)
		for j := range p {
			if i != j && d[i][j] > d[j][i] {
				p[i][j] = d[i][j]
			}
		}
	}
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			for k := range n {
				if i != k && j != k {
					p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
				}
			}
		}
	}
	return p
}
