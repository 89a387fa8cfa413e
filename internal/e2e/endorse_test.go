package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDelegateEndorsesAPractice walks the endorsed practices on the GRCP 7
// demo: a delegate opens the meeting's ranked list, filters it, opens a
// good practice of another region, marks it as workable for their region
// with conditions, sees it in the list, edits it, and reads the list in
// Arabic. axe-core checks the list and the endorsement form;
// PLENARY_SCREENSHOTS keeps a screenshot of each.
func TestDelegateEndorsesAPractice(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowser(t, base)
	b.login("delegate@demo.plenary.local")
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	b.run(chromedp.Click(`nav.actions a[href$="/endorsements"]`, chromedp.ByQuery), chromedp.WaitVisible("ol.endorsed", chromedp.ByQuery))
	var listURL string
	b.run(chromedp.Location(&listURL))
	b.checkA11y("endorsed-practices")
	var counts []string
	b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("ol.endorsed > li strong")).map(s => s.textContent)`, &counts))
	if len(counts) < 10 || !strings.Contains(counts[0], "4 regions") {
		t.Fatalf("ranked list: %v, want the leading practice endorsed by 4 regions", counts)
	}

	// Filter by practice type, then clear.
	b.run(chromedp.SetValue("#f-type", "policy", chromedp.ByQuery), chromedp.Submit("#f-type", chromedp.ByQuery),
		chromedp.WaitVisible(`main a[href$="/endorsements"]`, chromedp.ByQuery))
	var types []string
	b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("ol.endorsed .badge")).map(s => s.textContent)`, &types))
	for _, ty := range types {
		if ty != "Policy" {
			t.Errorf("filtered by policy, found a %q", ty)
		}
	}

	// Open practices from the list until one is of another region than the
	// delegate's body and not yet endorsed by it.
	var hrefs []string
	b.run(chromedp.Navigate(listURL), chromedp.WaitVisible("ol.endorsed", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("ol.endorsed h2 a")).map(a => a.getAttribute("href"))`, &hrefs))
	practice := ""
	for _, h := range hrefs {
		var own, saved bool
		b.run(chromedp.Navigate(base+h), chromedp.WaitVisible("#endorsements", chromedp.ByQuery),
			chromedp.Evaluate(`!!document.querySelector(".endorse-form .notice")`, &own),
			chromedp.Evaluate(`!!document.querySelector(".withdraw-endorsement")`, &saved))
		if !own && !saved {
			practice = h
			break
		}
	}
	if practice == "" {
		t.Fatalf("no practice in %v the delegate may endorse", hrefs)
	}
	b.checkA11y("endorsement-form")
	b.run(chromedp.SendKeys(`.endorse-form textarea[name="conditions"]`, "Funding from the regional development bank for a pilot in two provinces.", chromedp.ByQuery),
		chromedp.Submit(`.endorse-form textarea[name="conditions"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if f := b.text(".flash"); !strings.Contains(f, "endorsement was saved") {
		t.Fatalf("flash after endorsing = %q", f)
	}
	if rows := b.text("#endorsements table"); !strings.Contains(rows, "regional development bank") || !strings.Contains(rows, "your body") {
		t.Fatalf("endorsements after saving: %q", rows)
	}
	b.checkA11y("endorsement-saved")

	// Endorsing for one of the practice's own regions is refused, with the
	// message by the field.
	var ownRegion string
	b.run(chromedp.Evaluate(`(() => { const dt = Array.from(document.querySelectorAll("dl.facts dt")).find(d => d.textContent === "Regions"); return dt ? dt.nextElementSibling.textContent.split("; ")[0] : "" })()`, &ownRegion))
	if ownRegion == "" {
		t.Fatal("the practice shows no region")
	}
	b.run(chromedp.SetValue(`.endorse-form input[name="region"]`, ownRegion, chromedp.ByQuery),
		chromedp.Submit(`.endorse-form input[name="region"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".endorse-form .field-error", chromedp.ByQuery))
	if msg := b.text(".endorse-form .field-error"); !strings.Contains(msg, "This practice comes from "+ownRegion) {
		t.Errorf("own region refused with %q", msg)
	}
	b.checkA11y("endorsement-refused")

	b.run(chromedp.Navigate(listURL), chromedp.WaitVisible("ol.endorsed", chromedp.ByQuery))
	if body := b.text("ol.endorsed"); !strings.Contains(body, "regional development bank") {
		t.Errorf("the new endorsement is not in the list")
	}
	b.run(chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery), chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery), chromedp.WaitVisible("ol.endorsed", chromedp.ByQuery))
	b.checkA11y("endorsed-practices-ar")
	if h := b.text("h1"); !strings.Contains(h, "الممارسات") {
		t.Errorf("Arabic title = %q", h)
	}
}
