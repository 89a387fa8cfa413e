package store_test

import (
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

func TestReportLifecycle(t *testing.T) {
	w := newRankWorld(t)
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.b.ID}, {w.a.ID}}
	if err := w.db.PutBallot(w.ctx, b); err != nil {
		t.Fatal(err)
	}
	r := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "fr",
		Texts: map[string]store.ReportText{"fr": {FollowUp: "  Le Processus de Rabat suit les engagements.  "}}}
	if err := w.db.SaveReport(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	if r.Version != 1 || r.Status != store.ReportDraft || r.Texts["fr"].FollowUp != "Le Processus de Rabat suit les engagements." {
		t.Fatalf("created %+v", r)
	}
	// A second draft for the same group and part is a conflict.
	dup := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "en"}
	if err := w.db.SaveReport(w.ctx, dup); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("second report: %v", err)
	}
	// Submitting without the role of RCPs is refused and changes nothing.
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1); !hasField(err, "rcp_role_fr") {
		t.Fatalf("submit without the RCP role: %v", err)
	}
	r.Texts["fr"] = store.ReportText{FollowUp: r.Texts["fr"].FollowUp, RCPRole: "Les PCR réunissent les États."}
	r.Texts["en"] = store.ReportText{FollowUp: "The Rabat Process follows up commitments.", RCPRole: "RCPs convene the states."}
	if err := w.db.SaveReport(w.ctx, r); err != nil || r.Version != 2 {
		t.Fatalf("update: %v, version %d", err, r.Version)
	}
	stale := *r
	stale.Version = 1
	if err := w.db.SaveReport(w.ctx, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale edit: %v", err)
	}
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("stale submit: %v", err)
	}
	sub, err := w.db.SubmitReport(w.ctx, w.group, w.part, 2)
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != store.ReportSubmitted || sub.Version != 3 || sub.Snapshot == nil || sub.Snapshot.Ballots != 1 ||
		!slices.Equal(sub.Snapshot.Top.Selected, []string{w.b.ID, w.a.ID, w.c.ID}) || len(sub.Snapshot.Candidates) != 3 {
		t.Fatalf("submitted %+v, snapshot %+v", sub, sub.Snapshot)
	}
	// Frozen: ballots and edits are refused, the stored report has the tally.
	b.Ranks = [][]string{{w.c.ID}}
	if err := w.db.PutBallot(w.ctx, b); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("ballot after submission: %v", err)
	}
	r.Version = 3
	if err := w.db.SaveReport(w.ctx, r); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("edit after submission: %v", err)
	}
	got, err := w.db.Report(w.ctx, w.group, w.part)
	if err != nil || got.Snapshot == nil || got.Snapshot.Result.Pairwise == nil || got.SubmittedAt.IsZero() {
		t.Fatalf("read back %+v, %v", got, err)
	}
	if txt, lang := got.Text("es"); lang != "fr" || txt.RCPRole != "Les PCR réunissent les États." {
		t.Fatalf("fallback text %q in %s", txt, lang)
	}
	all, err := w.db.Reports(w.ctx, w.meeting)
	if err != nil || len(all) != 1 || all[0].ID != got.ID {
		t.Fatalf("reports %v, %v", all, err)
	}
	// Reopened, it is a draft again and ballots open.
	re, err := w.db.ReopenReport(w.ctx, w.group, w.part, 3)
	if err != nil || re.Status != store.ReportDraft || re.Version != 4 {
		t.Fatalf("reopen %+v, %v", re, err)
	}
	if err := w.db.PutBallot(w.ctx, b); err != nil {
		t.Fatalf("ballot after reopening: %v", err)
	}
	if got, _ := w.db.Report(w.ctx, w.group, w.part); got.Snapshot != nil {
		t.Fatal("the snapshot survived reopening")
	}
}

func TestReportValidation(t *testing.T) {
	w := newRankWorld(t)
	for _, tt := range []struct {
		name  string
		r     store.Report
		field string
	}{
		{"unknown language", store.Report{Lang: "de"}, "lang"},
		{"text in an unknown language", store.Report{Lang: "en", Texts: map[string]store.ReportText{"xx": {FollowUp: "x"}}}, "lang"},
		{"too long", store.Report{Lang: "en", Texts: map[string]store.ReportText{"en": {RCPRole: string(make([]byte, store.MaxReportText+1))}}}, "rcp_role_en"},
		{"part of another meeting", store.Report{Lang: "en", PartID: "01hzzzzzzzzzzzzzzzzzzzzzzz"}, "part"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.MeetingID, r.GroupID = w.meeting, w.group
			if r.PartID == "" {
				r.PartID = w.part
			}
			if err := w.db.SaveReport(w.ctx, &r); !hasField(err, tt.field) {
				t.Fatalf("error %v, want one on %s", err, tt.field)
			}
		})
	}
}
