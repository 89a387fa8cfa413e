package opinion

import (
	"math"
	"runtime"
	"sync"
)

// centred is the centred vote matrix restricted to the columns in use.
// Missing cells are imputed with the column mean, which is also the
// centre, so a missing cell is 0 after centring and the centred matrix is
// exactly as sparse as the votes.
type centred struct {
	m      *Matrix
	center []float64 // per column; 0 for dropped columns
	use    []bool    // per column: kept in the operator
	weight []float64 // per row, nil for 1
	chunks []int     // row boundaries of the fixed work chunks
	// ptr, col and val are the cells of the used columns, by row (the
	// matrix's own arrays when every column is used): one pass over them
	// is one product.
	ptr []int64
	col []int32
	val []int8
	// buf is the scratch of a small product.
	buf []float64
}

// numChunks is fixed so that the floating point summation order, and so
// the result, does not depend on the number of cores.
const numChunks = 32

func newCentred(m *Matrix, center []float64, use []bool, weight []float64) *centred {
	c := &centred{m: m, center: center, use: use, weight: weight}
	// Chunks of about equal numbers of votes.
	n := m.Rows()
	total := m.NumVotes()
	c.chunks = []int{0}
	for k := 1; k < numChunks; k++ {
		target := int64(total) * int64(k) / numChunks
		r := c.chunks[len(c.chunks)-1]
		for r < n && m.rowPtr[r] < target {
			r++
		}
		c.chunks = append(c.chunks, r)
	}
	c.chunks = append(c.chunks, n)
	all := true
	for _, u := range use {
		all = all && u
	}
	if all {
		c.ptr, c.col, c.val = m.rowPtr, m.col, m.val
		return c
	}
	c.ptr = make([]int64, n+1)
	c.col = make([]int32, 0, total)
	c.val = make([]int8, 0, total)
	for r := 0; r < n; r++ {
		cs, vs := m.row(r)
		for k, j := range cs {
			if use[j] {
				c.col = append(c.col, j)
				c.val = append(c.val, vs[k])
			}
		}
		c.ptr[r+1] = int64(len(c.col))
	}
	return c
}

// apply sets out = sum over rows of w_i y_i (y_i . v), where y_i is the
// centred row i; it is A v for A = Y^T W Y.
func (c *centred) apply(v, out []float64) {
	d := len(v)
	if len(c.col) < 1<<15 {
		// Small: the same chunks summed in the same order, on this
		// goroutine (goroutines would cost more than the product).
		clear(out)
		if cap(c.buf) < d {
			c.buf = make([]float64, d)
		}
		p := c.buf[:d]
		for k := 0; k+1 < len(c.chunks); k++ {
			if c.chunks[k] == c.chunks[k+1] {
				// An empty chunk adds zeros.
				continue
			}
			clear(p)
			c.applyRows(c.chunks[k], c.chunks[k+1], v, p)
			for j := range out {
				out[j] += p[j]
			}
		}
		return
	}
	parts := make([][]float64, len(c.chunks)-1)
	var wg sync.WaitGroup
	next := make(chan int, len(parts))
	for k := range parts {
		next <- k
	}
	close(next)
	workers := min(runtime.GOMAXPROCS(0), len(parts))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				p := make([]float64, d)
				c.applyRows(c.chunks[k], c.chunks[k+1], v, p)
				parts[k] = p
			}
		}()
	}
	wg.Wait()
	clear(out)
	for _, p := range parts {
		for j := range out {
			out[j] += p[j]
		}
	}
}

func (c *centred) applyRows(r0, r1 int, v, out []float64) {
	center := c.center
	for r := r0; r < r1; r++ {
		a, b := c.ptr[r], c.ptr[r+1]
		cols, vals := c.col[a:b], c.val[a:b]
		s := 0.0
		for k, j := range cols {
			s += float64((float64(vals[k]) - center[j]) * v[j])
		}
		if c.weight != nil {
			s *= c.weight[r]
		}
		if s == 0 {
			continue
		}
		for k, j := range cols {
			out[j] += float64(s * (float64(vals[k]) - center[j]))
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += float64(a[i] * b[i])
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }

func scale(a []float64, f float64) {
	for i := range a {
		a[i] *= f
	}
}

// axpy sets y += f x.
func axpy(f float64, x, y []float64) {
	for i := range y {
		y[i] += float64(f * x[i])
	}
}

// powerIteration is Pol.is's power iteration for one component of the
// operator op: v <- normalise(op v), until iters are done or the
// eigenvalue estimate repeats exactly. It returns the vector and the
// number of products.
//
// A positive tol also stops when the vector moves by less than tol in one
// iteration (used to run a cold start to convergence).
func powerIteration(op func(v, out []float64), start []float64, iters int, tol float64) ([]float64, int) {
	v := append([]float64(nil), start...)
	out := make([]float64, len(v))
	prev := make([]float64, len(v))
	last := 0.0
	n := 0
	for {
		op(v, out)
		n++
		eig := norm(out)
		if eig == 0 {
			return out, n // a zero component, as Pol.is returns it
		}
		for i := range v {
			v[i] = out[i] / eig
		}
		if iters == 0 || eig == last {
			return v, n
		}
		if tol > 0 && n > 1 {
			// Converged when the direction stops moving.
			diff := 0.0
			for i := range v {
				dd := v[i] - prev[i]
				diff += float64(dd * dd)
			}
			if math.Sqrt(diff) <= tol {
				return v, n
			}
		}
		copy(prev, v)
		last = eig
		iters--
	}
}
