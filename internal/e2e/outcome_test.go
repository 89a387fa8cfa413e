package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// walkOutcome is the last step of TestWholeFlowOfGRCP7: the outcome
// document of GRCP 7 made by clicking through its pages, each person in a
// browser context of their own, and read by a visitor without an account.
// proposer and supporter are logged in as delegates of two delegations.
func walkOutcome(t *testing.T, chair, proposer, supporter *browser, meetingURL string) {
	t.Helper()
	base := chair.base
	outcomeURL := meetingURL + "/outcome"
	sec := chair.incognito(800)
	sec.login("secretariat@demo.plenary.local")

	// The secretariat finds the outcome page on the meeting page and
	// makes the first draft.
	sec.run(chromedp.Navigate(meetingURL), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	sec.clickAndLoad(`main a[href$="/outcome"]`, `form[action$="/outcome"]`)
	sec.checkPage("outcome-none")
	sec.clickAndLoad(`form[action$="/outcome"] button[type=submit]`, "#document")
	sec.flashIs("The first draft is made.")
	sec.checkPage("outcome-draft")

	// It opens the draft for amendments through the confirmation.
	sec.clickAndLoad(`a.button[href$="/outcome/open"]`, "#f-deadline")
	if h := sec.text("h1"); !strings.Contains(h, "for amendments") {
		t.Errorf("the round's confirmation is titled %q", h)
	}
	sec.checkPage("outcome-open-confirm")
	sec.clickAndLoad(`form[action$="/outcome/open"] button[type=submit]`, ".flash")
	sec.flashIs("The draft is open for amendments.")

	// A delegate proposes to replace a paragraph.
	const newText = "Member States commit to open regular pathways for seasonal labour migration within two years."
	proposer.run(chromedp.Navigate(outcomeURL), chromedp.WaitVisible("#document", chromedp.ByQuery))
	proposer.checkPage("outcome-open-delegate")
	// The first numbered paragraph's link (notes and sub-headings have
	// links of their own, without a number).
	var found bool
	proposer.run(chromedp.Evaluate(`(() => {
		const a = Array.from(document.querySelectorAll('.block-amend a[href*="/outcome/amend?block="]')).find(a => a.textContent.startsWith("Propose an amendment to paragraph "));
		if (a) a.setAttribute("data-chosen", "");
		return !!a;
	})()`, &found))
	if !found {
		t.Fatal("no paragraph has a link to propose an amendment")
	}
	link := `a[data-chosen]`
	proposer.clickAndLoad(link, "#f-justification")
	if h := proposer.text("h1"); !strings.HasPrefix(h, "Amendment to paragraph ") {
		t.Errorf("the amendment form is titled %q", h)
	}
	proposer.checkPage("outcome-amend-form")
	proposer.run(chromedp.Click(`input[name=op][value=replace]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("f-text").value = ""`, nil),
		chromedp.SendKeys("#f-text", newText, chromedp.ByQuery),
		chromedp.SendKeys("#f-justification", "A commitment with a date can be followed up.", chromedp.ByQuery))
	proposer.clickAndLoad(`form[action$="/outcome/amendments"] button[type=submit]`, ".flash")
	proposer.flashIs("The amendment is recorded.")
	if n := proposer.count("#amendments article.amendment"); n != 1 {
		t.Fatalf("the record lists %d amendments, want 1", n)
	}
	if txt := proposer.text("#amendments article.amendment"); !strings.Contains(txt, newText) {
		t.Errorf("the amendment reads %q", txt)
	}

	// A second delegation supports it.
	supporter.run(chromedp.Navigate(outcomeURL), chromedp.WaitVisible("#amendments", chromedp.ByQuery))
	supporter.clickAndLoad(`#amendments form[action$="/support"] button[type=submit]`, ".flash")
	supporter.flashIs("Your delegation supports the amendment.")
	if txt := supporter.text("#amendments article.amendment"); !strings.Contains(txt, "Supported by") {
		t.Errorf("the supported amendment reads %q", txt)
	}

	// The secretariat accepts it and closes the round: version 2 carries it.
	sec.run(chromedp.Navigate(outcomeURL), chromedp.WaitVisible("form.decide", chromedp.ByQuery))
	sec.checkPage("outcome-open-secretariat")
	sec.run(chromedp.Click(`form.decide input[name=decision][value=accept]`, chromedp.ByQuery))
	sec.clickAndLoad(`form.decide button[type=submit]`, ".flash")
	sec.flashIs("The decision is recorded.")
	sec.clickAndLoad(`form[action$="/outcome/close"] button[type=submit]`, ".flash")
	sec.flashIs("The round is closed.")
	if txt := sec.text("#document"); !strings.Contains(txt, newText) {
		t.Errorf("version 2 lacks the accepted amendment:\n%s", txt)
	}
	if txt := sec.text("#amendments"); !strings.Contains(txt, "Applied in version 2") {
		t.Errorf("the record does not say where the amendment was applied:\n%s", txt)
	}
	sec.checkPage("outcome-draft-2")

	// The difference between the versions, and the translations page.
	sec.clickAndLoad(`#versions a[href*="/outcome/diff?from=1"]`, "ol.diff-blocks")
	if h := sec.text("h1"); h != "Changes from version 1 to version 2" {
		t.Errorf("the difference is titled %q", h)
	}
	if n := sec.count("ol.diff-blocks ins"); n == 0 {
		t.Error("the difference marks no word added")
	}
	sec.checkPage("outcome-diff")
	sec.run(chromedp.Navigate(outcomeURL), chromedp.WaitVisible("#translations", chromedp.ByQuery))
	sec.clickAndLoad(`#translations a[href*="/outcome/translate?to=fr"]`, `form[action$="/outcome/translations"]`)
	if n := sec.count(`form[action$="/outcome/translations"] input[name=lang][value=fr]`); n != 1 {
		t.Errorf("the translation page is not the French one: %q", sec.text("h1"))
	}
	// The page speaks the translator's language, not the one translated into.
	if h := sec.text("h1"); h != "Translation into Français" {
		t.Errorf("the translation page is titled %q: want it in English, into French", h)
	}
	sec.checkPage("outcome-translate")

	// The chair adopts version 2 through the confirmation.
	chair.run(chromedp.Navigate(outcomeURL), chromedp.WaitVisible("#round", chromedp.ByQuery))
	chair.clickAndLoad(`a.button[href$="/outcome/adopt"]`, `form[action$="/outcome/adopt"]`)
	if h := chair.text("h1"); h != "Adopt version 2?" {
		t.Errorf("the adoption's confirmation is titled %q", h)
	}
	chair.checkPage("outcome-adopt-confirm")
	chair.clickAndLoad(`form[action$="/outcome/adopt"] button[type=submit]`, ".flash")
	chair.flashIs("The document is adopted; its text is frozen.")
	hash := chair.text("dl.hash code.token")
	if len(hash) != 64 {
		t.Errorf("the adopted document's hash reads %q", hash)
	}
	chair.checkPage("outcome-adopted")

	// The secretariat publishes it through the confirmation.
	sec.run(chromedp.Navigate(outcomeURL), chromedp.WaitVisible("#round", chromedp.ByQuery))
	sec.clickAndLoad(`a.button[href$="/outcome/publish"]`, `form[action$="/outcome/publish"]`)
	sec.checkPage("outcome-publish-confirm")
	sec.clickAndLoad(`form[action$="/outcome/publish"] button[type=submit]`, ".flash")
	sec.flashIs("The document is published.")
	public := sec.attr(`#round a[href^="/p/"]`, "href")
	if public == "" {
		t.Fatal("the published outcome page does not link its public page")
	}
	sec.checkPage("outcome-published")
	sec.run(chromedp.Navigate(outcomeURL+"?lang=ar"), chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery), chromedp.WaitVisible("#document", chromedp.ByQuery))
	sec.settle()
	sec.checkPage("outcome-published-ar")

	// GRCP 6's published outcome, found from the home page.
	var grcp6 string
	chair.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Evaluate(`(Array.from(document.querySelectorAll('main a[href^="/meetings/"]')).find(a => a.textContent.includes("GRCP 6")) || {}).pathname || ""`, &grcp6))
	if grcp6 == "" {
		t.Fatal("the home page lists no GRCP 6")
	}
	chair.run(chromedp.Navigate(base+grcp6), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	public6 := chair.attr(`main a[href^="/p/"]`, "href")
	if public6 == "" {
		t.Fatal("GRCP 6's meeting page does not link its published outcome")
	}

	// A visitor without an account reads both public pages and downloads.
	anon := chair.incognito(900)
	anon.run(chromedp.Navigate(base+public), chromedp.WaitVisible("#document", chromedp.ByQuery))
	if txt := anon.text("#document"); !strings.Contains(txt, newText) {
		t.Errorf("the public page lacks the adopted amendment:\n%s", txt)
	}
	if txt := anon.text("section.adoption"); !strings.Contains(txt, hash) {
		t.Errorf("the public page does not give the hash %s:\n%s", hash, txt)
	}
	if n := anon.count(`a[href^="/meetings/"], form[action="/logout"]`); n != 0 {
		t.Errorf("the public page has %d links that need a login", n)
	}
	anon.checkPage("public")
	anon.downloads("public")
	anon.run(chromedp.Navigate(base+public+"?lang=ar"), chromedp.WaitVisible(`html[dir="rtl"]`, chromedp.ByQuery), chromedp.WaitVisible("#document", chromedp.ByQuery))
	anon.settle()
	anon.checkPage("public-ar")
	anon.run(chromedp.Navigate(base+public6), chromedp.WaitVisible("#document", chromedp.ByQuery))
	if h := anon.text("h1"); !strings.Contains(h, "GRCP 6") {
		t.Errorf("GRCP 6's public page is titled %q", h)
	}
	anon.checkPage("public-grcp6")
	anon.downloads("public-grcp6")
}

// flashIs waits for the page's flash message and fails unless it reads want.
func (b *browser) flashIs(want string) {
	b.t.Helper()
	b.run(chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if f := b.text(".flash"); strings.TrimSpace(f) != want {
		b.t.Fatalf("flash = %q, want %q", f, want)
	}
}

// downloads fetches every download link of the page and checks that each
// answers 200 with its format's content type and first bytes.
func (b *browser) downloads(name string) {
	b.t.Helper()
	var got []struct {
		Href, Type, Head string
		Status           int
	}
	b.run(chromedp.Evaluate(`Promise.all(Array.from(document.querySelectorAll(".downloads a[download]")).map(a =>
		fetch(a.href, {credentials: "omit"}).then(r => r.arrayBuffer().then(buf => ({
			href: a.getAttribute("href"), status: r.status, type: r.headers.get("content-type") || "",
			head: String.fromCharCode(...new Uint8Array(buf.slice(0, 5)))})))))`, &got,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	want := map[string]struct{ typ, head string }{
		"docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"},
		"pdf":  {"application/pdf", "%PDF-"},
		"md":   {"text/markdown", ""},
		"html": {"text/html", ""},
	}
	seen := map[string]bool{}
	for _, d := range got {
		format := ""
		if i := strings.Index(d.Href, "format="); i >= 0 {
			format = strings.SplitN(d.Href[i+len("format="):], "&", 2)[0]
		}
		w, ok := want[format]
		if !ok {
			b.t.Errorf("%s: a download of an unknown format: %s", name, d.Href)
			continue
		}
		seen[format] = true
		if d.Status != 200 || !strings.HasPrefix(d.Type, w.typ) || !strings.HasPrefix(d.Head, w.head) {
			b.t.Errorf("%s: %s answers %d %q starting %q, want 200 %q starting %q", name, d.Href, d.Status, d.Type, d.Head, w.typ, w.head)
		}
	}
	for _, f := range []string{"docx", "pdf", "md"} {
		if !seen[f] {
			b.t.Errorf("%s: no %s download among %v", name, f, got)
		}
	}
}
