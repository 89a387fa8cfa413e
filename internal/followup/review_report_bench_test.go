package followup_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// reviewOf1000 closes a cycle over 1,000 commitments of the world's
// process, each with two indicators and an accepted report with their
// values (10 of them late), and returns it. Texts, owners, indicators and
// values differ from one commitment to the next as in a real cycle, so
// that the renderers cannot lay out one paragraph and repeat it.
func reviewOf1000(b *testing.B, w *repWorld) *domain.ReviewCycle {
	b.Helper()
	const n = 1000
	ctx, sec := w.ctx, w.actors["secretariat"]
	owners := []string{w.bodies["budapest"].ID, w.bodies["ecowas"].ID, w.bodies["iom"].ID}
	sectors := []string{"agriculture", "construction", "health care", "hospitality", "information technology", "logistics", "manufacturing"}
	indicators := []string{"People placed", "Employers taking part", "Women placed", "Recognised qualifications", "Visas issued", "Complaints resolved"}
	cs := make([]*domain.Commitment, n)
	for i := range cs {
		cs[i] = &domain.Commitment{ProcessID: w.process.ID, Title: fmt.Sprintf("Commitment %04d on regular pathways", i), Lang: "en",
			Text: fmt.Sprintf("The owner opens %d regular pathways for labour migration in %s by %d, places at least %d people through them "+
				"and reports on them every year, with the number of people placed (reference %04d).", 2+i%5, sectors[i%len(sectors)], 2026+i%3, 100+7*i, i),
			OwnerBodyID: owners[i%len(owners)], Status: domain.CommitmentStatuses[i%4], DueOn: fmt.Sprintf("%d-12-31", 2026+i%3)}
	}
	if err := w.db.CreateCommitments(domain.NewContextWithActor(ctx, sec), cs, "create"); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, n)
	for i, c := range cs {
		ids[i] = c.ID
		for j := range 2 {
			base, target := float64(10*((i+j)%50)), float64(1000+10*i+100*j)
			ind := &domain.Indicator{CommitmentID: c.ID, Name: indicators[(2*i+j)%len(indicators)], Unit: "people", Baseline: &base, BaselineOn: fmt.Sprintf("%d-01-01", 2018+i%4),
				Target: &target, TargetOn: c.DueOn, Direction: domain.UpIsGood}
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
			State: domain.ReportAccepted, Status: domain.CommitmentOnTrack, Lang: "en",
			Narrative:   fmt.Sprintf("%d pathways opened in %s; %d people placed, %d of them women.", 1+i%4, sectors[(i+3)%len(sectors)], 200+3*i, 90+i),
			SubmittedAt: time.Date(2025, 5, 20+i%20, 9, 0, 0, 0, time.UTC)}
		for k, ind := range inds {
			r.Values = append(r.Values, domain.IndicatorValue{IndicatorID: ind.ID, Value: float64(200 + 3*i + 50*k), On: "2024-12-31"})
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
// seconds. PLENARY_BENCH_OUT=DIR keeps the files there, to look at them.
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
				if dir := os.Getenv("PLENARY_BENCH_OUT"); dir != "" {
					if err := os.WriteFile(filepath.Join(dir, "review-report-1000."+f), e.Data, 0o644); err != nil {
						b.Fatal(err)
					}
					if j, err := json.Marshal(e.View.Version.Text); err != nil || os.WriteFile(filepath.Join(dir, "review-report-1000.json"), j, 0o644) != nil {
						b.Fatal("writing the text", err)
					}
				}
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
	_ = store.ErrReviewReportFinal
}
