package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestSharedCountsAreEachViewersOwn checks that counts shared between
// people who see alike (searchshare.go) are, for every person, exactly
// what counting for that person alone gives: an observer and a delegate
// of the same meeting share the roles' counts, and the delegate's own
// submitted contributions, drafts and contributions in a meeting they do
// not belong to (held without attribution) are theirs alone; the
// secretariat does not count others' drafts, nobody counts a body written
// without attribution but their own, an outsider and a visitor count
// nothing. Each search is asked by everyone in turn, in one order and
// the other, so that each is answered from what another left kept.
func TestSharedCountsAreEachViewersOwn(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	ctx := context.Background()
	// Drafts: the delegate's in the meeting without attribution (with
	// its body), another's in m1, and one without an author (an import).
	for _, d := range []struct {
		meeting, author, body string
		kind                  domain.ContributionKind
	}{{f.m2, "author", f.b1, domain.KindCommitment}, {f.m1, "other", f.b2, domain.KindIssue}, {f.m1, "", f.b2, domain.KindFollowUp}} {
		c := &domain.Contribution{MeetingID: d.meeting, Kind: d.kind, Status: domain.StatusDraft, Lang: "en", Title: "Draft",
			Text: "Still being written.", BodyID: d.body, Regions: []string{"Europe"}, Tags: []string{f.o1}}
		actx := f.ctx
		if d.author != "" {
			c.AuthorID = f.users[d.author].User.ID
			actx = actorCtx(f.users[d.author].User)
		}
		if err := db.CreateContribution(actx, c); err != nil {
			t.Fatal(err)
		}
	}
	// A second observer of m1, who sees what the first does.
	u := &domain.User{Email: "observer2@example.org", Name: "observer2"}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	m := domain.Membership{UserID: u.ID, ProcessID: f.users["observer"].Memberships[0].ProcessID, MeetingID: f.m1, Role: domain.RoleObserver}
	if err := db.AddMembership(f.ctx, &m); err != nil {
		t.Fatal(err)
	}
	ms, err := db.MembershipsOf(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.users["observer2"] = &domain.Actor{User: u, Memberships: ms}
	people := []string{"author", "observer", "observer2", "other", "secretariat", "admin", "outsider", "visitor"}
	vis := func(who string) store.Visibility {
		if who == "visitor" {
			v, err := db.VisibilityFor(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		return f.vis(t, who)
	}
	if v1, v2 := vis("author"), vis("observer"); !slices.Equal(v1.PublishedIn, v2.PublishedIn) || len(v1.ManagedIn)+len(v2.ManagedIn) != 0 {
		t.Fatalf("the delegate and the observer of m1 should see alike but for the delegate's own: %+v %+v", v1, v2)
	}
	queries := []store.SearchQuery{
		{Facets: true},
		{MeetingIDs: []string{f.m1}, Facets: true},
		{MeetingIDs: []string{f.m2}, Facets: true},
		{MeetingIDs: []string{f.m1}},
		{BodyIDs: []string{f.b1}, Facets: true},
		{BodyIDs: []string{f.b1, f.b2}, MeetingIDs: []string{f.m2}, Facets: true},
		{Statuses: []domain.Status{domain.StatusDraft}, Facets: true},
		{Statuses: []domain.Status{domain.StatusSubmitted, domain.StatusDraft}, Kinds: []domain.ContributionKind{domain.KindCommitment}, Facets: true},
		{Regions: []string{"Europe"}, Objectives: []string{f.o1}, Facets: true},
		{Kinds: []domain.ContributionKind{domain.KindRecommendation}, Langs: []string{"en", "fr"}, Facets: true},
	}
	written := false
	show := func(q store.SearchQuery, res *store.SearchResult) string {
		s := fmt.Sprint("total ", res.Total)
		for _, name := range []string{"kind", "practice_type", "region", "body", "objective", "principle", "tag", "question", "lang", "status", "meeting", "demo"} {
			// A search within meetings has a version of those meetings
			// only (searchVersion): its meeting counts of the others are
			// counted again after a minute, not on a write there.
			if written && name == "meeting" && len(q.MeetingIDs) > 0 {
				continue
			}
			if res.Facets != nil {
				s += "\n" + name + ": " + f.facetString(res, name)
			}
		}
		return s
	}
	want := map[string]string{}
	for i, q := range queries {
		for _, who := range people {
			res, err := db.CountInSQLForTest(ctx, vis(who), q)
			if err != nil {
				t.Fatal(err)
			}
			want[fmt.Sprint(i, who)] = show(q, res)
		}
	}
	if want["0author"] == want["0observer"] || want["0observer"] != want["0observer2"] || want["2author"] == want["2observer"] ||
		want["6author"] == want["6secretariat"] || want["0outsider"] != want["0visitor"] {
		t.Fatalf("the fixture's people do not see as it says:\n%v", want)
	}
	order := slices.Clone(people)
	for round := range 4 {
		if round%2 == 1 {
			slices.Reverse(order)
		}
		for i, q := range queries {
			for _, who := range order {
				q.Limit = 3
				res, err := db.Search(ctx, vis(who), q)
				if err != nil {
					t.Fatal(err)
				}
				if got := show(q, res); got != want[fmt.Sprint(i, who)] {
					t.Errorf("round %d, %+v as %s:\n%s\nwant\n%s", round, q, who, got, want[fmt.Sprint(i, who)])
				}
				n, err := db.CountContributions(ctx, vis(who), q)
				if err != nil {
					t.Fatal(err)
				}
				if n != res.Total {
					t.Errorf("round %d, %+v as %s: CountContributions %d, Search %d", round, q, who, n, res.Total)
				}
			}
		}
		if round == 1 {
			// Written to: counted anew, still each person's own.
			c := &domain.Contribution{MeetingID: f.m1, Kind: domain.KindCommitment, Status: domain.StatusSubmitted, Lang: "en", Title: "New",
				Text: "A new one.", BodyID: f.b1, AuthorID: f.users["author"].User.ID, Regions: []string{"Europe"}}
			if err := db.CreateContribution(actorCtx(f.users["author"].User), c); err != nil {
				t.Fatal(err)
			}
			written = true
			for i, q := range queries {
				for _, who := range people {
					res, err := db.CountInSQLForTest(ctx, vis(who), q)
					if err != nil {
						t.Fatal(err)
					}
					want[fmt.Sprint(i, who)] = show(q, res)
				}
			}
		}
	}
}

// TestCountsKeptForTheNextStart checks that the roles' counts are kept in
// the database: a server started on it shows them without counting the
// contributions again while they are unchanged (a person's own are still
// added), counts anew after a write, and the counts are each person's.
func TestCountsKeptForTheNextStart(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	f := newSearchFix(t, db)
	ctx := context.Background()
	q := store.SearchQuery{MeetingIDs: []string{f.m1}, Facets: true, Limit: 2}
	first := map[string]string{}
	for _, who := range []string{"observer", "author", "secretariat"} {
		res, err := db.Search(ctx, f.vis(t, who), q)
		if err != nil {
			t.Fatal(err)
		}
		first[who] = fmt.Sprint(res.Total, res.Facets)
	}
	started, err := store.Open(ctx, storetest.URLOf(db), store.Options{IdleConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer started.Close()
	check := func(who string, computed int64) {
		t.Helper()
		before := started.SearchesComputedForTest()
		v := f.vis(t, who)
		res, err := started.Search(ctx, v, q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := started.CountInSQLForTest(ctx, v, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(res.Total, res.Facets); got != fmt.Sprint(want.Total, want.Facets) {
			t.Errorf("%s: %s, counted alone %s", who, got, fmt.Sprint(want.Total, want.Facets))
		}
		if n := started.SearchesComputedForTest() - before; n != computed {
			t.Errorf("%s: %d counts made, want %d", who, n, computed)
		}
	}
	// The observer's are the roles' (kept); the delegate's own are added
	// to them; the secretariat's kept.
	check("observer", 0)
	check("author", 0)
	check("secretariat", 0)
	c := &domain.Contribution{MeetingID: f.m1, Kind: domain.KindCommitment, Status: domain.StatusPublished, Lang: "en", Title: "New",
		Text: "A new one.", BodyID: f.b1, Regions: []string{"Europe"}}
	if err := started.CreateContribution(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	check("observer", 1)
	check("secretariat", 1)
	// Kept again for the next start.
	again, err := store.Open(ctx, storetest.URLOf(db), store.Options{IdleConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	res, err := again.Search(ctx, f.vis(t, "observer"), q)
	if err != nil {
		t.Fatal(err)
	}
	if n := again.SearchesComputedForTest(); n != 0 || first["observer"] == fmt.Sprint(res.Total, res.Facets) {
		t.Errorf("after the write, the next start counted %d times and shows %d", n, res.Total)
	}
}
