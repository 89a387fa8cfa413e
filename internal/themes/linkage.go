package themes

import (
	"cmp"
	"context"
	"slices"
)

// maxLinkage is the largest number of statements clustered by average
// linkage, which compares every pair (a triangle of float32 similarities:
// 8 MB at 2,000). Larger sets, beyond a meeting's size, use the
// neighbour graph and Louvain.
const maxLinkage = MaxLinkage

// MaxLinkage is the most statements clustered by average linkage, where
// word vectors (Options.WordVectors) are used; larger sets use the
// neighbour graph.
const MaxLinkage = 2000

// merge is one step of agglomerative clustering: clusters a and b (named
// by their smallest statement) joined at mean similarity sim.
type merge struct {
	a, b int32
	sim  float32
}

// simTriangle holds the similarities of every pair i > j.
type simTriangle []float32

func (t simTriangle) at(i, j int) float32 {
	if i < j {
		i, j = j, i
	}
	return t[i*(i-1)/2+j]
}

func (t simTriangle) set(i, j int, v float32) {
	if i < j {
		i, j = j, i
	}
	t[i*(i-1)/2+j] = v
}

// pairSimilarities computes sim(i, j) for every pair, on all cores.
func pairSimilarities(ctx context.Context, n int, sim func(i, j int) float64) (simTriangle, error) {
	t := make(simTriangle, n*(n-1)/2)
	err := parallel(ctx, n, func(i int) {
		row := t[i*(i-1)/2:]
		for j := 0; j < i; j++ {
			row[j] = float32(sim(i, j))
		}
	})
	return t, err
}

// averageLinkage returns the merges of average-linkage agglomerative
// clustering of n items with pairwise similarities s (which it overwrites),
// highest similarity first, by the nearest-neighbour chain algorithm
// (O(n²) time). Ties go to the lower index, so the result depends on the
// input only.
func averageLinkage(s simTriangle, n int) []merge {
	size := make([]int32, n)
	active := make([]bool, n)
	for i := range size {
		size[i], active[i] = 1, true
	}
	var merges []merge
	chain := make([]int, 0, n)
	left := n
	next := 0
	for left > 1 {
		if len(chain) == 0 {
			for !active[next] {
				next++
			}
			chain = append(chain, next)
		}
		top := chain[len(chain)-1]
		prev := -1
		if len(chain) > 1 {
			prev = chain[len(chain)-2]
		}
		best, bestSim := -1, float32(0)
		if prev >= 0 {
			best, bestSim = prev, s.at(top, prev)
		}
		for k := 0; k < n; k++ {
			if !active[k] || k == top {
				continue
			}
			if v := s.at(top, k); best < 0 || v > bestSim {
				best, bestSim = k, v
			}
		}
		if best != prev {
			chain = append(chain, best)
			continue
		}
		// top and prev are each other's nearest: merge them into the
		// lower index.
		chain = chain[:len(chain)-2]
		a, b := min(top, prev), max(top, prev)
		merges = append(merges, merge{int32(a), int32(b), bestSim})
		sa, sb := float32(size[a]), float32(size[b])
		for k := 0; k < n; k++ {
			if active[k] && k != a && k != b {
				s.set(a, k, (sa*s.at(a, k)+sb*s.at(b, k))/(sa+sb))
			}
		}
		size[a] += size[b]
		active[b] = false
		left--
	}
	slices.SortStableFunc(merges, func(x, y merge) int { return cmp.Compare(y.sim, x.sim) })
	return merges
}

// cutMerges applies the merges at or above minSim (or, when target > 0,
// the merges that leave target clusters) and returns a cluster number per
// item, numbered in order of first item.
func cutMerges(n int, merges []merge, minSim float64, target int) []int {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for k, m := range merges {
		if target > 0 {
			if k >= n-target {
				break
			}
		} else if float64(m.sim) < minSim {
			break
		}
		a, b := find(int(m.a)), find(int(m.b))
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	out := make([]int, n)
	for i := range out {
		out[i] = find(i)
	}
	return renumber(out)
}
