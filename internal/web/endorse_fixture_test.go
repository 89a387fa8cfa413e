package web

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// addEndorsements gives the fixture a published good practice of West
// Africa, "endorsed", which the delegate's body has endorsed for Europe
// (version 1).
func (f *fixture) addEndorsements(t *testing.T, ctx context.Context, meetingID, bodyID string) {
	t.Helper()
	f.addPractice(t, ctx, meetingID, "endorsed")
	e := &store.Endorsement{ContributionID: f.ids["endorsed"], BodyID: bodyID, Region: "Europe", Conditions: "Funding for the first two years."}
	if err := f.db.PutEndorsement(ctx, e); err != nil {
		t.Fatal(err)
	}
}

// addPractice adds a published good practice of West Africa named name.
func (f *fixture) addPractice(t *testing.T, ctx context.Context, meetingID, name string) {
	t.Helper()
	c := &domain.Contribution{MeetingID: meetingID, Kind: domain.KindGoodPractice, Practice: domain.PracticeProject, Status: domain.StatusPublished,
		Title: "A " + name + " good practice", Text: "Pre-departure training for seasonal workers.", Lang: "en", Regions: []string{"West Africa"}}
	if err := f.db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	f.ids[name] = c.ID
}
