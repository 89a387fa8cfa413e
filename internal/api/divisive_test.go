package api

import (
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
)

// TestLiveOfCutsDivisiveAfterThePart: a part's synthesis lists five of the
// statements that divide the group, chosen among the part's own (here the
// group's five most divisive all belong to the other part).
func TestLiveOfCutsDivisiveAfterThePart(t *testing.T) {
	t.Parallel()
	snap := &live.Snapshot{StatementIDs: map[int64]string{}}
	res := &opinion.Result{Groups: []opinion.Group{{ID: 0, Size: 5}, {ID: 1, Size: 5}}}
	for i := range 12 {
		part := "p1"
		if i >= 5 {
			part = "p2"
		}
		id := fmt.Sprintf("s%d", i)
		snap.Statements = append(snap.Statements, &domain.Statement{ID: id, PartID: part, Text: "Statement " + id})
		snap.StatementIDs[int64(i)] = id
		res.Divisive = append(res.Divisive, opinion.DivisiveStatement{Statement: int64(i), ByGroup: []float64{0.5, -0.5}})
	}
	snap.Result = res
	for part, want := range map[string][]string{
		"p1": {"s0", "s1", "s2", "s3", "s4"},
		"p2": {"s5", "s6", "s7", "s8", "s9"},
	} {
		var got []string
		for _, d := range liveOf(snap, part).Divisive {
			got = append(got, d.StatementID)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("part %s: divisive %v, want %v", part, got, want)
		}
	}
}
