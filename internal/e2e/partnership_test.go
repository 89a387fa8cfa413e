package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAPartnershipProposalBecomesAPartnership walks the registry's step of
// the whole flow on its own, on a fresh demo.
func TestAPartnershipProposalBecomesAPartnership(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowserFor(t, base, 5*time.Minute)
	b.login("chair@demo.plenary.local")
	b.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible(`a[href^="/meetings/"]`, chromedp.ByQuery))
	b.clickAndLoad(`a[href^="/meetings/"]`, "article.agenda")
	var meetingURL string
	b.run(chromedp.Location(&meetingURL))
	walkPartnership(t, b, strings.SplitN(meetingURL, "?", 2)[0])
}

// walkPartnership is a step of TestWholeFlowOfGRCP7: a partnership
// proposal becomes a partnership. The secretariat finds a published
// proposal of GRCP 7 not yet made into one, confirms the partnership it
// becomes with a second party, and reads both pages naming each other;
// then the registry with its charts, who partners with whom, a party's
// engagement over time, and matchmaking suggestions, in English and in
// Arabic (mirrored). axe-core checks every page.
func walkPartnership(t *testing.T, chair *browser, meetingURL string) {
	t.Helper()
	sec := chair.incognito(900)
	sec.login("secretariat@demo.plenary.local")
	sec.run(chromedp.Navigate(meetingURL+"/contributions?kind=partnership_proposal"), chromedp.WaitVisible("#h-results", chromedp.ByQuery))
	var hrefs []string
	sec.run(chromedp.Evaluate(`Array.from(new Set(Array.from(document.querySelectorAll('.results a[href^="/contributions/"]')).map(a => a.getAttribute("href")).filter(h => /^\/contributions\/[^/]+$/.test(h))))`, &hrefs))
	if len(hrefs) < 2 {
		t.Fatalf("the meeting lists %d partnership proposals", len(hrefs))
	}
	proposal := ""
	for _, h := range hrefs {
		sec.run(chromedp.Navigate(chair.base+h), chromedp.WaitVisible("article.contribution", chromedp.ByQuery))
		if sec.count(`#partnerships a.button[href$="/partnership"]`) == 1 {
			proposal = h
			break
		}
	}
	if proposal == "" {
		t.Fatal("no partnership proposal is left to make into a partnership")
	}
	sec.checkPage("partnership-proposal")
	sec.clickAndLoad(`#partnerships a.button[href$="/partnership"]`, "#f-title")
	if h := sec.text("h1"); h != "A partnership proposal becomes a partnership" {
		t.Errorf("the confirmation page is titled %q", h)
	}
	sec.checkPage("partnership-confirm")
	// The proposal's body is a party already; the secretariat adds the
	// Economic Commission for Africa and sets the mechanism.
	var added bool
	sec.run(chromedp.Evaluate(`(() => {
		const l = Array.from(document.querySelectorAll('input[name="parties"]')).find(i => !i.checked && i.parentElement.textContent.includes("Economic Commission for Africa"));
		if (l) l.setAttribute("data-chosen", "");
		return !!l;
	})()`, &added))
	if !added {
		t.Fatal("no Economic Commission for Africa to add as a party")
	}
	sec.run(chromedp.Click(`input[data-chosen]`, chromedp.ByQuery), chromedp.SetValue("#f-mechanism", "technical_cooperation", chromedp.ByQuery))
	sec.clickAndLoad(`form[action$="/partnership"] button[type=submit]`, ".flash")
	sec.flashIs("The proposal became a partnership.")
	if p := sec.text("main"); !strings.Contains(p, "Economic Commission for Africa") || !strings.Contains(p, "Technical cooperation") || !strings.Contains(p, "the proposal it was made from") {
		t.Errorf("the partnership's page reads:\n%s", p)
	}
	sec.checkPage("partnership")
	var partnershipURL string
	sec.run(chromedp.Location(&partnershipURL))

	// Both ways: the proposal names the partnership made from it, and no
	// longer offers to make another.
	sec.clickAndLoad(`main a[href="`+proposal+`"]`, "article.contribution")
	if sec.count(`#partnerships a[href="`+strings.TrimPrefix(partnershipURL, chair.base)+`"]`) != 1 || sec.count(`#partnerships a.button[href$="/partnership"]`) != 0 {
		t.Errorf("the proposal's page does not point to its partnership:\n%s", sec.text("#partnerships"))
	}
	sec.clickAndLoad(`#partnerships a[href$="/matches"]`, "h1")
	sec.checkPage("partnership-matches")

	// The registry, who partners with whom, and a party's engagement.
	sec.run(chromedp.Navigate(partnershipURL), chromedp.WaitVisible("main h1", chromedp.ByQuery))
	sec.clickAndLoad(`.breadcrumbs a[href$="/partnerships"]`, "#h-list")
	if n := sec.count(`svg[role="img"]`); n < 2 {
		t.Errorf("the registry draws %d charts, want 2", n)
	}
	sec.checkPage("partnerships")
	var registryURL string
	sec.run(chromedp.Location(&registryURL))
	sec.clickAndLoad(`a[href$="/network"]`, "#h-pairs")
	sec.checkPage("partnership-network")
	sec.run(chromedp.Navigate(partnershipURL), chromedp.WaitVisible("main h1", chromedp.ByQuery))
	sec.clickAndLoad(`main ul a[href$="/engagement"]`, "#h-timeline")
	sec.checkPage("partnership-engagement")
	for _, u := range []string{registryURL, partnershipURL} {
		sec.run(chromedp.Navigate(u+"?lang=ar"), chromedp.WaitVisible("main h1", chromedp.ByQuery))
		if d := sec.attr("html", "dir"); d != "rtl" {
			t.Errorf("%s in Arabic: dir=%q", u, d)
		}
		sec.checkPage("partnership-ar")
	}
}
