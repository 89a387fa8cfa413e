package opinion

import (
	"math"
	"math/rand/v2"
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
// matrix with diagonal alpha and off-diagonal beta, by cyclic Jacobi.
func tridiagEigen(alpha, beta []float64) ([]float64, [][]float64) {
	m := len(alpha)
	A := make([][]float64, m)
	V := make([][]float64, m)
	for i := range A {
		A[i] = make([]float64, m)
		V[i] = make([]float64, m)
		A[i][i] = alpha[i]
		V[i][i] = 1
		if i+1 < m && i < len(beta) {
			A[i][i+1] = beta[i]
		}
		if i > 0 && i-1 < len(beta) {
			A[i][i-1] = beta[i-1]
		}
	}
	jacobiEigen(A, V)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return A[idx[a]][idx[a]] > A[idx[b]][idx[b]] })
	theta := make([]float64, m)
	S := make([][]float64, m)
	for r := range S {
		S[r] = make([]float64, m)
	}
	for i, c := range idx {
		theta[i] = A[c][c]
		for r := 0; r < m; r++ {
			S[r][i] = V[r][c]
		}
	}
	return theta, S
}

// jacobiEigen diagonalises the symmetric matrix A in place, accumulating
// the rotations in V.
func jacobiEigen(A, V [][]float64) {
	m := len(A)
	for sweep := 0; sweep < 100; sweep++ {
		off := 0.0
		diag := 0.0
		for i := 0; i < m; i++ {
			diag += A[i][i] * A[i][i]
			for j := i + 1; j < m; j++ {
				off += A[i][j] * A[i][j]
			}
		}
		if off <= 1e-30*diag || off == 0 {
			return
		}
		for p := 0; p < m; p++ {
			for q := p + 1; q < m; q++ {
				apq := A[p][q]
				if apq == 0 {
					continue
				}
				theta := (A[q][q] - A[p][p]) / (2 * apq)
				t := 1 / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := 0; k < m; k++ {
					akp, akq := A[k][p], A[k][q]
					A[k][p] = c*akp - s*akq
					A[k][q] = s*akp + c*akq
				}
				for k := 0; k < m; k++ {
					apk, aqk := A[p][k], A[q][k]
					A[p][k] = c*apk - s*aqk
					A[q][k] = s*apk + c*aqk
				}
				for k := 0; k < m; k++ {
					vkp, vkq := V[k][p], V[k][q]
					V[k][p] = c*vkp - s*vkq
					V[k][q] = s*vkp + c*vkq
				}
			}
		}
	}
}
