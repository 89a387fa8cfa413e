package opinion

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// gramWorthIt reports whether forming A = Y^T Y explicitly (cost: the sum
// over participants of their votes squared, halved, each one scattered
// addition) is cheaper than the 50 to 160 sparse products the solver needs
// (each one pass over the votes, two operations per vote), and small
// enough to keep (d^2 doubles: 8 MB at 1,000 statements).
//
// At 100,000 participants with 100 votes each the Gram matrix costs 5e8
// additions (0.7-1.0 s of CPU on the development machine) against 90
// products of 1e7 votes (1.9 s).
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
	return cost < 100*float64(len(c.col))
}

// gramParts is the number of tasks the Gram matrix is split into (ranges
// of first statements with about equal shares of the upper triangle):
// several per core, so that a slow task does not leave the others idle.
const gramParts = 8

// gram forms A = Y^T Y (the sum over participants of y y^T) exactly. Each
// task owns a range of first statements j (rows of the upper triangle)
// and passes over every participant, adding y_j y_k for the participant's
// pairs j <= k with j in its range. Each entry of A is summed by one task
// in participant order, so the result does not depend on the number of
// cores (nor on the split: it is the same sum, term by term, as any other
// order-preserving split).
func (c *centred) gram() []float64 {
	d := len(c.center)
	n := len(c.ptr) - 1
	bounds := []int{0}
	for p := 1; p < gramParts; p++ {
		// (d-j)^2 / d^2 = 1 - p/parts of the pairs have first index >= j.
		j := int(float64(d) * (1 - math.Sqrt(1-float64(p)/gramParts)))
		bounds = append(bounds, max(j, bounds[len(bounds)-1]))
	}
	bounds = append(bounds, d)
	g := make([]float64, d*d)
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := 0; w < min(runtime.GOMAXPROCS(0), gramParts); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var y []float64
			for {
				t := int(next.Add(1) - 1)
				if t >= gramParts {
					return
				}
				j0, j1 := int32(bounds[t]), int32(bounds[t+1])
				if j0 == j1 {
					continue
				}
				for r := 0; r < n; r++ {
					a, e := c.ptr[r], c.ptr[r+1]
					cols := c.col[a:e]
					// The first vote in the range (columns ascend in a row).
					x0, _ := slices.BinarySearch(cols, j0)
					if x0 == len(cols) || cols[x0] >= j1 {
						continue
					}
					cols = cols[x0:]
					vals := c.val[a+int64(x0) : e]
					y = y[:0]
					for k, j := range cols {
						y = append(y, float64(vals[k])-c.center[j])
					}
					for x, ci := range cols {
						if ci >= j1 {
							break
						}
						row := g[int(ci)*d : int(ci)*d+d]
						yx := y[x]
						ys := y[x:len(cols)]
						cs := cols[x:]
						ys = ys[:len(cs)]
						z := 0
						for ; z+4 <= len(cs); z += 4 {
							c0, c1, c2, c3 := cs[z], cs[z+1], cs[z+2], cs[z+3]
							y0, y1, y2, y3 := ys[z], ys[z+1], ys[z+2], ys[z+3]
							row[c0] += float64(yx * y0)
							row[c1] += float64(yx * y1)
							row[c2] += float64(yx * y2)
							row[c3] += float64(yx * y3)
						}
						for ; z < len(cs); z++ {
							row[cs[z]] += float64(yx * ys[z])
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

// denseApply4 returns the product with the symmetric d x d matrix g, with
// four running sums per row (added in a fixed order at the end), which
// keeps the floating point unit busy instead of waiting on one chain of
// additions (90 products at 1,000 statements: 0.035 s of CPU instead of
// 0.1). Each entry is one row's sum, whichever core computes it: the same
// on every machine.
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
