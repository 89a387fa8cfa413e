package web

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
)

// addFollowUp gives the fixture's process follow-up: a meeting whose
// outcome document is adopted with an overall recommendation
// ("adopted_meeting", "rec_block") and a published commitment
// contribution there by the delegate's body ("pledge"; only the process's
// secretariat and administrators see that meeting, so the first
// meeting's counts stay as they were), and a commitment of the process owned
// by the fixture's body ("fu_commitment", version 1) with an indicator
// ("fu_indicator", version 1), beside the progress reports' commitment.
func (f *fixture) addFollowUp(t *testing.T, ctx context.Context, users map[string]*domain.User, processID, bodyID string) {
	t.Helper()
	sec := &domain.Actor{User: users["secretariat"], Memberships: []domain.Membership{{UserID: users["secretariat"].ID, ProcessID: processID, Role: domain.RoleSecretariat}}}
	am := &domain.Meeting{ProcessID: processID, Title: "Adopted Meeting", ShortName: "AM 1"}
	if err := f.db.CreateMeetingWithAgenda(domain.NewContextWithActor(ctx, sec), &domain.Agenda{Meeting: am}); err != nil {
		t.Fatal(err)
	}
	del := &domain.Actor{User: users["delegate"]}
	pledge := &domain.Contribution{MeetingID: am.ID, Kind: domain.KindCommitment, Status: domain.StatusPublished, Title: "Resource centres for migrants",
		Text: "We will open two migrant resource centres by 2025.", BodyID: bodyID, AuthorID: users["delegate"].ID, Lang: "en"}
	if err := f.db.CreateContribution(domain.NewContextWithActor(ctx, del), pledge); err != nil {
		t.Fatal(err)
	}
	f.ids["pledge"] = pledge.ID
	text := domain.OutcomeText{Language: "en", Title: "Outcome of AM 1", Sections: []domain.OutcomeSection{{Key: "overall", Heading: "Overall recommendations",
		Blocks: []domain.OutcomeBlock{{ID: "p-rec", Kind: domain.BlockParagraph, Text: "Share migration data between mechanisms every year."}}}}}
	if _, _, err := f.db.CreateOutcome(ctx, am.ID, "en", text, "draft", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ChangeOutcome(ctx, am.ID, "adopt", func(o *store.OutcomeTx) error {
		o.Doc.Status, o.Doc.AdoptedVersion, o.Doc.AdoptedHash, o.Doc.AdoptedAt = domain.OutcomeAdopted, 1, text.Hash(), o.Now()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	f.ids["adopted_meeting"], f.ids["rec_block"] = am.ID, "p-rec"
	svc := followup.New(f.db)
	c := &domain.Commitment{ProcessID: processID, Title: "Regional data hub", Text: "Publish comparable migration data every year.", Lang: "en",
		OwnerBodyID: bodyID, Objectives: []string{"O1"}, DueOn: "2030-12-31"}
	if _, err := svc.Create(ctx, sec, c); err != nil {
		t.Fatal(err)
	}
	base, target := 0.0, 12.0
	ind, err := svc.AddIndicator(ctx, sec, followup.IndicatorInput{CommitmentID: c.ID, Name: "Datasets published", Baseline: &base, BaselineOn: "2020-01-01",
		Target: &target, TargetOn: "2030-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["fu_commitment"], f.ids["fu_indicator"] = c.ID, ind.ID
}
