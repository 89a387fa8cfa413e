package synthesis

import (
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
)

// divisiveSnapshot is a group's analysis in which the five most divisive
// statements belong to part p1 and the next five to part p2, the odd ones
// written by partners, and all ten agreed on.
func divisiveSnapshot() *live.Snapshot {
	snap := &live.Snapshot{StatementIDs: map[int64]string{}, Parts: map[string]live.Counts{"p1": {Participants: 10, Votes: 50}, "p2": {Participants: 9, Votes: 45}}}
	res := &opinion.Result{Groups: []opinion.Group{{ID: 0, Size: 5}, {ID: 1, Size: 5}}}
	for i := range 10 {
		part := "p1"
		if i >= 5 {
			part = "p2"
		}
		id := fmt.Sprintf("s%d", i)
		snap.Statements = append(snap.Statements, &domain.Statement{ID: id, PartID: part, Text: fmt.Sprintf("Statement %d of %s", i, part), ByPartner: i%2 == 1})
		snap.StatementIDs[int64(i)] = id
		res.Divisive = append(res.Divisive, opinion.DivisiveStatement{Statement: int64(i), Spread: 1 - float64(i)/20, ByGroup: []float64{0.8, -0.6}})
		res.Consensus.Agree = append(res.Consensus.Agree, opinion.ConsensusStatement{Statement: int64(i), NSuccess: 9, NTrials: 10})
	}
	snap.Result = res
	return snap
}

// TestColumnLiveKeepsToThePart: a part's plenary column lists five of the
// statements that divide the group, chosen among the part's own (it used
// to take the group's five most divisive first and then leave out the
// other part's, showing none), lists the part's agreement only and counts
// the part's votes; under a filter it keeps to the filter's statements.
func TestColumnLiveKeepsToThePart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		part         string
		from         From
		divisive     []string
		agree        int
		participants int
	}{
		{name: "first part", part: "p1", from: FromAll, divisive: []string{"s0", "s1", "s2", "s3", "s4"}, agree: 5, participants: 10},
		{name: "second part", part: "p2", from: FromAll, divisive: []string{"s5", "s6", "s7", "s8", "s9"}, agree: 5, participants: 9},
		{name: "partners of the first part", part: "p1", from: FromPartners, divisive: []string{"s1", "s3"}, agree: 2, participants: 10},
		{name: "mechanisms of the second part", part: "p2", from: FromMechanisms, divisive: []string{"s6", "s8"}, agree: 2, participants: 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := columnLive(divisiveSnapshot(), tt.part, tt.from)
			var got []string
			for _, d := range l.Divisive {
				got = append(got, d.ID)
				if d.Part != tt.part {
					t.Errorf("lists %q of part %s", d.Text, d.Part)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.divisive) {
				t.Errorf("divisive %v, want %v", got, tt.divisive)
			}
			if len(l.Agree) != tt.agree || l.Participants != tt.participants {
				t.Errorf("%d agreed, %d participants; want %d and %d", len(l.Agree), l.Participants, tt.agree, tt.participants)
			}
		})
	}
}
