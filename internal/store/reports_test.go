package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// TestSubmitReportKeepsTheFreeze: submitting hands the ranking as it
// stands to the freeze and keeps the snapshot it returns; the integrity
// checks (a report never saved, a stale version, a report submitted
// already) hold whatever the freeze does, and a freeze that fails changes
// nothing.
func TestSubmitReportKeepsTheFreeze(t *testing.T) {
	t.Parallel()
	w := newRankWorld(t)
	b := w.ballot(0, rank.Schulze)
	b.Ranks = [][]string{{w.b.ID}}
	if err := w.db.PutBallot(w.ctx, b, anyBallot); err != nil {
		t.Fatal(err)
	}
	var seen *store.RankingInput
	freeze := func(in *store.RankingInput) (*store.ReportSnapshot, error) {
		seen = in
		return &store.ReportSnapshot{Method: in.Settings.Method, Ballots: len(in.Ballots), Top: rank.Top{Selected: []string{w.b.ID}}}, nil
	}
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1, freeze); !errors.Is(err, store.ErrNoReport) {
		t.Fatalf("a report never saved: %v", err)
	}
	r := &store.Report{MeetingID: w.meeting, GroupID: w.group, PartID: w.part, Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process.", RCPRole: "RCPs convene."}}}
	if err := w.db.SaveReport(w.ctx, r); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("the count failed")
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1, func(*store.RankingInput) (*store.ReportSnapshot, error) { return nil, broken }); !errors.Is(err, broken) {
		t.Fatalf("a freeze that fails: %v", err)
	}
	if got, err := w.db.Report(w.ctx, w.group, w.part); err != nil || got.Status != store.ReportDraft || got.Version != 1 {
		t.Fatalf("after a failed freeze: %+v, %v", got, err)
	}
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 2, freeze); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a stale version: %v", err)
	}
	sub, err := w.db.SubmitReport(w.ctx, w.group, w.part, 1, freeze)
	if err != nil {
		t.Fatal(err)
	}
	if seen == nil || len(seen.Ballots) != 1 || seen.Ballots[0].UserID != "" || len(seen.Candidates) != 3 || seen.GroupID != w.group {
		t.Fatalf("the freeze got %+v", seen)
	}
	got, err := w.db.Report(w.ctx, w.group, w.part)
	if err != nil || got.Status != store.ReportSubmitted || got.Snapshot == nil || got.Snapshot.Ballots != 1 ||
		!slices.Equal(got.Snapshot.Top.Selected, []string{w.b.ID}) || sub.Version != 2 {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if _, err := w.db.SubmitReport(w.ctx, w.group, w.part, 2, freeze); !errors.Is(err, store.ErrReportSubmitted) {
		t.Fatalf("submitted twice: %v", err)
	}
}

func TestReportValidation(t *testing.T) {
	t.Parallel()
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
