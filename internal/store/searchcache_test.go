package store_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestSearchCacheFollowsChanges: a search repeated after a change counts
// the change, whatever the change (a new contribution, an edit, a step of
// the workflow), and pages of a cached search are the right ones.
func TestSearchCacheFollowsChanges(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, c, _ := contributionFixture(t, db)
	v := store.Visibility{All: true, AuthorID: c.AuthorID} // the drafts are the author's
	count := func(q store.SearchQuery) (int, []string) {
		t.Helper()
		res, err := db.Search(ctx, v, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range res.Items {
			ids = append(ids, it.ID)
		}
		return res.Total, ids
	}
	words := store.SearchQuery{Text: "migrant", Facets: true, Limit: 1}
	browse := store.SearchQuery{Kinds: []domain.ContributionKind{domain.KindGoodPractice}, Facets: true}
	if n, _ := count(words); n != 0 {
		t.Fatalf("empty database: %d", n)
	}
	var made []*domain.Contribution
	for i := range 3 {
		x := *c
		x.ID, x.Title = "", x.Title+string(rune('A'+i))
		if err := db.CreateContribution(ctx, &x); err != nil {
			t.Fatal(err)
		}
		made = append(made, &x)
		if n, _ := count(words); n != i+1 {
			t.Fatalf("after %d contributions the word search counts %d", i+1, n)
		}
		if n, _ := count(browse); n != i+1 {
			t.Fatalf("after %d contributions browsing counts %d", i+1, n)
		}
	}
	// Pages of a cached search: each once, in order.
	seen := map[string]bool{}
	for off := range 3 {
		q := words
		q.Offset = off
		_, ids := count(q)
		if len(ids) != 1 || seen[ids[0]] {
			t.Fatalf("page %d: %v", off, ids)
		}
		seen[ids[0]] = true
	}
	// An edit that changes the kind leaves the good practices.
	got, _ := db.Contribution(ctx, made[0].ID)
	got.Kind = domain.KindRecommendation
	if err := db.UpdateContribution(ctx, got); err != nil {
		t.Fatal(err)
	}
	if n, _ := count(browse); n != 2 {
		t.Fatalf("after an edit browsing counts %d, want 2", n)
	}
	// A workflow step shows in the status counts.
	if _, err := db.TransitionContribution(ctx, made[1].ID, 1, domain.TransSubmit, ""); err != nil {
		t.Fatal(err)
	}
	res, err := db.Search(ctx, v, store.SearchQuery{Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	var submitted int
	for _, f := range res.Facets["status"] {
		if f.Value == "submitted" {
			submitted = f.Count
		}
	}
	if submitted != 1 {
		t.Fatalf("status counts after a submission: %+v", res.Facets["status"])
	}
}
