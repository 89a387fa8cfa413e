package opinion

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestRealConversations compares the groups of both modes with Pol.is's
// final groups in the open data exports and logs the agreement (adjusted
// Rand index over the participants Pol.is grouped) and the numbers of
// groups. Pol.is's groups depend on its history (warm starts, k smoothing,
// in-conv kept across updates), so the figures are reported, not required
// to be 1; the test fails only if a conversation cannot be analysed.
func TestRealConversations(t *testing.T) {
	root := sharedData(t, "polis")
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			ds, err := ReadPath(dir)
			if errors.Is(err, ErrFormat) {
				t.Skipf("no votes in this snapshot (files over 4 MiB were not copied): %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ds.Votes) == 0 {
				t.Skip("no votes in this snapshot (files over 4 MiB were not copied)")
			}
			m, err := NewMatrix(ds.Votes)
			if err != nil {
				t.Fatal(err)
			}
			polisK := map[int]bool{}
			for _, g := range ds.PolisGroups {
				polisK[g] = true
			}
			for _, mode := range []Mode{ModePolis, ModePlenary} {
				res, err := Analyze(m, Options{Mode: mode, Statements: ds.Statements, Bootstrap: -1})
				if err != nil {
					t.Fatal(err)
				}
				var a, b []int
				for _, p := range res.Participants {
					if g, ok := ds.PolisGroups[p.ID]; ok {
						a = append(a, g)
						b = append(b, p.Group)
					}
				}
				t.Logf("%-8s participants %5d statements %4d votes %6d  Pol.is k=%d  ours k=%d  ARI=%.3f",
					mode, m.Rows(), m.Cols(), m.NumVotes(), len(polisK), len(res.Groups), AdjustedRand(a, b))
			}
		})
	}
}

// TestGroupInformedConsensusFromExport recomputes group-informed consensus
// from bg2050-volunteers' exported group ids and compares it with the
// exported column.
func TestGroupInformedConsensusFromExport(t *testing.T) {
	dir := filepath.Join(sharedData(t, "polis"), "bg2050-volunteers")
	ds, err := ReadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMatrix(ds.Votes)
	if err != nil {
		t.Fatal(err)
	}
	ng := 0
	labels := make([]int, m.Rows())
	for r, id := range m.Participants() {
		labels[r] = -1
		if g, ok := ds.PolisGroups[id]; ok {
			labels[r] = g
			ng = max(ng, g+1)
		}
	}
	gt := tallies(m, labels, ng, nil)
	checked := 0
	for c, id := range m.Statements() {
		want, ok := ds.PolisGroupInformedConsensus[id]
		if !ok {
			continue
		}
		got := groupInformedConsensus(gt, c)
		if !near(got, want, 1e-15) {
			t.Errorf("statement %d: %v, want %v", id, got, want)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d statements checked", checked)
	}
	t.Logf("%d statements match to 1e-15", checked)
}
