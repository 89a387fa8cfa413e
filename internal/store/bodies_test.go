package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestBodiesByID reads bodies with their acronym, which the outcome
// document's list of participants gives after the name and the amendment
// record names a delegation by.
func TestBodiesByID(t *testing.T) {
	db := storetest.Open(t)
	u := &domain.User{Email: "ana@example.org", Name: "Ana"}
	if err := db.CreateUser(context.Background(), u, ""); err != nil {
		t.Fatal(err)
	}
	ctx := actorCtx(u)
	want := []*domain.Body{
		{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "North and Central America"},
		{Name: "Colombo Process", Kind: domain.BodyRCP, Region: "South and South-East Asia"},
	}
	var ids []string
	for _, b := range want {
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.ID)
	}
	got, err := db.BodiesByID(ctx, append(ids, "no-such-body"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d bodies, want %d", len(got), len(want))
	}
	for _, w := range want {
		g := got[w.ID]
		if g == nil || g.Name != w.Name || g.Acronym != w.Acronym || g.Kind != w.Kind || g.Region != w.Region || g.Label() != w.Label() {
			t.Errorf("body %s = %+v, want %+v", w.ID, g, w)
		}
	}
}
