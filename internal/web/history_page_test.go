package web

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// visibleText is what a reader sees of a page: its text, without tags,
// attributes or the page's frame (navigation, language menu).
func visibleText(page string) string {
	if i := strings.Index(page, "<main"); i >= 0 {
		page = page[i:]
	}
	page = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(page, " ")
	return html.UnescapeString(page)
}

// TestHistoryPageIsReadable: the meeting's history says who did what, to
// which named thing, with the change in words: no IDs, no JSON, no
// catalogue keys, in the reader's language; a long text's change is a
// word diff, a removed thing is named from its last snapshot, an author
// hidden by non-attribution is said to be so; the pages go back in time
// and end in the empty state.
func TestHistoryPageIsReadable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := f.adminCtx(t)
	ss, err := f.db.Session(ctx, f.ids["session"])
	if err != nil {
		t.Fatal(err)
	}
	oldIntro := ss.Intro
	ss.Intro = "The session reviews how regular pathways for migrant workers are widened across the region, and what the states have done since the last meeting."
	if err := f.db.UpdateSession(ctx, ss); err != nil {
		t.Fatal(err)
	}
	ss.Intro = strings.Replace(ss.Intro, "widened", "opened", 1)
	if err := f.db.UpdateSession(ctx, ss); err != nil {
		t.Fatal(err)
	}
	a, err := f.db.Agenda(ctx, f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	var removed *domain.AgendaItem
	for _, it := range a.Items {
		if len(it.Children) == 0 && it.Text != "" && it.ID != f.ids["item"] {
			removed = &it.AgendaItem
			break
		}
	}
	if removed == nil {
		t.Fatal("the fixture's agenda has no second item")
	}
	if err := f.db.DeleteItem(ctx, removed.ID); err != nil {
		t.Fatal(err)
	}
	// A statement written under non-attribution.
	m, err := f.db.Meeting(ctx, f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	m.NonAttribution = true
	if err := f.db.UpdateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if rec := f.do(t, "rapporteur", "POST", "/groups/{group}/statements", map[string][]string{"text": {"Count seasonal workers in the census."}, "kind": {"recommendation"}, "lang": {"en"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("statement: %d", rec.Code)
	}

	rec := f.get(t, "secretariat", "/meetings/"+f.ids["meeting"]+"/audit", "en")
	if rec.Code != http.StatusOK {
		t.Fatalf("history: %d", rec.Code)
	}
	page := body(rec)
	text := visibleText(page)
	checkReadable := func(t *testing.T, text string) {
		t.Helper()
		if id := publicIDIn.FindString(text); id != "" {
			t.Errorf("the history shows an internal ID (%s):\n%s", id, text)
		}
		for _, bad := range []string{`{"`, `":`, "history.action.", "object.", "field.", "contrib.kind."} {
			if strings.Contains(text, bad) {
				t.Errorf("the history shows %q:\n%s", bad, text)
			}
		}
	}
	checkReadable(t, text)
	for _, want := range []string{
		// who, what, to which thing
		"Changed · session",
		"Deleted · agenda item",
		"Created · statement",
		"(removed)",
		"Not named (non-attribution)",
		"Admin",
		// the change in words
		"Non-attribution (Chatham House rule) in breakout groups",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the history lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, shortText(removed.Text)) {
		t.Errorf("the removed item is not named %q", shortText(removed.Text))
	}
	if !strings.Contains(page, `<a href="/history/session/`+f.ids["session"]+`" dir="auto">`+html.EscapeString(ss.Title)+`</a>`) {
		t.Errorf("the session is not named with a link to its history:\n%s", page)
	}
	if !strings.Contains(page, "<del>widened</del><ins>opened</ins>") {
		t.Errorf("the long text's change is not a word diff:\n%s", page)
	}
	if oldIntro == "" && !strings.Contains(text, "The session reviews how regular pathways") {
		t.Error("the introduction set is not shown")
	}
	for _, row := range strings.Split(page, "<tr>") {
		if strings.Contains(row, "Count seasonal workers in the census.") && strings.Contains(row, "Rapporteur") {
			t.Errorf("the row of a statement under non-attribution names its author:\n%s", row)
		}
	}

	// In French.
	fr := visibleText(body(f.get(t, "secretariat", "/meetings/"+f.ids["meeting"]+"/audit", "fr")))
	checkReadable(t, fr)
	for _, want := range []string{"Modification · séance", "(supprimé)", "Non nommé (non-attribution)", "Ce qui a changé"} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French history lacks %q:\n%s", want, fr)
		}
	}

	// One object's history is titled by its name, not its ID.
	obj := visibleText(body(f.get(t, "secretariat", "/history/session/"+f.ids["session"], "en")))
	checkReadable(t, obj)
	if !strings.Contains(obj, "History: session "+ss.Title) {
		t.Errorf("the session's history is not titled by its name:\n%s", obj)
	}

	// Pages: enough changes for a second page, which links back to the
	// first; before the first change, the empty state.
	g, err := f.db.Group(ctx, f.ids["group"])
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		g.Name = "Africa " + itoa64(int64(i))
		if err := f.db.UpdateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	first := body(f.get(t, "secretariat", "/meetings/"+f.ids["meeting"]+"/audit", "en"))
	older := between(first, `<a href="`, `">Older changes</a>`)
	if i := strings.LastIndex(older, `"`); i >= 0 {
		older = older[i+1:]
	}
	if !strings.Contains(older, "?before=") {
		t.Fatalf("no link to older changes:\n%s", first)
	}
	second := body(f.get(t, "secretariat", older, "en"))
	if !strings.Contains(second, ">Latest changes</a>") || !strings.Contains(second, "Deleted · agenda item") {
		t.Errorf("the second page lacks the older changes or the way back:\n%s", visibleText(second))
	}
	empty := visibleText(body(f.get(t, "secretariat", "/meetings/"+f.ids["meeting"]+"/audit?before=1", "en")))
	if !strings.Contains(empty, "No changes recorded.") || !strings.Contains(empty, "Latest changes") {
		t.Errorf("no empty state:\n%s", empty)
	}
}

// publicIDIn finds a public ID in a text.
var publicIDIn = regexp.MustCompile(`\b[0-9a-hjkmnp-tv-z]{26}\b`)
