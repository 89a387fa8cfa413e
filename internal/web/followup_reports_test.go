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

// TestDashboardLinks: a commitment's page leads to the dashboard of its
// owner's commitments, of each of its objectives, and to each indicator's
// chart; the chart leads back to the commitment, and the dashboard to the
// commitments it counts, with its filters.
func TestDashboardLinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pid, body := f.ids["process"], f.ids["body"]
	page := f.do(t, "observer", "GET", "/commitments/{fu_commitment}", nil).Body.String()
	for _, want := range []string{`href="/processes/` + pid + `/dashboard?body=` + body + `"`, `href="/processes/` + pid + `/dashboard?objective=O1"`,
		`href="/indicators/` + f.ids["fu_indicator"] + `/chart"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the commitment's page lacks %s", want)
		}
	}
	chart := f.do(t, "observer", "GET", "/indicators/{fu_indicator}/chart", nil)
	if chart.Code != http.StatusOK || !strings.Contains(chart.Body.String(), `href="/commitments/`+f.ids["fu_commitment"]+`#indicators"`) {
		t.Errorf("the indicator's chart does not lead back to its commitment: %d", chart.Code)
	}
	dash := f.do(t, "observer", "GET", "/processes/{process}/dashboard?body={body}&objective=O1", nil).Body.String()
	if !strings.Contains(dash, `href="/processes/`+pid+`/commitments?body=`+body+`&amp;objective=O1"`) {
		t.Error("the dashboard does not lead to the commitments it counts")
	}
	list := f.do(t, "observer", "GET", "/processes/{process}/commitments?body={body}&objective=O1", nil).Body.String()
	if !strings.Contains(list, "Regional data hub") || strings.Contains(list, "Open regular pathways") {
		t.Error("the commitments the dashboard leads to are not the ones it counts")
	}
	// The list's downloads keep its filters (they were escaped away).
	if !strings.Contains(list, `/commitments/export?format=csv&amp;body=`+body+`&amp;objective=O1"`) {
		t.Error("the list's download links lose its filters")
	}
}
