package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestReviewReportHeadingsInOrder: the review report's sections are h2,
// so each commitment's subheading is h3 (an h4 skipped a level: axe's
// heading-order), while the outcome document keeps h4 under its h3
// sections.
func TestReviewReportHeadingsInOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	body := f.get(t, "secretariat", "/cycles/"+f.ids["closed_cycle"]+"/report", "en").Body.String()
	if !strings.Contains(body, `<h3 id="c-`) || strings.Contains(body, `<h4 id="c-`) {
		i := strings.Index(body, `id="c-`)
		t.Fatalf("a commitment's subheading is not an h3: %s", body[max(i-40, 0):min(i+80, len(body))])
	}
}

// TestReviewReportVersionsCompare: after the secretariat edits a section,
// the versions table offers to compare the new version with the one
// before, and the comparison marks what the edit changed; the outcome
// document's comparison still works the same way.
func TestReviewReportVersionsCompare(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	edit := url.Values{"version": {"1"}, "key": {"summary"}, "heading": {"Summary"}, "block": {"0"}, "kind.0": {"paragraph"}, "text.0": {"Ours, written by the secretariat."}}
	if rec := f.do(t, "secretariat", "POST", "/cycles/"+f.ids["closed_cycle"]+"/report/section?lang=en", edit); rec.Code != http.StatusSeeOther {
		t.Fatalf("edit: %d", rec.Code)
	}
	page := f.get(t, "observer", "/cycles/"+f.ids["closed_cycle"]+"/report?lang=en", "en").Body.String()
	link := "/cycles/" + f.ids["closed_cycle"] + "/report/diff?lang=en&amp;from=1&amp;to=2"
	if !strings.Contains(page, link) {
		t.Fatalf("the versions table has no link to compare 1 with 2")
	}
	rec := f.get(t, "observer", "/cycles/"+f.ids["closed_cycle"]+"/report/diff?lang=en&from=1&to=2", "en")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "<ins>") || !strings.Contains(rec.Body.String(), "secretariat.") {
		t.Fatalf("the comparison: %d, want the edit marked", rec.Code)
	}
	if rec := f.get(t, "observer", "/cycles/"+f.ids["closed_cycle"]+"/report/diff?lang=en&from=9&to=2", "en"); rec.Code != http.StatusNotFound {
		t.Errorf("a version that does not exist: %d", rec.Code)
	}
}
