package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestReturnAcceptedReportPage: the secretariat accepts a report, is told
// on its page what returning it would undo, returns it, and the
// commitment's page shows the status from before and no latest value.
func TestReturnAcceptedReportPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	post := func(path string, form url.Values) {
		t.Helper()
		rec := f.do(t, "secretariat", "POST", path, form)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
		}
	}
	get := func(path string) string {
		t.Helper()
		rec := f.do(t, "secretariat", "GET", path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		return rec.Body.String()
	}
	const hint = "returning it takes its values out of the indicators&#39; latest values"
	if strings.Contains(get("/reports/{report}"), hint) {
		t.Fatal("a submitted report's page speaks of undoing an acceptance")
	}
	post("/reports/{report}/accept", url.Values{"version": {"2"}})
	if page := get("/reports/{report}"); !strings.Contains(page, hint) {
		t.Fatalf("the accepted report's page does not say what returning it undoes")
	}
	if page := get("/commitments/{commitment}"); !strings.Contains(page, "On track") {
		t.Fatal("the accepted report's status is not the commitment's")
	}
	post("/reports/{report}/return", url.Values{"version": {"3"}, "reason": {"The figure counts 2023 twice."}})
	page := get("/commitments/{commitment}")
	if !strings.Contains(page, "returned") {
		t.Errorf("the commitment's history does not record the return")
	}
	i, j := strings.Index(page, `id="h-history"`), strings.Index(page, `action="/commitments/`+f.ids["commitment"]+`/status"`)
	if i < 0 || j < i {
		t.Fatal("the commitment's page has no status history")
	}
	if strings.Count(page[i:j], "On track") != 2 { // to on track, then from on track
		t.Errorf("the commitment's status history after the return does not go back from on track")
	}
}

// TestCycleFormBodyPicker: the cycle form offers the owners and
// co-owners of the process's commitments as a choice (no ID to type), and
// a cycle opened with one chosen holds that body's commitments.
func TestCycleFormBodyPicker(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	page := f.do(t, "secretariat", "GET", "/processes/{process}/cycles", nil).Body.String()
	name := f.bodyName(t)
	want := `<option value="` + f.ids["body"] + `">` + name + `</option>`
	if !strings.Contains(page, `<select id="f-body" name="body">`) || !strings.Contains(page, want) {
		t.Fatalf("the cycle form has no choice of %s", name)
	}
	if strings.Contains(page, `<option value="`+f.ids["body2"]+`"`) {
		t.Error("a body without commitments in the process is offered")
	}
	rec := f.do(t, "secretariat", "POST", "/processes/{process}/cycles", url.Values{"name": {"Review of the data hub"}, "deadline": {"2031-06-30"},
		"languages": {"en"}, "body": {"{body}"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("open: %d %s", rec.Code, rec.Body)
	}
	cycle := f.do(t, "secretariat", "GET", rec.Header().Get("Location"), nil).Body.String()
	for _, c := range []string{"Regional data hub", "Open regular pathways"} {
		if !strings.Contains(cycle, c) {
			t.Errorf("the cycle of the body lacks %q", c)
		}
	}
	if !strings.Contains(cycle, `<option value="`+f.ids["body"]+`"`) {
		t.Error("the cycle's change form has no choice of bodies")
	}
}
