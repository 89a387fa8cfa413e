package web

import (
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
