package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
)

// TestMergeReachesTheAnalysis checks that after a merge the live analysis
// counts the moved votes on the statement that stands, and after the undo
// on the duplicate again: the votes move without new times, so the
// service must read them all again.
func TestMergeReachesTheAnalysis(t *testing.T) {
	r := newRoom(t, 6, 3)
	s := live.New(r.db, live.Options{Every: 50 * time.Millisecond})
	defer s.Close()
	ctx := context.Background()
	a, b := r.stmts[0][0], r.stmts[0][1]
	// The votes were cast a minute ago, longer than the incremental
	// reads look back: only a fresh read finds them moved.
	w := r.db.NewVoteWriter(store.VoteWriterOptions{})
	old := time.Now().Add(-time.Minute)
	for i, m := range r.members[0] {
		st := a
		if i >= 2 {
			st = b // four people voted on the duplicate only
		}
		for _, v := range []domain.Vote{{StatementID: st.ID, Value: domain.Agree}, {StatementID: r.stmts[0][2].ID, Value: domain.Disagree}} {
			v.UserID, v.At = m.User.ID, old
			if err := w.Vote(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Close()
	k := live.Key{Meeting: r.meeting.ID, Group: r.groups[0].ID}
	snaps, stop := s.Watch(k)
	defer stop()
	agreeOn := func(snap *live.Snapshot, id string) int {
		if snap.Result == nil {
			return -1
		}
		for _, sr := range snap.Result.Statements {
			if snap.StatementIDs[sr.ID] == id {
				return sr.Agree
			}
		}
		return 0
	}
	waitFor := func(what string, ok func(*live.Snapshot) bool) {
		t.Helper()
		deadline := time.After(3 * time.Second)
		for {
			select {
			case snap := <-snaps:
				if ok(snap) {
					return
				}
			case <-deadline:
				t.Fatalf("no snapshot within 3 s where %s", what)
			}
		}
	}
	waitFor("the statement has its own 2 agrees", func(sn *live.Snapshot) bool { return agreeOn(sn, a.ID) == 2 && agreeOn(sn, b.ID) == 4 })
	// A vote now moves the service's reading window past the old votes.
	if err := s.Vote(ctx, r.members[0][5], r.stmts[0][2].ID, domain.Pass); err != nil {
		t.Fatal(err)
	}
	waitFor("the new vote is counted", func(sn *live.Snapshot) bool { return sn.Totals[r.stmts[0][2].ID].Pass == 1 })

	mctx := domain.NewContextWithActor(ctx, r.others["secretariat"])
	m, err := r.db.MergeStatements(mctx, a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	waitFor("the merged statement counts 6 agrees", func(sn *live.Snapshot) bool {
		return agreeOn(sn, a.ID) == 6 && len(sn.Statements) == 2 && sn.Totals[a.ID].Agree == 6
	})
	// A vote on the duplicate now counts on the statement that stands.
	if err := s.Vote(ctx, r.members[0][0], b.ID, domain.Disagree); err != nil {
		t.Fatal(err)
	}
	waitFor("the vote on the duplicate counts on the merged statement", func(sn *live.Snapshot) bool { return sn.Totals[a.ID].Disagree == 1 })

	if _, err := r.db.UndoMerge(mctx, m.ID); err != nil {
		t.Fatal(err)
	}
	waitFor("the undo gives the duplicate its votes back", func(sn *live.Snapshot) bool {
		return agreeOn(sn, b.ID) == 4 && len(sn.Statements) == 3 && sn.Totals[a.ID].Agree == 1
	})
}
