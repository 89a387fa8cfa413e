package eval

import (
	"math/rand/v2"
	"slices"
)

// Statement is one statement of a simulated meeting: a labelled text and
// the group that wrote it.
type Statement struct {
	Text, Label, Group string
}

// SimulateMeeting builds a meeting from labelled texts as the themes
// evaluation does: it draws `intents` labels at random (all the groups
// share them), then each of `groups` groups draws `per` texts at random
// from the texts with those labels, no text twice. The same seed always
// gives the same meeting.
func SimulateMeeting(data []Labelled, seed uint64, groups, per, intents int) []Statement {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var labels []string
	seen := map[string]bool{}
	for _, d := range data {
		if !seen[d.Label] {
			seen[d.Label] = true
			labels = append(labels, d.Label)
		}
	}
	slices.Sort(labels)
	rng.Shuffle(len(labels), func(i, j int) { labels[i], labels[j] = labels[j], labels[i] })
	chosen := map[string]bool{}
	for _, l := range labels[:min(intents, len(labels))] {
		chosen[l] = true
	}
	var pool []int
	for i, d := range data {
		if chosen[d.Label] {
			pool = append(pool, i)
		}
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	var out []Statement
	for g := 0; g < groups; g++ {
		for k := 0; k < per && len(pool) > 0; k++ {
			d := data[pool[0]]
			pool = pool[1:]
			out = append(out, Statement{Text: d.Text, Label: d.Label, Group: groupName(g)})
		}
	}
	return out
}

func groupName(g int) string { return string(rune('A' + g)) }

// PairCounts counts pairs of statements from different groups: Claimed
// are those put together (both members of one cluster, both claimed), True
// those of them with the same label, Same all pairs with the same label.
type PairCounts struct {
	Claimed, True, Same int
}

// Add adds c to p.
func (p *PairCounts) Add(c PairCounts) {
	p.Claimed += c.Claimed
	p.True += c.True
	p.Same += c.Same
}

// Precision is the share of claimed pairs that share a label (1 when
// nothing is claimed).
func (p PairCounts) Precision() float64 {
	if p.Claimed == 0 {
		return 1
	}
	return float64(p.True) / float64(p.Claimed)
}

// Recall is the share of same-label pairs that are claimed.
func (p PairCounts) Recall() float64 {
	if p.Same == 0 {
		return 0
	}
	return float64(p.True) / float64(p.Same)
}

// CrossGroupPairs counts the pairs of statements from different groups
// (see [PairCounts]). cluster gives each statement's cluster, or "" for a
// statement that is not part of any claim (left out, or alone).
func CrossGroupPairs(stmts []Statement, cluster []string) PairCounts {
	var c PairCounts
	for i := range stmts {
		for j := i + 1; j < len(stmts); j++ {
			if stmts[i].Group == stmts[j].Group {
				continue
			}
			same := stmts[i].Label == stmts[j].Label
			if same {
				c.Same++
			}
			if cluster[i] != "" && cluster[i] == cluster[j] {
				c.Claimed++
				if same {
					c.True++
				}
			}
		}
	}
	return c
}

// AverageLinkage clusters n items by average-linkage agglomerative
// clustering: the two clusters with the highest mean pairwise similarity
// are merged while that mean is at least minSim. sim(i, j) gives the
// similarity of items i and j. It returns a cluster number per item. It is
// the reference the themes engine is compared with; O(n³), for meetings of
// hundreds of statements.
func AverageLinkage(n int, sim func(i, j int) float64, minSim float64) []int {
	s := make([][]float64, n)
	for i := range s {
		s[i] = make([]float64, n)
		for j := 0; j < i; j++ {
			s[i][j] = sim(i, j)
			s[j][i] = s[i][j]
		}
	}
	size := make([]int, n)
	alive := make([]bool, n)
	of := make([]int, n)
	for i := range size {
		size[i], alive[i], of[i] = 1, true, i
	}
	for {
		bi, bj, best := -1, -1, minSim
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if alive[j] && s[i][j] >= best {
					bi, bj, best = i, j, s[i][j]
				}
			}
		}
		if bi < 0 {
			break
		}
		// Merge bj into bi; the mean similarity to every other cluster
		// is the size-weighted mean of the two.
		for k := 0; k < n; k++ {
			if alive[k] && k != bi && k != bj {
				v := (s[bi][k]*float64(size[bi]) + s[bj][k]*float64(size[bj])) / float64(size[bi]+size[bj])
				s[bi][k], s[k][bi] = v, v
			}
		}
		size[bi] += size[bj]
		alive[bj] = false
		for i := range of {
			if of[i] == bj {
				of[i] = bi
			}
		}
	}
	return of
}
