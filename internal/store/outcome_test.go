package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// fillOutcome gives the meeting an outcome document with two versions, an
// amendment with a support, a translation, and adopts it, so that a dump
// and restore carry every outcome table (and restore sets the adopted
// document's guards aside while it fills them).
func fillOutcome(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting, userID, bodyID string) {
	t.Helper()
	text := domain.OutcomeText{Language: "en", Title: "Outcome « GRCP 7 »", Sections: []domain.OutcomeSection{{Key: "overall", Heading: "Overall", Generated: true,
		Blocks: []domain.OutcomeBlock{{ID: "p1", Kind: domain.BlockParagraph, Text: "Expand regular pathways."},
			{ID: "t1", Kind: domain.BlockTable, Rows: [][]string{{"Group", "Votes"}, {"Africa", "12"}}}}}}}
	if _, _, err := db.CreateOutcome(ctx, m.ID, "en", text, "draft", userID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeOutcome(ctx, m.ID, "open_round", func(o *store.OutcomeTx) error {
		o.Doc.Status, o.Doc.Round, o.Doc.RoundVersion, o.Doc.Silence = domain.OutcomeOpen, 1, 1, true
		am := &store.OutcomeAmendment{Round: 1, BasedOn: 1, BlockID: "p1", Op: store.AmendReplace, Text: "Élargir les voies régulières.", Lang: "fr",
			Justification: "Plus précis.", BodyID: bodyID, ProposedBy: userID}
		if err := o.AddAmendment(ctx, am); err != nil {
			return err
		}
		if _, err := o.AddSupport(ctx, am.ID, store.OutcomeSupport{BodyID: bodyID + "-other"}); err != nil {
			return err
		}
		before := *am
		am.Status, am.DecidedBy, am.DecidedAt, am.AppliedIn = store.AmendmentAccepted, userID, o.Now(), 2
		if err := o.UpdateAmendment(ctx, &before, am, "decide"); err != nil {
			return err
		}
		text.Sections[0].Blocks[0].Text = am.Text
		if _, err := o.AddVersion(ctx, text, "amendments:1", userID); err != nil {
			return err
		}
		if err := o.PutTranslations(ctx, []*store.OutcomeTranslation{{Lang: "fr", BlockID: "title", Text: "Document final", Status: store.TranslationMachine, OfVersion: 2, Source: "x"},
			{Lang: "fr", BlockID: "t1", Rows: [][]string{{"Groupe", "Voix"}, {"Afrique", "12"}}, Status: store.TranslationRevised, OfVersion: 2, Source: "y"}}); err != nil {
			return err
		}
		o.Doc.Status, o.Doc.AdoptedVersion, o.Doc.AdoptedHash, o.Doc.AdoptedAt, o.Doc.PublishedAt = domain.OutcomePublished, 2, text.Hash(), o.Now(), o.Now()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
