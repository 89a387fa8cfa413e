package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The demo's follow-up beyond reporting (internal/demo/followup_reminders.go):
// the commitments and cycles that walkFollowUpDemo reads.
const (
	fuPathways      = "Regular pathways for labour migration between the Americas' countries"
	fuOverdueCycle  = "Americas regional review 2026 (demonstration)"
	fuDueSoonCycle  = "Remittances stocktaking 2026 (demonstration)"
	fuArabicTitle   = "التزام بشأن التحويلات المالية الرقمية والشمول المالي"
	fuFrenchTitle   = "Engagement sur les transferts de fonds numériques et l'inclusion financière"
	fuImportedTitle = "Consular identity cards accepted by banks (browser test)"
)

// TestFollowUpOnTheDemo walks walkFollowUpDemo on its own; the whole flow
// walks it too, after the review cycle.
func TestFollowUpOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	root := newBrowserFor(t, base, 8*time.Minute)
	root.run(chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	owner := root.incognito(2500)
	owner.login("delegate@demo.plenary.local")
	walkFollowUpDemo(t, root, owner)
}

// walkFollowUpDemo: what the demo shows of the follow-up besides reports,
// each through the browser. The reminders the server sent when it started:
// the secretariat's reminders page lists the Regional Conference on
// Migration's report overdue and the one due soon, the owner (delegate@,
// logged in as owner) reads both among the notifications on their account
// page (in Arabic, the translated commitment named in Arabic), and the administrator finds the reminder e-mails in the demo
// mailbox. A commitment's translations: the page lists French and Arabic
// (demonstration translations) and the languages missing; the commitment
// reads in Arabic and French, and an untranslated one in Arabic reads in
// English, marked. The commitments import: a CSV with an error is refused
// with its row and column, and once fixed imports the commitment, which
// the list then shows. axe-core checks every page.
func walkFollowUpDemo(t *testing.T, root, owner *browser) {
	t.Helper()
	base := root.base
	sec := root.incognito(2400)
	sec.login("secretariat@demo.plenary.local")
	sec.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	proc := sec.attr(`main h2 a[href^="/processes/"]`, "href")
	if proc == "" {
		t.Fatal("the home page links no process")
	}

	// The reminders the server sent on its start.
	sec.run(chromedp.Navigate(base+proc+"/reminders"), chromedp.WaitVisible("#h-overdue", chromedp.ByQuery))
	overdue, soon := sec.content("section:has(#h-overdue)"), sec.content("section:has(#h-soon)")
	if !strings.Contains(overdue, fuPathways) || !strings.Contains(overdue, fuOverdueCycle) {
		t.Errorf("the reminders page's overdue reports lack %q in %q:\n%s", fuPathways, fuOverdueCycle, overdue)
	}
	if !strings.Contains(soon, fuCommitment) || !strings.Contains(soon, fuDueSoonCycle) {
		t.Errorf("the reminders page's reports due soon lack %q in %q:\n%s", fuCommitment, fuDueSoonCycle, soon)
	}
	sec.checkPage("followup-demo-reminders")
	var translated, untranslated string
	sec.run(chromedp.Evaluate(`(s => (Array.from(document.querySelectorAll(s + " a[href^='/commitments/']")).find(a => a.textContent.startsWith(`+jsString(fuCommitment)+`)) || {}).pathname || "")("section:has(#h-soon)")`, &translated),
		chromedp.Evaluate(`(Array.from(document.querySelectorAll("section:has(#h-overdue) a[href^='/commitments/']")).find(a => a.textContent.startsWith(`+jsString(fuPathways)+`)) || {}).pathname || ""`, &untranslated))
	if translated == "" || untranslated == "" {
		t.Fatalf("the reminders page links no commitment (%q, %q)", translated, untranslated)
	}

	owner.run(chromedp.Navigate(base+"/account?lang=en"), chromedp.WaitVisible("#notifications", chromedp.ByQuery))
	notes := owner.content("#notifications")
	for _, want := range []string{"Report overdue by 4 days for commitment “" + fuPathways + "” (" + fuOverdueCycle + ")",
		"Report due in 9 days for commitment “" + fuCommitment + "” (" + fuDueSoonCycle + ")"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the owner's notifications lack %q:\n%s", want, notes)
		}
	}
	owner.checkPage("followup-demo-owner-reminded")
	// In Arabic, the translated commitment is named in Arabic.
	owner.run(chromedp.Navigate(base+"/account?lang=ar"), chromedp.WaitVisible(`html[dir="rtl"] #notifications`, chromedp.ByQuery))
	if notes := owner.content("#notifications ul.notices"); !strings.Contains(notes, fuArabicTitle) || !strings.Contains(notes, fuPathways) {
		t.Errorf("the owner's notifications in Arabic do not name the commitment in Arabic (and the untranslated one in English):\n%s", notes)
	}
	// The reports owed too: the translated title in Arabic, the other in
	// English, marked.
	var owed []struct{ Lang, Text string }
	owner.run(chromedp.Evaluate(`Array.from(document.querySelectorAll("#notifications a[href*='/reports/'] > span[lang]")).map(s => ({lang: s.lang, text: s.textContent}))`, &owed))
	owedLang := map[string]string{}
	for _, o := range owed {
		owedLang[o.Text] = o.Lang
	}
	if owedLang[fuArabicTitle] != "ar" || owedLang[fuPathways] != "en" {
		t.Errorf("the reports owed in Arabic: %+v; want the digital remittances in Arabic and the pathways in English", owed)
	}
	owner.fallbacksMarked("the owner's account page in Arabic")
	owner.checkPage("followup-demo-owner-reminded-ar")

	admin := root.incognito(2600)
	admin.login("admin@demo.plenary.local")
	box := admin.mailboxWith(fuOverdueCycle, 30*time.Second)
	for _, want := range []string{fuOverdueCycle, fuDueSoonCycle, "delegate@demo.plenary.local", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"} {
		if !strings.Contains(strings.ToLower(box), strings.ToLower(want)) {
			t.Errorf("the demo mailbox lacks %q among the reminders", want)
		}
	}

	// A commitment's translations.
	sec.run(chromedp.Navigate(base+translated+"/translations"), chromedp.WaitVisible("#h-tr-langs", chromedp.ByQuery))
	langs := sec.content("section:has(#h-tr-langs) tbody")
	for _, want := range []string{"Français", "العربية", "Demonstration translation (unofficial)", "Not translated"} {
		if !strings.Contains(langs, want) {
			t.Errorf("the commitment's translations page lacks %q:\n%s", want, langs)
		}
	}
	sec.checkPage("followup-demo-commitment-translations")
	for _, c := range []struct{ lang, title string }{{"ar", fuArabicTitle}, {"fr", fuFrenchTitle}} {
		sec.run(chromedp.Navigate(base+translated+"?lang="+c.lang), chromedp.WaitVisible("article.commitment h1", chromedp.ByQuery))
		if got, l := sec.content("article.commitment h1"), sec.attr("article.commitment h1", "lang"); got != c.title || l != c.lang {
			t.Errorf("the commitment in %s is titled %q (lang %q), want %q", c.lang, got, l, c.title)
		}
		sec.checkPage("followup-demo-commitment-" + c.lang)
	}
	sec.run(chromedp.Navigate(base+untranslated+"?lang=ar"), chromedp.WaitVisible("article.commitment h1", chromedp.ByQuery))
	if got, l := sec.content("article.commitment h1"), sec.attr("article.commitment h1", "lang"); got != fuPathways || l != "en" {
		t.Errorf("the untranslated commitment in Arabic is titled %q (lang %q), want the English, marked", got, l)
	}
	if sec.count("#not-translated") != 1 {
		t.Error("the untranslated commitment in Arabic does not say it is not translated")
	}
	sec.checkPage("followup-demo-commitment-untranslated-ar")

	// The commitments import, from the page: a file with an error, then
	// fixed.
	dir := t.TempDir()
	const header = "id,title,text,lang,owner,objectives,due_on,indicator,baseline,baseline_on,target,target_on\n"
	row := func(due string) string {
		return "C1," + fuImportedTitle + ",Member States ask their banks to accept consular identity cards to open an account.,en,RCM,O20," + due +
			",Banks accepting consular cards,2,2026-01-01,12,2028-12-31\n"
	}
	bad, good := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "commitments.csv")
	if err := os.WriteFile(bad, []byte(header+row("2028-13-31")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(header+row("2028-12-31")), 0o644); err != nil {
		t.Fatal(err)
	}
	sec.run(chromedp.Navigate(base+proc+"/commitments?lang=en"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	sec.clickAndLoad(`main a[href$="/commitments/import"]`, "#f-file")
	sec.checkPage("followup-demo-import")
	sec.run(chromedp.SetUploadFiles("#f-file", []string{bad}, chromedp.ByQuery))
	sec.clickAndLoad(`form[action$="/commitments/import"] button[type=submit]`, "ul.row-errors")
	if errs := sec.content("ul.row-errors"); !strings.Contains(errs, "Row 2") || !strings.Contains(errs, "due_on") {
		t.Errorf("the import's problems do not name row 2 and its column due_on: %q", errs)
	}
	sec.checkPage("followup-demo-import-errors")
	sec.run(chromedp.SetUploadFiles("#f-file", []string{good}, chromedp.ByQuery))
	sec.clickAndLoad(`form[action$="/commitments/import"] button[type=submit]`, ".flash")
	if txt := sec.content("main"); !strings.Contains(txt, fuImportedTitle) {
		t.Errorf("the commitments list lacks the imported commitment:\n%.2000s", txt)
	}
	sec.checkPage("followup-demo-imported")
}

// mailboxWith reads the demo mailbox (as the administrator) until it holds
// want, for at most timeout, and returns its text.
func (b *browser) mailboxWith(want string, timeout time.Duration) string {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		b.run(chromedp.Navigate(b.base+"/admin/mailbox"), chromedp.WaitVisible("h1", chromedp.ByQuery))
		txt := b.content("main")
		if strings.Contains(txt, want) {
			return txt
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the demo mailbox does not hold %q within %v", want, timeout)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
