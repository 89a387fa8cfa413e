package themes

import (
	"math"
	"slices"
	"sort"
)

// Vector is a sparse vector: feature ids in increasing order and their
// weights. Vectors built by a [Model] have unit length, so the dot product of
// two of them is their cosine similarity.
type Vector struct {
	IDs []uint32
	W   []float32
}

// Dot returns the dot product of a and b.
func Dot(a, b Vector) float64 {
	var s float32
	i, j := 0, 0
	for i < len(a.IDs) && j < len(b.IDs) {
		x, y := a.IDs[i], b.IDs[j]
		switch {
		case x == y:
			s += a.W[i] * b.W[j]
			i++
			j++
		case x < y:
			i++
		default:
			j++
		}
	}
	return float64(s)
}

// norm2 returns the Euclidean length of v.
func (v Vector) norm2() float64 {
	var s float64
	for _, w := range v.W {
		s += float64(w) * float64(w)
	}
	return math.Sqrt(s)
}

// scale multiplies v in place.
func (v Vector) scale(f float64) {
	for i := range v.W {
		v.W[i] = float32(float64(v.W[i]) * f)
	}
}

// sortVector sorts v by id and adds up repeated ids.
func sortVector(v Vector) Vector {
	if !sort.IsSorted(byID(v)) {
		sort.Sort(byID(v))
	}
	out := 0
	for i := range v.IDs {
		if out > 0 && v.IDs[out-1] == v.IDs[i] {
			v.W[out-1] += v.W[i]
			continue
		}
		v.IDs[out], v.W[out] = v.IDs[i], v.W[i]
		out++
	}
	return Vector{IDs: v.IDs[:out], W: v.W[:out]}
}

type byID Vector

func (v byID) Len() int           { return len(v.IDs) }
func (v byID) Less(i, j int) bool { return v.IDs[i] < v.IDs[j] }
func (v byID) Swap(i, j int) {
	v.IDs[i], v.IDs[j] = v.IDs[j], v.IDs[i]
	v.W[i], v.W[j] = v.W[j], v.W[i]
}

// topFeatures returns the indexes (into v) of the k heaviest features.
func topFeatures(v Vector, k int) []int {
	idx := make([]int, len(v.IDs))
	for i := range idx {
		idx[i] = i
	}
	if len(idx) <= k {
		return idx
	}
	slices.SortFunc(idx, func(a, b int) int {
		if v.W[a] != v.W[b] {
			if v.W[a] > v.W[b] {
				return -1
			}
			return 1
		}
		return int(v.IDs[a]) - int(v.IDs[b])
	})
	return idx[:k]
}
