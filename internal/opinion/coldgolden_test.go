package opinion

import (
	"strconv"
	"testing"
)

// TestPolisColdStartGolden runs parity mode without Pol.is's base
// clusters (only its in-conv set) and logs how close the cold start comes
// to Pol.is's groups, which were warm-started over many updates.
func TestPolisColdStartGolden(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		gc := loadGolden(t, dir)
		t.Run(gc.name, func(t *testing.T) {
			m, err := NewMatrix(gc.votes)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Analyze(m, Options{Mode: ModePolis, Statements: gc.stmts, Polis: &PolisState{InConv: gc.math.InConv}})
			if err != nil {
				t.Fatal(err)
			}
			group := map[int64]int{}
			for _, g := range gc.math.GroupClusters {
				for _, bid := range g.Members {
					for i, id := range gc.math.BaseClusters.ID {
						if id == bid {
							for _, pid := range gc.math.BaseClusters.Members[i] {
								group[pid] = g.ID
							}
						}
					}
				}
			}
			var a, b []int
			for _, p := range res.Participants {
				if g, ok := group[p.ID]; ok {
					a = append(a, g)
					b = append(b, p.Group)
				}
			}
			t.Logf("cold start: k=%d (Pol.is %d), ARI with Pol.is's groups %.3f over %s participants",
				len(res.Groups), len(gc.math.GroupClusters), AdjustedRand(a, b), strconv.Itoa(len(a)))
			if len(a) == 0 {
				t.Fatal("no participant compared")
			}
		})
	}
}
