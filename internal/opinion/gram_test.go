package opinion

import (
	"math"
	"testing"
)

func TestGramEqualsSparseProduct(t *testing.T) {
	votes, _ := synth(t, SynthConfig{Participants: 500, Statements: 90, Groups: 3, VotesPerParticipant: 20, Noise: 0.3, PassRate: 0.2, Seed: 3})
	m, err := NewMatrix(votes)
	if err != nil {
		t.Fatal(err)
	}
	use := make([]bool, m.Cols())
	excluded := make([]bool, m.Cols())
	for c := range use {
		use[c] = c%7 != 0 // leave some columns out
		excluded[c] = !use[c]
	}
	op := newCentred(m, columnMeans(m, excluded, nil), use, nil)
	dense := denseApply4(op.gram(), m.Cols())
	v := make([]float64, m.Cols())
	for i := range v {
		v[i] = math.Sin(float64(i))
	}
	a := make([]float64, len(v))
	b := make([]float64, len(v))
	op.apply(v, a)
	dense(v, b)
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9*math.Max(1, math.Abs(a[i])) {
			t.Fatalf("component %d: sparse %v, Gram %v", i, a[i], b[i])
		}
	}
}

func TestTridiagEigen(t *testing.T) {
	alpha := []float64{4, 1, -2, 3, 0.5}
	beta := []float64{1, 2, 0.5, 1.5}
	theta, S := tridiagEigen(alpha, beta)
	n := len(alpha)
	for i := 0; i < n; i++ {
		// Check T s = theta s.
		for r := 0; r < n; r++ {
			v := alpha[r] * S[r][i]
			if r > 0 {
				v += beta[r-1] * S[r-1][i]
			}
			if r+1 < n {
				v += beta[r] * S[r+1][i]
			}
			if math.Abs(v-theta[i]*S[r][i]) > 1e-12 {
				t.Fatalf("pair %d row %d: %v != %v", i, r, v, theta[i]*S[r][i])
			}
		}
		if i > 0 && theta[i] > theta[i-1] {
			t.Fatal("not descending")
		}
	}
}
