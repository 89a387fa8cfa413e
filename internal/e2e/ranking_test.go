package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestGroupRanksAndReports walks a breakout group's ranking on the GRCP 7
// demo: the rapporteur adds three candidate recommendations, ranks them by
// the move buttons that stand in for dragging, a second delegate of
// the group ranks them with the place fields, everyone sees the results
// with the full tally, the rapporteur submits the group report, and the
// secretariat reads every group's report, in English and Arabic. axe-core
// checks every page.
func TestGroupRanksAndReports(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowser(t, base)
	b.login("rapporteur@demo.plenary.local")
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	var meetingURL, groupPath string
	b.run(chromedp.Location(&meetingURL))
	b.run(chromedp.Navigate(meetingURL+"/groups"), chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('main a[href^="/groups/"]')).map(a => a.getAttribute("href")).find(h => !h.endsWith("/members")) || ""`, &groupPath))
	if groupPath == "" {
		t.Fatal("the rapporteur's group has no workspace link")
	}
	group := base + groupPath
	for _, text := range []string{
		"Open regular pathways for seasonal work between neighbouring states.",
		"Share labour migration data through the regional consultative process every year.",
		"Fund the reintegration of returning migrants from a common regional fund.",
	} {
		b.run(chromedp.Navigate(group), chromedp.WaitVisible("#f-text", chromedp.ByQuery),
			chromedp.SendKeys("#f-text", text, chromedp.ByQuery),
			chromedp.SetValue("#f-kind", "recommendation", chromedp.ByQuery),
			chromedp.SetValue("#f-lang", "en", chromedp.ByQuery),
			chromedp.Submit("#f-text", chromedp.ByQuery),
			chromedp.WaitVisible(".flash", chromedp.ByQuery))
	}

	// The ballot: with JavaScript, move buttons reorder the candidates and
	// fill the place fields.
	b.run(chromedp.Navigate(group+"/rank"), chromedp.WaitVisible("form.ranking-form .row-actions button", chromedp.ByQuery))
	b.checkA11y("ranking")
	var places []string
	b.run(chromedp.Click(`ol.candidates li:last-child .row-actions button`, chromedp.ByQuery),
		chromedp.Click(`ol.candidates li:nth-child(2) .row-actions button`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("ol.candidates select")).map(s => s.value)`, &places))
	if strings.Join(places, ",") != "1,2,3" {
		t.Fatalf("places after a move = %v, want 1,2,3 in list order", places)
	}
	var first string
	b.run(chromedp.Evaluate(`document.querySelector("ol.candidates li .candidate-text").textContent`, &first))
	if !strings.Contains(first, "Fund the reintegration") {
		t.Fatalf("moving the last candidate up put %q first", first)
	}
	b.run(chromedp.Submit("ol.candidates select", chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if f := b.text(".flash"); !strings.Contains(f, "ballot was saved") {
		t.Fatalf("flash after ranking = %q", f)
	}

	// A second member of the group ranks with the place fields alone.
	b2 := newBrowser(t, base)
	b2.login("delegate2@demo.plenary.local")
	b2.run(chromedp.Navigate(group+"/rank"), chromedp.WaitVisible("ol.candidates select", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const s = document.querySelectorAll("ol.candidates select"); s[0].value = "2"; s[1].value = "1"; s[2].value = "1"; })()`, nil),
		chromedp.Submit("ol.candidates select", chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery))

	b.run(chromedp.Navigate(group+"/results"), chromedp.WaitVisible("table.matrix", chromedp.ByQuery))
	if m := b.text("main .muted"); !strings.Contains(m, "2 ballots") {
		t.Errorf("results header = %q", m)
	}
	if top := b.text("ol.top"); !strings.Contains(top, "Fund the reintegration") {
		t.Errorf("top five = %q", top)
	}
	b.checkA11y("ranking-results")
	// On a phone the page does not scroll sideways: the matrices scroll
	// inside their own regions.
	var scrollWidth int
	b.run(chromedp.EmulateViewport(360, 780), chromedp.Reload(), chromedp.WaitVisible("table.matrix", chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the results are %d px wide on a 360 px screen", scrollWidth)
	}
	b.checkA11y("ranking-results-phone")
	b.run(chromedp.Navigate(group+"/rank"), chromedp.WaitVisible("ol.candidates", chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the ballot is %d px wide on a 360 px screen", scrollWidth)
	}
	b.checkA11y("ranking-phone")
	b.run(chromedp.EmulateViewport(1280, 1000))

	// The report.
	b.run(chromedp.Navigate(group+"/report"), chromedp.WaitVisible(firstAnswer, chromedp.ByQuery))
	b.checkA11y("report-draft")
	b.run(chromedp.SendKeys(firstAnswer, "The regional consultative process reviews the commitments at its yearly ministerial meeting.", chromedp.ByQuery),
		chromedp.SendKeys("#f-agreement_en", "RCPs convene the states, keep the record and report to the regional review.", chromedp.ByQuery),
		chromedp.Submit(firstAnswer, chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery),
		chromedp.Evaluate(`window.confirm = () => true`, nil),
		chromedp.Click(`form[action$="/report/submit"] button`, chromedp.ByQuery),
		chromedp.WaitVisible("ol.top", chromedp.ByQuery))
	if st := b.text("main .status"); st != "Submitted" {
		t.Fatalf("report status = %q", st)
	}
	b.checkA11y("report-submitted")

	// The secretariat: the settings of a part and every group's report,
	// then the results in Arabic.
	b3 := newBrowser(t, base)
	b3.login("secretariat@demo.plenary.local")
	b3.run(chromedp.Navigate(meetingURL+"/reports"), chromedp.WaitVisible("section.card", chromedp.ByQuery))
	if txt := b3.text("section.card"); !strings.Contains(txt, "yearly ministerial meeting") {
		t.Errorf("overview = %q", txt)
	}
	b3.checkA11y("reports")
	var settings string
	b3.run(chromedp.Navigate(meetingURL+"/structure"), chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const a = document.querySelector('a[href^="/parts/"][href$="/edit"]'); return a ? a.getAttribute("href").replace("/edit", "/ranking/settings") : ""; })()`, &settings))
	if settings == "" {
		t.Fatal("no part on the structure page")
	}
	b3.run(chromedp.Navigate(base+settings), chromedp.WaitVisible("#f-method-schulze", chromedp.ByQuery))
	b3.checkA11y("ranking-settings")
	b3.run(chromedp.Navigate(group+"/results"), chromedp.WaitVisible("#lang-select", chromedp.ByQuery),
		chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery), chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"] table.matrix`, chromedp.ByQuery))
	b3.checkA11y("ranking-results-ar")
}

// firstAnswer is the box of the first guiding question of a part's report
// form in English: the seed's breakout parts ask their own questions, and
// the form asks them in place of fixed fields.
const firstAnswer = `textarea[id^="f-answer_"][id$="_en"]`
