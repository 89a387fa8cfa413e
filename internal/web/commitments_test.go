package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCommitmentPages walks what a secretariat and a reader see of the
// process's commitments: the list, a commitment's page with its
// indicator, the forms, the way from a contribution and from an adopted
// recommendation, and what a mistake gets back.
func TestCommitmentPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	check := func(t *testing.T, role, path string, status int, want, notWant []string) string {
		t.Helper()
		rec := f.do(t, role, "GET", path, nil)
		got := rec.Body.String()
		if rec.Code != status {
			t.Fatalf("GET %s as %s: %d, want %d", path, role, rec.Code, status)
		}
		for _, s := range want {
			if !strings.Contains(got, s) {
				t.Errorf("GET %s as %s lacks %q", path, role, s)
			}
		}
		for _, s := range notWant {
			if strings.Contains(got, s) {
				t.Errorf("GET %s as %s has %q", path, role, s)
			}
		}
		return got
	}
	check(t, "observer", "/processes/{process}/commitments", 200, []string{"Regional data hub", "Open regular pathways", "2 commitments", "export?format=csv"}, []string{"/commitments/new"})
	check(t, "secretariat", "/processes/{process}/commitments", 200, []string{"/commitments/new"}, nil)
	check(t, "observer", "/processes/{process}/commitments?objective=O2", 200, []string{"No commitment matches."}, []string{"Regional data hub"})
	check(t, "observer", "/processes/{process}/commitments?status=finished", 422, nil, nil)
	check(t, "observer", "/commitments/{fu_commitment}", 200, []string{"Datasets published", "Higher is better", "Planned", "O1"}, []string{"/indicators/" + f.ids["fu_indicator"] + "/edit", "/indicators/" + f.ids["fu_indicator"] + "/delete", "Change the status"})
	check(t, "secretariat", "/commitments/{fu_commitment}", 200, []string{"/indicators/" + f.ids["fu_indicator"] + "/edit", "Change the status", "Add an indicator"}, nil)
	// The process page leads to every part of the follow-up and the registry.
	check(t, "observer", "/processes/{process}", 200, []string{"/processes/" + f.ids["process"] + "/commitments",
		"/processes/" + f.ids["process"] + "/cycles", "/processes/" + f.ids["process"] + "/partnerships", "/processes/" + f.ids["process"] + "/dashboard"}, nil)

	// From a contribution: its page offers it to the secretariat only; the
	// form comes filled in.
	check(t, "secretariat", "/contributions/{pledge}", 200, []string{"Make a commitment from this", "No commitment has been made from it yet."}, nil)
	check(t, "secretariat", "/processes/{process}/commitments/new?contribution={pledge}", 200,
		[]string{"We will open two migrant resource centres by 2025.", `name="contribution" value="` + f.ids["pledge"] + `"`, "This commitment is made from the contribution"}, nil)
	rec := f.do(t, "secretariat", "POST", "/processes/{process}/commitments", url.Values{"title": {"Resource centres"}, "text": {"Two centres."}, "lang": {"en"},
		"owner": {"{body}"}, "contribution": {"{pledge}"}, "objectives": {"O5", "Pa"}, "deliverables": {"[x] 2024-06-30 First centre open\nSecond centre"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/commitments/") {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	made := rec.Header().Get("Location")
	check(t, "secretariat", made, 200, []string{"Resource centres", "First centre open", "Made from the contribution", "Pa"}, nil)
	check(t, "observer", made, 200, []string{"Resource centres"}, []string{"Made from the contribution"}) // AM 1 is not theirs to see
	check(t, "secretariat", "/contributions/{pledge}", 200, []string{"Resource centres"}, nil)

	// From a recommendation of the adopted document.
	check(t, "secretariat", "/meetings/{adopted_meeting}/outcome/recommendations", 200, []string{"Share migration data between mechanisms every year.", "No commitment answers it yet.", "block=p-rec"}, nil)
	check(t, "secretariat", "/processes/{process}/commitments/new?meeting={adopted_meeting}&block={rec_block}", 200,
		[]string{"recommendation 1 of the adopted outcome of AM 1", `name="recommendation" value="` + f.ids["adopted_meeting"] + ` p-rec"`}, nil)

	// A mistake is told next to its field, in the reader's language; the
	// form keeps what was typed.
	rec = f.do(t, "secretariat", "POST", "/processes/{process}/commitments", url.Values{"title": {"Kept title"}, "text": {"X"}, "lang": {"en"}, "due_on": {"2020-02-30"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Kept title") || !strings.Contains(rec.Body.String(), "choose the body that owns the commitment") ||
		!strings.Contains(rec.Body.String(), `id="f-due_on-err"`) {
		t.Errorf("create with mistakes: %d %s", rec.Code, rec.Body)
	}

	// The status changes through its form, and the history shows it.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/status", url.Values{"status": {"at_risk"}, "note": {"Funding is late."}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status: %d %s", rec.Code, rec.Body)
	}
	check(t, "observer", "/commitments/{fu_commitment}", 200, []string{"At risk", "Funding is late."}, nil)
	// The same form again, on the old version: the conflict is told.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/status", url.Values{"status": {"delayed"}, "version": {"1"}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "Someone else changed this") {
		t.Errorf("stale status change: %d", rec.Code)
	}
	// Dropping without a reason is refused with the reason why.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/status", url.Values{"status": {"dropped"}, "version": {"2"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `aria-invalid="true"`) {
		t.Errorf("drop without a note: %d", rec.Code)
	}
	// An indicator whose target is worse than its baseline.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/indicators", url.Values{"name": {"Days"}, "baseline": {"10"}, "baseline_on": {"2020-01-01"},
		"target": {"20"}, "target_on": {"2025-01-01"}, "direction": {"down_is_good"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "the target must be better than the baseline") {
		t.Errorf("bad indicator: %d", rec.Code)
	}
	// In Arabic, mirrored and translated.
	ar := f.get(t, "observer", "/commitments/{fu_commitment}", "ar").Body.String()
	if !strings.Contains(ar, `dir="rtl"`) || !strings.Contains(ar, "المؤشرات") {
		t.Error("the Arabic page is not mirrored or not translated")
	}
	// The export is a file of the commitments and their indicators.
	rec = f.do(t, "observer", "GET", "/processes/{process}/commitments/export?format=csv", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Datasets published") || !strings.Contains(rec.Header().Get("Content-Disposition"), "commitments.csv") {
		t.Errorf("export: %d %s", rec.Code, rec.Header())
	}
	// Deleting asks first, and is refused without the confirmation.
	check(t, "secretariat", "/commitments/"+strings.TrimPrefix(made, "/commitments/")+"/delete", 200, []string{`name="confirm"`}, nil)
}

// TestCommitmentHistory: whoever manages a commitment reads its audit
// trail; others are refused.
func TestCommitmentHistory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for role, want := range map[string]int{"secretariat": 200, "admin": 200, "observer": 403, "outsider": 404} {
		if rec := f.do(t, role, "GET", "/history/commitment/{fu_commitment}", nil); rec.Code != want {
			t.Errorf("%s: %d, want %d", role, rec.Code, want)
		} else if want == 200 && !strings.Contains(rec.Body.String(), "Regional data hub") {
			t.Errorf("%s: the trail does not name the commitment", role)
		}
	}
}
