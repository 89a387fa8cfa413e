package demo

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestDemoPartnerships: the demo's registry holds its invented
// partnerships, marked so, one made from a GRCP 7 proposal, and at least
// one proposal left for a visitor to turn.
func TestDemoPartnerships(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	res, err := Load(ctx, db, testParams)
	if err != nil {
		t.Fatal(err)
	}
	m, err := db.Meeting(ctx, res.MeetingID)
	if err != nil {
		t.Fatal(err)
	}
	ps, total, err := db.Partnerships(ctx, store.PartnershipFilter{ProcessID: m.ProcessID, Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if total != len(demoPartnerships)+1 {
		t.Errorf("%d partnerships, want %d", total, len(demoPartnerships)+1)
	}
	made := 0
	for _, p := range ps {
		if !p.Demo {
			t.Errorf("%q is not marked as demonstration content", p.Title)
		}
		if p.MadeFrom != "" {
			made++
			if p.MadeFrom != res.PartnershipProposalID || p.Status != domain.PartnershipAgreed || len(p.History) != 2 {
				t.Errorf("the partnership made from a proposal: %+v", p)
			}
		}
	}
	if made != 1 {
		t.Errorf("%d partnerships made from proposals, want 1", made)
	}
	sec := &domain.Actor{User: &domain.User{ID: "x", Name: "Admin", Admin: true}}
	left := 0
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{res.MeetingID}, Statuses: []domain.Status{domain.StatusPublished},
		Kinds: []domain.ContributionKind{domain.KindPartnership}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if pr, err := partnership.New(db, nil).Propose(ctx, sec, id); err == nil && pr.Existing == nil {
			left++
		}
	}
	if left == 0 {
		t.Error("no partnership proposal is left to turn")
	}
}
