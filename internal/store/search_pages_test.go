package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// pagesFix is a meeting with contributions of every status by two
// authors, several created in the same millisecond, and the people who
// page through them.
type pagesFix struct {
	db       *store.DB
	ctx      context.Context // as the administrator
	meeting  string
	author   *domain.User // a delegate who writes drafts too
	other    *domain.User // another delegate
	delegate *domain.Actor
	admin    *domain.Actor
	n        int
}

func newPagesFix(t *testing.T) *pagesFix {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	f := &pagesFix{db: db}
	admin := &domain.User{Email: "admin@example.org", Name: "Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	f.admin = &domain.Actor{User: admin}
	f.ctx = domain.NewContextWithActor(ctx, f.admin)
	p := &domain.Process{Name: "ISCM"}
	if err := db.CreateProcess(f.ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeeting(f.ctx, m); err != nil {
		t.Fatal(err)
	}
	f.meeting = m.ID
	b := &domain.Body{Name: "Regional Conference on Migration", Kind: domain.BodyRCP, Region: "Americas"}
	if err := db.CreateBody(f.ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, u := range []**domain.User{&f.author, &f.other} {
		*u = &domain.User{Email: fmt.Sprintf("d%p@example.org", u), Name: "Delegate"}
		if err := db.CreateUser(ctx, *u, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.AddMembership(f.ctx, &domain.Membership{UserID: (*u).ID, ProcessID: p.ID, Role: domain.RoleDelegate, BodyID: b.ID}); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := db.MembershipsOf(ctx, f.author.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.delegate = &domain.Actor{User: f.author, Memberships: ms}
	// Three at a time in the same millisecond, so that the order must
	// break ties by seq.
	start := time.Date(2017, 10, 1, 9, 0, 0, 0, time.UTC)
	var cs []*domain.Contribution
	for i := range 60 {
		cs = append(cs, f.contribution(start.Add(time.Duration(i/3)*time.Minute)))
	}
	if err := db.CreateContributions(f.ctx, cs); err != nil {
		t.Fatal(err)
	}
	return f
}

// contribution makes the fixture's next contribution: every fourth a
// draft, of the author or the other delegate in turn, the rest published
// or submitted.
func (f *pagesFix) contribution(at time.Time) *domain.Contribution {
	f.n++
	c := &domain.Contribution{MeetingID: f.meeting, Kind: domain.KindRecommendation, Lang: "en", Status: domain.StatusPublished,
		Title: fmt.Sprintf("Contribution %d", f.n), Text: "Text.", CreatedAt: at, AuthorID: f.other.ID}
	switch f.n % 4 {
	case 0:
		c.Status = domain.StatusDraft
		if f.n%8 == 0 {
			c.AuthorID = f.author.ID
		}
	case 1:
		c.Status = domain.StatusSubmitted
	}
	return c
}

// visible lists the IDs who may see, in sort's order, as a search
// without pages gives them.
func (f *pagesFix) all(t *testing.T, v store.Visibility, sort string) []string {
	t.Helper()
	res, err := f.db.Search(context.Background(), v, store.SearchQuery{MeetingIDs: []string{f.meeting}, Sort: sort, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range res.Items {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestSearchCursorPagesAcrossWrites pages through a meeting's list with
// the cursors, newest, oldest and last changed first, forwards and back,
// as an administrator and as a delegate, while contributions are added
// between the requests: every contribution there at the start is shown
// once, in order, and none a person may not see.
func TestSearchCursorPagesAcrossWrites(t *testing.T) {
	t.Parallel()
	f := newPagesFix(t)
	ctx := context.Background()
	for _, who := range []string{"admin", "delegate"} {
		actor := f.admin
		if who == "delegate" {
			actor = f.delegate
		}
		for _, sort := range []string{store.SortNewest, store.SortOldest, store.SortUpdated} {
			t.Run(who+"/"+sort, func(t *testing.T) {
				v, err := f.db.VisibilityFor(ctx, actor)
				if err != nil {
					t.Fatal(err)
				}
				before := f.all(t, v, sort)
				if len(before) < 30 {
					t.Fatalf("only %d visible", len(before))
				}
				q := store.SearchQuery{MeetingIDs: []string{f.meeting}, Sort: sort, Limit: 7, Facets: true}
				var seen []string
				var pages []*store.SearchResult
				for range 100 {
					res, err := f.db.Search(ctx, v, q)
					if err != nil {
						t.Fatal(err)
					}
					pages = append(pages, res)
					for _, c := range res.Items {
						if c.Status == domain.StatusDraft && c.AuthorID != actor.User.ID {
							t.Fatalf("%s sees another's draft %s", who, c.ID)
						}
						seen = append(seen, c.ID)
					}
					// Someone writes between two pages.
					if err := f.db.CreateContributions(f.ctx, []*domain.Contribution{f.contribution(time.Now())}); err != nil {
						t.Fatal(err)
					}
					if res.Next == "" {
						break
					}
					q.Cursor = res.Next
				}
				// What was there at the start, in order, once each; what was
				// added may follow it (oldest first, it comes last).
				if len(seen) < len(before) || !slices.Equal(seen[:len(before)], before) {
					t.Fatalf("pages gave\n%v\nwant\n%v", seen, before)
				}
				if len(slices.Compact(slices.Sorted(slices.Values(seen)))) != len(seen) {
					t.Fatalf("a contribution shown twice: %v", seen)
				}
				if pages[0].Prev != "" {
					t.Errorf("first page has a previous one: %q", pages[0].Prev)
				}
				// Back from the last page: the same pages, in reverse.
				last := pages[len(pages)-1]
				q.Cursor = last.Prev
				for i := len(pages) - 2; i >= 0; i-- {
					if q.Cursor == "" {
						t.Fatalf("page %d has no previous page", i+1)
					}
					res, err := f.db.Search(ctx, v, q)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := ids(res), ids(pages[i]); !slices.Equal(got, want) {
						t.Fatalf("back to page %d: %v, want %v", i, got, want)
					}
					q.Cursor = res.Prev
				}
				// Before the first page come only what was added since, in
				// the orders that put the newest first.
				if q.Cursor != "" {
					res, err := f.db.Search(ctx, v, q)
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range res.Items {
						if sort == store.SortOldest || slices.Contains(before, c.ID) {
							t.Fatalf("before the first page: %s", c.ID)
						}
					}
				}
			})
		}
	}
}

func ids(res *store.SearchResult) []string {
	var out []string
	for _, c := range res.Items {
		out = append(out, c.ID)
	}
	return out
}

// TestSearchCursorRefused: a cursor is refused with words to rank, with
// another sort than its own and when it is not one.
func TestSearchCursorRefused(t *testing.T) {
	t.Parallel()
	f := newPagesFix(t)
	ctx := context.Background()
	res, err := f.db.Search(ctx, store.Visibility{All: true}, store.SearchQuery{Limit: 5})
	if err != nil || res.Next == "" {
		t.Fatalf("%v %+v", err, res)
	}
	for _, q := range []store.SearchQuery{
		{Cursor: res.Next, Text: "contribution"},
		{Cursor: res.Next, Sort: store.SortOldest},
		{Cursor: res.Next, Sort: store.SortTitle},
		{Cursor: "an.x.1"},
		{Cursor: "zz"},
	} {
		_, err := f.db.Search(ctx, store.Visibility{All: true}, q)
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%+v: %v", q, err)
		}
	}
}

// TestMeetingCountsKeptPerMeeting: a meeting's counts are kept until a
// contribution of that meeting is written, whatever is written in other
// meetings; after every write they equal a fresh count, for the
// administrator and for a delegate, who is never counted another's draft.
func TestMeetingCountsKeptPerMeeting(t *testing.T) {
	t.Parallel()
	f := newPagesFix(t)
	ctx := context.Background()
	m, err := f.db.Meeting(ctx, f.meeting)
	if err != nil {
		t.Fatal(err)
	}
	other := &domain.Meeting{ProcessID: m.ProcessID, Title: "Another meeting"}
	if err := f.db.CreateMeeting(f.ctx, other); err != nil {
		t.Fatal(err)
	}
	q := store.SearchQuery{MeetingIDs: []string{f.meeting}, Facets: true, Limit: 5}
	search := func(a *domain.Actor) *store.SearchResult {
		t.Helper()
		v, err := f.db.VisibilityFor(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.db.Search(ctx, v, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// fresh counts what a person may see one contribution at a time.
	fresh := func(a *domain.Actor) (total int, status map[string]int) {
		t.Helper()
		status = map[string]int{}
		v, err := f.db.VisibilityFor(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		all, err := f.db.Search(ctx, v, store.SearchQuery{MeetingIDs: []string{f.meeting}, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range all.Items {
			if c.Status == domain.StatusDraft && c.AuthorID != a.User.ID {
				t.Fatalf("another's draft %s listed", c.ID)
			}
			status[string(c.Status)]++
		}
		return len(all.Items), status
	}
	check := func(when string) {
		t.Helper()
		for _, a := range []*domain.Actor{f.admin, f.delegate} {
			res := search(a)
			total, status := fresh(a)
			got := map[string]int{}
			for _, fc := range res.Facets["status"] {
				got[fc.Value] = fc.Count
			}
			if res.Total != total || fmt.Sprint(got) != fmt.Sprint(status) {
				t.Fatalf("%s, as %s: kept total %d %v, fresh %d %v", when, a.User.Name, res.Total, got, total, status)
			}
		}
	}
	check("at first")
	search(f.admin)
	before := f.db.SearchesComputedForTest()
	// Written elsewhere: the meeting's counts are kept.
	elsewhere := f.contribution(time.Now())
	elsewhere.MeetingID = other.ID
	if err := f.db.CreateContributions(f.ctx, []*domain.Contribution{elsewhere}); err != nil {
		t.Fatal(err)
	}
	search(f.admin)
	if n := f.db.SearchesComputedForTest() - before; n != 0 {
		t.Fatalf("a contribution to another meeting counted this one again (%d)", n)
	}
	// Written here: added, changed, published; each time counted again.
	c := f.contribution(time.Now())
	c.Status = domain.StatusDraft
	c.AuthorID = f.author.ID
	if err := f.db.CreateContributions(f.ctx, []*domain.Contribution{c}); err != nil {
		t.Fatal(err)
	}
	check("after a new draft")
	if n := f.db.SearchesComputedForTest() - before; n == 0 {
		t.Fatal("a new contribution of the meeting kept its old counts")
	}
	got, err := f.db.Contribution(f.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Title += " (edited)"
	if err := f.db.UpdateContribution(f.ctx, got); err != nil {
		t.Fatal(err)
	}
	check("after an edit")
	for _, tr := range []domain.Transition{domain.TransSubmit, domain.TransPublish} {
		got, err = f.db.Contribution(f.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // a change in another millisecond, as the version reads it
		if _, err := f.db.TransitionContribution(f.ctx, got.ID, got.Version, tr, ""); err != nil {
			t.Fatal(err)
		}
		check("after " + string(tr))
	}
}
