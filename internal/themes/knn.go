package themes

import (
	"context"
	"slices"
	"sync"
)

// neighbor is one entry of a statement's neighbour list.
type neighbor struct {
	j   int32
	sim float32
}

// knnParams bound the work of the neighbour search.
type knnParams struct {
	k       int     // neighbours kept per statement
	minSim  float64 // lowest similarity kept
	keys    int     // heaviest features indexed per statement
	maxPost int     // posting lists longer than this are not scanned
	rescore int     // candidates scored exactly per statement
	// score gives the exact similarity of i and j; nil means the cosine
	// of their vectors.
	score func(i, j int) float64
	// crossMin, when set, gives the lowest similarity kept for a pair
	// instead of minSim (lower for pairs in different languages).
	crossMin func(i, j int) float64
}

func defaultKNN(k int, minSim float64) knnParams {
	return knnParams{k: k, minSim: minSim, keys: 8, maxPost: 4000, rescore: 60}
}

// nearestNeighbors returns, for every vector, up to p.k others with cosine
// at least p.minSim. Candidates come from an inverted index over each
// vector's heaviest features (the ones that make two statements similar);
// they are ranked by the part of the dot product those features give and
// only the best p.rescore are scored exactly. Posting lists of features
// shared by more than p.maxPost statements are skipped: such features are
// weak (low IDF) and scanning them is what makes naive search quadratic.
func nearestNeighbors(ctx context.Context, vecs []Vector, p knnParams) ([][]neighbor, error) {
	n := len(vecs)
	type posting struct {
		doc int32
		w   float32
	}
	keys := make([][]int, n)
	if err := parallel(ctx, n, func(i int) { keys[i] = indexKeys(vecs[i], p.keys) }); err != nil {
		return nil, err
	}
	index := make(map[uint32][]posting, n)
	for i := range vecs {
		for _, f := range keys[i] {
			id := vecs[i].IDs[f]
			index[id] = append(index[id], posting{int32(i), vecs[i].W[f]})
		}
	}
	out := make([][]neighbor, n)
	pool := sync.Pool{New: func() any { return &scratch{acc: make([]float32, n)} }}
	err := parallel(ctx, n, func(i int) {
		s := pool.Get().(*scratch)
		defer pool.Put(s)
		s.touched = s.touched[:0]
		v := vecs[i]
		for _, f := range keys[i] {
			list := index[v.IDs[f]]
			if len(list) > p.maxPost {
				continue
			}
			w := v.W[f]
			for _, q := range list {
				if q.doc == int32(i) {
					continue
				}
				if s.acc[q.doc] == 0 {
					s.touched = append(s.touched, q.doc)
				}
				s.acc[q.doc] += w * q.w
			}
		}
		cands := s.cands[:0]
		for _, j := range s.touched {
			cands = append(cands, neighbor{j, s.acc[j]})
			s.acc[j] = 0
		}
		if len(cands) > p.rescore {
			slices.SortFunc(cands, byNeighbor)
			cands = cands[:p.rescore]
		}
		for c := range cands {
			if p.score != nil {
				cands[c].sim = float32(p.score(i, int(cands[c].j)))
			} else {
				cands[c].sim = float32(Dot(v, vecs[cands[c].j]))
			}
		}
		slices.SortFunc(cands, byNeighbor)
		var keep []neighbor
		for _, c := range cands {
			if len(keep) == p.k {
				break
			}
			floor := p.minSim
			if p.crossMin != nil {
				floor = p.crossMin(i, int(c.j))
			}
			if float64(c.sim) >= floor {
				keep = append(keep, c)
			}
		}
		out[i] = keep
		s.cands = cands
	})
	return out, err
}

type scratch struct {
	acc     []float32
	touched []int32
	cands   []neighbor
}

// byNeighbor orders by similarity, highest first, then by index.
func byNeighbor(a, b neighbor) int {
	switch {
	case a.sim > b.sim:
		return -1
	case a.sim < b.sim:
		return 1
	}
	return int(a.j - b.j)
}

// indexKeys returns the heaviest features of v, k per feature block, so
// that each kind of evidence (words, character n-grams, translations) can
// bring candidates: translations weigh less than the rest and would
// otherwise never be indexed.
func indexKeys(v Vector, k int) []int {
	var blocks [numBlocks]Vector
	var offs [numBlocks][]int
	for f, id := range v.IDs {
		b := blockOf(id)
		if b >= numBlocks {
			b = 0 // dense embeddings use the whole id space
		}
		blocks[b].IDs = append(blocks[b].IDs, id)
		blocks[b].W = append(blocks[b].W, v.W[f])
		offs[b] = append(offs[b], f)
	}
	var out []int
	for b := range blocks {
		for _, f := range topFeatures(blocks[b], k) {
			out = append(out, offs[b][f])
		}
	}
	return out
}
