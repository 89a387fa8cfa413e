package followup_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// reviewOf1000 closes a cycle over 1,000 commitments of the world's
// process, each with two indicators and an accepted report with their
// values (10 of them late), and returns it.
func reviewOf1000(b *testing.B, w *repWorld) *domain.ReviewCycle {
	b.Helper()
	const n = 1000
	ctx, sec := w.ctx, w.actors["secretariat"]
	cs := make([]*domain.Commitment, n)
	for i := range cs {
		cs[i] = &domain.Commitment{ProcessID: w.process.ID, Title: fmt.Sprintf("Commitment %04d on regular pathways", i), Lang: "en",
			Text:        "The owner opens regular pathways for labour migration and reports on them every year, with the number of people placed.",
			OwnerBodyID: w.bodies["budapest"].ID, Status: domain.CommitmentPlanned, DueOn: "2026-12-31"}
	}
	if err := w.db.CreateCommitments(domain.NewContextWithActor(ctx, sec), cs, "create"); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, n)
	for i, c := range cs {
		ids[i] = c.ID
		for j := range 2 {
			base, target := float64(100*j), float64(1000+100*j)
			ind := &domain.Indicator{CommitmentID: c.ID, Name: fmt.Sprintf("Indicator %d", j+1), Unit: "people", Baseline: &base, BaselineOn: "2018-01-01",
				Target: &target, TargetOn: "2026-12-31", Direction: domain.UpIsGood}
			if err := w.db.CreateIndicator(domain.NewContextWithActor(ctx, sec), ind); err != nil {
				b.Fatal(err)
			}
		}
	}
	y, err := w.svc.OpenCycle(ctx, sec, followup.CycleInput{ProcessID: w.process.ID, Name: "IMRF 2026", OpensOn: "2025-01-01", Deadline: "2025-05-31",
		Languages: []string{"en"}, CommitmentIDs: ids})
	if err != nil {
		b.Fatal(err)
	}
	for i, c := range cs {
		inds, err := w.db.Indicators(ctx, c.ID)
		if err != nil {
			b.Fatal(err)
		}
		r := &domain.ProgressReport{CommitmentID: c.ID, CycleID: y.ID, BodyID: c.OwnerBodyID, PeriodFrom: "2024-01-01", PeriodTo: "2024-12-31", PeriodLabel: "2024",
			State: domain.ReportAccepted, Status: domain.CommitmentOnTrack, Lang: "en", Narrative: "Two pathways opened; 420 people placed.",
			SubmittedAt: time.Date(2025, 5, 20+i%20, 9, 0, 0, 0, time.UTC)}
		for _, ind := range inds {
			r.Values = append(r.Values, domain.IndicatorValue{IndicatorID: ind.ID, Value: 420, On: "2024-12-31"})
		}
		if err := w.db.CreateProgressReport(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	w.clock = time.Date(2025, 6, 15, 9, 0, 0, 0, time.UTC)
	v, err := w.svc.CloseCycle(ctx, sec, followup.CycleRef{ID: y.ID, Version: y.Version})
	if err != nil {
		b.Fatal(err)
	}
	return v.Cycle
}

// BenchmarkReviewReport1000 measures a review report of 1,000 commitments
// (2,000 indicators, 1,000 reports): made again from the data, and
// rendered to DOCX and to PDF. The issue asks for each file in under ten
// seconds.
func BenchmarkReviewReport1000(b *testing.B) {
	w := newRepWorld(b)
	y := reviewOf1000(b, w)
	sec := w.actors["secretariat"]
	b.Run("generate", func(b *testing.B) {
		for b.Loop() {
			if _, err := w.svc.RegenerateReviewReport(w.ctx, sec, y.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, f := range []string{"docx", "pdf"} {
		b.Run(f, func(b *testing.B) {
			var size int
			for b.Loop() {
				e, err := w.svc.ExportReviewReport(w.ctx, sec, followup.ReviewExportInput{ReviewReportInput: followup.ReviewReportInput{CycleID: y.ID}, Format: f})
				if err != nil {
					b.Fatal(err)
				}
				size = len(e.Data)
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
	_ = store.ErrReviewReportFinal
}
