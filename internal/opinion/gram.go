package opinion

import (
	"runtime"
	"sync"
)

// gramChunks is fixed so that the sums do not depend on the number of
// cores.
const gramChunks = 4

// gramWorthIt reports whether forming A = Y^T Y explicitly (cost: the sum
// over participants of their votes squared, halved, each a scattered
// update) is cheaper than the 50 to 150 sparse products the solver needs
// (each one pass over the votes), and small enough to keep (one d x d
// matrix per chunk). Measured: a scattered update costs about 2.5 times a
// vote's share of a product, hence the factor 40.
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

// gram forms A = Y^T Y (the sum over participants of y y^T) exactly, in
// fixed chunks of participants added in order.
func (c *centred) gram() []float64 {
	d := len(c.center)
	n := len(c.ptr) - 1
	parts := make([][]float64, gramChunks)
	var wg sync.WaitGroup
	next := make(chan int, gramChunks)
	for k := 0; k < gramChunks; k++ {
		next <- k
	}
	close(next)
	for w := 0; w < min(runtime.GOMAXPROCS(0), gramChunks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var y []float64
			for k := range next {
				g := make([]float64, d*d)
				// Rows split by vote count so chunks cost about the same.
				r0, r1 := chunkRows(c.ptr, n, k, gramChunks)
				for r := r0; r < r1; r++ {
					a, b := c.ptr[r], c.ptr[r+1]
					cols, vals := c.col[a:b], c.val[a:b]
					y = y[:0]
					for i, j := range cols {
						y = append(y, float64(vals[i])-c.center[j])
					}
					for i, ci := range cols {
						yi := y[i]
						row := g[int(ci)*d : int(ci)*d+d]
						for jj := i; jj < len(cols); jj++ {
							row[cols[jj]] += float64(yi * y[jj])
						}
					}
				}
				parts[k] = g
			}
		}()
	}
	wg.Wait()
	g := parts[0]
	for _, p := range parts[1:] {
		for i, x := range p {
			g[i] += x
		}
	}
	// Columns are sorted within rows, so only the upper triangle was
	// filled; mirror it.
	for i := 0; i < d; i++ {
		for j := i + 1; j < d; j++ {
			g[j*d+i] = g[i*d+j]
		}
	}
	return g
}

// chunkRows splits rows into parts of about equal numbers of votes.
func chunkRows(ptr []int64, n, k, parts int) (int, int) {
	total := ptr[n]
	find := func(k int) int {
		if k >= parts {
			return n
		}
		target := total * int64(k) / int64(parts)
		lo, hi := 0, n
		for lo < hi {
			mid := (lo + hi) / 2
			if ptr[mid] < target {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return lo
	}
	return find(k), find(k + 1)
}

// denseApply returns the product with the symmetric d x d matrix g.
func denseApply(g []float64, d int) func(v, out []float64) {
	return func(v, out []float64) {
		for i := 0; i < d; i++ {
			row := g[i*d : i*d+d]
			s := 0.0
			for j, x := range row {
				s += float64(x * v[j])
			}
			out[i] = s
		}
	}
}
