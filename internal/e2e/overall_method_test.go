package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestOverallMethodAndCandidateEdits walks the plenary's method setting and
// the editing of candidates on the GRCP 7 demo, in a browser with axe-core
// on every page: two groups write statements that share a theme; the chair
// draws a candidate, opens its edit form and the method form, sets
// approval voting; the rapporteur's ballot is then a list of approval
// boxes; once it is cast the chair reads that the method is locked; the
// removal asks on a confirmation page.
func TestOverallMethodAndCandidateEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	write := func(email string, texts ...string) {
		b := newBrowser(t, base)
		b.login(email)
		var groupPath string
		b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery),
			chromedp.Click(`a.your-group`, chromedp.ByQuery), chromedp.WaitVisible("#f-text", chromedp.ByQuery), chromedp.Location(&groupPath))
		for _, text := range texts {
			b.run(chromedp.Navigate(groupPath), chromedp.WaitVisible("#f-text", chromedp.ByQuery),
				chromedp.SendKeys("#f-text", text, chromedp.ByQuery),
				chromedp.SetValue("#f-kind", "recommendation", chromedp.ByQuery),
				chromedp.SetValue("#f-lang", "en", chromedp.ByQuery),
				chromedp.Submit("#f-text", chromedp.ByQuery),
				chromedp.WaitVisible(".flash", chromedp.ByQuery))
		}
	}
	write("rapporteur@demo.plenary.local", "Open regular pathways for seasonal labour migration between neighbouring states.")
	write("delegate@demo.plenary.local", "Expand regular pathways for seasonal labour migration between states.")

	// The machine running the tests may be slow: the chair's browser lives
	// through the whole walk.
	chair := newBrowserFor(t, base, 12*time.Minute)
	chair.login("chair@demo.plenary.local")
	var meetingURL string
	chair.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery), chromedp.Location(&meetingURL))
	overall := meetingURL + "/overall"
	chair.run(chromedp.Navigate(overall), chromedp.WaitVisible("#method", chromedp.ByQuery))
	chair.clickAndLoad(`form[action$="/overall/candidates"] button[type=submit]`, "details.candidate-edit")
	chair.run(chromedp.Evaluate(`document.querySelectorAll("details").forEach(d => d.open = true)`, nil))
	chair.checkA11y("overall-chair-forms")

	chair.run(chromedp.SetValue("#f-method", "approval", chromedp.ByQuery))
	chair.clickAndLoad(`form[action$="/overall/settings"] button[type=submit]`, ".flash")
	if m := chair.text("main p.muted"); !strings.Contains(m, "Approval") {
		t.Errorf("the method line reads %q after choosing approval", m)
	}

	voter := newBrowser(t, base)
	voter.login("rapporteur@demo.plenary.local")
	voter.run(chromedp.Navigate(overall), chromedp.WaitVisible(`form.ranking-form input[name="approve"]`, chromedp.ByQuery))
	var selects int
	voter.run(chromedp.Evaluate(`document.querySelectorAll('form.ranking-form select').length`, &selects))
	if selects != 0 {
		t.Errorf("the approval ballot still has %d place menus", selects)
	}
	voter.checkA11y("overall-approval-ballot")
	voter.run(chromedp.Click(`form.ranking-form input[name="approve"]`, chromedp.ByQuery))
	voter.clickAndLoad(`form.ranking-form button[type=submit]`, ".flash")

	chair.run(chromedp.Navigate(overall), chromedp.WaitVisible("#method", chromedp.ByQuery))
	if m := chair.text("section:has(#method)"); !strings.Contains(m, "1 ballot has been cast") {
		t.Errorf("the method section does not say it is locked: %q", m)
	}
	var removeURL string
	chair.run(chromedp.Evaluate(`document.querySelector('details.candidate-edit a[href*="/remove"]').getAttribute("href")`, &removeURL))
	chair.run(chromedp.Navigate(base+removeURL), chromedp.WaitVisible(`form button.danger`, chromedp.ByQuery))
	chair.checkA11y("overall-remove-confirm")
	chair.clickAndLoad(`form button.danger`, ".flash")
	if f := chair.text(".flash"); !strings.Contains(f, "Candidate removed") {
		t.Errorf("flash after removing = %q", f)
	}
}
