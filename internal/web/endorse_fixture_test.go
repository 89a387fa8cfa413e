package web

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// addEndorsements gives the fixture two published good practices of West
// Africa: "practice", which nobody has endorsed, and "endorsed", which the
// delegate's body has endorsed for Europe (version 1).
func (f *fixture) addEndorsements(t *testing.T, ctx context.Context, meetingID, bodyID string) {
	t.Helper()
	for _, name := range []string{"practice", "endorsed"} {
		c := &domain.Contribution{MeetingID: meetingID, Kind: domain.KindGoodPractice, Practice: domain.PracticeProject, Status: domain.StatusPublished,
			Title: "A " + name + " good practice", Text: "Pre-departure training for seasonal workers.", Lang: "en", Regions: []string{"West Africa"}}
		if err := f.db.CreateContribution(ctx, c); err != nil {
			t.Fatal(err)
		}
		f.ids[name] = c.ID
	}
	e := &store.Endorsement{ContributionID: f.ids["endorsed"], BodyID: bodyID, Region: "Europe", Conditions: "Funding for the first two years."}
	if err := f.db.PutEndorsement(ctx, e); err != nil {
		t.Fatal(err)
	}
}
