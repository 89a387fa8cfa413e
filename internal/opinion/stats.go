package opinion

import (
	"math"
	"slices"
	"sync"
)

// z90 is the one-sided 90 % critical value Pol.is uses.
const z90 = 1.2816

// tally holds agree, disagree and seen (all votes, passes included)
// counts. They are float64 so that bootstrap weights fit.
type tally struct{ a, d, s float64 }

// propTest is Pol.is's smoothed one-proportion z-score.
func propTest(succ, n float64) float64 {
	succ, n = succ+1, n+1
	return 2 * math.Sqrt(n) * (succ/n - 0.5)
}

// twoPropTest is Pol.is's smoothed two-proportion z-score; 0 when the
// pooled share is 1.
func twoPropTest(succIn, succOut, popIn, popOut float64) float64 {
	succIn, succOut, popIn, popOut = succIn+1, succOut+1, popIn+1, popOut+1
	pi1 := succIn / popIn
	pi2 := succOut / popOut
	pi := (succIn + succOut) / (popIn + popOut)
	if pi == 1 {
		return 0
	}
	return (pi1 - pi2) / math.Sqrt(pi*(1-pi)*(1/popIn+1/popOut))
}

// cstats are the per group and statement statistics of Pol.is's repness.
type cstats struct {
	na, nd, ns       float64
	pa, pd, pat, pdt float64
	ra, rd, rat, rdt float64
}

func commentStats(t tally) cstats {
	return cstats{
		na: t.a, nd: t.d, ns: t.s,
		pa: (t.a + 1) / (t.s + 2), pd: (t.d + 1) / (t.s + 2),
		pat: propTest(t.a, t.s), pdt: propTest(t.d, t.s),
	}
}

func addComparative(in cstats, rest tally) cstats {
	in.ra = in.pa / ((rest.a + 1) / (rest.s + 2))
	in.rd = in.pd / ((rest.d + 1) / (rest.s + 2))
	in.rat = twoPropTest(in.na, rest.a, in.ns, rest.s)
	in.rdt = twoPropTest(in.nd, rest.d, in.ns, rest.s)
	return in
}

// finalize picks the direction of a statement for a group, as Pol.is does.
// RepnessTest is rounded to float32 in parity mode, as Pol.is does.
func finalize(stmt int64, c cstats, f32 bool) Repness {
	r := Repness{Statement: stmt, NTrials: c.ns}
	if c.rat > c.rdt {
		r.Direction, r.NSuccess, r.PSuccess, r.PTest, r.Repness, r.RepnessTest = DirAgree, c.na, c.pa, c.pat, c.ra, c.rat
	} else {
		r.Direction, r.NSuccess, r.PSuccess, r.PTest, r.Repness, r.RepnessTest = DirDisagree, c.nd, c.pd, c.pdt, c.rd, c.rdt
	}
	if f32 {
		r.RepnessTest = float64(float32(r.RepnessTest))
	}
	return r
}

func passesByTest(c cstats) bool {
	return (c.rat > z90 && c.pat > z90) || (c.rdt > z90 && c.pdt > z90)
}

func beatsBestAgree(c cstats, best *cstats) bool {
	switch {
	case c.na == 0 && c.nd == 0:
		return false
	case best != nil && best.ra > 1.0:
		return c.ra*c.rat*c.pa*c.pat > best.ra*best.rat*best.pa*best.pat
	case best != nil:
		return c.pa*c.pat > best.pa*best.pat
	default:
		return c.pat > z90 || (c.ra > 1.0 && c.pa > 0.5)
	}
}

// selectRepness returns each group's representative statements, following
// Pol.is's select-rep-comments step by step. counts[g][c] are the tallies
// of group g on column c; stmts maps columns to ids; excluded columns are
// skipped. The result is in group order.
func selectRepness(counts [][]tally, stmts []int64, excluded []bool, f32 bool) [][]Repness {
	ng := len(counts)
	out := make([][]Repness, ng)
	if ng == 0 {
		return out
	}
	sc := repScratchPool.Get().(*repScratch)
	defer repScratchPool.Put(sc)
	for len(sc.suff) < ng {
		sc.suff = append(sc.suff, nil)
	}
	accs := make([]repAcc, ng)
	for g := range accs {
		accs[g].sufficient = sc.suff[g][:0]
	}
	defer func() {
		// Keep the grown buffers for the next call.
		for g := range accs {
			sc.suff[g] = accs[g].sufficient[:0]
		}
	}()
	for c := range stmts {
		if excluded[c] {
			continue
		}
		var total tally
		for g := 0; g < ng; g++ {
			t := counts[g][c]
			total.a += t.a
			total.d += t.d
			total.s += t.s
		}
		for g := 0; g < ng; g++ {
			in := counts[g][c]
			// Sum the other groups in group order, as Pol.is does, rather
			// than total minus in, so the floating point sums match.
			var rest tally
			for h := 0; h < ng; h++ {
				if h != g {
					rest.a += counts[h][c].a
					rest.d += counts[h][c].d
					rest.s += counts[h][c].s
				}
			}
			cs := addComparative(commentStats(in), rest)
			a := &accs[g]
			if passesByTest(cs) {
				a.sufficient = append(a.sufficient, finalize(stmts[c], cs, f32))
			}
			if len(a.sufficient) == 0 {
				if !a.hasBest || max(cs.rat, cs.rdt) > a.best.RepnessTest {
					a.best, a.hasBest = finalize(stmts[c], cs, f32), true
				}
			}
			var ba *cstats
			if a.hasBestAgree {
				ba = &a.bestAgree
			}
			if beatsBestAgree(cs, ba) {
				a.bestAgree, a.hasBestAgree = cs, true
				a.bestAgreeC = stmts[c]
			}
		}
	}
	for g := range accs {
		a := &accs[g]
		var ba *Repness
		if a.hasBestAgree {
			f := finalize(a.bestAgreeC, a.bestAgree, f32)
			f.NAgree = a.bestAgree.na
			f.BestAgree = true
			ba = &f
		}
		if len(a.sufficient) == 0 {
			switch {
			case ba != nil:
				out[g] = []Repness{*ba}
			case a.hasBest:
				out[g] = []Repness{a.best}
			default:
				out[g] = []Repness{}
			}
			continue
		}
		suff := sc.tmp[:0]
		for _, r := range a.sufficient {
			if ba != nil && r.Statement == ba.Statement {
				continue
			}
			suff = append(suff, r)
		}
		slices.SortStableFunc(suff, func(x, y Repness) int {
			mx, my := repnessMetric(x), repnessMetric(y)
			switch {
			case mx > my:
				return -1
			case mx < my:
				return 1
			}
			return 0
		})
		top := suff
		if ba != nil {
			top = append(append(sc.top[:0], *ba), suff[:min(len(suff), 4)]...)
			sc.top = top[:0]
		}
		if len(top) > 5 {
			top = top[:5]
		}
		list := make([]Repness, 0, len(top))
		for _, r := range top {
			if r.Direction == DirAgree {
				list = append(list, r)
			}
		}
		for _, r := range top {
			if r.Direction == DirDisagree {
				list = append(list, r)
			}
		}
		out[g] = list
		sc.tmp = suff[:0]
	}
	return out
}

// repAcc is one group's running state in selectRepness.
type repAcc struct {
	best         Repness
	hasBest      bool
	bestAgree    cstats
	hasBestAgree bool
	bestAgreeC   int64
	sufficient   []Repness
}

// repScratch holds selectRepness's working lists between calls (the
// bootstrap calls it for every resample).
type repScratch struct {
	suff     [][]Repness
	tmp, top []Repness
}

var repScratchPool = sync.Pool{New: func() any { return new(repScratch) }}

func repnessMetric(r Repness) float64 { return r.Repness * r.RepnessTest * r.PSuccess * r.PTest }

// selectConsensus returns the whole room's agree and disagree lists from
// per-column tallies over all participants.
func selectConsensus(all []tally, stmts []int64, excluded []bool) Consensus {
	type item struct {
		c      int
		metric float64
	}
	pick := func(agree bool) []ConsensusStatement {
		var items []item
		for c, t := range all {
			if excluded[c] {
				continue
			}
			cs := commentStats(t)
			p, z := cs.pa, cs.pat
			if !agree {
				p, z = cs.pd, cs.pdt
			}
			if p > 0.5 && z > z90 {
				items = append(items, item{c, p * z})
			}
		}
		slices.SortStableFunc(items, func(x, y item) int {
			switch {
			case x.metric > y.metric:
				return -1
			case x.metric < y.metric:
				return 1
			}
			return 0
		})
		if len(items) > 5 {
			items = items[:5]
		}
		out := make([]ConsensusStatement, 0, len(items))
		for _, it := range items {
			cs := commentStats(all[it.c])
			s := ConsensusStatement{Statement: stmts[it.c], NTrials: cs.ns}
			if agree {
				s.NSuccess, s.PSuccess, s.PTest = cs.na, cs.pa, cs.pat
			} else {
				s.NSuccess, s.PSuccess, s.PTest = cs.nd, cs.pd, cs.pdt
			}
			out = append(out, s)
		}
		return out
	}
	return Consensus{Agree: pick(true), Disagree: pick(false)}
}

// groupInformedConsensus is the product over groups of (A+1)/(S+2).
func groupInformedConsensus(counts [][]tally, c int) float64 {
	p := 1.0
	for g := range counts {
		t := counts[g][c]
		p *= (t.a + 1) / (t.s + 2)
	}
	return p
}

// priority is Pol.is's routing priority.
func priority(meta bool, a, p, s, extremity float64) float64 {
	if meta {
		return 49
	}
	imp := (1 - (p+1)/(s+2)) * (extremity + 1) * ((a + 1) / (s + 2))
	v := imp * (1 + 8*math.Pow(2, s/-5))
	return v * v
}

// divisive ranks statements by the spread of the groups' smoothed net
// agreement (A-D)/(S+2); top 5 with a spread above 0.5... only statements
// seen by every group count.
func divisive(counts [][]tally, stmts []int64, excluded []bool, n int) []DivisiveStatement {
	if len(counts) < 2 {
		return []DivisiveStatement{}
	}
	var out []DivisiveStatement
	for c := range stmts {
		if excluded[c] {
			continue
		}
		by := make([]float64, len(counts))
		lo, hi := math.Inf(1), math.Inf(-1)
		for g := range counts {
			t := counts[g][c]
			by[g] = (t.a - t.d) / (t.s + 2)
			lo, hi = min(lo, by[g]), max(hi, by[g])
		}
		if hi-lo > 0.5 {
			out = append(out, DivisiveStatement{Statement: stmts[c], Spread: hi - lo, ByGroup: by})
		}
	}
	slices.SortStableFunc(out, func(x, y DivisiveStatement) int {
		switch {
		case x.Spread > y.Spread:
			return -1
		case x.Spread < y.Spread:
			return 1
		}
		return 0
	})
	if len(out) > n {
		out = out[:n]
	}
	if out == nil {
		out = []DivisiveStatement{}
	}
	return out
}
