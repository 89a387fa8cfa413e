package live_test

import (
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
)

// layoutSnapshot is an analysis of eight statements s0..s7, every one
// divisive (s0 most) and agreed on (s7 by the only two who voted on it),
// the odd ones a partner's, in opinion groups A (4 people, of whom two
// voted on s1), B (2) and C (3), with the bootstrap run.
func layoutSnapshot() *live.Snapshot {
	k := 0.8
	snap := &live.Snapshot{StatementIDs: map[int64]string{}}
	res := &opinion.Result{
		Groups: []opinion.Group{
			{ID: 0, Size: 4, Repness: []opinion.Repness{{Statement: 0, Direction: opinion.DirAgree, NSuccess: 4, NTrials: 4},
				{Statement: 1, NSuccess: 2, NTrials: 2}, {Statement: 2, NSuccess: 3, NTrials: 3}, {Statement: 3, NSuccess: 3, NTrials: 4}, {Statement: 4, NSuccess: 4, NTrials: 4}}},
			{ID: 1, Size: 2, Repness: []opinion.Repness{{Statement: 1, Direction: opinion.DirDisagree, NSuccess: 2, NTrials: 2}}},
			{ID: 2, Size: 3},
		},
		Stability: &opinion.Stability{Resamples: 20, KAgreement: k, MeanARI: -0.1},
	}
	for i := range 8 {
		id := fmt.Sprintf("s%d", i)
		snap.Statements = append(snap.Statements, &domain.Statement{ID: id, Text: "Statement " + id, ByPartner: i%2 == 1})
		snap.StatementIDs[int64(i)] = id
		res.Divisive = append(res.Divisive, opinion.DivisiveStatement{Statement: int64(i), ByGroup: []float64{0.5, -0.9, -0.25}})
		c := opinion.ConsensusStatement{Statement: int64(i), NSuccess: 6.6, NTrials: 9}
		if i == 7 {
			c.NSuccess, c.NTrials = 2, 2
		}
		res.Consensus.Agree = append(res.Consensus.Agree, c)
	}
	snap.Result = res
	return snap
}

// TestLayout: every live view lays out an analysis the same way: the
// first five divisive statements among those it keeps, figures of opinion
// groups under three people never shown (not as "most" or "least" either),
// three typical statements per group, and no share of fewer than three
// voters (s7's agreement, A's s1).
func TestLayout(t *testing.T) {
	t.Parallel()
	partners := func(s live.Shown) bool { return s.ByPartner }
	tests := []struct {
		name     string
		snap     *live.Snapshot
		keep     func(live.Shown) bool
		divisive string
		agree    int
	}{
		{name: "no snapshot", snap: nil, divisive: "[]"},
		{name: "every statement", snap: layoutSnapshot(), divisive: "[s0 s1 s2 s3 s4]", agree: 7},
		{name: "partners' only", snap: layoutSnapshot(), keep: partners, divisive: "[s1 s3 s5 s7]", agree: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.snap.Layout(tt.keep)
			got := []string{}
			for _, d := range l.Divisive {
				got = append(got, d.ID)
			}
			if fmt.Sprint(got) != tt.divisive || len(l.Agree) != tt.agree {
				t.Fatalf("divisive %v, %d agreed; want %s and %d", got, len(l.Agree), tt.divisive, tt.agree)
			}
			if tt.snap == nil {
				if l.Analysed || l.KAgreement != -1 {
					t.Fatalf("empty layout: %+v", l)
				}
				return
			}
			if !l.Analysed || l.Resamples != 20 || l.KAgreement != 80 || l.GroupsMatch != 0 {
				t.Errorf("how sure: %+v", l)
			}
			for _, d := range l.Divisive {
				// A agrees most, C least; B (2 people) is never named.
				if d.Most != "A" || d.MostNet != 50 || d.Least != "C" || d.LeastNet != -25 || len(d.ByGroup) != 2 {
					t.Errorf("divisive %s: %+v", d.ID, d)
				}
			}
			if a := l.Agree[0]; a.N != 7 || a.Of != 9 || a.Stability != -1 {
				t.Errorf("agreement: %+v", a)
			}
			var typical []string
			for _, r := range l.Groups[0].Typical {
				typical = append(typical, r.ID)
			}
			if fmt.Sprint(typical) != "[s0 s2 s3]" {
				t.Errorf("what sets A apart: %v, want [s0 s2 s3] (not s1, which two of A voted on)", typical)
			}
			for _, a := range l.Agree {
				if a.ID == "s7" {
					t.Errorf("s7, which two people voted on, is listed: %+v", a)
				}
			}
			if g := l.Groups; len(g) != 3 || len(g[0].Typical) != live.ShownTypical || !g[1].Small || g[1].Typical != nil || g[2].Small || g[0].Name != "A" {
				t.Errorf("opinion groups: %+v", g)
			}
		})
	}
}
