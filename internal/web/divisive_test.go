package web

import (
	"fmt"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/opinion"
)

// divisiveSnapshot is a group's analysis in which the five most divisive
// statements belong to part p1 and the next five to part p2.
func divisiveSnapshot() *live.Snapshot {
	snap := &live.Snapshot{StatementIDs: map[int64]string{}, Parts: map[string]live.Counts{"p1": {Participants: 10, Votes: 50}, "p2": {Participants: 9, Votes: 45}}}
	res := &opinion.Result{Groups: []opinion.Group{{ID: 0, Size: 5}, {ID: 1, Size: 5}}}
	for i := range 10 {
		part := "p1"
		if i >= 5 {
			part = "p2"
		}
		id := fmt.Sprintf("s%d", i)
		snap.Statements = append(snap.Statements, &domain.Statement{ID: id, PartID: part, Text: fmt.Sprintf("Statement %d of %s", i, part)})
		snap.StatementIDs[int64(i)] = id
		res.Divisive = append(res.Divisive, opinion.DivisiveStatement{Statement: int64(i), Spread: 1 - float64(i)/20, ByGroup: []float64{0.8, -0.6}})
	}
	snap.Result = res
	return snap
}

// TestDivisiveCutAfterThePartFilter: a part's plenary column lists five of
// the statements that divide the group, chosen among the part's own; it
// used to take the group's five most divisive first and then leave out the
// other part's, showing none.
func TestDivisiveCutAfterThePartFilter(t *testing.T) {
	t.Parallel()
	for _, part := range []string{"p1", "p2"} {
		v := buildLiveView(nil, divisiveSnapshot(), partKeep(part, nil)).onlyPart(divisiveSnapshot(), part)
		if len(v.Divisive) != shownDivisive {
			t.Fatalf("part %s: %d statements that divide, want %d", part, len(v.Divisive), shownDivisive)
		}
		for _, d := range v.Divisive {
			if d.Part != part {
				t.Fatalf("part %s lists %q of part %s", part, d.Text, d.Part)
			}
		}
		if v.Participants != divisiveSnapshot().Parts[part].Participants {
			t.Fatalf("part %s counts %d participants", part, v.Participants)
		}
	}
	// The group's own live page lists its five most divisive, whatever the part.
	v := buildLiveView(nil, divisiveSnapshot(), nil)
	if len(v.Divisive) != shownDivisive || v.Divisive[0].Text != "Statement 0 of p1" {
		t.Fatalf("live page: %+v", v.Divisive)
	}
}
