package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

func TestContributionIDsAndFull(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx, base, _ := contributionFixture(t, db)
	mk := func(id string, kind domain.ContributionKind, status domain.Status, created string) *domain.Contribution {
		c := *base
		c.ID, c.Kind, c.Status = id, kind, status
		c.CreatedAt, _ = time.Parse(time.RFC3339, created)
		c.Translations = []domain.Translation{{Lang: "fr", Title: "Titre " + id, Text: "Texte"}}
		return &c
	}
	cs := []*domain.Contribution{
		mk("c", domain.KindGoodPractice, domain.StatusPublished, "2017-10-03T00:00:00Z"),
		mk("a", domain.KindRecommendation, domain.StatusDraft, "2017-10-01T00:00:00Z"),
		mk("b", domain.KindIssue, domain.StatusPublished, "2017-10-01T00:00:00Z"),
	}
	if err := db.CreateContributions(ctx, cs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		f    store.ContributionFilter
		want []string
	}{
		{"all, oldest first then by ID", store.ContributionFilter{}, []string{"a", "b", "c"}},
		{"meeting", store.ContributionFilter{MeetingIDs: []string{base.MeetingID}}, []string{"a", "b", "c"}},
		{"other meeting", store.ContributionFilter{MeetingIDs: []string{"none"}}, nil},
		{"status", store.ContributionFilter{Statuses: []domain.Status{domain.StatusPublished}}, []string{"b", "c"}},
		{"kinds and status", store.ContributionFilter{Kinds: []domain.ContributionKind{domain.KindIssue, domain.KindRecommendation},
			Statuses: []domain.Status{domain.StatusPublished}}, []string{"b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ids, err := db.ContributionIDs(ctx, tc.f)
			if err != nil || !slices.Equal(ids, tc.want) {
				t.Errorf("IDs = %q, %v; want %q", ids, err, tc.want)
			}
		})
	}
	full, err := db.ContributionsFull(ctx, []string{"c", "missing", "a"})
	if err != nil || len(full) != 2 || full[0].ID != "c" || full[1].ID != "a" {
		t.Fatalf("ContributionsFull = %v, %v", full, err)
	}
	if len(full[0].Translations) != 1 || full[0].Translations[0].Title != "Titre c" || len(full[0].Tags) != 2 || len(full[0].Countries) != 2 {
		t.Errorf("details: %+v", full[0])
	}
}
