package opinion

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// gramWorthIt reports whether forming A = Y^T Y explicitly (cost: the sum
// over participants of their votes squared, halved, each a scattered
// update) is cheaper than the 50 to 150 sparse products the solver needs
// (each one pass over the votes), and small enough to keep.
func (c *centred) gramWorthIt() bool {
	d := len(c.center)
	if d > 3000 || d < 64 {
		return false
	}
	var cost float64
	for r := 0; r+1 < len(c.ptr); r++ {
		n := float64(c.ptr[r+1] - c.ptr[r])
		cost += n * n / 2
	}
	return cost < 40*float64(len(c.col))
}

// gramBlock is the number of statements per block of the Gram matrix: a
// block of A (gramBlock^2 doubles, 2 MB) stays in cache while it is
// accumulated.
const gramBlock = 512

// gram forms A = Y^T Y (the sum over participants of y y^T) exactly. A is
// built block by block (statements in blocks of gramBlock): each pair of
// blocks is one task that passes over all participants and adds the
// products of their votes in the two blocks. Each entry of A is summed by
// one task in participant order, so the result does not depend on the
// number of cores.
func (c *centred) gram() []float64 {
	d := len(c.center)
	n := len(c.ptr) - 1
	nb := (d + gramBlock - 1) / gramBlock
	// off[r*(nb+1)+b] is where block b starts in row r (columns are
	// sorted within rows).
	off := make([]int64, n*(nb+1))
	for r := 0; r < n; r++ {
		a, e := c.ptr[r], c.ptr[r+1]
		o := off[r*(nb+1) : (r+1)*(nb+1)]
		b := 0
		o[0] = a
		for k := a; k < e; k++ {
			for int(c.col[k]) >= (b+1)*gramBlock {
				b++
				o[b] = k
			}
		}
		for b < nb {
			b++
			o[b] = e
		}
	}
	type task struct{ bi, bj int }
	var tasks []task
	for bi := 0; bi < nb; bi++ {
		for bj := bi; bj < nb; bj++ {
			tasks = append(tasks, task{bi, bj})
		}
	}
	g := make([]float64, d*d)
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(tasks)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var yi, yj []float64
			for {
				t := int(next.Add(1) - 1)
				if t >= len(tasks) {
					return
				}
				bi, bj := tasks[t].bi, tasks[t].bj
				for r := 0; r < n; r++ {
					o := off[r*(nb+1) : (r+1)*(nb+1)]
					ia, ie := o[bi], o[bi+1]
					ja, je := o[bj], o[bj+1]
					if ia == ie || ja == je {
						continue
					}
					yi = yi[:0]
					for k := ia; k < ie; k++ {
						yi = append(yi, float64(c.val[k])-c.center[c.col[k]])
					}
					yj = yj[:0]
					for k := ja; k < je; k++ {
						yj = append(yj, float64(c.val[k])-c.center[c.col[k]])
					}
					colsJ := c.col[ja:je]
					for x, ci := range c.col[ia:ie] {
						row := g[int(ci)*d : int(ci)*d+d]
						y := yi[x]
						start := 0
						if bi == bj {
							start = x // the upper triangle only
						}
						for z := start; z < len(colsJ); z++ {
							row[colsJ[z]] += float64(y * yj[z])
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	// Mirror the upper triangle.
	for i := 0; i < d; i++ {
		for j := i + 1; j < d; j++ {
			g[j*d+i] = g[i*d+j]
		}
	}
	return g
}

// denseApply returns the product with the symmetric d x d matrix g.
func denseApply(g []float64, d int) func(v, out []float64) {
	one := func(v, out []float64, i int) {
		row := g[i*d : i*d+d]
		s := 0.0
		for j, x := range row {
			s += float64(x * v[j])
		}
		out[i] = s
	}
	return func(v, out []float64) {
		if d < 256 {
			for i := 0; i < d; i++ {
				one(v, out, i)
			}
			return
		}
		// Each entry is one row's sum, whichever core computes it.
		parallelRows(d, func(i int) { one(v, out, i) })
	}
}

// denseApply4 is [denseApply] with four running sums per row (added in a
// fixed order at the end), which keeps the floating point unit busy
// instead of waiting on one chain of additions: a different rounding than
// denseApply, the same on every machine.
func denseApply4(g []float64, d int) func(v, out []float64) {
	one := func(vv, out []float64, i int) {
		row := g[i*d : i*d+d]
		v := vv[:len(row)]
		var s0, s1, s2, s3 float64
		j := 0
		for ; j+4 <= len(row); j += 4 {
			s0 += float64(row[j] * v[j])
			s1 += float64(row[j+1] * v[j+1])
			s2 += float64(row[j+2] * v[j+2])
			s3 += float64(row[j+3] * v[j+3])
		}
		for ; j < len(row); j++ {
			s0 += float64(row[j] * v[j])
		}
		out[i] = (s0 + s1) + (s2 + s3)
	}
	return func(v, out []float64) {
		if d < 256 {
			for i := 0; i < d; i++ {
				one(v, out, i)
			}
			return
		}
		parallelRows(d, func(i int) { one(v, out, i) })
	}
}
