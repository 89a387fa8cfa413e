package outcome_test

import (
	"slices"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome"
)

// TestSettleAll: the server's periodic check adopts a document whose
// round under silence reached its deadline unbroken, once, without
// anyone reading it; not before the deadline, not a broken silence.
func TestSettleAll(t *testing.T) {
	for _, broken := range []bool{false, true} {
		w := newWorld(t, false)
		w.draft(t)
		mid := w.meeting.ID
		if _, err := w.svc.OpenRound(w.ctx, w.actors["secretariat"], outcome.RoundInput{MeetingID: mid, Version: 1, Deadline: w.clock.Add(time.Hour), Silence: true}); err != nil {
			t.Fatal(err)
		}
		if broken {
			if _, err := w.svc.BreakSilence(w.ctx, w.actors["ecowas"], outcome.BreakInput{MeetingID: mid, Reason: "Paragraph 3 needs work."}); err != nil {
				t.Fatal(err)
			}
		}
		if ids, err := w.svc.SettleAll(w.ctx); err != nil || len(ids) != 0 {
			t.Fatalf("before the deadline: %v %v", ids, err)
		}
		w.clock = w.clock.Add(2 * time.Hour)
		ids, err := w.svc.SettleAll(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := !broken; slices.Contains(ids, mid) != want {
			t.Fatalf("broken %v: adopted %v", broken, ids)
		}
		d, err := w.db.OutcomeDocument(w.ctx, mid)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]domain.OutcomeStatus{false: domain.OutcomeAdopted, true: domain.OutcomeOpen}[broken]; d.Status != want || (!broken && d.AdoptedBy != "") {
			t.Fatalf("broken %v: %s by %q", broken, d.Status, d.AdoptedBy)
		}
		if ids, err := w.svc.SettleAll(w.ctx); err != nil || len(ids) != 0 {
			t.Fatalf("settled twice: %v %v", ids, err)
		}
	}
}
