package opinion

import (
	"math/rand/v2"
	"slices"
)

// analyzePolis reproduces Pol.is's math worker (see docs/OPINION.md).
func analyzePolis(m *Matrix, opts Options) (*Result, error) {
	st := opts.Polis
	if st == nil {
		st = &PolisState{}
	}
	excluded, meta := excludedColumns(m, opts, false)
	d := m.Cols()
	use := make([]bool, d)
	nExcluded := 0
	for c := range use {
		use[c] = !excluded[c]
		if excluded[c] {
			nExcluded++
		}
	}
	center := columnMeans(m, excluded, nil)
	op := newCentred(m, center, use, nil)

	// PCA by power iteration, with Pol.is's deflation.
	starts, warm := polisStartVectors(m, st.PCA, d)
	tol := 0.0
	iters := st.PCAIterations
	if iters == 0 {
		// Pol.is runs 100 iterations per update from the previous
		// components, so its components are converged after a few
		// updates. From a cold start, run to convergence to match that.
		iters = 100
		if !warm {
			// Bounded so that a degenerate spectrum cannot spin for long.
			iters = int(min(10000, max(300, 2e9/float64(max(m.NumVotes(), 1)))))
			tol = 1e-13
		}
	}
	ncomp := min(2, min(m.Rows(), d))
	comps := make([][]float64, 0, 2)
	products := 0
	deflated := op.apply
	for i := 0; i < ncomp; i++ {
		pc, n := powerIteration(deflated, starts[i], iters, tol)
		products += n
		comps = append(comps, pc)
		if i+1 < ncomp {
			deflated = deflate(op.apply, pc)
		}
	}
	for len(comps) < 2 {
		comps = append(comps, make([]float64, d))
	}
	res := &Result{Mode: ModePolis}
	res.PCA = PCA{Statements: m.statements, Center: center, Components: comps, Iterations: products}

	pos := project(m, center, use, comps, nExcluded, d)
	spts, ext := projectStatements(center, comps, d)
	in := inConversation(m, st.InConv)

	// Base clusters.
	var base []BaseCluster
	if len(st.BaseClusters) > 0 {
		base = slices.Clone(st.BaseClusters)
		slices.SortFunc(base, func(a, b BaseCluster) int { return a.ID - b.ID })
		for i := range base {
			if base[i].Weight == 0 {
				base[i].Weight = float64(len(base[i].Members))
			}
		}
	} else {
		var rows []int
		var pts []point2
		for r := range in {
			if in[r] {
				rows = append(rows, r)
				pts = append(pts, pos[r])
			}
		}
		cl := polisKmeans(pts, nil, polisInitClusters(pts, 100), 100)
		slices.SortFunc(cl, func(a, b pcluster) int { return a.id - b.id })
		for _, c := range cl {
			bc := BaseCluster{ID: c.id, Center: c.center, Weight: float64(len(c.members))}
			for _, i := range c.members {
				bc.Members = append(bc.Members, m.participants[rows[i]])
			}
			slices.Sort(bc.Members)
			base = append(base, bc)
		}
	}
	res.BaseClusters = base

	// Group clusters over the base cluster centres, k chosen by silhouette.
	bpts := make([]point2, len(base))
	bw := make([]float64, len(base))
	for i, b := range base {
		bpts[i] = b.Center
		bw[i] = b.Weight
	}
	groups, scores := polisGroups(bpts, bw, 5)
	res.KScores = scores

	// Participants and groups.
	labels := make([]int, m.Rows())
	for r := range labels {
		labels[r] = -1
	}
	res.Groups = make([]Group, len(groups))
	for gi, g := range groups {
		grp := Group{ID: g.id, Center: g.center, Repness: []Repness{}}
		for _, bi := range g.members {
			grp.BaseClusters = append(grp.BaseClusters, base[bi].ID)
			for _, pid := range base[bi].Members {
				if r, ok := slices.BinarySearch(m.participants, pid); ok {
					labels[r] = gi
					grp.Members = append(grp.Members, pid)
				}
			}
		}
		slices.Sort(grp.Members)
		grp.Size = len(grp.Members)
		res.Groups[gi] = grp
	}
	res.Participants = make([]ParticipantResult, m.Rows())
	for r, id := range m.participants {
		g := -1
		if labels[r] >= 0 {
			g = res.Groups[labels[r]].ID
		}
		res.Participants[r] = ParticipantResult{ID: id, X: pos[r][0], Y: pos[r][1], Group: g, InConversation: in[r], Votes: int(m.rowPtr[r+1] - m.rowPtr[r])}
	}

	gt := tallies(m, labels, len(groups), nil)
	rep := selectRepness(gt, m.statements, excluded, true)
	for gi := range res.Groups {
		res.Groups[gi].Repness = rep[gi]
	}
	all := tallies(m, allZero(m.Rows()), 1, nil)[0]
	res.Consensus = selectConsensus(all, m.statements, excluded)
	res.Statements = statementResults(m, excluded, meta, all, gt, spts, ext)
	res.Divisive = divisive(gt, m.statements, excluded, 5)
	return res, nil
}

// polisStartVectors aligns the previous components with the current
// columns (new columns start at 1, as in Pol.is), or draws random ones.
func polisStartVectors(m *Matrix, prev *PCA, d int) ([][]float64, bool) {
	out := make([][]float64, 2)
	warm := true
	for i := range out {
		v := make([]float64, d)
		ok := false
		if prev != nil && i < len(prev.Components) {
			for c, id := range m.statements {
				v[c] = 1
				if k, found := slices.BinarySearch(prev.Statements, id); found {
					v[c] = prev.Components[i][k]
				}
				if v[c] != 0 {
					ok = true
				}
			}
		}
		if !ok {
			warm = false
			// Pol.is draws an unseeded random vector; this one is seeded.
			rng := rand.New(rand.NewPCG(uint64(i+1), 0x5eed))
			for c := range v {
				v[c] = rng.Float64()
			}
		}
		out[i] = v
	}
	return out, warm
}

// deflate returns the operator P A P with P the projection orthogonal to
// pc, which is power iteration on the rows with their pc part removed.
func deflate(op func(v, out []float64), pc []float64) func(v, out []float64) {
	pp := dot(pc, pc)
	if pp == 0 {
		return op
	}
	tmp := make([]float64, len(pc))
	return func(v, out []float64) {
		copy(tmp, v)
		axpy(-dot(pc, v)/pp, pc, tmp)
		op(tmp, out)
		axpy(-dot(pc, out)/pp, pc, out)
	}
}

// polisGroups clusters the base cluster centres into k = 2..max_k groups
// by weighted k-means from a cold start and keeps the k with the highest
// silhouette (the last on ties). It returns clusters whose members index
// the base clusters, sorted by id, and the silhouette of each k.
func polisGroups(pts []point2, w []float64, maxMaxK int) ([]pcluster, []KScore) {
	if len(pts) == 0 {
		return nil, []KScore{}
	}
	maxK := min(maxMaxK, 2+len(pts)/12)
	dist := distMatrix(pts)
	var best []pcluster
	bestS := 0.0
	scores := []KScore{}
	for k := 2; k <= maxK; k++ {
		cl := polisKmeans(pts, w, polisInitClusters(pts, k), 20)
		slices.SortFunc(cl, func(a, b pcluster) int { return a.id - b.id })
		labels := make([]int, len(pts))
		for ci, c := range cl {
			for _, i := range c.members {
				labels[i] = ci
			}
		}
		s := silhouette(dist, labels, len(cl))
		scores = append(scores, KScore{K: k, Silhouette: s})
		if best == nil || s >= bestS {
			best, bestS = cl, s
		}
	}
	return best, scores
}
