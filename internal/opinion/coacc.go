package opinion

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// coacc keeps, for every pair of statements (j <= k), integer sums over
// the participants who voted on both: how many they are, the sum of the
// products of their votes, and the sums of their votes on j and on k.
// From them the Gram matrix of the centred votes follows for any centre:
//
//	A_jk = sum_i (x_ij - c_j)(x_ik - c_k)
//	     = s_jk - c_k u_j - c_j u_k + c_j c_k n_jk
//
// The sums are integers, so adding and removing participants' rows keeps
// them exact whatever the order: a [Conversation] updates them for the
// participants who voted instead of passing over all the votes again.
type coacc struct {
	d int
	e []pairAcc // e[j*d+k] for j <= k
}

type pairAcc struct{ n, s, uj, uk int32 }

// coaccMaxCols caps the statements the accumulators are kept for (d*d*16
// bytes: 64 MiB at 2,048).
const coaccMaxCols = 2048

// coaccWorthIt reports whether building the accumulators (half the sum of
// the squared row lengths, once) is cheap against the sparse products a
// cold principal component analysis needs (50 to 160 passes over the
// votes).
func coaccWorthIt(m *Matrix) bool {
	d := m.Cols()
	if d > coaccMaxCols || d == 0 {
		return false
	}
	var cost float64
	for r := 0; r < m.Rows(); r++ {
		n := float64(m.rowPtr[r+1] - m.rowPtr[r])
		cost += n * n / 2
	}
	return cost <= 100*float64(m.NumVotes())+float64(d*d)
}

// newCoacc builds the accumulators of m. Each task owns a range of first
// statements j and passes over every row, so no two tasks write the same
// entry; integer sums make the order irrelevant anyway.
func newCoacc(m *Matrix) *coacc {
	d := m.Cols()
	a := &coacc{d: d, e: make([]pairAcc, d*d)}
	// Ranges of j with about equal shares of the upper triangle.
	const parts = 8
	bounds := []int{0}
	for p := 1; p < parts; p++ {
		// (d-j)^2 / d^2 = 1 - p/parts of the pairs have first index >= j.
		j := int(float64(d) * (1 - math.Sqrt(1-float64(p)/parts)))
		bounds = append(bounds, max(j, bounds[len(bounds)-1]))
	}
	bounds = append(bounds, d)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), parts); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1) - 1)
				if t >= parts {
					return
				}
				j0, j1 := int32(bounds[t]), int32(bounds[t+1])
				if j0 == j1 {
					continue
				}
				for r := 0; r < m.Rows(); r++ {
					cs, vs := m.row(r)
					a.addRange(cs, vs, 1, j0, j1)
				}
			}
		}()
	}
	wg.Wait()
	return a
}

// addRange adds sign times the pairs of one row (columns ascending) whose
// first column is in [j0, j1).
func (a *coacc) addRange(cs []int32, vs []int8, sign int32, j0, j1 int32) {
	d := a.d
	for x, cj := range cs {
		if cj < j0 {
			continue
		}
		if cj >= j1 {
			return
		}
		vj := int32(vs[x])
		row := a.e[int(cj)*d : int(cj)*d+d]
		for y := x; y < len(cs); y++ {
			vk := int32(vs[y])
			p := &row[cs[y]]
			p.n += sign
			p.s += sign * vj * vk
			p.uj += sign * vj
			p.uk += sign * vk
		}
	}
}

// addRow adds (sign 1) or removes (sign -1) one participant's row.
func (a *coacc) addRow(cs []int32, vs []int8, sign int32) {
	a.addRange(cs, vs, sign, 0, int32(a.d))
}

// remap moves the accumulators to d columns, old column k becoming
// remap[k] (ascending, so pairs stay in the upper triangle).
func (a *coacc) remap(d int, remap []int32) {
	e := make([]pairAcc, d*d)
	for j := 0; j < a.d; j++ {
		nj := int(remap[j])
		for k := j; k < a.d; k++ {
			e[nj*d+int(remap[k])] = a.e[j*a.d+k]
		}
	}
	a.d, a.e = d, e
}

// columnMeans is [columnMeans] (unweighted) from the diagonal sums: the
// same integer sums divided by the same counts, so the same bits.
func (a *coacc) columnMeans(excluded []bool) []float64 {
	out := make([]float64, a.d)
	for j := range out {
		p := a.e[j*a.d+j]
		if excluded[j] || p.n == 0 {
			continue
		}
		out[j] = float64(p.uj) / float64(p.n)
	}
	return out
}

// gram returns the dense Gram matrix of the centred votes over the columns
// in use (rows and columns of the others are 0).
func (a *coacc) gram(center []float64, use []bool) []float64 {
	d := a.d
	g := make([]float64, d*d)
	parallelRows(d, func(j int) {
		if !use[j] {
			return
		}
		cj := center[j]
		row := a.e[j*d : j*d+d]
		for k := j; k < d; k++ {
			if !use[k] {
				continue
			}
			p := row[k]
			if p.n == 0 {
				continue
			}
			ck := center[k]
			v := float64(p.s) - float64(ck*float64(p.uj)) - float64(cj*float64(p.uk)) + float64(float64(cj*ck)*float64(p.n))
			g[j*d+k] = v
			g[k*d+j] = v
		}
	})
	return g
}

// parallelRows calls f(i) for i in [0, n) on the available cores; each i
// is done by one call, so results written per i do not depend on the
// number of cores.
func parallelRows(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 || n < 64 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	const step = 16
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i0 := int(next.Add(step) - step)
				if i0 >= n {
					return
				}
				for i := i0; i < min(i0+step, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
}

// clone returns an independent copy.
func (a *coacc) clone() *coacc {
	if a == nil {
		return nil
	}
	return &coacc{d: a.d, e: append([]pairAcc(nil), a.e...)}
}
