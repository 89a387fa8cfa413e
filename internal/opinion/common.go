package opinion

import (
	"errors"
	"math"
	"slices"
	"sync"
)

// ErrNoVotes is returned when there is nothing to analyse.
var ErrNoVotes = errors.New("opinion: no votes")

// Analyze runs the analysis that opts.Mode selects on the votes in m.
func Analyze(m *Matrix, opts Options) (*Result, error) {
	if m == nil || m.NumVotes() == 0 {
		return nil, ErrNoVotes
	}
	switch opts.Mode {
	case ModePolis:
		return analyzePolis(m, opts)
	case ModePlenary, "":
		return analyzePlenary(m, opts)
	}
	return nil, errors.New("opinion: unknown mode " + string(opts.Mode))
}

// AnalyzeVotes builds the matrix from votes and analyses it.
func AnalyzeVotes(votes []Vote, opts Options) (*Result, error) {
	m, err := NewMatrix(votes)
	if err != nil {
		return nil, err
	}
	return Analyze(m, opts)
}

// excludedColumns marks the columns left out of repness and consensus:
// moderated out, meta, and, if strict is set, unmoderated statements
// under strict moderation. (Pol.is ignores strict moderation in its math.)
func excludedColumns(m *Matrix, opts Options, strict bool) (excluded, meta []bool) {
	info := make(map[int64]StatementInfo, len(opts.Statements))
	for _, s := range opts.Statements {
		info[s.ID] = s
	}
	excluded = make([]bool, m.Cols())
	meta = make([]bool, m.Cols())
	for c, id := range m.statements {
		s, ok := info[id]
		if !ok {
			continue
		}
		meta[c] = s.Meta
		excluded[c] = s.Meta || s.Moderation == ModeratedOut || (strict && opts.StrictModeration && s.Moderation == Unmoderated)
	}
	return excluded, meta
}

// columnMeans is the mean vote of each column over the cells with a vote
// (0 for excluded columns, which Pol.is sets to 0 in every row).
func columnMeans(m *Matrix, excluded []bool, weight []float64) []float64 {
	sum := make([]float64, m.Cols())
	cnt := make([]float64, m.Cols())
	for r := range m.participants {
		w := 1.0
		if weight != nil {
			w = weight[r]
		}
		cs, vs := m.row(r)
		for k, c := range cs {
			sum[c] += w * float64(vs[k])
			cnt[c] += w
		}
	}
	for c := range sum {
		if excluded[c] || cnt[c] == 0 {
			sum[c] = 0
			continue
		}
		sum[c] /= cnt[c]
	}
	return sum
}

// inConversation marks the participants to cluster: at least min(7,
// statements) votes, any listed in prior, and the top voters up to 15.
func inConversation(m *Matrix, prior []int64) []bool {
	n := m.Rows()
	in := make([]bool, n)
	need := min(7, m.Cols())
	count := 0
	for r := 0; r < n; r++ {
		if int(m.rowPtr[r+1]-m.rowPtr[r]) >= need {
			in[r] = true
			count++
		}
	}
	if len(prior) > 0 {
		for _, id := range prior {
			if r, ok := slices.BinarySearch(m.participants, id); ok && !in[r] {
				in[r] = true
				count++
			}
		}
	}
	if count < 15 {
		var rest []int
		for r := 0; r < n; r++ {
			if !in[r] {
				rest = append(rest, r)
			}
		}
		slices.SortStableFunc(rest, func(a, b int) int {
			na, nb := m.rowPtr[a+1]-m.rowPtr[a], m.rowPtr[b+1]-m.rowPtr[b]
			return int(nb - na)
		})
		for _, r := range rest[:min(len(rest), 15-count)] {
			in[r] = true
		}
	}
	return in
}

// project places every participant on the map: the sum over its votes of
// (x - c) times the components, scaled by sqrt(columns / votes) so that
// participants who voted on few statements are not pulled to the centre.
// extraVoted is added to every row's vote count (Pol.is counts the
// moderated-out columns, which it sets to 0 for everyone, as voted).
func project(m *Matrix, center []float64, use []bool, comps [][]float64, extraVoted, ncolsInt int) []point2 {
	out := make([]point2, m.Rows())
	ncols := float64(ncolsInt)
	for r := range out {
		cs, vs := m.row(r)
		var p1, p2 float64
		nv := extraVoted
		for k, c := range cs {
			if !use[c] {
				continue
			}
			nv++
			x := float64(vs[k]) - center[c]
			p1 += float64(x * comps[0][c])
			if len(comps) > 1 {
				p2 += float64(x * comps[1][c])
			}
		}
		f := math.Sqrt(ncols / float64(max(nv, 1)))
		out[r] = point2{f * p1, f * p2}
	}
	return out
}

// projectStatements places each statement where a participant who agreed
// with it alone would be.
func projectStatements(center []float64, comps [][]float64, ncols int) ([]point2, []float64) {
	pts := make([]point2, len(center))
	ext := make([]float64, len(center))
	f := math.Sqrt(float64(ncols))
	for c := range center {
		x := float64(Agree) - center[c]
		var p point2
		p[0] = f * float64(x*comps[0][c])
		if len(comps) > 1 {
			p[1] = f * float64(x*comps[1][c])
		}
		pts[c] = p
		ext[c] = math.Sqrt(float64(p[0]*p[0]) + float64(p[1]*p[1]))
	}
	return pts, ext
}

// tallies counts agree, disagree and seen per group and column. labels
// gives each row's group (-1 for none); weight may be nil. The work is
// split in fixed chunks summed in order, so the result does not depend on
// the number of cores.
func tallies(m *Matrix, labels []int, ng int, weight []float64) [][]tally {
	d := m.Cols()
	n := m.Rows()
	chunks := 8
	// Small rooms count in one pass: goroutines would cost more than the
	// counting. Counts of integer weights are exact, so the sums are the
	// same either way.
	parallel := m.NumVotes() >= 1<<16
	if !parallel {
		chunks = 1
	}
	parts := make([][]float64, chunks)
	var wg sync.WaitGroup
	for k := 0; k < chunks; k++ {
		wg.Add(1)
		run := func() {
			defer wg.Done()
			// acc[(g*d+c)*3 + v+1] accumulates the weight of vote v.
			acc := make([]float64, ng*d*3)
			for r := n * k / chunks; r < n*(k+1)/chunks; r++ {
				g := labels[r]
				if g < 0 {
					continue
				}
				w := 1.0
				if weight != nil {
					w = weight[r]
					if w == 0 {
						continue
					}
				}
				base := g * d * 3
				cs, vs := m.row(r)
				for i, c := range cs {
					acc[base+int(c)*3+int(vs[i])+1] += w
				}
			}
			parts[k] = acc
		}
		if parallel {
			go run()
		} else {
			run()
		}
	}
	wg.Wait()
	acc := parts[0]
	for _, p := range parts[1:] {
		for i, x := range p {
			acc[i] += x
		}
	}
	out := make([][]tally, ng)
	for g := range out {
		out[g] = make([]tally, d)
		for c := range out[g] {
			i := (g*d + c) * 3
			out[g][c] = tally{a: acc[i+2], d: acc[i], s: acc[i] + acc[i+1] + acc[i+2]}
		}
	}
	return out
}

// talliesWithAll is tallies(m, labels, ng, weight) together with the
// whole room's tally, in one pass: rows without a group are counted in an
// extra group, and the room is the sum of the groups. Weights are whole
// numbers (1 or Poisson draws), so every sum is an exact integer and the
// room's tally is the same, bit for bit, as a pass of its own.
func talliesWithAll(m *Matrix, labels []int, ng int, weight []float64) ([][]tally, []tally) {
	ext := make([]int, len(labels))
	for r, l := range labels {
		if l < 0 {
			l = ng
		}
		ext[r] = l
	}
	t := tallies(m, ext, ng+1, weight)
	all := make([]tally, m.Cols())
	for c := range all {
		var a tally
		for g := 0; g <= ng; g++ {
			a.a += t[g][c].a
			a.d += t[g][c].d
			a.s += t[g][c].s
		}
		all[c] = a
	}
	return t[:ng:ng], all
}

// statementResults fills the per-statement part of a result.
// all is the whole room's tally per column.
func statementResults(m *Matrix, excluded, meta []bool, all []tally, groupT [][]tally, pts []point2, ext []float64) []StatementResult {
	out := make([]StatementResult, m.Cols())
	for c, id := range m.statements {
		var A, P, S float64
		for g := range groupT {
			t := groupT[g][c]
			A += t.a
			S += t.s
			P += t.s - t.a - t.d
		}
		out[c] = StatementResult{
			ID: id, Excluded: excluded[c], Meta: meta[c],
			Agree: int(all[c].a), Disagree: int(all[c].d), Pass: int(all[c].s - all[c].a - all[c].d),
			X: pts[c][0], Y: pts[c][1], Extremity: ext[c],
			GroupInformedConsensus: groupInformedConsensus(groupT, c),
			Priority:               priority(meta[c], A, P, S, ext[c]),
		}
	}
	return out
}

func allZero(n int) []int { return make([]int, n) }
