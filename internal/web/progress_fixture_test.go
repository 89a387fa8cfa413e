package web

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// addReports gives the fixture's process a commitment of its body
// ("commitment", with an indicator "indicator") on which the delegate
// reports: a draft with a document ("draft_report", "report_attachment")
// and a submitted report ("report") in the open cycle "cycle"; a Spanish
// translation of the commitment; and a
// closed cycle "closed_cycle" with its review report.
func (f *fixture) addReports(t *testing.T, ctx context.Context, users map[string]*domain.User, processID, bodyID string) {
	t.Helper()
	sec := &domain.Actor{User: users["secretariat"], Memberships: []domain.Membership{{ProcessID: processID, Role: domain.RoleSecretariat}}}
	del := &domain.Actor{User: users["delegate"], Memberships: []domain.Membership{{ProcessID: processID, MeetingID: f.ids["meeting"], Role: domain.RoleDelegate, BodyID: bodyID}}}
	c := &domain.Commitment{ProcessID: processID, Title: "Open regular pathways", Text: "We open pathways.", Lang: "en", OwnerBodyID: bodyID, Status: domain.CommitmentPlanned, DueOn: "2030-12-31"}
	if err := f.db.CreateCommitments(domain.NewContextWithActor(ctx, sec), []*domain.Commitment{c}, "create"); err != nil {
		t.Fatal(err)
	}
	base, target := 10.0, 50.0
	ind := &domain.Indicator{CommitmentID: c.ID, Name: "People placed", Unit: "people", Baseline: &base, BaselineOn: "2020-01-01", Target: &target, TargetOn: "2030-12-31",
		Direction: domain.UpIsGood, Disaggregation: []string{"sex"}}
	if err := f.db.CreateIndicator(domain.NewContextWithActor(ctx, sec), ind); err != nil {
		t.Fatal(err)
	}
	svc := followup.New(f.db)
	// A Spanish translation (the commitment is then at version 2).
	if _, err := svc.PutTranslation(ctx, sec, followup.TranslationInput{ID: c.ID, Version: 1, Lang: "es", Title: "Abrir vías regulares", Text: "Abrimos vías."}); err != nil {
		t.Fatal(err)
	}
	open, err := svc.OpenCycle(ctx, sec, followup.CycleInput{ProcessID: processID, Name: "Regional review", Deadline: "2030-06-30", Languages: []string{"en", "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	closed, err := svc.OpenCycle(ctx, sec, followup.CycleInput{ProcessID: processID, Name: "IMRF 2022", OpensOn: "2021-01-01", Deadline: "2021-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	in := followup.ReportInput{CommitmentID: c.ID, CycleID: open.ID, PeriodFrom: "2024-01-01", PeriodTo: "2024-12-31", PeriodLabel: "2024", Status: domain.CommitmentOnTrack,
		Lang: "en", Narrative: "Two pathways opened.", Values: []domain.IndicatorValue{{IndicatorID: ind.ID, Value: 20, On: "2024-12-31"}}}
	sub, err := svc.CreateReport(ctx, del, in)
	if err != nil {
		t.Fatal(err)
	}
	if sub, err = svc.SubmitReport(ctx, del, followup.ReportRef{ID: sub.ID, Version: sub.Version}); err != nil {
		t.Fatal(err)
	}
	in.CycleID, in.PeriodLabel = "", "2023"
	draft, err := svc.CreateReport(ctx, del, in)
	if err != nil {
		t.Fatal(err)
	}
	att, err := svc.Attach(ctx, del, followup.AttachInput{ReportID: draft.ID, Name: "figures.csv", Data: []byte("year,placed\n2024,20\n")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseCycle(ctx, sec, followup.CycleRef{ID: closed.ID, Version: closed.Version}); err != nil {
		t.Fatal(err)
	}
	f.ids["commitment"], f.ids["indicator"], f.ids["report"], f.ids["draft_report"] = c.ID, ind.ID, sub.ID, draft.ID
	f.ids["report_attachment"], f.ids["cycle"], f.ids["closed_cycle"] = att.ID, open.ID, closed.ID
}
