package store_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestSearchCountsFollowEdits checks that the counts, which come from the
// copies of the regions and tags kept in each contribution's row, follow
// an edit of the lists, with words and without.
func TestSearchCountsFollowEdits(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	c, err := db.Contribution(f.ctx, f.byName["en-law"].ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Regions = []string{"Europe", "Asia"}
	c.Tags = []string{f.o21}
	if err := db.UpdateContribution(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	pub := []domain.Status{domain.StatusPublished}
	_, res := f.search(t, "secretariat", store.SearchQuery{Facets: true, Statuses: pub})
	for name, want := range map[string]string{
		"region":    "Asia:2 Afrique de l'Ouest:1 Arab States:1 Europe:1 Global:1",
		"objective": "o21:3 o1:1",
		"principle": "pa:1",
	} {
		if got := f.facetString(res, name); got != want {
			t.Errorf("browsing: facet %s = %q, want %q", name, got, want)
		}
	}
	names, res := f.search(t, "secretariat", store.SearchQuery{Text: "regularisation", Lang: "en", Facets: true})
	if sorted(names) != "en-law" {
		t.Fatalf("regularisation found %v, want en-law", names)
	}
	for name, want := range map[string]string{"region": "Asia:1 Europe:1", "objective": "o21:1", "principle": ""} {
		if got := f.facetString(res, name); got != want {
			t.Errorf("words: facet %s = %q, want %q", name, got, want)
		}
	}
	// The filters read the lists themselves: the old region finds it no more.
	if names, _ := f.search(t, "secretariat", store.SearchQuery{Text: "regularisation", Lang: "en", Regions: []string{"Americas"}}); len(names) != 0 {
		t.Errorf("the old region still finds %v", names)
	}
}
