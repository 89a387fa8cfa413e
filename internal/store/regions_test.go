package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// Regions written as text refer to the region they name, whatever the
// case or the language; the others are listed, keep their text, and are
// mapped in one step.
func TestRegionsAsData(t *testing.T) {
	db := storetest.Open(t)
	u := &domain.User{Email: "ana@example.org", Name: "Ana"}
	if err := db.CreateUser(context.Background(), u, ""); err != nil {
		t.Fatal(err)
	}
	ctx := actorCtx(u)
	tests := []struct{ text, id string }{
		{"North and Central America", "003"},
		{"Asia-Pacific", "asia-pacific"},
		{"asia and the pacific", "asia-pacific"},
		{"América Latina y el Caribe", "419"},
		{"Afrique occidentale", "011"},
		{"Global", "001"},
		{"Atlantis", ""},
	}
	for i, tt := range tests {
		b := &domain.Body{Name: "Body " + tt.text, Kind: domain.BodyRCP, Region: tt.text}
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		got, err := db.Body(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.RegionID != tt.id || got.Region != tt.text {
			t.Errorf("%d: body of %q refers to %q (%q), want %q", i, tt.text, got.RegionID, got.Region, tt.id)
		}
	}
	un, err := db.UnmappedRegions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(un) != 1 || un[0].Text != "Atlantis" || un[0].Bodies != 1 {
		t.Fatalf("unmapped = %+v, want Atlantis on one body", un)
	}
	g := &domain.Region{Name: "Atlantic Ocean (demonstration)", Names: map[string]string{"fr": "Océan Atlantique"}, Parts: []string{"CV", "ST", "IS"}}
	if err := db.SaveGrouping(ctx, g); err != nil {
		t.Fatal(err)
	}
	n, err := db.MapRegionName(ctx, "ATLANTIS", g.ID)
	if err != nil || n != 1 {
		t.Fatalf("MapRegionName = %d, %v", n, err)
	}
	if un, _ := db.UnmappedRegions(ctx); len(un) != 0 {
		t.Errorf("still unmapped: %+v", un)
	}
	b := &domain.Body{Name: "Another", Kind: domain.BodyRCP, Region: "océan atlantique"}
	if err := db.CreateBody(ctx, b); err != nil || b.RegionID != g.ID {
		t.Errorf("a body of a grouping's French name refers to %q (%v)", b.RegionID, err)
	}
	if _, err := db.MapRegionName(ctx, "Atlantis", "nowhere"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("mapping to an unknown region: %v", err)
	}
	stale := *g
	g.Parts = append(g.Parts, "BM")
	if err := db.SaveGrouping(ctx, g); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveGrouping(ctx, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a stale save: %v, want a conflict", err)
	}
	x, err := db.RegionIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(x.Countries(g.ID), "BM") || !x.SameRegion("asia-pacific", "035") || x.SameRegion("asia-pacific", "002") {
		t.Errorf("index: %v", x.Countries(g.ID))
	}
}
