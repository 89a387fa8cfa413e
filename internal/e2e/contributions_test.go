package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestContributionOnAPhoneThenModerated walks the contribution pages: a
// delegate finds the list, submits a recommendation from a phone-sized
// screen, and the secretariat publishes it from the moderation queue; the
// list is then read in Arabic. axe-core checks every page.
func TestContributionOnAPhoneThenModerated(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowser(t, base)
	b.login("delegate@demo.plenary.local")
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	var meetingURL string
	b.run(chromedp.Location(&meetingURL))

	b.run(chromedp.Click(`a[href$="/contributions"]`, chromedp.ByQuery), chromedp.WaitVisible("#f-q", chromedp.ByQuery))
	if h := b.text("h1"); !strings.HasPrefix(h, "Contributions") {
		t.Fatalf("list heading = %q", h)
	}
	b.checkA11y("contributions")

	// A phone: 360 CSS pixels wide. Nothing scrolls sideways.
	var scrollWidth int
	b.run(chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible("#f-q", chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the list is %d px wide on a 360 px screen", scrollWidth)
	}
	b.checkA11y("contributions-phone")
	b.run(chromedp.Navigate(meetingURL+"/contributions/new"), chromedp.WaitVisible("#f-title", chromedp.ByQuery))
	var gpHidden bool
	b.run(chromedp.Evaluate(`document.querySelector("fieldset[data-good-practice]").hidden`, &gpHidden))
	if gpHidden {
		t.Fatal("the good-practice fields are hidden while the kind is a good practice")
	}
	b.run(chromedp.Click(`input[name=kind][value=recommendation]`, chromedp.ByQuery))
	b.run(chromedp.Evaluate(`document.querySelector("fieldset[data-good-practice]").hidden`, &gpHidden))
	if !gpHidden {
		t.Error("the good-practice fields stay shown for a recommendation")
	}
	b.run(chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the form is %d px wide on a 360 px screen: it scrolls sideways", scrollWidth)
	}
	b.checkA11y("contribution-form-phone")

	const title = "Regular pathways for seasonal workers across the Mekong"
	b.run(
		chromedp.SendKeys("#f-title", title, chromedp.ByQuery),
		chromedp.SendKeys("#f-text", "Bilateral agreements on seasonal work, with recruitment fees paid by employers, cut irregular crossings.", chromedp.ByQuery),
		chromedp.SetValue("#f-regions", "South-East Asia", chromedp.ByQuery),
		chromedp.Click(`input[name=tags]`, chromedp.ByQuery),
		chromedp.Click(`button[name=action][value=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("article.contribution", chromedp.ByQuery),
	)
	if h := b.text("h1"); h != title {
		t.Fatalf("detail heading = %q", h)
	}
	if st := b.text("header .status"); st != "Submitted" {
		t.Fatalf("status after submitting = %q", st)
	}
	if tags := b.text("#h-tags + ul"); !strings.Contains(tags, "O1") {
		t.Errorf("the tag chosen is not shown: %q", tags)
	}
	b.run(chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the detail page is %d px wide on a 360 px screen", scrollWidth)
	}
	b.checkA11y("contribution-phone")

	// The secretariat publishes it from the queue, on a wide screen.
	b.run(chromedp.EmulateViewport(1280, 1000),
		chromedp.Click("form.logout button", chromedp.ByQuery), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	b.login("secretariat@demo.plenary.local")
	b.run(chromedp.Navigate(meetingURL+"/moderation"), chromedp.WaitVisible("#h-queue", chromedp.ByQuery))
	b.checkA11y("moderation")
	// It waits at the end of the queue, oldest first: page through to it.
	var found bool
	for page := 0; page < 20 && !found; page++ {
		b.run(chromedp.Evaluate(`(function () {
			var a = [...document.querySelectorAll("ol.queue article")].find(x => x.querySelector("h3").innerText.trim() === `+"`"+title+"`"+`);
			if (!a) { return false; }
			a.querySelector("input[name=step][value=publish]").form.querySelector("button").click();
			return true;
		})()`, &found))
		if !found {
			var next bool
			b.run(chromedp.Evaluate(`!!document.querySelector("a[rel=next]")`, &next))
			if !next {
				break
			}
			// The next page has the same heading: wait for the old page to go.
			b.clickAndLoad("a[rel=next]", "#h-queue")
		}
	}
	if !found {
		t.Fatal("the new contribution is not in the moderation queue")
	}
	b.run(chromedp.WaitVisible("p.flash", chromedp.ByQuery))
	if fl := b.text("p.flash"); fl != "The contribution was published." {
		t.Fatalf("flash after publishing = %q", fl)
	}
	b.run(chromedp.Navigate(meetingURL+"/contributions?q=seasonal+workers"), chromedp.WaitVisible("#h-results", chromedp.ByQuery))
	if res := b.text("ol.contribs"); !strings.Contains(res, title) {
		t.Fatalf("the search does not find the published contribution:\n%s", res)
	}
	b.run(chromedp.Click(`ol.contribs h3 a`, chromedp.ByQuery), chromedp.WaitVisible("#h-audit", chromedp.ByQuery))
	if trail := b.text("table.history"); !strings.Contains(trail, "Published") || !strings.Contains(trail, "Dmitri Delegate") {
		t.Errorf("the audit trail lacks the steps:\n%s", trail)
	}
	b.checkA11y("contribution-secretariat")

	b.run(chromedp.Navigate(meetingURL+"/contributions/import"), chromedp.WaitVisible("#f-file", chromedp.ByQuery))
	b.checkA11y("contribution-import")

	// The same pages in Arabic, right to left.
	b.run(chromedp.Navigate(meetingURL+"/contributions"), chromedp.WaitVisible("#lang-select", chromedp.ByQuery),
		chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery),
		chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery))
	b.checkA11y("contributions-ar")
	b.run(chromedp.EmulateViewport(360, 780), chromedp.Navigate(meetingURL+"/contributions/new"), chromedp.WaitVisible("#f-title", chromedp.ByQuery))
	b.checkA11y("contribution-form-ar-phone")
}
