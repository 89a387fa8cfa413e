package store_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestDeletingStructureDeletesItsTranslations: deleting a session, a part,
// an item or a group deletes the translations of what goes with it (a
// session's parts and items, a part's items, an item's sub-items), in the
// same transaction; the rest of the meeting keeps its own.
func TestDeletingStructureDeletesItsTranslations(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	u := &domain.User{Email: "sec@example.org", Name: "Sec"}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	actx := actorCtx(u)
	p := &domain.Process{Name: "P"}
	if err := db.CreateProcess(actx, p); err != nil {
		t.Fatal(err)
	}
	item := func(text string, subs ...*domain.ItemNode) *domain.ItemNode {
		return &domain.ItemNode{AgendaItem: domain.AgendaItem{Kind: domain.ItemObjective, Text: text}, Children: subs}
	}
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, Sessions: []*domain.SessionNode{
		{Session: domain.Session{Number: 1, Title: "One"}, Items: []*domain.ItemNode{item("s1 item")},
			Parts: []*domain.PartNode{{Part: domain.Part{Title: "One A", Kind: domain.PartBreakout}, Items: []*domain.ItemNode{item("p1 item", item("p1 sub"))}}}},
		{Session: domain.Session{Number: 2, Title: "Two"}, Items: []*domain.ItemNode{item("s2 item", item("s2 sub"))},
			Parts: []*domain.PartNode{
				{Part: domain.Part{Title: "Two A", Kind: domain.PartBreakout}, Items: []*domain.ItemNode{item("p2 item")}},
				{Part: domain.Part{Title: "Two B", Kind: domain.PartPlenary}, Items: []*domain.ItemNode{item("p3 item")}},
			}},
	}}
	if err := db.CreateMeetingWithAgenda(actx, a); err != nil {
		t.Fatal(err)
	}
	g := &domain.Group{MeetingID: a.Meeting.ID, Name: "Africa", Region: "Africa"}
	if err := db.CreateGroup(actx, g); err != nil {
		t.Fatal(err)
	}
	mid := a.Meeting.ID
	// Every record gets a French translation.
	var edits []store.TextEdit
	add := func(kind domain.TextKind, id, field string) {
		edits = append(edits, store.TextEdit{TextKey: domain.TextKey{Kind: kind, ID: id, Field: field}, Lang: "fr", Text: "fr " + id})
	}
	var items func(ns []*domain.ItemNode)
	items = func(ns []*domain.ItemNode) {
		for _, n := range ns {
			add(domain.TextItem, n.ID, "text")
			items(n.Children)
		}
	}
	for _, s := range a.Sessions {
		add(domain.TextSession, s.ID, "title")
		items(s.Items)
		for _, pt := range s.Parts {
			add(domain.TextPart, pt.ID, "title")
			items(pt.Items)
		}
	}
	add(domain.TextGroup, g.ID, "name")
	if n, err := db.SaveTexts(actx, mid, domain.TextMeeting, mid, edits); err != nil || n != len(edits) {
		t.Fatalf("saved %d of %d: %v", n, len(edits), err)
	}
	count := func() int {
		t.Helper()
		ts, err := db.MeetingTexts(ctx, mid, "fr")
		if err != nil {
			t.Fatal(err)
		}
		return len(ts)
	}
	if got := count(); got != 13 {
		t.Fatalf("%d translations to start with", got)
	}
	s1, s2 := a.Sessions[0], a.Sessions[1]
	steps := []struct {
		what string
		del  func() error
		left int
	}{
		// An item with its sub-item: 2 go.
		{"an item", func() error { return db.DeleteItem(actx, s2.Items[0].ID) }, 11},
		// A part with its item: 2 go.
		{"a part", func() error { return db.DeletePart(actx, s2.Parts[0].ID) }, 9},
		// A session with its item, its part, the part's item and sub-item: 5 go.
		{"a session", func() error { return db.DeleteSession(actx, s1.ID) }, 4},
		{"a group", func() error { return db.DeleteGroup(actx, g.ID) }, 3},
	}
	for _, s := range steps {
		if err := s.del(); err != nil {
			t.Fatalf("delete %s: %v", s.what, err)
		}
		if got := count(); got != s.left {
			t.Fatalf("after deleting %s: %d translations, want %d", s.what, got, s.left)
		}
	}
	// What is left is the second session's own, its remaining part's and
	// that part's item's.
	ts, err := db.MeetingTexts(ctx, mid, "fr")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{s2.ID: true, s2.Parts[1].ID: true, s2.Parts[1].Items[0].ID: true}
	for _, tr := range ts {
		if !want[tr.ID] {
			t.Errorf("left: %+v", tr)
		}
	}
}
