package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAProposalBecomesAPartnershipPage walks the secretariat's one action:
// the contribution's page offers it, the confirmation page is the
// proposal's draft, saving makes the partnership, and both pages then
// name each other; a second confirmation points to the partnership made.
func TestAProposalBecomesAPartnershipPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	page := f.get(t, "secretariat", "/contributions/{proposal}", "en").Body.String()
	for _, want := range []string{`href="/contributions/` + f.ids["proposal"] + `/partnership"`, "Make it a partnership", "Suggest partners",
		"No partnership comes from this contribution yet."} {
		if !strings.Contains(page, want) {
			t.Errorf("the proposal's page lacks %q", want)
		}
	}
	if page := f.get(t, "delegate", "/contributions/{proposal}", "en").Body.String(); strings.Contains(page, "Make it a partnership") {
		t.Error("the delegate is offered the secretariat's action")
	}
	form := f.get(t, "secretariat", "/contributions/{proposal}/partnership", "en")
	if form.Code != http.StatusOK || !strings.Contains(form.Body.String(), `value="A data partnership"`) ||
		!strings.Contains(form.Body.String(), `value="`+f.ids["body"]+`" checked`) {
		t.Fatalf("confirmation page: %d\n%s", form.Code, form.Body)
	}
	// One party is not a partnership: the form comes back with the message.
	rec := f.do(t, "secretariat", "POST", "/contributions/{proposal}/partnership", url.Values{"title": {"A data partnership"}, "purpose": {"Share data."},
		"phase": {"implementation"}, "mechanism": {"data_sharing"}, "parties": {"{body}"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "A partnership is between at least two bodies") {
		t.Fatalf("one party: %d", rec.Code)
	}
	made := url.Values{"title": {"A data partnership"}, "purpose": {"Share data."}, "phase": {"implementation"}, "mechanism": {"data_sharing"},
		"parties": {"{body}", "{body2}"}, "objectives": {"O1", "O23"}}
	rec = f.do(t, "secretariat", "POST", "/contributions/{proposal}/partnership", made)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/partnerships/") {
		t.Fatalf("make: %d %q", rec.Code, loc)
	}
	page = f.get(t, "observer", loc, "en").Body.String()
	for _, want := range []string{"A data partnership", "Migrant Rights Network", "Data sharing", "the proposal it was made from", "Proposed"} {
		if !strings.Contains(page, want) {
			t.Errorf("the partnership's page lacks %q", want)
		}
	}
	page = f.get(t, "observer", "/contributions/{proposal}", "en").Body.String()
	if !strings.Contains(page, `href="`+loc+`"`) || !strings.Contains(page, "made from this contribution") {
		t.Error("the contribution's page does not name the partnership made from it")
	}
	rec = f.do(t, "secretariat", "POST", "/contributions/{proposal}/partnership", made)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != loc {
		t.Errorf("second confirmation: %d %q; want the partnership made", rec.Code, rec.Header().Get("Location"))
	}
	if rec := f.do(t, "secretariat", "GET", "/contributions/{proposal}/partnership", nil); rec.Header().Get("Location") != loc {
		t.Errorf("confirmation page after: %d %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestPartnershipPagesInSixLanguages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		lang, path string
		want       []string
	}{
		{"en", "/processes/{process}/partnerships", []string{"Partnerships of", "1 partnership", "Joint training", "Partnerships by objective of the Global Compact", "<svg", "Data table", "?chart=by-objective&amp;format=csv"}},
		{"fr", "/processes/{process}/partnerships", []string{"Partenariats de", "1 partenariat", "Coopération technique"}},
		{"ar", "/processes/{process}/partnerships", []string{`dir="rtl"`, "شراكات", "تعاون تقني"}},
		{"es", "/partnerships/{partnership}", []string{"Cooperación técnica", "Historial de estados"}},
		{"zh", "/processes/{process}/network", []string{"谁与谁合作", "Migrant Rights Network"}},
		{"ru", "/processes/{process}/bodies/{body}/engagement", []string{"участие во времени", "Партнёры по типу", "Migrant Rights Network"}},
		{"en", "/contributions/{proposal}/matches", []string{"Partners for", "No body shares an objective or a close text yet."}},
	} {
		t.Run(tc.lang+tc.path, func(t *testing.T) {
			rec := f.get(t, "secretariat", tc.path, tc.lang)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			body := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
		})
	}
}

func TestPartnershipDownloads(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		path, contentType, want string
	}{
		{"/processes/{process}/partnerships/export?format=csv", "text/csv", "Joint training"},
		{"/processes/{process}/partnerships/export?format=json", "application/json", `"parties": [`},
		{"/processes/{process}/partnerships?chart=by-status&format=csv", "text/csv", "proposed,1"},
		{"/processes/{process}/bodies/{body}/engagement?format=csv", "text/csv", "meeting,starts_on,took_part"},
		{"/processes/{process}/bodies/{body}/engagement?format=xlsx", "spreadsheetml", "PK"},
		{"/processes/{process}/bodies/{body}/engagement?chart=by-kind&format=csv", "text/csv", "ngo,1,1"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := f.get(t, "observer", tc.path, "en")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), tc.contentType) || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("%d %s: %.300s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
		})
	}
}

// TestPartnershipEditConflicts: an edit based on an old version is
// refused with the message, never saved over the newer one.
func TestPartnershipEditConflicts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	edit := url.Values{"title": {"First"}, "purpose": {"P"}, "phase": {"preparation"}, "mechanism": {"funding"}, "status": {"agreed"},
		"parties": {"{body}", "{body2}"}, "version": {"1"}, "note": {"signed"}}
	if rec := f.do(t, "secretariat", "POST", "/partnerships/{partnership}", edit); rec.Code != http.StatusSeeOther {
		t.Fatalf("first edit: %d %s", rec.Code, rec.Body)
	}
	edit.Set("title", "Second")
	rec := f.do(t, "secretariat", "POST", "/partnerships/{partnership}", edit)
	if rec.Code != http.StatusConflict {
		t.Fatalf("stale edit: %d", rec.Code)
	}
	page := f.get(t, "observer", "/partnerships/{partnership}", "en").Body.String()
	if !strings.Contains(page, "First") || strings.Contains(page, "Second") || !strings.Contains(page, "signed") {
		t.Error("the stale edit changed the partnership, or the note is not in the history")
	}
}
