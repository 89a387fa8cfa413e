package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// demoActor is the demo account with the e-mail address and its roles.
func demoActor(t *testing.T, db *store.DB, email string) *domain.Actor {
	t.Helper()
	ctx := context.Background()
	u, _, err := db.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.MembershipsOf(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &domain.Actor{User: u, Memberships: ms}
}

// demoBodyByLabel returns a demo body by acronym, else name.
func demoBodyByLabel(t *testing.T, db *store.DB, label string) *domain.Body {
	t.Helper()
	bs, _, err := db.Bodies(context.Background(), store.BodyFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		if b.Label() == label {
			return b
		}
	}
	t.Fatalf("no demo body %q", label)
	return nil
}

// The two cases of issue 17, on the demo: regions written differently
// are compared by the countries behind them.
func TestDemoRegionsAreComparedByTheirCountries(t *testing.T) {
	db, res, _, _ := loadDemo(t)
	ctx := context.Background()

	t.Run("a Puebla Process contribution is an input of the Americas and the Caribbean group", func(t *testing.T) {
		delegate := demoActor(t, db, "delegate@demo.plenary.local")
		rcm := demoBodyByLabel(t, db, "RCM")
		if rcm.Region != "North and Central America" {
			t.Fatalf("RCM's region is %q", rcm.Region)
		}
		// What the contribution form does: the region defaults to the
		// body's.
		c := &domain.Contribution{MeetingID: res.MeetingID, BodyID: rcm.ID, AuthorID: delegate.User.ID, Kind: domain.KindRecommendation,
			Title: "Regional protocol for the return of unaccompanied children", Text: "The member states of the Regional Conference on Migration agree on a common protocol.",
			Lang: "en", Regions: []string{rcm.Region}, Status: domain.StatusPublished}
		if err := db.CreateContribution(domain.NewContextWithActor(ctx, delegate), c); err != nil {
			t.Fatal(err)
		}
		groups, err := db.Groups(ctx, res.MeetingID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(groups, func(g *domain.Group) bool { return g.Name == "Americas and the Caribbean" })
		if i < 0 {
			t.Fatal("no Americas group")
		}
		ws, err := deliberation.New(db, nil).Workspace(ctx, delegate, deliberation.WorkspaceInput{GroupID: groups[i].ID, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ws.Inputs, func(in *domain.Contribution) bool { return in.ID == c.ID }) {
			t.Errorf("the group's inputs of its region (%d of %d) leave out the Puebla Process's contribution for %q", len(ws.Inputs), ws.InputsTotal, rcm.Region)
		}
	})

	t.Run("a Colombo Process practice endorsed by the Bali Process is not endorsed by another region", func(t *testing.T) {
		colombo := demoBodyByLabel(t, db, "Colombo Process")
		bali := demoBodyByLabel(t, db, "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime")
		ids, err := db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{res.MeetingID},
			Statuses: []domain.Status{domain.StatusPublished}, Kinds: []domain.ContributionKind{domain.KindGoodPractice}})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := db.ContributionsByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(cs, func(c *domain.Contribution) bool { return c.BodyID == colombo.ID })
		if i < 0 {
			t.Fatal("the Colombo Process has no published good practice in the demo")
		}
		practice := cs[i]
		m, err := db.Meeting(ctx, res.MeetingID)
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.CreateUserWithMembership(ctx, &domain.User{Email: "bali@example.org", Name: "Bali Delegate"}, "",
			&domain.Membership{ProcessID: m.ProcessID, MeetingID: m.ID, Role: domain.RoleDelegate, BodyID: bali.ID})
		if err != nil {
			t.Fatal(err)
		}
		baliDelegate := demoActor(t, db, u.Email)
		// The Bali Process endorses for its own region, as its form
		// proposes: "Asia-Pacific".
		_, err = synthesis.New(db, nil, nil).Endorse(domain.NewContextWithActor(ctx, baliDelegate), baliDelegate, synthesis.EndorseInput{ContributionID: practice.ID, BodyID: bali.ID})
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("the Bali Process (%q) endorsing a Colombo Process practice of %v: %v, want it refused as the practice's own region", bali.Region, practice.Regions, err)
		}
		p, err := db.EndorsedPractices(ctx, res.MeetingID, store.EndorsedFilter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			for _, e := range it.Endorsements {
				if e.BodyID == bali.ID && it.Practice.BodyID == colombo.ID {
					t.Errorf("%q is counted as endorsed by another region, the Bali Process's %s", it.Practice.Title, e.Region)
				}
			}
		}
	})
}
