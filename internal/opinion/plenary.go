package opinion

import (
	"cmp"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// Plenary mode defaults.
const (
	defaultMaxGroups = 5
	defaultBootstrap = 20
	// bootstrapBudget caps resamples x votes for the default number of
	// resamples, so that large conversations keep their time budget.
	bootstrapBudget = 1e8
	minBootstrap    = 8
	// pcaTol is the relative residual at which the Lanczos solver stops.
	pcaTol         = 1e-10
	gridSide       = 40
	kmeansRestarts = 4
	// bootstrapRestarts is the k-means restarts per resample.
	bootstrapRestarts = 1
)

// analyzePlenary is the product's own mode (see docs/OPINION.md).
func analyzePlenary(m *Matrix, opts Options) (*Result, error) {
	maxGroups := opts.MaxGroups
	if maxGroups <= 0 {
		maxGroups = defaultMaxGroups
	}
	excluded, meta := excludedColumns(m, opts, true)
	d := m.Cols()
	use := make([]bool, d)
	nUse := 0
	for c := range use {
		use[c] = !excluded[c]
		if use[c] {
			nUse++
		}
	}
	var center []float64
	if opts.acc != nil && opts.acc.d == d {
		center = opts.acc.columnMeans(excluded)
	} else {
		center = columnMeans(m, excluded, nil)
	}
	op := newCentred(m, center, use, nil)
	// Groups are found in the space of the leading dims components (k
	// groups need k-1 dimensions to be told apart); the map shows the
	// first two.
	dims := max(2, min(maxGroups-1, maxClusterDims, nUse, m.Rows()-1))
	var start []float64
	if len(opts.warm) > 0 {
		// Start from the previous components plus the seeded random
		// vector, so that no direction is missing from the Krylov space.
		start = make([]float64, d)
		rng := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
		for i := range start {
			start[i] = 1e-3 * (rng.Float64() - 0.5)
		}
		for _, w := range opts.warm {
			axpy(1, w, start)
		}
	}
	apply := op.apply
	if opts.acc != nil && opts.acc.d == d {
		apply = denseApply4(opts.acc.gram(center, use), d)
	} else if op.gramWorthIt() {
		apply = denseApply4(op.gram(), d)
	}
	eig := topEigen(apply, d, dims, start, opts.Seed, pcaTol)
	comps := eig.vecs
	for len(comps) < 2 {
		comps = append(comps, make([]float64, d))
	}
	res := &Result{Mode: ModePlenary, pcaAll: comps}
	res.PCA = PCA{Statements: m.statements, Center: center, Components: comps[:2], Eigenvalues: eig.vals,
		Iterations: eig.products, Residuals: eig.resid, AngleBounds: eig.angle}

	pos := projectN(m, center, use, comps, nUse)
	spts, ext := projectStatements(center, comps[:2], nUse)
	in := inConversation(m, nil)
	var rows []int
	for r := range in {
		if in[r] {
			rows = append(rows, r)
		}
	}
	sp := newSample(m, pos, rows, opts.Seed, maxGroups-1)
	maxK := min(maxGroups, 2+len(rows)/12, len(sp.rows))
	cl := chooseClustering(sp, sp.weights(nil), maxK, opts.Seed, kmeansRestarts)
	res.KScores = cl.scores

	centers := refine(pos, rows, cl.centers, nil)
	labels := assign(pos, m.Rows(), rows, centers)
	ng := len(centers)
	order := canonicalOrder(labels, ng)
	for r, l := range labels {
		if l >= 0 {
			labels[r] = order[l]
		}
	}
	res.Groups = make([]Group, ng)
	for l, g := range order {
		c := centers[l]
		res.Groups[g] = Group{ID: g, Center: [2]float64{c[0], c[1]}, Repness: []Repness{}, Members: []int64{}}
	}
	for r, g := range labels {
		if g >= 0 {
			res.Groups[g].Members = append(res.Groups[g].Members, m.participants[r])
		}
	}
	for g := range res.Groups {
		res.Groups[g].Size = len(res.Groups[g].Members)
	}
	res.Participants = make([]ParticipantResult, m.Rows())
	for r, id := range m.participants {
		res.Participants[r] = ParticipantResult{ID: id, X: pos[r][0], Y: pos[r][1], Group: labels[r], InConversation: in[r], Votes: int(m.rowPtr[r+1] - m.rowPtr[r])}
	}

	gt, all := talliesWithAll(m, labels, ng, nil)
	rep := selectRepness(gt, m.statements, excluded, false)
	for g := range res.Groups {
		res.Groups[g].Repness = rep[g]
	}
	res.Consensus = selectConsensus(all, m.statements, excluded)
	res.Statements = statementResults(m, excluded, meta, all, gt, spts, ext)
	res.Divisive = divisive(gt, m.statements, excluded, 5)

	nb := opts.Bootstrap
	if nb == 0 {
		nb = defaultBootstrap
		if float64(nb)*float64(m.NumVotes()) > bootstrapBudget {
			nb = max(minBootstrap, int(bootstrapBudget/float64(m.NumVotes())))
		}
	}
	if nb > 0 && ng > 0 {
		bootstrap(m, res, labels, rows, pos, sp, maxK, excluded, nb, opts.Seed)
	}
	return res, nil
}

// maxClusterDims caps the dimensions groups are found in.
const maxClusterDims = 7

// sampleSize is the number of participants the number of groups is chosen
// on (silhouettes cost the square of it).
const sampleSize = 1500

// vec is a position in the space of the leading components.
type vec []float64

// sqdist is the squared distance over the dimensions of b (a may be
// longer: a position against a centre in fewer dimensions).
func sqdist(a, b vec) float64 {
	s := 0.0
	for i := range b {
		d := a[i] - b[i]
		s += float64(d * d)
	}
	return s
}

// projectN is [project] for any number of components. Rows are
// independent, so they are projected in parallel with the same result.
func projectN(m *Matrix, center []float64, use []bool, comps [][]float64, ncols int) []vec {
	dims := len(comps)
	d := len(center)
	// The components interleaved by column, and the centred vote values
	// (x - c) for each column and vote, so the inner loop reads one place.
	ic := make([]float64, d*dims)
	cv := make([]float64, d*3)
	for c := 0; c < d; c++ {
		for i := range comps {
			ic[c*dims+i] = comps[i][c]
		}
		for v := -1; v <= 1; v++ {
			cv[c*3+v+1] = float64(v) - center[c]
		}
	}
	flat := make([]float64, m.Rows()*dims)
	out := make([]vec, m.Rows())
	const block = 1024
	parallelRows((m.Rows()+block-1)/block, func(b int) {
		for r := b * block; r < min((b+1)*block, m.Rows()); r++ {
			p := vec(flat[r*dims : (r+1)*dims : (r+1)*dims])
			cs, vs := m.row(r)
			nv := 0
			for k, c := range cs {
				if !use[c] {
					continue
				}
				nv++
				x := cv[int(c)*3+int(vs[k])+1]
				cc := ic[int(c)*dims : int(c)*dims+dims]
				for i := range p {
					p[i] += float64(x * cc[i])
				}
			}
			f := math.Sqrt(float64(ncols) / float64(max(nv, 1)))
			for i := range p {
				p[i] *= f
			}
			out[r] = p
		}
	})
	return out
}

// sample is the set of clustered participants the number of groups is
// chosen on: all of them in a room of up to sampleSize, else those whose
// seeded hash of their id is smallest, so the choice does not depend on
// the order of the votes.
type sample struct {
	rows []int
	pts  []vec
	// dist[maxQ] is the distance matrix over the first maxQ dimensions,
	// the most groups are found in (the only one silhouettes use).
	dist  map[int][][]float32
	maxQ  int
	views map[int][]vec
}

// view returns the sample points cut to their first q dimensions (made
// once per q by [newSample]; read-only, shared by the resamples).
func (s *sample) view(q int) []vec {
	if v, ok := s.views[q]; ok {
		return v
	}
	out := make([]vec, len(s.pts))
	for i, p := range s.pts {
		out[i] = p[:q:q]
	}
	return out
}

func (s *sample) weights(w []float64) []float64 {
	out := make([]float64, len(s.rows))
	for i, r := range s.rows {
		if w == nil {
			out[i] = 1
		} else {
			out[i] = w[r]
		}
	}
	return out
}

func newSample(m *Matrix, pos []vec, rows []int, seed uint64, maxQ int) *sample {
	s := &sample{rows: rows}
	if len(rows) > sampleSize {
		// The sampleSize smallest (hash, row) pairs, by a bounded max-heap:
		// the same set as sorting them all, as the order is total.
		type hr struct {
			h uint64
			r int
		}
		less := func(a, b hr) bool { return a.h < b.h || (a.h == b.h && a.r < b.r) }
		heap := make([]hr, 0, sampleSize)
		down := func(i int) {
			for {
				l := 2*i + 1
				if l >= len(heap) {
					return
				}
				if r := l + 1; r < len(heap) && less(heap[l], heap[r]) {
					l = r
				}
				if !less(heap[i], heap[l]) {
					return
				}
				heap[i], heap[l] = heap[l], heap[i]
				i = l
			}
		}
		for _, r := range rows {
			x := hr{mix64(uint64(m.participants[r]) ^ seed), r}
			if len(heap) < sampleSize {
				heap = append(heap, x)
				for i := len(heap) - 1; i > 0; {
					p := (i - 1) / 2
					if !less(heap[p], heap[i]) {
						break
					}
					heap[p], heap[i] = heap[i], heap[p]
					i = p
				}
				continue
			}
			if less(x, heap[0]) {
				heap[0] = x
				down(0)
			}
		}
		s.rows = make([]int, len(heap))
		for i := range heap {
			s.rows[i] = heap[i].r
		}
		slices.Sort(s.rows)
	}
	s.pts = make([]vec, len(s.rows))
	for i, r := range s.rows {
		s.pts[i] = pos[r]
	}
	s.dist = map[int][][]float32{}
	if len(s.pts) == 0 {
		return s
	}
	maxQ = min(maxQ, len(s.pts[0]))
	if maxQ < 2 {
		return s
	}
	// Only the distances in the largest space are used (silhouettes are
	// measured there); s.maxQ says which spaces can be clustered in.
	n := len(s.pts)
	dm := make([][]float32, n)
	flat := make([]float32, n*n)
	for i := range dm {
		dm[i] = flat[i*n : (i+1)*n]
	}
	s.dist[maxQ] = dm
	s.maxQ = maxQ
	// Row i fills the pairs (i, j < i): the squared distance summed
	// dimension by dimension, in the same order for every pair, whichever
	// core computes it.
	parallelRows(n, func(i int) {
		pi := s.pts[i][:maxQ]
		for j := 0; j < i; j++ {
			pj := s.pts[j][:maxQ]
			acc := 0.0
			for q := range pi {
				d := pi[q] - pj[q]
				acc += float64(d * d)
			}
			v := float32(math.Sqrt(acc))
			dm[i][j], dm[j][i] = v, v
		}
	})
	s.views = map[int][]vec{}
	for q := 2; q <= s.maxQ; q++ {
		s.views[q] = s.view(q)
	}
	return s
}

// mix64 is SplitMix64's finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

type clustering struct {
	centers []vec
	labels  []int // per sample point
	scores  []KScore
}

// chooseClustering runs weighted k-means for k = 2..maxK on the sample,
// k groups in the first max(2, k-1) components (k groups span k-1
// dimensions, and fewer dimensions carry less noise), and keeps the k
// with the highest weighted silhouette (the smaller k on ties).
func chooseClustering(s *sample, w []float64, maxK int, seed uint64, restarts int) clustering {
	best := clustering{labels: make([]int, len(s.pts)), scores: []KScore{}}
	best.centers = []vec{weightedCentroid(s.view(2), w, nil, -1)}
	bestS := math.Inf(-1)
	// The k to try and the dimensions of each.
	var ks, qs []int
	for k := 2; k <= maxK; k++ {
		q := k - 1
		q = max(min(q, s.maxQ), 2)
		if q > s.maxQ {
			break
		}
		ks, qs = append(ks, k), append(qs, q)
	}
	// Each k is independent; large samples run them in parallel, and the
	// choice below is made in k order either way.
	type tried struct {
		centers []vec
		labels  []int
		sil     float64
	}
	runs := make([]tried, len(ks))
	one := func(i int) {
		centers, labels := weightedKmeans(s.view(qs[i]), w, ks[i], seed, restarts)
		if len(centers) < 2 {
			return
		}
		runs[i] = tried{centers, labels, weightedSilhouette(s.dist[s.maxQ], w, labels, len(centers))}
	}
	if len(s.pts) >= 500 && len(ks) > 1 {
		var wg sync.WaitGroup
		for i := range ks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				one(i)
			}()
		}
		wg.Wait()
	} else {
		for i := range ks {
			one(i)
		}
	}
	for i, r := range runs {
		if r.centers == nil {
			continue
		}
		best.scores = append(best.scores, KScore{K: ks[i], Silhouette: r.sil})
		if r.sil > bestS {
			bestS = r.sil
			best.centers, best.labels = r.centers, r.labels
		}
	}
	return best
}

func weightedCentroid(pts []vec, w []float64, labels []int, l int) vec {
	if len(pts) == 0 {
		return vec{0, 0}
	}
	c := make(vec, len(pts[0]))
	sw := 0.0
	for i, p := range pts {
		if labels != nil && labels[i] != l {
			continue
		}
		for j := range c {
			c[j] += float64(w[i] * p[j])
		}
		sw += w[i]
	}
	if sw > 0 {
		for j := range c {
			c[j] /= sw
		}
	}
	return c
}

func nearest(p vec, centers []vec) int {
	best, bd := 0, math.Inf(1)
	for c, ctr := range centers {
		if d := sqdist(p, ctr); d < bd {
			best, bd = c, d
		}
	}
	return best
}

// weightedKmeans is Lloyd's algorithm from k-means++ seeds, restarted
// with seeded choices; the lowest weighted inertia wins. Empty clusters
// are dropped.
func weightedKmeans(pts []vec, w []float64, k int, seed uint64, restarts int) ([]vec, []int) {
	var bestC []vec
	var bestL []int
	bestI := math.Inf(1)
	if len(pts) == 0 {
		return nil, nil
	}
	dims := len(pts[0])
	sums := make([]float64, k*dims)
	cnt := make([]float64, k)
	for rs := 0; rs < restarts; rs++ {
		rng := rand.New(rand.NewPCG(seed^0xc1a5, uint64(k*131+rs)))
		centers := kmeansPP(pts, w, k, rng)
		if len(centers) < 2 {
			continue
		}
		kk := len(centers)
		labels := make([]int, len(pts))
		for i := range labels {
			labels[i] = -1
		}
		for it := 0; it < 200; it++ {
			changed := false
			for i, p := range pts {
				if l := nearest(p, centers); l != labels[i] {
					changed = true
					labels[i] = l
				}
			}
			if !changed {
				break
			}
			clear(sums)
			clear(cnt)
			for i, p := range pts {
				l := labels[i]
				for j, x := range p {
					sums[l*dims+j] += float64(w[i] * x)
				}
				cnt[l] += w[i]
			}
			for c := 0; c < kk; c++ {
				if cnt[c] > 0 {
					for j := range centers[c] {
						centers[c][j] = sums[c*dims+j] / cnt[c]
					}
				}
			}
		}
		inertia := 0.0
		for i, p := range pts {
			inertia += float64(w[i] * sqdist(p, centers[labels[i]]))
		}
		if inertia < bestI {
			bestI, bestC, bestL = inertia, centers, labels
		}
	}
	if bestC == nil {
		return nil, nil
	}
	used := make([]bool, len(bestC))
	for i, l := range bestL {
		if w[i] > 0 {
			used[l] = true
		}
	}
	remap := make([]int, len(bestC))
	var out []vec
	for c := range bestC {
		if used[c] {
			remap[c] = len(out)
			out = append(out, bestC[c])
		}
	}
	for i := range bestL {
		bestL[i] = remap[bestL[i]]
	}
	return out, bestL
}

func kmeansPP(pts []vec, w []float64, k int, rng *rand.Rand) []vec {
	total := 0.0
	for _, x := range w {
		total += x
	}
	if total == 0 {
		return nil
	}
	pick := func(weight func(i int) float64, sum float64) int {
		u := rng.Float64() * sum
		for i := range pts {
			u -= weight(i)
			if u < 0 {
				return i
			}
		}
		for i := len(pts) - 1; i >= 0; i-- {
			if weight(i) > 0 {
				return i
			}
		}
		return 0
	}
	centers := []vec{slices.Clone(pts[pick(func(i int) float64 { return w[i] }, total)])}
	d2 := make([]float64, len(pts))
	for i := range d2 {
		d2[i] = math.Inf(1)
	}
	for len(centers) < k {
		c := centers[len(centers)-1]
		sum := 0.0
		for i, p := range pts {
			d2[i] = math.Min(d2[i], sqdist(p, c))
			sum += float64(w[i] * d2[i])
		}
		if sum == 0 {
			break // fewer distinct points than k
		}
		centers = append(centers, slices.Clone(pts[pick(func(i int) float64 { return w[i] * d2[i] }, sum)]))
	}
	return centers
}

// weightedSilhouette is the silhouette of a clustering of weighted points
// (a weight counts participants at the same place): the weighted mean over
// participants of (b-a)/max(a,b), 0 for one alone in its group.
func weightedSilhouette(dist [][]float32, w []float64, labels []int, k int) float64 {
	W := make([]float64, k)
	for i, l := range labels {
		W[l] += w[i]
	}
	den := 0.0
	for i := range labels {
		if w[i] != 0 {
			den += w[i]
		}
	}
	if den == 0 {
		return 0
	}
	// The points of each group that have a weight, in index order. A
	// point's sum over a group adds the same terms in the same order as
	// a pass over every point would (a weight of 0 adds +0 to a sum of
	// terms >= 0, which changes nothing), so the result is the same bits;
	// four points are summed at once, on four independent chains.
	members := make([][]int32, k)
	for j, l := range labels {
		if w[j] != 0 {
			members[l] = append(members[l], int32(j))
		}
	}
	var todo []int
	for i, l := range labels {
		if w[i] != 0 && W[l]-1 > 0 {
			todo = append(todo, i)
		}
	}
	sums := make([]float64, 4*k) // sums[q*k+c]: point todo[t+q], group c
	num := 0.0
	for t := 0; t < len(todo); t += 4 {
		n := min(4, len(todo)-t)
		var rows [4][]float32
		for q := 0; q < 4; q++ {
			rows[q] = dist[todo[t+min(q, n-1)]] // a repeated last row when fewer than 4
		}
		for c := 0; c < k; c++ {
			var s0, s1, s2, s3 float64
			r0, r1, r2, r3 := rows[0], rows[1], rows[2], rows[3]
			for _, j := range members[c] {
				wj := w[j]
				s0 += float64(wj * float64(r0[j]))
				s1 += float64(wj * float64(r1[j]))
				s2 += float64(wj * float64(r2[j]))
				s3 += float64(wj * float64(r3[j]))
			}
			sums[c], sums[k+c], sums[2*k+c], sums[3*k+c] = s0, s1, s2, s3
		}
		for q := 0; q < n; q++ {
			i := todo[t+q]
			l := labels[i]
			row := sums[q*k : q*k+k]
			a := row[l] / (W[l] - 1)
			b := math.Inf(1)
			for c := 0; c < k; c++ {
				if c != l && W[c] > 0 {
					b = math.Min(b, row[c]/W[c])
				}
			}
			if math.IsInf(b, 1) || math.Max(a, b) == 0 {
				continue
			}
			num += float64(w[i] * (b - a) / math.Max(a, b))
		}
	}
	return num / den
}

// refine runs Lloyd steps on all clustered participants (weighted by w if
// given) from the given centres until no one moves (at most 30 steps), and
// drops centres left without members.
func refine(pos []vec, rows []int, centers []vec, w []float64) []vec {
	return refineSteps(pos, rows, centers, w, 30)
}

// refineSteps is [refine] with at most steps Lloyd steps.
func refineSteps(pos []vec, rows []int, centers []vec, w []float64, steps int) []vec {
	c := make([]vec, len(centers))
	for i := range centers {
		c[i] = slices.Clone(centers[i])
	}
	if len(rows) == 0 || len(c) == 0 {
		return c
	}
	dims := len(c[0])
	labels := make([]int, len(rows))
	for i := range labels {
		labels[i] = -1
	}
	for it := 0; it < steps; it++ {
		changed := false
		for i, r := range rows {
			if l := nearest(pos[r], c); l != labels[i] {
				labels[i] = l
				changed = true
			}
		}
		if !changed {
			break
		}
		sums := make([]float64, len(c)*dims)
		cnt := make([]float64, len(c))
		for i, r := range rows {
			wt := 1.0
			if w != nil {
				wt = w[r]
			}
			l := labels[i]
			for j, x := range pos[r][:dims] {
				sums[l*dims+j] += float64(wt * x)
			}
			cnt[l] += wt
		}
		for k := range c {
			if cnt[k] > 0 {
				for j := range c[k] {
					c[k][j] = sums[k*dims+j] / cnt[k]
				}
			}
		}
	}
	cnt := make([]int, len(c))
	for i := range rows {
		cnt[labels[i]]++
	}
	var out []vec
	for k := range c {
		if cnt[k] > 0 {
			out = append(out, c[k])
		}
	}
	return out
}

// assign labels every clustered row with its nearest centre, others -1.
func assign(pos []vec, n int, rows []int, centers []vec) []int {
	labels := make([]int, n)
	for r := range labels {
		labels[r] = -1
	}
	for _, r := range rows {
		labels[r] = nearest(pos[r], centers)
	}
	return labels
}

// canonicalOrder numbers groups by size (largest first), then by their
// smallest member row, so ids do not depend on the clustering's internals.
func canonicalOrder(labels []int, k int) []int {
	size := make([]int, k)
	first := make([]int, k)
	for i := range first {
		first[i] = math.MaxInt
	}
	for r, l := range labels {
		if l >= 0 {
			size[l]++
			first[l] = min(first[l], r)
		}
	}
	idx := make([]int, k)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(size[b], size[a]); c != 0 {
			return c
		}
		return cmp.Compare(first[a], first[b])
	})
	order := make([]int, k)
	for pos, l := range idx {
		order[l] = pos
	}
	return order
}

// poisson1 draws from Poisson(1) (Knuth's method).
func poisson1(rng *rand.Rand) float64 {
	const l = 0.36787944117144233 // e^-1
	k, p := 0.0, rng.Float64()
	for p > l {
		k++
		p *= rng.Float64()
	}
	return k
}

// resampleOutcome is what one bootstrap resample found.
type resampleOutcome struct {
	k        int
	ari      float64
	jaccard  []float64
	rep      [][]Repness
	cons     Consensus
	divisive []DivisiveStatement
}

// bootstrap resamples participants (Poisson weights), re-clusters the
// resampled room on the same map, recomputes every list, and reports how
// often each group, list entry and the number of groups hold.
func bootstrap(m *Matrix, res *Result, labels, rows []int, pos []vec, sp *sample, maxK int, excluded []bool, nb int, seed uint64) {
	ng := len(res.Groups)
	outs := make([]resampleOutcome, nb)
	var wg sync.WaitGroup
	next := make(chan int, nb)
	for b := 0; b < nb; b++ {
		next <- b
	}
	close(next)
	for w := 0; w < min(runtime.GOMAXPROCS(0), nb); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range next {
				outs[b] = resampleOnce(m, labels, rows, pos, sp, maxK, excluded, ng, seed, b)
			}
		}()
	}
	wg.Wait()

	st := &Stability{Resamples: nb, Method: "participants resampled (Poisson bootstrap) and re-clustered on the map of all votes; every list recomputed"}
	groupStab := make([]float64, ng)
	repCount := make([]map[int64]int, ng)
	repDir := make([]map[int64]Direction, ng)
	for g := range res.Groups {
		repCount[g] = map[int64]int{}
		repDir[g] = map[int64]Direction{}
		for _, r := range res.Groups[g].Repness {
			repDir[g][r.Statement] = r.Direction
		}
	}
	consA, consD, div := map[int64]int{}, map[int64]int{}, map[int64]int{}
	for _, o := range outs {
		if o.k == ng {
			st.KAgreement++
		}
		st.MeanARI += o.ari
		for g := range groupStab {
			groupStab[g] += o.jaccard[g]
			for _, r := range o.rep[g] {
				if d, ok := repDir[g][r.Statement]; ok && d == r.Direction {
					repCount[g][r.Statement]++
				}
			}
		}
		for _, c := range o.cons.Agree {
			consA[c.Statement]++
		}
		for _, c := range o.cons.Disagree {
			consD[c.Statement]++
		}
		for _, d := range o.divisive {
			div[d.Statement]++
		}
	}
	f := float64(nb)
	st.KAgreement /= f
	st.MeanARI /= f
	res.Stability = st
	share := func(n int) *float64 { v := float64(n) / f; return &v }
	for g := range res.Groups {
		res.Groups[g].Stability = share(0)
		*res.Groups[g].Stability = groupStab[g] / f
		for i := range res.Groups[g].Repness {
			res.Groups[g].Repness[i].Stability = share(repCount[g][res.Groups[g].Repness[i].Statement])
		}
	}
	for i := range res.Consensus.Agree {
		res.Consensus.Agree[i].Stability = share(consA[res.Consensus.Agree[i].Statement])
	}
	for i := range res.Consensus.Disagree {
		res.Consensus.Disagree[i].Stability = share(consD[res.Consensus.Disagree[i].Statement])
	}
	for i := range res.Divisive {
		res.Divisive[i].Stability = share(div[res.Divisive[i].Statement])
	}
}

func resampleOnce(m *Matrix, labels, rows []int, pos []vec, sp *sample, maxK int, excluded []bool, ng int, seed uint64, b int) resampleOutcome {
	rng := rand.New(rand.NewPCG(seed^0xb007, uint64(b)+1))
	w := make([]float64, m.Rows())
	for r := range w {
		w[r] = poisson1(rng)
	}
	cl := chooseClustering(sp, sp.weights(w), maxK, seed+uint64(b)+1, bootstrapRestarts)
	centers := cl.centers
	if len(rows) > len(sp.rows) {
		centers = refineSteps(pos, rows, centers, w, 3)
	}
	kb := len(centers)
	// Resample labels per clustered participant.
	lb := make([]int, len(rows))
	for i, r := range rows {
		lb[i] = nearest(pos[r], centers)
	}
	// Weighted contingency table between the groups and the resample's.
	tab := make([][]float64, ng)
	for g := range tab {
		tab[g] = make([]float64, kb)
	}
	for i, r := range rows {
		if w[r] > 0 && labels[r] >= 0 {
			tab[labels[r]][lb[i]] += w[r]
		}
	}
	o := resampleOutcome{k: kb, ari: adjustedRandTable(tab), jaccard: make([]float64, ng)}
	rowSum := make([]float64, ng)
	colSum := make([]float64, kb)
	for g := range tab {
		for h := range tab[g] {
			rowSum[g] += tab[g][h]
			colSum[h] += tab[g][h]
		}
	}
	for g := range tab {
		for h := range tab[g] {
			if u := rowSum[g] + colSum[h] - tab[g][h]; u > 0 {
				o.jaccard[g] = math.Max(o.jaccard[g], tab[g][h]/u)
			}
		}
	}
	// Map each resample group to the group it overlaps most, and recompute
	// the lists with the resampled weights.
	match := make([]int, kb)
	for h := range match {
		best, bv := -1, 0.0
		for g := 0; g < ng; g++ {
			if tab[g][h] > bv {
				best, bv = g, tab[g][h]
			}
		}
		match[h] = best
	}
	rl := make([]int, m.Rows())
	for r := range rl {
		rl[r] = -1
	}
	for i, r := range rows {
		rl[r] = match[lb[i]]
	}
	gt, all := talliesWithAll(m, rl, ng, w)
	o.rep = selectRepness(gt, m.statements, excluded, false)
	o.cons = selectConsensus(all, m.statements, excluded)
	o.divisive = divisive(gt, m.statements, excluded, 5)
	return o
}
