package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// fillPartnerships records a partnership made from a contribution of m,
// with every list filled and a change of status, for the dump test.
func fillPartnerships(t testing.TB, db *store.DB, ctx context.Context, m *domain.Meeting, bodies []*domain.Body) {
	t.Helper()
	ids, err := db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{m.ID}})
	if err != nil || len(ids) == 0 {
		t.Fatalf("contributions: %v", err)
	}
	// The demo may have made partnerships from some already.
	var from string
	for _, id := range ids {
		if ps, err := db.PartnershipsOfContribution(ctx, id); err == nil && len(ps) == 0 {
			from = id
			break
		}
	}
	cs, _, err := db.Commitments(ctx, store.CommitmentFilter{ProcessID: m.ProcessID})
	if err != nil || len(cs) == 0 {
		t.Fatalf("the demo's commitments: %v, %v", cs, err)
	}
	p := &domain.Partnership{ProcessID: m.ProcessID, MeetingID: m.ID, MadeFrom: from, Commitments: []string{cs[0].ID}, Title: "Observatoire « commun » 数据", Purpose: "Share data.\nAnd analysis.",
		Phase: domain.PhaseImplementation, Mechanism: domain.CollabDataSharing, Status: domain.PartnershipProposed, StartsOn: "2018-01-01",
		Parties: []string{bodies[0].ID, bodies[1].ID}, Objectives: []string{"O1", "O23"}, Contributions: []string{from},
		Links: []domain.PartnershipLink{{Title: "MoU", URL: "https://example.org/mou"}}}
	if err := db.CreatePartnerships(ctx, []*domain.Partnership{p}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangePartnership(ctx, p.ID, p.Version, "signed", func(p *domain.Partnership) error {
		p.Status = domain.PartnershipAgreed
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestPartnershipsStore(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	proc := &domain.Process{Name: "P"}
	if err := db.CreateProcess(ctx, proc); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: proc.ID, Title: "M"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: m}); err != nil {
		t.Fatal(err)
	}
	var bodies []*domain.Body
	for _, n := range []string{"A", "B", "C"} {
		b := &domain.Body{Name: n, Kind: domain.BodyIGO}
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	c := &domain.Contribution{MeetingID: m.ID, Kind: domain.KindPartnership, Status: domain.StatusPublished, Title: "Proposal", Text: "Text", Lang: "en", BodyID: bodies[0].ID}
	if err := db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	newP := func() *domain.Partnership {
		return &domain.Partnership{ProcessID: proc.ID, MeetingID: m.ID, MadeFrom: c.ID, Title: "T", Purpose: "P", Phase: domain.PhaseNegotiation,
			Mechanism: domain.CollabMoU, Status: domain.PartnershipProposed, Parties: []string{bodies[2].ID, bodies[0].ID}, Objectives: []string{"O3", "O1"},
			Contributions: []string{c.ID}}
	}
	p := newP()
	if err := db.CreatePartnerships(ctx, []*domain.Partnership{p}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePartnerships(ctx, []*domain.Partnership{newP()}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a second partnership from one proposal = %v", err)
	}
	bad := newP()
	bad.MadeFrom, bad.Parties = "", []string{bodies[0].ID, "missing"}
	if err := db.CreatePartnerships(ctx, []*domain.Partnership{newP(), bad}); domain.ErrorCode(err) == "" {
		t.Error("a batch with a bad row was stored")
	}
	got, err := db.Partnership(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Order kept as given: parties and objectives.
	if !slices.Equal(got.Parties, []string{bodies[2].ID, bodies[0].ID}) || !slices.Equal(got.Objectives, []string{"O3", "O1"}) || got.MadeFrom != c.ID {
		t.Errorf("stored %+v", got)
	}
	changed, err := db.ChangePartnership(ctx, p.ID, 1, "go", func(p *domain.Partnership) error {
		p.Status, p.Parties = domain.PartnershipActive, []string{bodies[1].ID, bodies[2].ID}
		return nil
	})
	if err != nil || changed.Version != 2 || len(changed.History) != 2 {
		t.Fatalf("ChangePartnership = %+v, %v", changed, err)
	}
	if _, err := db.ChangePartnership(ctx, p.ID, 1, "", func(*domain.Partnership) error { return nil }); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("stale change = %v", err)
	}
	for _, f := range []struct {
		name string
		f    store.PartnershipFilter
		want int
	}{
		{"by body", store.PartnershipFilter{BodyID: bodies[1].ID}, 1},
		{"by a former party", store.PartnershipFilter{BodyID: bodies[0].ID}, 0},
		{"by objective", store.PartnershipFilter{Objective: "O3"}, 1},
		{"by status", store.PartnershipFilter{Status: domain.PartnershipProposed}, 0},
		{"by process", store.PartnershipFilter{ProcessID: proc.ID, Limit: -1}, 1},
	} {
		if _, n, err := db.Partnerships(ctx, f.f); err != nil || n != f.want {
			t.Errorf("%s: %d, %v; want %d", f.name, n, err, f.want)
		}
	}
	cs, err := db.BodyContributions(ctx, proc.ID, bodies[0].ID)
	if err != nil || len(cs) != 1 || cs[0].ID != c.ID {
		t.Errorf("BodyContributions = %v, %v", cs, err)
	}
	if err := db.DeletePartnership(ctx, p.ID, 2); err != nil {
		t.Fatal(err)
	}
	if ps, err := db.PartnershipsOfContribution(ctx, c.ID); err != nil || len(ps) != 0 {
		t.Errorf("after delete: %v, %v", ps, err)
	}
}
