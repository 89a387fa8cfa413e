package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/themes"
)

func TestPlenaryPage(t *testing.T) {
	t.Parallel()
	f, _ := plenaryFixture(t)
	rec := f.get(t, "observer", "/meetings/{meeting}/plenary?part={part}", "en")
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	for _, want := range []string{
		"Plenary synthesis", ">Africa<", ">Asia<",
		"Report submitted", "Provisional", // Africa's five are frozen, Asia's are not
		"The Rabat Process follows up.", "RCPs convene the states.",
		"Expand regular pathways for labour migration.",
		"in 2 of 2 groups",
		"3 of 3 agree", // Africa's consensus, from the live analysis
		`href="/meetings/` + f.ids["meeting"] + `/endorsements"`,
		"1 divided by the size",
		"Not reported yet.", // Asia's report
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// Observers read; only the chair and the secretariat get edit forms.
	if strings.Contains(body, `/plenary/themes"`) {
		t.Error("an observer is offered the edit forms")
	}
	// Nobody's name: not the statements' author (the admin), nor voters.
	for _, name := range []string{"Admin", "User voter0", "Rapporteur"} {
		if strings.Contains(body, name) {
			t.Errorf("the page names %q", name)
		}
	}
	rec = f.get(t, "chair", "/meetings/{meeting}/plenary?part={part}", "ar")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "خلاصة الجلسة العامة") || !strings.Contains(rec.Body.String(), `/plenary/themes"`) {
		t.Fatalf("the chair in Arabic: %d", rec.Code)
	}
	for _, c := range []struct {
		name, role, path string
		want             int
	}{
		{"unknown part", "observer", "/meetings/{meeting}/plenary?part=nope", http.StatusUnprocessableEntity},
		{"outsider", "outsider", "/meetings/{meeting}/plenary", http.StatusNotFound},
		{"no part given: the first breakout part", "delegate", "/meetings/{meeting}/plenary", http.StatusOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			if rec := f.get(t, c.role, c.path, "en"); rec.Code != c.want {
				t.Fatalf("status %d, want %d", rec.Code, c.want)
			}
		})
	}
}

// TestPlenaryEmptyStates: a meeting whose groups have written nothing yet
// reads as such, not as an error: the groups are folded into one line
// that names them, without a column of empty headings each.
func TestPlenaryEmptyStates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.get(t, "delegate", "/meetings/{meeting}/plenary", "en")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "No statements yet in 1 group:") || !strings.Contains(body, "themes appear once they do") ||
		strings.Contains(body, `class="card group-detail"`) || strings.Contains(body, "No candidate recommendations in this part yet.") {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
}

// TestPlenaryThemeEdits: the chair renames the pathways theme and moves
// the data statement into it; both hold after a new statement makes the
// themes recompute. Others are refused; bad input gets a clear message; a
// stale form is a conflict.
func TestPlenaryThemeEdits(t *testing.T) {
	t.Parallel()
	f, ids := plenaryFixture(t)
	pathways, _ := f.themeOf(t, ids["asia_pathways"])
	if th, _ := f.themeOf(t, ids["africa_pathways"]); th != pathways {
		t.Fatalf("the two pathway statements are in %s and %s", th, pathways)
	}
	post := func(role string, fields ...string) *http.Response {
		form := url.Values{"part": {"{part}"}}
		for i := 0; i < len(fields); i += 2 {
			form.Set(fields[i], fields[i+1])
		}
		return f.do(t, role, "POST", "/meetings/{meeting}/plenary/themes", form).Result()
	}
	for _, role := range []string{"observer", "delegate", "rapporteur", "voter0"} {
		if res := post(role, "version", "0", "op", "rename", "theme", pathways, "label", "Mine"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", role, res.StatusCode)
		}
	}
	for _, c := range []struct {
		name   string
		fields []string
		want   string
	}{
		{"no label", []string{"op", "rename", "theme", pathways, "label", "  "}, "Give the theme a label."},
		{"unknown theme", []string{"op", "rename", "theme", "t0000dead", "label", "X"}, "Choose one of the themes shown."},
		{"unknown op", []string{"op", "explode"}, "Choose merge, split, rename or move."},
		{"move to its own theme", []string{"op", "move", "statement", ids["asia_pathways"], "to", pathways}, "Choose another theme than its own."},
		{"label too long", []string{"op", "rename", "theme", pathways, "label", strings.Repeat("x", 201)}, "at most"},
	} {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{"part": {"{part}"}, "version": {"0"}}
			for i := 0; i < len(c.fields); i += 2 {
				form.Set(c.fields[i], c.fields[i+1])
			}
			rec := f.do(t, "chair", "POST", "/meetings/{meeting}/plenary/themes", form)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), c.want) {
				t.Fatalf("status %d, want 422 with %q", rec.Code, c.want)
			}
		})
	}
	if res := post("chair", "version", "0", "op", "rename", "theme", pathways, "label", "Regular pathways"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: status %d", res.StatusCode)
	}
	if res := post("chair", "version", "0", "op", "rename", "theme", pathways, "label", "Stale"); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale rename: status %d, want 409", res.StatusCode)
	}
	if res := post("secretariat", "version", "1", "op", "move", "statement", ids["asia_data"], "to", pathways); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: status %d", res.StatusCode)
	}
	// A new statement in Asia: the themes are recomputed with it.
	st := &domain.Statement{MeetingID: f.ids["meeting"], GroupID: f.ids["asia"], PartID: f.ids["part"], Kind: domain.KindRecommendation, Lang: "en", Text: "Protect the wages of migrant domestic workers."}
	if err := f.db.CreateStatement(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	th, res := f.themeOf(t, ids["asia_data"])
	if th != pathways {
		t.Fatalf("after recomputation the moved statement is in %s, not %s", th, pathways)
	}
	if _, ok := findAssignment(res, st.ID); !ok {
		t.Fatal("the new statement is not in the themes")
	}
	rec := f.get(t, "observer", "/meetings/{meeting}/plenary?part={part}", "en")
	body := rec.Body.String()
	for _, want := range []string{"Regular pathways", "placed by the chair", "2 edits by the chair or the secretariat", "Protect the wages of migrant domestic workers."} {
		if !strings.Contains(body, want) {
			t.Errorf("after the edits the page lacks %q", want)
		}
	}
	// Split the data statement out again, then merge it back.
	if res := post("chair", "version", "2", "op", "split", "statement", ids["asia_data"]); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("split: status %d", res.StatusCode)
	}
	split, _ := f.themeOf(t, ids["asia_data"])
	if split == pathways {
		t.Fatal("the split statement stayed in its theme")
	}
	if res := post("chair", "version", "3", "op", "merge", "theme", split, "into", pathways); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("merge: status %d", res.StatusCode)
	}
	if th, _ := f.themeOf(t, ids["asia_data"]); th != pathways {
		t.Fatalf("after the merge the statement is in %s", th)
	}
}

func findAssignment(res *themes.Result, id string) (themes.Assignment, bool) {
	for _, a := range res.Statements {
		if a.ID == id {
			return a, true
		}
	}
	return themes.Assignment{}, false
}

// TestPlenaryManyStatements renders the synthesis of six groups of 50
// candidate recommendations each, drawn from the same ten topics, and
// logs how long the page takes (themes recomputed on every view).
func TestPlenaryManyStatements(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slow")
	}
	f := newFixture(t)
	ctx := context.Background()
	topics := []string{"regular pathways for labour migration", "the reintegration of returning migrants", "migration data shared between states",
		"the wages of migrant domestic workers", "consular protection abroad", "the fight against migrant smuggling",
		"portable social security for migrants", "skills recognition across borders", "safe and dignified return", "climate-related displacement"}
	verbs := []string{"Strengthen", "Improve", "Support", "Expand", "Fund"}
	groups := []string{f.ids["group"]}
	for _, name := range []string{"Asia", "Europe", "Americas", "Arab States", "Pacific"} {
		g := &domain.Group{MeetingID: f.ids["meeting"], Name: name}
		if err := f.db.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		groups = append(groups, g.ID)
	}
	for gi, g := range groups {
		for i := range 50 {
			text := fmt.Sprintf("%s %s in region %d, proposal %d.", verbs[(i+gi)%len(verbs)], topics[i%len(topics)], gi, i)
			st := &domain.Statement{MeetingID: f.ids["meeting"], GroupID: g, PartID: f.ids["part"], Kind: domain.KindRecommendation, Lang: "en", Text: text}
			if err := f.db.CreateStatement(ctx, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, role := range []string{"observer", "observer", "chair"} {
		start := time.Now()
		rec := f.get(t, role, "/meetings/{meeting}/plenary?part={part}", "en")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "in 6 of 6 groups") {
			t.Fatalf("status %d; a theme in 6 of 6 groups expected", rec.Code)
		}
		t.Logf("run %d (%s): 300 statements in 6 groups: %v, %d kB", i, role, time.Since(start).Round(time.Millisecond), rec.Body.Len()/1024)
	}
}

// TestPlenarySummaryFirst: the page opens on the summary (the conclusions
// repeated across groups, each group at a glance), then each group's
// detail in a <details> to open on demand, then the themes; a group that
// has written nothing is folded into one line instead of a column of
// empty headings; the stylesheet prints every detail expanded.
func TestPlenarySummaryFirst(t *testing.T) {
	t.Parallel()
	f, _ := plenaryFixture(t)
	f.addGroup(t, "Europe")
	rec := f.get(t, "observer", "/meetings/{meeting}/plenary?part={part}", "en")
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	at := func(s string) int {
		i := strings.Index(body, s)
		if i < 0 {
			t.Errorf("the page lacks %q", s)
		}
		return i
	}
	summary, repeated, glance := at(`<h2 id="summary">`), at("Conclusions repeated across groups"), at(`<table class="glance">`)
	groups, themes := at(`<h2 id="groups">`), at(`<h2 id="themes">`)
	if !(summary < repeated && repeated < glance && glance < groups && groups < themes) {
		t.Errorf("order: summary %d, repeated %d, glance %d, groups %d, themes %d", summary, repeated, glance, groups, themes)
	}
	if n := strings.Count(body, `<details class="card group-detail">`); n != 2 {
		t.Errorf("%d groups in detail, want Africa and Asia", n)
	}
	if n := strings.Count(body[glance:groups], "<tr><th scope=\"row\">"); n != 2 {
		t.Errorf("%d groups at a glance, want Africa and Asia", n)
	}
	if !regexp.MustCompile(`No statements yet in 1 group:</span> <span lang="en" dir="ltr">Europe</span>`).MatchString(body) {
		t.Error("the empty group is not folded into one line")
	}
	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(css), "details::details-content { content-visibility: visible; display: block; }") {
		t.Error("printing does not expand the details")
	}
}
