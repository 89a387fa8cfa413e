package themes

import (
	"slices"
	"testing"
)

// triangle builds a simTriangle from a full symmetric matrix.
func triangle(m [][]float32) simTriangle {
	n := len(m)
	t := make(simTriangle, n*(n-1)/2)
	for i := range m {
		for j := 0; j < i; j++ {
			t.set(i, j, m[i][j])
		}
	}
	return t
}

func TestAverageLinkage(t *testing.T) {
	m := [][]float32{
		{1, 0.9, 0.1, 0.1, 0.5},
		{0.9, 1, 0.1, 0.1, 0.3},
		{0.1, 0.1, 1, 0.8, 0.1},
		{0.1, 0.1, 0.8, 1, 0.1},
		{0.5, 0.3, 0.1, 0.1, 1},
	}
	merges := averageLinkage(triangle(m), 5)
	if len(merges) != 4 {
		t.Fatalf("%d merges, want 4", len(merges))
	}
	for k := 1; k < len(merges); k++ {
		if merges[k].sim > merges[k-1].sim {
			t.Errorf("merges not in falling order: %+v", merges)
		}
	}
	tests := []struct {
		minSim float64
		target int
		want   []int
	}{
		{0.85, 0, []int{0, 0, 1, 2, 3}},
		{0.5, 0, []int{0, 0, 1, 1, 2}}, // 4 joins {0,1} only at their mean, 0.4
		{0.4, 0, []int{0, 0, 1, 1, 0}},
		{0, 1, []int{0, 0, 0, 0, 0}},
		{0, 3, []int{0, 0, 1, 1, 2}},
	}
	for _, tc := range tests {
		if got := cutMerges(5, merges, tc.minSim, tc.target); !slices.Equal(got, tc.want) {
			t.Errorf("cut at %.2f / %d themes = %v, want %v", tc.minSim, tc.target, got, tc.want)
		}
	}
}

// TestJoinTranslations: a Spanish statement whose best English match
// stands well above its other matches is joined to it; one whose best match
// barely stands out, or is under the floor, is not.
func TestJoinTranslations(t *testing.T) {
	langs := []string{"en", "en", "en", "es", "es"}
	m := [][]float32{
		{1, 0.1, 0.1, 0.35, 0.1},
		{0.1, 1, 0.1, 0.08, 0.25},
		{0.1, 0.1, 1, 0.05, 0.22},
		{0.35, 0.08, 0.05, 1, 0.1},
		{0.1, 0.25, 0.22, 0.1, 1},
	}
	tri := triangle(m)
	raised := joinTranslations(tri, langs, 0.45)
	if !raised[[2]int32{0, 3}] || tri.at(0, 3) <= 0.45 {
		t.Errorf("0-3 stands out 3.5 times: want it raised above the join, got %v (%.3f)", raised, tri.at(0, 3))
	}
	if len(raised) != 1 {
		t.Errorf("raised %v, want only 0-3 (4's best, 0.25, is not 1.5 times its next, 0.22)", raised)
	}
	if got := joinTranslations(triangle(m), []string{"en", "en", "en", "en", "en"}, 0.45); got != nil {
		t.Errorf("one language: raised %v", got)
	}
}

// TestLocalScale checks the hubness correction: statement 0 is written in
// the meeting's common words and is about as similar (0.5) to every other
// statement; statements 1 and 2 say the same thing (0.45) and are close to
// nothing else but the hub. Before scaling the hub's links to them are the
// strongest; after, the pair's is, and it still clears the join while the
// hub's links to the pair fall under it.
func TestLocalScale(t *testing.T) {
	const n = 8
	m := make([][]float32, n)
	for i := range m {
		m[i] = make([]float32, n)
		for j := range m[i] {
			switch {
			case i == j:
				m[i][j] = 1
			case i == 0 || j == 0:
				m[i][j] = 0.5
			case (i == 1 && j == 2) || (i == 2 && j == 1):
				m[i][j] = 0.45
			default:
				m[i][j] = 0.05
			}
		}
	}
	tri := triangle(m)
	if tri.at(0, 1) <= tri.at(1, 2) {
		t.Fatal("setup: the hub's link should start stronger")
	}
	localScale(tri, n, 3)
	if !(tri.at(1, 2) > tri.at(0, 1)) {
		t.Errorf("after scaling: pair %.3f, hub %.3f; want the pair above the hub", tri.at(1, 2), tri.at(0, 1))
	}
	for j := 1; j <= 2; j++ {
		if tri.at(0, j) >= 0.36 {
			t.Errorf("hub link 0-%d at %.3f after scaling, want under the join 0.36", j, tri.at(0, j))
		}
	}
	if tri.at(1, 2) < 0.36 {
		t.Errorf("pair at %.3f after scaling, want at or above the join 0.36", tri.at(1, 2))
	}
	// Statements the scaling does not change: none (n < 3) and a single pair.
	one := triangle([][]float32{{1, 0.5}, {0.5, 1}})
	localScale(one, 2, 3)
	if one.at(0, 1) != 0.5 {
		t.Errorf("two statements: %.3f, want 0.5 unchanged", one.at(0, 1))
	}
}
