package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestReviewReportGuards: whatever a caller forgets to ask, the database
// refuses to change a saved version of a review report, to add a version
// to a final one, or to undo its finalisation, on both engines.
func TestReviewReportGuards(t *testing.T) {
	ctx := context.Background()
	url := storetest.MigratedURL(t)
	db := openURL(t, url)
	p := &domain.Process{Name: "P"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	b := &domain.Body{Name: "Budapest Process", Kind: domain.BodyIRF}
	if err := db.CreateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	c := &domain.Commitment{ProcessID: p.ID, Title: "T", Text: "X", Lang: "en", OwnerBodyID: b.ID, Status: domain.CommitmentPlanned}
	if err := db.CreateCommitments(ctx, []*domain.Commitment{c}, "create"); err != nil {
		t.Fatal(err)
	}
	y := &domain.ReviewCycle{ProcessID: p.ID, Name: "IMRF 2026", OpensOn: "2025-01-01", Deadline: "2025-12-31", CommitmentIDs: []string{c.ID}, Languages: []string{"en"}}
	if err := db.CreateReviewCycle(ctx, y); err != nil {
		t.Fatal(err)
	}
	text := domain.OutcomeText{Language: "en", Title: "Review report", Sections: []domain.OutcomeSection{{Key: "summary", Heading: "Summary",
		Blocks: []domain.OutcomeBlock{{ID: "p1", Kind: domain.BlockParagraph, Text: "All reported."}}}}}
	if err := db.CloseReviewCycle(ctx, y, []domain.OutcomeText{text}, ""); err != nil {
		t.Fatal(err)
	}
	got, err := db.ReviewCycle(ctx, y.ID)
	if err != nil || got.State != domain.CycleClosed || got.Languages[0] != "en" {
		t.Fatalf("closed cycle = %+v, %v", got, err)
	}
	raw := rawDB(t, url)
	if _, err := raw.Exec(`UPDATE review_report_versions SET text = '{}'`); err == nil || !strings.Contains(err.Error(), "never change") {
		t.Fatalf("changing a saved version: %v", err)
	}
	if _, err := db.ChangeReviewReport(ctx, y.ID, "en", "finalise", func(o *store.ReviewReportTx) error {
		o.Doc.FinalVersion, o.Doc.FinalHash = 1, text.Hash()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RegenerateReviewReport(ctx, y.ID, []domain.OutcomeText{text}, ""); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a version of a final report: %v", err)
	}
	if _, err := raw.Exec(`INSERT INTO review_report_versions (cycle_id, lang, number, text, hash, created_at) VALUES ('` + y.ID + `', 'en', 2, '{}', '', 0)`); err == nil {
		t.Fatal("the database took a version of a final report")
	}
	if _, err := raw.Exec(`UPDATE review_reports SET final_version = 0`); err == nil {
		t.Fatal("the database undid a finalisation")
	}
}
