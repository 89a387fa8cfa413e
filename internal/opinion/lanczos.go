package opinion

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// looseTol is the residual bound for components beyond the first two.
const looseTol = 1e-8

// eigResult holds the top eigenpairs of a symmetric operator.
type eigResult struct {
	vecs     [][]float64
	vals     []float64
	resid    []float64 // ||A u - theta u|| / theta_1
	angle    []float64 // bound on sin(angle to the exact eigenvector)
	products int
}

// topEigen computes the k largest eigenpairs of the symmetric positive
// semi-definite operator op of dimension d by Lanczos with full
// reorthogonalisation, restarted from the Ritz vectors when the basis gets
// large. It stops when every residual ||A u - theta u|| is at most
// tol * theta_1, which bounds the eigenvalue errors by the same amount and
// the angles through the gap (Davis-Kahan). start may be nil.
//
// The first two pairs (the map) are held to tol; the others, used only to
// separate groups, to looseTol.
func topEigen(op func(v, out []float64), d, k int, start []float64, seed uint64, tol float64) eigResult {
	var res eigResult
	if d == 0 || k == 0 {
		return res
	}
	k = min(k, d)
	maxBasis := min(d, 160)
	v0 := make([]float64, d)
	if start != nil && norm(start) > 0 {
		copy(v0, start)
	} else {
		rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
		for i := range v0 {
			v0[i] = rng.Float64() - 0.5
		}
	}
	for restart := 0; ; restart++ {
		nv := norm(v0)
		if nv == 0 {
			break
		}
		scale(v0, 1/nv)
		Q := [][]float64{v0}
		var alpha, beta []float64
		w := make([]float64, d)
		done := false
		for j := 0; j < maxBasis; j++ {
			op(Q[j], w)
			res.products++
			a := dot(w, Q[j])
			alpha = append(alpha, a)
			// Full reorthogonalisation, twice for safety.
			for pass := 0; pass < 2; pass++ {
				for _, q := range Q {
					axpy(-dot(w, q), q, w)
				}
			}
			b := norm(w)
			m := j + 1
			invariant := b <= 1e-14*math.Max(math.Abs(a), 1)
			check := m%5 == 0
			if m > 40 {
				check = m%10 == 0
			}
			if d <= 64 {
				// Small: run to the whole space (exact) and solve once.
				check = false
			}
			if invariant && m < k {
				// The operator has rank below k (for example a unanimous
				// room): the pairs found are exact and the others are 0.
				theta, S := tridiagEigen(alpha, beta)
				res.vals = make([]float64, k)
				res.vecs = make([][]float64, k)
				res.resid = make([]float64, k)
				res.angle = make([]float64, k)
				for i := 0; i < k; i++ {
					res.vecs[i] = make([]float64, d)
					if i < m && theta[i] > 1e-12*math.Max(1, math.Abs(theta[0])) {
						res.vals[i] = theta[i]
						for jj := 0; jj < m; jj++ {
							axpy(S[jj][i], Q[jj], res.vecs[i])
						}
					}
				}
				done = true
				break
			}
			if m >= k && (invariant || m == maxBasis || check || m == d) {
				theta, S := tridiagEigen(alpha, beta)
				ok := true
				res.resid = res.resid[:0]
				for i := 0; i < k; i++ {
					r := math.Abs(b * S[m-1][i])
					if invariant {
						r = 0
					}
					rel := r / math.Max(theta[0], 1e-300)
					res.resid = append(res.resid, rel)
					if (i < 2 && rel > tol) || (i >= 2 && rel > looseTol) {
						ok = false
					}
				}
				if ok || m == d || invariant || m == maxBasis {
					res.vals = theta[:k]
					res.vecs = make([][]float64, k)
					for i := 0; i < k; i++ {
						u := make([]float64, d)
						for jj := 0; jj < m; jj++ {
							axpy(S[jj][i], Q[jj], u)
						}
						res.vecs[i] = u
					}
					res.angle = make([]float64, k)
					for i := 0; i < k; i++ {
						gap := math.Inf(1)
						for jj := 0; jj < m; jj++ {
							if jj != i {
								gap = math.Min(gap, math.Abs(theta[i]-theta[jj]))
							}
						}
						rAbs := res.resid[i] * theta[0]
						if gap-rAbs > 0 {
							res.angle[i] = rAbs / (gap - rAbs)
						} else {
							res.angle[i] = 1
						}
					}
					if ok || m == d || invariant || restart >= 20 {
						done = true
					} else {
						// Restart from the sum of the wanted Ritz vectors.
						v0 = make([]float64, d)
						for i := 0; i < k; i++ {
							axpy(1, res.vecs[i], v0)
						}
					}
					break
				}
			}
			if invariant {
				break
			}
			beta = append(beta, b)
			q := make([]float64, d)
			for i := range w {
				q[i] = w[i] / b
			}
			Q = append(Q, q)
		}
		if done {
			break
		}
	}
	for _, u := range res.vecs {
		fixSign(u)
	}
	return res
}

// fixSign makes the entry of largest magnitude positive (the first one
// on ties), so the sign of a component is a function of the data alone.
func fixSign(u []float64) {
	best, bi := -1.0, -1
	for i, x := range u {
		if math.Abs(x) > best {
			best, bi = math.Abs(x), i
		}
	}
	if bi >= 0 && u[bi] < 0 {
		scale(u, -1)
	}
}

// tridiagEigen returns the eigenvalues (descending) and eigenvectors
// (S[row][i] is component row of vector i) of the symmetric tridiagonal
// matrix with diagonal alpha and off-diagonal beta, by the implicit QL
// algorithm with Wilkinson shifts.
func tridiagEigen(alpha, beta []float64) ([]float64, [][]float64) {
	n := len(alpha)
	d := slices.Clone(alpha)
	e := make([]float64, n)
	copy(e, beta) // e[i] couples i and i+1
	z := make([][]float64, n)
	for i := range z {
		z[i] = make([]float64, n)
		z[i][i] = 1
	}
	for l := 0; l < n; l++ {
		for iter := 0; iter < 60; iter++ {
			m := l
			for ; m < n-1; m++ {
				dd := math.Abs(d[m]) + math.Abs(d[m+1])
				if math.Abs(e[m]) <= 1e-16*dd {
					break
				}
			}
			if m == l {
				break
			}
			g := (d[l+1] - d[l]) / (2 * e[l])
			r := math.Hypot(g, 1)
			g = d[m] - d[l] + e[l]/(g+math.Copysign(r, g))
			s, c, p := 1.0, 1.0, 0.0
			i := m - 1
			underflow := false
			for ; i >= l; i-- {
				f := s * e[i]
				b := c * e[i]
				r = math.Hypot(f, g)
				e[i+1] = r
				if r == 0 {
					d[i+1] -= p
					e[m] = 0
					underflow = true
					break
				}
				s = f / r
				c = g / r
				g = d[i+1] - p
				r = float64((d[i]-g)*s) + float64(2*c*b)
				p = s * r
				d[i+1] = g + p
				g = float64(c*r) - b
				for k := 0; k < n; k++ {
					f := z[k][i+1]
					z[k][i+1] = float64(s*z[k][i]) + float64(c*f)
					z[k][i] = float64(c*z[k][i]) - float64(s*f)
				}
			}
			if underflow {
				continue
			}
			d[l] -= p
			e[l] = g
			e[m] = 0
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d[idx[a]] > d[idx[b]] })
	theta := make([]float64, n)
	S := make([][]float64, n)
	for r := range S {
		S[r] = make([]float64, n)
	}
	for i, c := range idx {
		theta[i] = d[c]
		for r := 0; r < n; r++ {
			S[r][i] = z[r][c]
		}
	}
	return theta, S
}
