// Package eval measures the themes engine against labelled data: Spearman
// correlation for similarity scores, normalised mutual information and
// best-mapping accuracy for clusterings.
package eval

import (
	"math"
	"sort"
)

// Spearman returns the Spearman rank correlation of x and y (ties get their
// mean rank). It returns NaN when the lengths differ or a side is constant.
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	return pearson(ranks(x), ranks(y))
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		mean := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = mean
		}
		i = j + 1
	}
	return r
}

func pearson(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// contingency counts how many items have each (label, cluster) pair.
func contingency(labels, clusters []string) (table [][]float64, nl, nc int) {
	li, ci := map[string]int{}, map[string]int{}
	for i := range labels {
		if _, ok := li[labels[i]]; !ok {
			li[labels[i]] = len(li)
		}
		if _, ok := ci[clusters[i]]; !ok {
			ci[clusters[i]] = len(ci)
		}
	}
	table = make([][]float64, len(li))
	for i := range table {
		table[i] = make([]float64, len(ci))
	}
	for i := range labels {
		table[li[labels[i]]][ci[clusters[i]]]++
	}
	return table, len(li), len(ci)
}

// NMI returns the normalised mutual information (arithmetic mean of the
// entropies, as scikit-learn's default) between true labels and clusters.
func NMI(labels, clusters []string) float64 {
	if len(labels) != len(clusters) || len(labels) == 0 {
		return math.NaN()
	}
	t, nl, nc := contingency(labels, clusters)
	n := float64(len(labels))
	rows := make([]float64, nl)
	cols := make([]float64, nc)
	for i := range t {
		for j := range t[i] {
			rows[i] += t[i][j]
			cols[j] += t[i][j]
		}
	}
	var mi float64
	for i := range t {
		for j := range t[i] {
			if c := t[i][j]; c > 0 {
				mi += c / n * math.Log(c*n/(rows[i]*cols[j]))
			}
		}
	}
	h := func(xs []float64) float64 {
		var s float64
		for _, x := range xs {
			if x > 0 {
				s -= x / n * math.Log(x/n)
			}
		}
		return s
	}
	hl, hc := h(rows), h(cols)
	if hl+hc == 0 {
		return 1
	}
	return 2 * mi / (hl + hc)
}

// Accuracy returns the share of items whose cluster maps to their label
// under the best one-to-one mapping of clusters to labels (Hungarian
// algorithm); items in clusters left unmapped count as wrong.
func Accuracy(labels, clusters []string) float64 {
	if len(labels) != len(clusters) || len(labels) == 0 {
		return math.NaN()
	}
	t, nl, nc := contingency(labels, clusters)
	size := max(nl, nc)
	cost := make([][]float64, size)
	for i := range cost {
		cost[i] = make([]float64, size)
		for j := range cost[i] {
			if i < nl && j < nc {
				cost[i][j] = -t[i][j]
			}
		}
	}
	assign := hungarian(cost)
	var correct float64
	for i, j := range assign {
		if i < nl && j < nc {
			correct += t[i][j]
		}
	}
	return correct / float64(len(labels))
}

// hungarian solves the square assignment problem, minimising the total
// cost; it returns the column given to each row. O(n³).
func hungarian(a [][]float64) []int {
	n := len(a)
	inf := math.Inf(1)
	u := make([]float64, n+1)
	v := make([]float64, n+1)
	p := make([]int, n+1)
	way := make([]int, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, n+1)
		used := make([]bool, n+1)
		for j := range minv {
			minv[j] = inf
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				cur := a[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
			if j0 == 0 {
				break
			}
		}
	}
	out := make([]int, n)
	for j := 1; j <= n; j++ {
		if p[j] > 0 {
			out[p[j]-1] = j - 1
		}
	}
	return out
}
