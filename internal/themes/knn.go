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
	// df gives the number of statements that have a feature.
	df func(id uint32) int
}

func defaultKNN(k int, minSim float64) knnParams {
	return knnParams{k: k, minSim: minSim, keys: 8, maxPost: 1000, rescore: 3 * k}
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
	if err := parallel(ctx, n, func(i int) { keys[i] = indexKeys(vecs[i], p) }); err != nil {
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
			cands = pushTop(cands, neighbor{j, s.acc[j]}, p.rescore)
			s.acc[j] = 0
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

// pushTop adds c to h, a min-heap (by byNeighbor order) holding the best
// r candidates seen so far.
func pushTop(h []neighbor, c neighbor, r int) []neighbor {
	if len(h) < r {
		h = append(h, c)
		for i := len(h) - 1; i > 0; {
			parent := (i - 1) / 2
			if byNeighbor(h[i], h[parent]) <= 0 {
				break
			}
			h[i], h[parent] = h[parent], h[i]
			i = parent
		}
		return h
	}
	if byNeighbor(c, h[0]) >= 0 {
		return h // not better than the worst kept
	}
	h[0] = c
	for i := 0; ; {
		worst, l, rr := i, 2*i+1, 2*i+2
		if l < len(h) && byNeighbor(h[l], h[worst]) > 0 {
			worst = l
		}
		if rr < len(h) && byNeighbor(h[rr], h[worst]) > 0 {
			worst = rr
		}
		if worst == i {
			return h
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// keysPerBlock scales p.keys for each feature block: words are the most
// telling keys, character n-grams are many and widely shared, translations
// are few.
var keysPerBlock = [numBlocks]float64{blockWord: 1, blockChar: 0.5, blockPivot: 0.75}

// indexKeys returns the heaviest features of v in each feature block among
// those shared by at most p.maxPost statements, so that each kind of
// evidence (words, character n-grams, translations) brings candidates:
// translations weigh less than the rest and would otherwise never be
// indexed, and features shared by too many statements are weak and would
// make the search quadratic.
func indexKeys(v Vector, p knnParams) []int {
	var blocks [numBlocks]Vector
	var offs [numBlocks][]int
	for f, id := range v.IDs {
		if p.df != nil && p.df(id) > p.maxPost {
			continue
		}
		b := blockOf(id)
		blocks[b].IDs = append(blocks[b].IDs, id)
		blocks[b].W = append(blocks[b].W, v.W[f])
		offs[b] = append(offs[b], f)
	}
	var out []int
	for b := range blocks {
		k := max(1, int(float64(p.keys)*keysPerBlock[b]+0.5))
		for _, f := range topFeatures(blocks[b], k) {
			out = append(out, offs[b][f])
		}
	}
	return out
}
