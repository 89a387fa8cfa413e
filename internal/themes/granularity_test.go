package themes

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/eval"
)

// longEval turns on the evaluations that take minutes on a shared machine:
// go test -run Granularity -themes.eval -v ./internal/themes
var longEval = flag.Bool("themes.eval", false, "run the long evaluations of the themes engine (minutes)")

var granularities = []float64{0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4}

// TestGranularityBanking77 clusters banking77 test at several
// granularities against its 77 intents (fine) and against 7 families of
// intents (coarse, eval.Banking77Families), and checks that the default
// gives an NMI within 0.03 of the best and that no granularity collapses
// into a theme of more than half the statements.
func TestGranularityBanking77(t *testing.T) {
	if !*longEval {
		t.Skip("skipping: long evaluation; run with -themes.eval")
	}
	data, err := eval.ReadLabelled(filepath.Join(dataDir(t), "text", "banking77", "test.csv"))
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	// All 3,080 statements go through Louvain; a meeting-sized set (the
	// first 2,000, maxLinkage) through locally scaled average linkage.
	for _, n := range []int{len(data), min(len(data), maxLinkage)} {
		granularityCurve(t, data[:n])
	}
}

func granularityCurve(t *testing.T, data []eval.Labelled) {
	t.Helper()
	stmts := make([]Statement, len(data))
	fine := make([]string, len(data))
	coarse := make([]string, len(data))
	for i, d := range data {
		stmts[i] = Statement{Text: d.Text, Language: "en"}
		fine[i], coarse[i] = d.Label, eval.Banking77Families[d.Label]
		if coarse[i] == "" {
			t.Fatalf("intent %q has no family", d.Label)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%d statements\ngranularity themes themes-of-2+ largest NMI-77-intents NMI-7-families\n", len(data))
	var bestFine, bestCoarse, defFine, defCoarse float64
	for _, g := range granularities {
		res, err := Compute(context.Background(), stmts, Options{Granularity: g})
		if err != nil {
			t.Fatal(err)
		}
		clusters := make([]string, len(data))
		for i, a := range res.Statements {
			clusters[i] = a.Theme
		}
		largest, multi := 0, 0
		for _, th := range res.Themes {
			largest = max(largest, len(th.Members))
			if len(th.Members) > 1 {
				multi++
			}
		}
		nf, nc := eval.NMI(fine, clusters), eval.NMI(coarse, clusters)
		fmt.Fprintf(&b, "%g %d %d %d %.3f %.3f\n", g, len(res.Themes), multi, largest, nf, nc)
		bestFine, bestCoarse = max(bestFine, nf), max(bestCoarse, nc)
		if g == 1 {
			defFine, defCoarse = nf, nc
		}
		if 2*largest > len(data) {
			t.Errorf("%d statements, granularity %g: a theme of %d", len(data), g, largest)
		}
	}
	t.Log(b.String())
	if defFine < bestFine-0.03 || defCoarse < bestCoarse-0.03 {
		t.Errorf("%d statements: default NMI %.3f (intents), %.3f (families); best %.3f, %.3f: want within 0.03", len(data), defFine, defCoarse, bestFine, bestCoarse)
	}
}

// TestLowGranularityDoesNotCollapse clusters a meeting-sized set (400
// banking77 test queries, average linkage) at the lowest granularity the
// evaluation uses: broader themes, never one theme of half the statements.
func TestLowGranularityDoesNotCollapse(t *testing.T) {
	data, err := eval.ReadLabelled(filepath.Join(dataDir(t), "text", "banking77", "test.csv"))
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	data = data[:400]
	stmts := make([]Statement, len(data))
	for i, d := range data {
		stmts[i] = Statement{Text: d.Text, Language: "en"}
	}
	for _, g := range []float64{0.25, 0.5} {
		res, err := Compute(context.Background(), stmts, Options{Granularity: g})
		if err != nil {
			t.Fatal(err)
		}
		largest := 0
		for _, th := range res.Themes {
			largest = max(largest, len(th.Members))
		}
		if 2*largest > len(stmts) {
			t.Errorf("granularity %g: a theme of %d of %d statements", g, largest, len(stmts))
		}
	}
}
