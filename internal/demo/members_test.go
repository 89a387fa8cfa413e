package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// Every body of the demo has its member states, except the non-state
// partners (an NGO, a university, a business alliance), which have none.
func TestDemoBodiesHaveTheirMemberStates(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if _, err := Load(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	bs, _, err := db.Bodies(ctx, store.BodyFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) < 39 {
		t.Fatalf("%d demo bodies", len(bs))
	}
	for _, b := range bs {
		stateless := b.Kind == domain.BodyNGO || b.Kind == domain.BodyAcademia || b.Kind == domain.BodyPrivateSector
		switch {
		case stateless && len(b.Countries) > 0:
			t.Errorf("%s (%s) has member states %v", b.Label(), b.Kind, b.Countries)
		case !stateless && len(b.Countries) == 0:
			t.Errorf("%s (%s) has no member states", b.Label(), b.Kind)
		case !stateless && b.MembersNote == "":
			t.Errorf("%s says nowhere where its members come from", b.Label())
		}
		for _, c := range b.Countries {
			if b.Kind.IsMechanism() && b.Joined[c] == "" {
				t.Errorf("%s: %s has no date of joining", b.Label(), c)
				break
			}
		}
	}
	by := func(label string) *domain.Body {
		i := slices.IndexFunc(bs, func(b *domain.Body) bool { return b.Label() == label })
		if i < 0 {
			t.Fatalf("no body %s", label)
		}
		return bs[i]
	}
	checks := []struct {
		body, country string
		n             int
	}{
		{"RCM", "MX", 11},
		{"5+5 Dialogue on Migration in the Western Mediterranean", "MA", 10},
		{"IGAD-RCP", "ET", 8},
		{"SACM", "CO", 12},
		{"GFMD", "FR", 193},
	}
	for _, c := range checks {
		b := by(c.body)
		if len(b.Countries) != c.n || !slices.Contains(b.Countries, c.country) {
			t.Errorf("%s: %d members %v, want %d with %s", c.body, len(b.Countries), b.Countries, c.n, c.country)
		}
	}
	if rcm := by("RCM"); !slices.Contains(rcm.Observers, "CO") || rcm.Website == "" || rcm.Joined["MX"] != "1996" {
		t.Errorf("RCM: observers %v, website %q, Mexico joined %q", rcm.Observers, rcm.Website, rcm.Joined["MX"])
	}
}
