package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestMailOnTheDemo walks e-mail on the demo alone (the whole flow walks
// it too, last): see walkMail.
func TestMailOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	root := newBrowserFor(t, base, 5*time.Minute)
	root.run(chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	root.checkPage("mail-login")
	walkMail(t, root)
}

// walkMail: the secretariat invites a delegate by e-mail from the
// meeting's members page; the message arrives in the demo mailbox, which
// the administrator reads; its link creates the invited account. Then a
// person who forgot their password asks for a link on the login page,
// reads it in the mailbox and sets a new password, and logs in with it.
// The demo's follow-up notifications are in the mailbox too, with their
// one-click unsubscribe headers.
func walkMail(t *testing.T, root *browser) {
	t.Helper()
	base := root.base
	sec := root.incognito(3000)
	sec.login("secretariat@demo.plenary.local")
	sec.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	meeting := sec.attr(`main a[href^="/meetings/"]`, "href")
	if meeting == "" {
		t.Fatal("the home page links no meeting")
	}
	const invited = "nadia.new@example.org"
	sec.run(chromedp.Navigate(base+meeting+"/members"), chromedp.WaitVisible("#f-send", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", invited, chromedp.ByQuery),
		chromedp.SetValue("#f-lang", "fr", chromedp.ByQuery),
		chromedp.SetValue("#f-role", "delegate", chromedp.ByQuery),
		chromedp.Evaluate(`(s => { s.value = s.options[1].value })(document.querySelector("#f-body"))`, nil),
		chromedp.Click(`button[formaction$="/invitations"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".flash code.token", chromedp.ByQuery))
	if flash := sec.content(".flash"); !strings.Contains(flash, invited) || !strings.Contains(flash, "/invite/") {
		t.Fatalf("after inviting by e-mail the page says %q", flash)
	}
	sec.checkPage("mail-invited")

	admin := root.incognito(3100)
	admin.login("admin@demo.plenary.local")
	mailbox := func(want string) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			admin.run(chromedp.Navigate(base+"/admin/mailbox"), chromedp.WaitVisible("h1", chromedp.ByQuery))
			if txt := admin.content("main"); strings.Contains(txt, want) || time.Now().After(deadline) {
				return txt
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	box := mailbox(invited)
	if !strings.Contains(box, invited) || !strings.Contains(box, "Invitation : ") || !strings.Contains(box, "Content-Language: fr") {
		t.Fatalf("the invitation is not in the demo mailbox as sent:\n%s", box)
	}
	if !strings.Contains(box, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") {
		t.Errorf("the demo's notifications are not in the mailbox with their unsubscribe headers")
	}
	admin.checkPage("mail-mailbox")
	link := admin.attr(`main a[href*="/invite/"]`, "href")
	if link == "" {
		t.Fatal("the mailbox shows no invitation link")
	}
	admin.run(chromedp.Navigate(base+"/admin/outbox?status=sent"), chromedp.WaitVisible("table", chromedp.ByQuery))
	if txt := admin.content("table"); !strings.Contains(txt, invited) {
		t.Errorf("the outbox does not list the sent invitation:\n%s", txt)
	}
	admin.checkPage("mail-outbox")

	// The invited person follows the e-mailed link and creates the account.
	guest := root.incognito(3200)
	guest.run(chromedp.Navigate(link), chromedp.WaitVisible("#f-name", chromedp.ByQuery),
		chromedp.SendKeys("#f-name", "Nadia New", chromedp.ByQuery),
		chromedp.SendKeys("#f-password", "nadia's long password", chromedp.ByQuery),
		chromedp.Submit("#f-password", chromedp.ByQuery),
		chromedp.WaitNotPresent("#f-password", chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery))
	if txt := guest.content("body"); !strings.Contains(txt, "Nadia New") {
		t.Fatalf("the invited account is not logged in:\n%.400s", txt)
	}
	guest.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible("#mail", chromedp.ByQuery))
	guest.checkPage("mail-account-preferences")

	// Forgot password, from the login page.
	const who = "observer@demo.plenary.local"
	anon := root.incognito(3300)
	anon.run(chromedp.Navigate(base+"/login"), chromedp.WaitVisible(`a[href="/password/forgot"]`, chromedp.ByQuery),
		chromedp.Click(`a[href="/password/forgot"]`, chromedp.ByQuery), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	anon.checkPage("mail-forgot")
	anon.run(chromedp.SendKeys("#f-email", who, chromedp.ByQuery), chromedp.Submit("#f-email", chromedp.ByQuery),
		chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if txt := anon.content(".flash"); !strings.Contains(txt, who) {
		t.Fatalf("after asking for a link: %q", txt)
	}
	mailbox("/reset/")
	reset := admin.attr(`main a[href*="/reset/"]`, "href")
	if reset == "" {
		t.Fatal("the mailbox shows no reset link")
	}
	anon.run(chromedp.Navigate(reset), chromedp.WaitVisible("#f-password2", chromedp.ByQuery))
	anon.checkPage("mail-reset")
	anon.run(chromedp.SendKeys("#f-password", "the observer's new password", chromedp.ByQuery),
		chromedp.SendKeys("#f-password2", "the observer's new password", chromedp.ByQuery),
		chromedp.Submit("#f-password2", chromedp.ByQuery),
		chromedp.WaitVisible("#f-email", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", who, chromedp.ByQuery),
		chromedp.SendKeys("#f-password", "the observer's new password", chromedp.ByQuery),
		chromedp.Submit("#f-password", chromedp.ByQuery),
		chromedp.WaitNotPresent("#f-password", chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery))
	// The link works once.
	anon.run(chromedp.Navigate(reset), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if txt := anon.content("main"); !strings.Contains(txt, "not valid") {
		t.Errorf("a used reset link still opens:\n%.300s", txt)
	}
}
