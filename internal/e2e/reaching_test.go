package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestReachingPeopleWalk walks issue 18's whole path on the demo, in the
// browser: reaching a delegate who is not yet in plenary, and keeping them
// informed in their language.
//
//  1. The secretariat invites visitor@demo.plenary.local (a person of the
//     demo identity provider with no account) to GRCP 7 as a delegate of
//     the Regional Conference on Migration in the Americas' breakout group,
//     by e-mail, in Arabic.
//  2. The administrator finds the invitation in the demo mailbox, as sent;
//     the invited person follows its link and signs in through the demo
//     identity provider: the account is made and bound to the invitation
//     (the invited role and group, the identity listed on the account page).
//  3. The delegate chooses Arabic in the language menu.
//  4. The secretariat opens voting in the session 2 breakout part: the
//     delegate reads "voting is open in your group" among the notifications
//     on the account page (in Arabic, the group's Arabic name), and the
//     e-mail is in the demo mailbox.
//  5. The delegate subscribes to their calendar: the secret address,
//     fetched without cookies, holds GRCP 7's sessions and parts at their
//     times in Geneva, the breakout parts naming their group.
//  6. The delegate reads the agenda, the groups, their own group and the
//     bodies in Arabic, in English only where there is no translation, each
//     such text marked (lang="en" and "(English)").
//
// axe-core checks every page, each Arabic one among them.
func TestReachingPeopleWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	root := newBrowserFor(t, base, 10*time.Minute)
	root.run(chromedp.Navigate(base+"/login"), chromedp.WaitVisible("#f-email", chromedp.ByQuery))
	const invited = "visitor@demo.plenary.local"

	// 1. The invitation, by e-mail, in Arabic.
	sec := root.incognito(4000)
	sec.login("secretariat@demo.plenary.local")
	sec.run(chromedp.Navigate(base+"/"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	meeting := sec.attr(`main a[href^="/meetings/"]`, "href")
	if meeting == "" {
		t.Fatal("the home page links no meeting")
	}
	meeting = strings.SplitN(meeting, "?", 2)[0]
	var chosen struct{ Body, Group string }
	sec.run(chromedp.Navigate(base+meeting+"/members"), chromedp.WaitVisible("#f-send", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", invited, chromedp.ByQuery),
		chromedp.SetValue("#f-role", "delegate", chromedp.ByQuery),
		chromedp.SetValue("#f-lang", "ar", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const pick = (sel, text) => { const s = document.querySelector(sel); const o = Array.from(s.options).find(o => o.textContent.includes(text)); if (o) s.value = o.value; return o ? o.textContent : ""; };
			return {body: pick("#f-body", "(RCM)"), group: pick("#f-group", "Americas and the Caribbean")};
		})()`, &chosen),
		chromedp.Evaluate(`document.querySelector("#f-send").checked = true`, nil))
	if chosen.Body == "" || chosen.Group == "" {
		t.Fatalf("the members page offers no RCM or no Americas group: %+v", chosen)
	}
	sec.clickAndLoad(`button[formaction$="/invitations"]`, ".flash")
	if flash := sec.content(".flash"); !strings.Contains(flash, invited) || !strings.Contains(flash, "/invite/") {
		t.Fatalf("after inviting by e-mail the page says %q", flash)
	}
	sec.checkPage("reach-invited")

	// 2. The invitation in the demo mailbox; its link; the demo identity
	// provider.
	admin := root.incognito(4100)
	admin.login("admin@demo.plenary.local")
	msg := admin.mailTo(invited, `/invite/`, 30*time.Second)
	if msg.Link == "" || !strings.Contains(msg.Text, "Content-Language: ar") {
		t.Fatalf("the invitation is not in the demo mailbox in Arabic with its link:\n%s", msg.Text)
	}
	admin.checkPage("reach-mailbox-invitation")

	del := root.incognito(4200)
	del.run(chromedp.Navigate(msg.Link), chromedp.WaitVisible(`a[href^="/login/sso/demo"]`, chromedp.ByQuery))
	del.checkPage("reach-invitation-page")
	del.run(chromedp.Click(`a[href^="/login/sso/demo"]`, chromedp.ByQuery), chromedp.WaitVisible("#idp-email", chromedp.ByQuery),
		chromedp.SendKeys("#idp-email", invited, chromedp.ByQuery),
		chromedp.SendKeys("#idp-password", "plenary-demo", chromedp.ByQuery),
		chromedp.Submit("#idp-password", chromedp.ByQuery),
		chromedp.WaitNotPresent("#idp-email", chromedp.ByQuery),
		chromedp.WaitVisible("h1", chromedp.ByQuery))
	var loc string
	del.run(chromedp.Location(&loc))
	if strings.Contains(loc, "/login") || strings.Contains(loc, "/demo-idp") {
		t.Fatalf("after the demo identity provider the invited person is at %s: %s", loc, del.content("main"))
	}
	// Bound to the invitation: the invited role in the invited group.
	americas := del.yourGroup()
	if americas == "" || !strings.HasPrefix(americas, "/groups/") {
		t.Fatalf("the new account has no group of its own on the meeting's page (%q)", americas)
	}
	del.run(chromedp.Navigate(base+"/account?lang=en"), chromedp.WaitVisible("#identities", chromedp.ByQuery))
	if got := del.content("#identities tbody"); !strings.Contains(got, "Demo identity provider") || !strings.Contains(got, invited) {
		t.Errorf("the new account's identities: %q", got)
	}
	// A delegate of the invited body: the reports the body owes are theirs
	// to write.
	if got := del.content("#notifications"); !strings.Contains(got, fuPathways) || !strings.Contains(got, fuDueSoonCycle) {
		t.Errorf("the new account's page does not list the reports the invited body owes:\n%.1500s", got)
	}
	del.checkPage("reach-account")

	// 3. Arabic, chosen in the language menu and kept on the account.
	del.run(chromedp.Navigate(base+meeting), chromedp.WaitVisible("#lang-select", chromedp.ByQuery),
		chromedp.SetValue("#lang-select", "ar", chromedp.ByQuery),
		chromedp.Submit("#lang-select", chromedp.ByQuery),
		chromedp.WaitVisible(`html[dir="rtl"] article.agenda`, chromedp.ByQuery))

	// 4. Voting opens in the delegate's group.
	var settings string
	sec.run(chromedp.Navigate(base+meeting+"/structure"), chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const a = document.querySelector('a[href^="/parts/"][href$="/edit"]'); return a ? a.getAttribute("href").replace("/edit", "/ranking/settings") : ""; })()`, &settings))
	if settings == "" {
		t.Fatal("no part on the structure page")
	}
	// Voting is open until told otherwise: the secretariat closes it while
	// the session is prepared, then opens it.
	for _, open := range []bool{false, true} {
		sec.run(chromedp.Navigate(base+settings), chromedp.WaitVisible("#f-open", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector("#f-open").checked = `+map[bool]string{false: "false", true: "true"}[open], nil))
		sec.clickAndLoad(`form:has(#f-open) button[type=submit]`, ".flash")
	}
	sec.checkPage("reach-ranking-opened")
	del.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible(`html[dir="rtl"] #notifications`, chromedp.ByQuery))
	notes := del.content("#notifications")
	if !strings.Contains(notes, "التصويت مفتوح في مجموعتك") || !strings.Contains(notes, demoGroupName("ar")) {
		t.Errorf("the delegate's notifications (Arabic) lack voting open in %q:\n%s", demoGroupName("ar"), notes)
	}
	// The reports the body owes, each title in Arabic or marked English.
	if got := del.content(`#notifications a[href*="/reports/"] span[lang="ar"]`); got != fuArabicTitle {
		t.Errorf("the first report owed in Arabic reads %q, want %q", got, fuArabicTitle)
	}
	del.fallbacksMarked("the delegate's account page in Arabic")
	del.checkPage("reach-account-notified-ar")
	voting := admin.mailTo(invited, "/rank?part=", 30*time.Second)
	if !strings.Contains(voting.Text, "Content-Language: ar") || !strings.Contains(voting.Text, demoGroupName("ar")) {
		t.Errorf("the demo mailbox holds no Arabic e-mail telling the delegate that voting is open in %q:\n%.2000s", demoGroupName("ar"), voting.Text)
	}
	admin.checkPage("reach-mailbox-voting")

	// 5. The delegate's calendar, by subscription.
	del.run(chromedp.Navigate(base+"/account"), chromedp.WaitVisible("#calendar", chromedp.ByQuery),
		chromedp.Click(`#calendar form[action="/account/calendar/feed"] button`, chromedp.ByQuery), chromedp.WaitVisible("#feed-url", chromedp.ByQuery))
	del.checkPage("reach-calendar-feed-ar")
	feed := strings.TrimSpace(del.text("#feed-url"))
	status, body := del.fetchText(feed, false)
	if status != 200 {
		t.Fatalf("the subscription answers %d without cookies", status)
	}
	evs := events(t, "the delegate's subscription", body)
	if len(evs) != 7 {
		t.Errorf("the delegate's subscription has %d events, want GRCP 7's 3 sessions and 4 parts", len(evs))
	}
	utc := func(day, hm string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", day+" "+hm)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Geneva is two hours ahead of UTC in October 2017.
	want := map[string][2]time.Time{
		"Session 1.":   {utc("2017-10-10", "08:00"), utc("2017-10-10", "10:30")},
		"Session 2.":   {utc("2017-10-10", "12:00"), utc("2017-10-10", "15:30")},
		"Session 2 · ": {utc("2017-10-10", "12:00"), utc("2017-10-10", "14:00")},
		"Session 3 · ": {utc("2017-10-11", "07:30"), utc("2017-10-11", "09:00")},
		"Session 3.":   {utc("2017-10-11", "07:30"), utc("2017-10-11", "10:30")},
	}
	found := map[string]bool{}
	for summary, ev := range evs {
		for prefix, w := range want {
			if !strings.Contains(summary, prefix) || found[prefix] {
				continue
			}
			if strings.HasSuffix(prefix, " · ") && !strings.Contains(summary, "(") {
				continue // a part that is not a breakout group's
			}
			found[prefix] = true
			st, err1 := ev.GetStartAt()
			en, err2 := ev.GetEndAt()
			if err1 != nil || err2 != nil || !st.Equal(w[0]) || !en.Equal(w[1]) {
				t.Errorf("%q runs %v to %v (%v %v), want %v to %v", summary, st, en, err1, err2, w[0], w[1])
			}
			if strings.HasSuffix(prefix, " · ") && !strings.Contains(summary, "Americas and the Caribbean") {
				t.Errorf("the breakout part %q does not name the delegate's group", summary)
			}
		}
	}
	for prefix := range want {
		if !found[prefix] {
			t.Errorf("the delegate's subscription has no event %q:\n%s", prefix, body)
		}
	}

	// 6. The agenda, the groups, the delegate's group and the bodies in
	// Arabic, English only where no translation exists, and marked.
	del.run(chromedp.Navigate(base+meeting), chromedp.WaitVisible(`html[dir="rtl"] article.agenda`, chromedp.ByQuery))
	for _, c := range []struct{ sel, want string }{
		{`article.agenda h1 span[lang="ar"][dir="rtl"]`, "آليات التشاور بين الدول بشأن الهجرة"},
		{`article.agenda section.part h4 span[lang="ar"]`, "مجموعات العمل"},
		{`article.agenda li span[lang="en"][dir="ltr"]`, "to identify ISCM partners' recommendations to the GCM."},
		{`article.agenda small.tx-fallback[lang="en"]`, "(English)"},
	} {
		if got := del.content(c.sel); !strings.Contains(got, c.want) {
			t.Errorf("the Arabic agenda: %s = %q, want %q", c.sel, got, c.want)
		}
	}
	del.fallbacksMarked("the Arabic agenda")
	del.settle()
	del.checkPage("reach-agenda-ar")

	del.run(chromedp.Navigate(base+meeting+"/groups"), chromedp.WaitVisible(`html[dir="rtl"] main h2`, chromedp.ByQuery))
	if got := del.content("main"); !strings.Contains(got, demoGroupName("ar")) || !strings.Contains(got, "Inter-regional and global processes (English)") {
		t.Errorf("the Arabic groups page: %q", got)
	}
	if got := del.content(`main h2 span[lang="en"]`); got != "Inter-regional and global processes" {
		t.Errorf("the untranslated group's name is not marked English: %q", got)
	}
	del.fallbacksMarked("the Arabic groups page")
	del.checkPage("reach-groups-ar")

	del.run(chromedp.Navigate(base+americas), chromedp.WaitVisible(`html[dir="rtl"] h1`, chromedp.ByQuery))
	if got := del.content("h1"); !strings.Contains(got, demoGroupName("ar")) {
		t.Errorf("the delegate's group page in Arabic is titled %q", got)
	}
	del.checkPage("reach-group-ar")

	del.run(chromedp.Navigate(base+"/bodies"), chromedp.WaitVisible(`html[dir="rtl"] main table`, chromedp.ByQuery))
	if got := del.content("main table"); !strings.Contains(got, "المؤتمر الإقليمي المعني بالهجرة (عملية بويبلا)") || !strings.Contains(got, "Colombo Process (English)") {
		t.Errorf("the Arabic bodies page: %q", got)
	}
	del.fallbacksMarked("the Arabic bodies page")
	del.checkPage("reach-bodies-ar")
}

// fallbacksMarked fails when a "(English)" marker of the page is not
// itself marked lang="en" or does not follow a text marked lang="en".
func (b *browser) fallbacksMarked(name string) {
	b.t.Helper()
	var bad []string
	var n int
	b.run(chromedp.Evaluate(`document.querySelectorAll("small.tx-fallback").length`, &n),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("small.tx-fallback")).filter(m => {
			const prev = m.previousElementSibling;
			return m.getAttribute("lang") !== "en" || !prev || prev.getAttribute("lang") !== "en";
		}).map(m => (m.parentElement || m).textContent.trim().slice(0, 80))`, &bad))
	if n == 0 {
		b.t.Errorf("%s marks no text as English", name)
	}
	if len(bad) > 0 {
		b.t.Errorf("%s: %d English fallbacks not marked lang=\"en\": %q", name, len(bad), bad)
	}
}

// mailMessage is a message of the demo mailbox: its text as the page shows
// it (headers, links, text) and its first link that holds a path.
type mailMessage struct{ Text, Link string }

// mailTo reads the demo mailbox (as the administrator) until it holds a
// message to the address with a link holding path, for at most timeout.
func (b *browser) mailTo(address, path string, timeout time.Duration) mailMessage {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var m mailMessage
		b.run(chromedp.Navigate(b.base+"/admin/mailbox"), chromedp.WaitVisible("h1", chromedp.ByQuery),
			chromedp.Evaluate(`(() => {
				const m = Array.from(document.querySelectorAll("article.mail-message")).find(a =>
					a.querySelector(".mail-headers").textContent.split("\n").some(h => h.startsWith("To:") && h.includes(`+jsString(address)+`)) &&
					a.querySelector('a[href*="' + `+jsString(path)+` + '"]'));
				return m ? {text: m.textContent, link: m.querySelector('a[href*="' + `+jsString(path)+` + '"]').href} : {text: "", link: ""};
			})()`, &m))
		if m.Link != "" {
			return m
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the demo mailbox holds no message to %s with a link to %s within %v", address, path, timeout)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
