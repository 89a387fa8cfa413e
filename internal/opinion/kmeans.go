package opinion

import (
	"math"
	"slices"
)

// point2 is a 2-D position.
type point2 [2]float64

func dist2(a, b point2) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return math.Sqrt(float64(dx*dx) + float64(dy*dy))
}

// pcluster is a cluster in Pol.is's k-means: members are indices into the
// data.
type pcluster struct {
	id      int
	members []int
	center  point2
}

// polisInitClusters takes the first k distinct points in order.
func polisInitClusters(pts []point2, k int) []pcluster {
	var out []pcluster
	seen := map[point2]bool{}
	for _, p := range pts {
		if len(out) == k {
			break
		}
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, pcluster{id: len(out), center: p})
	}
	return out
}

// polisKmeans is Pol.is's k-means: Lloyd steps from init until every
// sorted centre moves less than 0.01 or maxIters+1 steps are done; empty
// clusters are dropped. weights may be nil.
func polisKmeans(pts []point2, weights []float64, init []pcluster, maxIters int) []pcluster {
	clusters := init
	for iter := maxIters; ; iter-- {
		next := polisStep(pts, weights, clusters)
		if iter == 0 || sameClustering(clusters, next) {
			return next
		}
		clusters = next
	}
}

func polisStep(pts []point2, weights []float64, clusters []pcluster) []pcluster {
	members := make([][]int, len(clusters))
	for i, p := range pts {
		best, bd := 0, math.Inf(1)
		for c := range clusters {
			// Ties go to the later cluster, as Clojure's min-key does.
			if d := dist2(p, clusters[c].center); d <= bd {
				best, bd = c, d
			}
		}
		members[best] = append(members[best], i)
	}
	var out []pcluster
	for c := range clusters {
		if len(members[c]) == 0 {
			continue
		}
		out = append(out, pcluster{id: clusters[c].id, members: members[c], center: weightedMean(pts, weights, members[c])})
	}
	return out
}

func weightedMean(pts []point2, weights []float64, members []int) point2 {
	var sx, sy, sw float64
	for _, i := range members {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		sx += float64(w * pts[i][0])
		sy += float64(w * pts[i][1])
		sw += w
	}
	return point2{sx / sw, sy / sw}
}

func sameClustering(a, b []pcluster) bool {
	ca := sortedCenters(a)
	cb := sortedCenters(b)
	n := min(len(ca), len(cb))
	for i := 0; i < n; i++ {
		if dist2(ca[i], cb[i]) >= 0.01 {
			return false
		}
	}
	return true
}

func sortedCenters(cs []pcluster) []point2 {
	out := make([]point2, len(cs))
	for i, c := range cs {
		out[i] = c.center
	}
	slices.SortFunc(out, func(x, y point2) int {
		switch {
		case x[0] < y[0]:
			return -1
		case x[0] > y[0]:
			return 1
		case x[1] < y[1]:
			return -1
		case x[1] > y[1]:
			return 1
		}
		return 0
	})
	return out
}

// silhouette is Pol.is's silhouette over the points: the unweighted mean
// over points of (b-a)/max(a,b), a point alone in its cluster scoring 0.
// dist is the pairwise distance matrix.
func silhouette(dist [][]float64, labels []int, k int) float64 {
	n := len(labels)
	if n == 0 {
		return 0
	}
	sum := 0.0
	sums := make([]float64, k)
	counts := make([]int, k)
	for _, l := range labels {
		counts[l]++
	}
	for i := 0; i < n; i++ {
		clear(sums)
		for j := 0; j < n; j++ {
			if j != i {
				sums[labels[j]] += dist[i][j]
			}
		}
		own := labels[i]
		if counts[own] == 1 {
			continue // scores 0
		}
		a := sums[own] / float64(counts[own]-1)
		b := math.Inf(1)
		for c := 0; c < k; c++ {
			if c != own && counts[c] > 0 {
				b = math.Min(b, sums[c]/float64(counts[c]))
			}
		}
		if math.IsInf(b, 1) {
			continue
		}
		sum += (b - a) / math.Max(a, b)
	}
	return sum / float64(n)
}

func distMatrix(pts []point2) [][]float64 {
	d := make([][]float64, len(pts))
	for i := range pts {
		d[i] = make([]float64, len(pts))
		for j := range pts {
			d[i][j] = dist2(pts[i], pts[j])
		}
	}
	return d
}
