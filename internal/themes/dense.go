package themes

import (
	"context"
	"slices"
)

// denseFullLimit is the largest set whose embeddings are compared in full;
// above it, only the lexical candidates are rescored by embedding.
const denseFullLimit = 3000

// denseNeighbors finds the k nearest neighbours by embedding cosine.
func denseNeighbors(ctx context.Context, dense []Vector, lex [][]neighbor, k int, minSim float64) ([][]neighbor, error) {
	n := len(dense)
	out := make([][]neighbor, n)
	err := parallel(ctx, n, func(i int) {
		var cands []neighbor
		if n <= denseFullLimit {
			for j := 0; j < n; j++ {
				if j != i {
					cands = append(cands, neighbor{int32(j), float32(denseDot(dense[i], dense[j]))})
				}
			}
		} else {
			for _, nb := range lex[i] {
				cands = append(cands, neighbor{nb.j, float32(denseDot(dense[i], dense[nb.j]))})
			}
		}
		slices.SortFunc(cands, byNeighbor)
		var keep []neighbor
		for _, c := range cands {
			if len(keep) == k || float64(c.sim) < minSim {
				break
			}
			keep = append(keep, c)
		}
		out[i] = keep
	})
	return out, err
}

// denseDot is the dot product of two vectors with ids 0..d-1.
func denseDot(a, b Vector) float64 {
	var s float32
	for i := range min(len(a.W), len(b.W)) {
		s += a.W[i] * b.W[i]
	}
	return float64(s)
}
