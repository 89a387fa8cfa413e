package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// fillEndorsements adds an endorsement of a published good practice by a
// body of another region, edited once, so that the table has a row with a
// second version whatever the demo holds.
func fillEndorsements(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting) {
	t.Helper()
	body := &domain.Body{Name: "Dump test forum", Kind: domain.BodyRCP, Region: "Océanie"}
	if err := db.CreateBody(ctx, body); err != nil {
		t.Fatal(err)
	}
	c := &domain.Contribution{MeetingID: m.ID, Kind: domain.KindGoodPractice, Practice: domain.PracticeProject, Status: domain.StatusPublished,
		Title: "Guichet unique pour les travailleurs saisonniers", Text: "Un guichet unique informe les travailleurs avant le départ.",
		Lang: "fr", Regions: []string{"Afrique du Nord"}}
	if err := db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	e := &store.Endorsement{ContributionID: c.ID, BodyID: body.ID, Conditions: "Un financement « pilote » de deux ans."}
	if err := db.PutEndorsement(ctx, e); err != nil {
		t.Fatal(err)
	}
	e.Conditions += " Et un accord bilatéral."
	if err := db.PutEndorsement(ctx, e); err != nil {
		t.Fatal(err)
	}
}
