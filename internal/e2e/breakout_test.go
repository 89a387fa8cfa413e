package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBreakoutGroupVotesAndWatchesLive walks a breakout group on the GRCP 7
// demo: the rapporteur writes statements and turns an input of the region
// into one, then votes through the voting page without a page reload;
// a delegate of the same group votes on a phone in another browser
// context, and the rapporteur's live view follows both without reloading.
// The rapporteur then merges two statements and undoes it. axe-core
// checks every page.
func TestBreakoutGroupVotesAndWatchesLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	b := newBrowser(t, base)
	b.login("rapporteur@demo.plenary.local")
	b.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery),
		chromedp.Click("a.your-group", chromedp.ByQuery), chromedp.WaitVisible("#h-statements", chromedp.ByQuery))
	var groupURL string
	b.run(chromedp.Location(&groupURL))
	groupURL = strings.SplitN(groupURL, "?", 2)[0]
	if q := b.text("ol.questions"); !strings.Contains(q, "recommendations") {
		t.Errorf("the workspace does not show the breakout part's guiding questions: %q", q)
	}
	b.checkA11y("breakout-workspace-empty")

	for _, text := range []string{
		"Open regular pathways for seasonal workers between neighbouring states.",
		"Recognise the skills and diplomas of migrant workers across the region.",
	} {
		b.run(chromedp.SendKeys("#f-text", text, chromedp.ByQuery))
		b.clickAndLoad("form.statement-form button[type=submit]", "p.flash")
		if fl := b.text("p.flash"); fl != "Statement added, in English." {
			t.Fatalf("flash after adding a statement = %q", fl)
		}
	}
	// An input of the region becomes a candidate statement, its text
	// prefilled and editable.
	b.clickAndLoad("ul.inputs a.button", "form.statement-form p.notice")
	var prefilled string
	b.run(chromedp.Value("#f-text", &prefilled, chromedp.ByQuery))
	if strings.TrimSpace(prefilled) == "" {
		t.Fatal("the statement drawn from an input is not prefilled")
	}
	b.clickAndLoad("form.statement-form button[type=submit]", "p.flash")
	var n int
	b.run(chromedp.Evaluate(`document.querySelectorAll("ol.statements > li").length`, &n))
	if n != 3 {
		t.Fatalf("%d statements listed, want 3", n)
	}
	b.checkA11y("breakout-workspace")

	// The rapporteur votes through the voting page: with JavaScript the
	// next statement comes without a page reload.
	b.clickAndLoad(`.group-tabs a[href*="/vote"]`, "form[data-vote]")
	b.checkA11y("breakout-vote")
	b.run(chromedp.Evaluate(`window.stillTheSamePage = true`, nil))
	b.voteThrough(t, "button.vote-agree", 3)
	var same bool
	b.run(chromedp.Evaluate(`window.stillTheSamePage === true`, &same))
	if !same {
		t.Error("the voting page reloaded between votes")
	}
	b.checkA11y("breakout-vote-done")

	// The rapporteur watches the live view.
	b.run(chromedp.Navigate(groupURL+"/live"), chromedp.WaitVisible("#live-body", chromedp.ByQuery))
	b.waitText(".live-counts", "1 participant", 5*time.Second)
	b.run(chromedp.Evaluate(`window.stillTheSamePage = true`, nil))
	b.checkA11y("breakout-live-one")

	// A delegate of the same group votes on a phone, in a browser
	// context of their own.
	d := b.newContext()
	d.login("delegate2@demo.plenary.local")
	var scrollWidth int
	d.run(chromedp.EmulateViewport(360, 780), chromedp.Navigate(groupURL+"/vote"), chromedp.WaitVisible("form[data-vote]", chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the voting page is %d px wide on a 360 px screen", scrollWidth)
	}
	d.checkA11y("breakout-vote-phone")
	d.voteThrough(t, "button.vote-disagree", 3)
	d.run(chromedp.Navigate(groupURL), chromedp.WaitVisible("#h-statements", chromedp.ByQuery), chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the workspace is %d px wide on a 360 px screen", scrollWidth)
	}
	d.checkA11y("breakout-workspace-phone")

	// The rapporteur's live view follows, without a reload.
	b.waitText(".live-counts", "2 participants", 5*time.Second)
	b.waitText(".live-counts", "6 votes", 5*time.Second)
	b.run(chromedp.Evaluate(`window.stillTheSamePage === true`, &same))
	if !same {
		t.Error("the live view reloaded instead of following the events")
	}
	b.checkA11y("breakout-live")
	d.run(chromedp.Navigate(groupURL+"/live"), chromedp.WaitVisible("#live-body", chromedp.ByQuery), chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollWidth))
	if scrollWidth > 360 {
		t.Errorf("the live view is %d px wide on a 360 px screen", scrollWidth)
	}
	d.checkA11y("breakout-live-phone")

	// The rapporteur merges the statement drawn from the input into the
	// first one, then undoes it.
	b.run(chromedp.Navigate(groupURL), chromedp.WaitVisible("#h-merges", chromedp.ByQuery),
		chromedp.Evaluate(`window.confirm = function () { return true; }`, nil),
		chromedp.Evaluate(`(function () { var s = document.getElementById("f-from"); s.value = s.options[s.options.length - 1].value; })()`, nil))
	b.clickAndLoad("form.merge-form button[type=submit]", "p.flash")
	if fl := b.text("p.flash"); !strings.Contains(fl, "merged") {
		t.Fatalf("flash after merging = %q", fl)
	}
	b.run(chromedp.Evaluate(`document.querySelectorAll("ol.statements > li").length`, &n))
	if n != 2 {
		t.Errorf("%d statements stand after the merge, want 2", n)
	}
	b.checkA11y("breakout-merged")
	b.clickAndLoad("ul.merges form button", "p.flash")
	if fl := b.text("p.flash"); !strings.Contains(fl, "undone") {
		t.Fatalf("flash after undoing = %q", fl)
	}
	b.run(chromedp.Evaluate(`document.querySelectorAll("ol.statements > li").length`, &n))
	if n != 3 {
		t.Errorf("%d statements stand after the undo, want 3", n)
	}

	// The voting page in Arabic, right to left, on the phone.
	d.run(chromedp.Navigate(groupURL+"/vote"), chromedp.WaitVisible("#lang-select", chromedp.ByQuery),
		chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery), chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery))
	d.checkA11y("breakout-vote-ar-phone")
	d.run(chromedp.Navigate(groupURL+"/live"), chromedp.WaitVisible("#live-body", chromedp.ByQuery))
	d.checkA11y("breakout-live-ar-phone")
}

// voteThrough clicks the button sel on n statements in a row, each time
// waiting for the next statement to replace the one voted on.
func (b *browser) voteThrough(t *testing.T, sel string, n int) {
	t.Helper()
	for i := range n {
		var before string
		b.run(chromedp.Text("#vote-text", &before, chromedp.ByQuery), chromedp.Click(sel, chromedp.ByQuery))
		var changed bool
		b.run(chromedp.Poll(`(function () { var e = document.getElementById("vote-text"); return !!e && e.innerText !== `+jsString(before)+`; })()`, &changed,
			chromedp.WithPollingTimeout(10*time.Second)))
		if !changed {
			t.Fatalf("vote %d: the next statement did not come", i+1)
		}
	}
	b.run(chromedp.WaitVisible(".vote-done", chromedp.ByQuery))
	if p := b.text("#vote-progress"); !strings.Contains(p, "voted on 3 of 3") {
		t.Errorf("progress after voting = %q", p)
	}
}

// clickAndLoad clicks sel, waits for the next page to replace the
// current one, then for waitSel on it.
func (b *browser) clickAndLoad(sel, waitSel string) {
	b.t.Helper()
	b.run(chromedp.Evaluate(`document.documentElement.setAttribute("data-leaving", "1")`, nil),
		chromedp.Click(sel, chromedp.ByQuery),
		chromedp.WaitNotPresent("html[data-leaving]", chromedp.ByQuery),
		chromedp.WaitVisible(waitSel, chromedp.ByQuery))
}

// waitText waits until the element sel contains want.
func (b *browser) waitText(sel, want string, timeout time.Duration) {
	b.t.Helper()
	var ok bool
	err := chromedp.Run(b.ctx, chromedp.Poll(`(function () { var e = document.querySelector(`+jsString(sel)+`); return !!e && e.innerText.indexOf(`+jsString(want)+`) >= 0; })()`, &ok,
		chromedp.WithPollingTimeout(timeout)))
	if err != nil || !ok {
		var got string
		chromedp.Run(b.ctx, chromedp.Evaluate(`(document.querySelector(`+jsString(sel)+`) || {}).innerText || ""`, &got))
		b.t.Fatalf("%s does not show %q within %v; it reads %q (%v)", sel, want, timeout, got, err)
	}
}

// newContext opens a second browser, with cookies of its own.
func (b *browser) newContext() *browser {
	o := newBrowser(b.t, b.base)
	o.shot = 50
	return o
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}
