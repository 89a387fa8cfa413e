package e2e

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestCalendarInBrowser walks the calendar on the demo (walkCalendar) on
// its own; the whole flow walks it too.
func TestCalendarInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	base := server(t, nil)
	sec := newBrowserFor(t, base, 6*time.Minute)
	sec.login("secretariat@demo.plenary.local")
	sec.run(chromedp.Click(`a[href^="/meetings/"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	var meetingURL string
	sec.run(chromedp.Location(&meetingURL))
	meetingURL = strings.SplitN(meetingURL, "?", 2)[0]
	del := sec.incognito(900)
	del.login("delegate@demo.plenary.local")
	walkCalendar(t, sec, del, meetingURL)
}

// fetchText fetches url from the page: with the page's cookies, or with
// none (as a calendar application would), and returns the status and body.
func (b *browser) fetchText(url string, cookies bool) (int, string) {
	b.t.Helper()
	cred := "omit"
	if cookies {
		cred = "include"
	}
	var got struct {
		Status int
		Body   string
	}
	b.run(chromedp.Evaluate(`fetch(`+jsString(url)+`, {credentials: "`+cred+`"}).then(r => r.text().then(t => ({status: r.status, body: t})))`, &got,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	return got.Status, got.Body
}

// events reads a calendar back and returns its events by summary.
func events(t *testing.T, name, data string) map[string]*ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, data)
	}
	out := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		out[ics.FromText(ev.GetProperty(ics.ComponentPropertySummary).Value)] = ev
	}
	return out
}

// walkCalendar: the demo's GRCP 7 has times in Geneva. The delegate reads
// them on the meeting page (and in Arabic), downloads the meeting's
// calendar, reads the times in Bangkok's zone once chosen on the account
// page, and makes a subscription address that answers without cookies;
// the secretariat moves session 1 on the schedule page and the
// subscription shows the new time with one more change counted; the
// revoked address no longer answers. axe-core on every page.
func walkCalendar(t *testing.T, sec, del *browser, meetingURL string) {
	t.Helper()
	del.run(chromedp.Navigate(meetingURL+"?lang=en"), chromedp.WaitVisible("article.agenda p.when", chromedp.ByQuery))
	if w := del.content("section.session p.when"); !strings.Contains(w, "Tuesday 10 October 2017, 10:00–12:30") || !strings.Contains(w, "Europe/Zurich") {
		t.Errorf("session 1's time reads %q", w)
	}
	del.checkPage("calendar-meeting")
	var href string
	del.run(chromedp.AttributeValue(`a[href$="/calendar.ics"]`, "href", &href, nil, chromedp.ByQuery))
	status, body := del.fetchText(href, true)
	if status != 200 {
		t.Fatalf("the meeting's calendar answers %d", status)
	}
	evs := events(t, "meeting calendar", body)
	if len(evs) != 7 {
		t.Errorf("the meeting's calendar has %d events, want 7 (3 sessions, 4 parts)", len(evs))
	}
	for summary, ev := range evs {
		if strings.HasPrefix(summary, "GRCP 7 · Session 1.") {
			if st, err := ev.GetStartAt(); err != nil || !st.Equal(time.Date(2017, 10, 10, 8, 0, 0, 0, time.UTC)) {
				t.Errorf("session 1 starts at %v (%v), want 10:00 in Geneva", st, err)
			}
		}
	}

	// Arabic: the dates in Arabic, the page mirrored.
	del.run(chromedp.Navigate(meetingURL+"?lang=ar"), chromedp.WaitVisible("p.when", chromedp.ByQuery))
	if d := del.attr("html", "dir"); d != "rtl" || !strings.Contains(del.content("p.when"), "أكتوبر") {
		t.Errorf("Arabic meeting page: dir %q, time %q", d, del.content("p.when"))
	}
	del.checkPage("calendar-meeting-ar")

	// The delegate reads times in Bangkok's zone too.
	del.run(chromedp.Navigate(del.base+"/account?lang=en"), chromedp.WaitVisible("#calendar", chromedp.ByQuery))
	del.checkPage("calendar-account")
	del.run(chromedp.SetValue("#calendar #f-time_zone", "Asia/Bangkok", chromedp.ByQuery),
		chromedp.Submit("#calendar #f-time_zone", chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery))
	del.run(chromedp.Navigate(meetingURL), chromedp.WaitVisible("p.when .reader-time", chromedp.ByQuery))
	if w := del.content("section.session p.when"); !strings.Contains(w, "15:00–17:30") || !strings.Contains(w, "Asia/Bangkok") {
		t.Errorf("session 1 in the reader's zone reads %q", w)
	}

	// The subscription address, shown once, answers without cookies.
	del.run(chromedp.Navigate(del.base+"/account"), chromedp.WaitVisible("#calendar", chromedp.ByQuery),
		chromedp.Click(`#calendar form[action="/account/calendar/feed"] button`, chromedp.ByQuery), chromedp.WaitVisible("#feed-url", chromedp.ByQuery))
	del.checkPage("calendar-feed")
	feed := strings.TrimSpace(del.text("#feed-url"))
	status, body = del.fetchText(feed, false)
	if status != 200 {
		t.Fatalf("the subscription answers %d without cookies", status)
	}
	// The delegate also took part in GRCP 6: its sessions are there too.
	var group string
	grcp7, others := 0, 0
	for summary := range events(t, "subscription", body) {
		if strings.Contains(summary, "Breakout Groups (") {
			group = summary
		}
		if strings.HasPrefix(summary, "GRCP 7 · ") {
			grcp7++
		} else {
			others++
		}
	}
	if grcp7 != 7 || others == 0 || !strings.Contains(group, "GRCP 7 · Session 2 · Breakout Groups (Americas and the Caribbean)") {
		t.Errorf("the delegate's subscription has %d events of GRCP 7 and %d of others, breakout %q", grcp7, others, group)
	}

	// The secretariat moves session 1 by half an hour.
	sec.run(chromedp.Navigate(meetingURL+"/schedule?lang=en"), chromedp.WaitVisible(`input[type="datetime-local"]`, chromedp.ByQuery))
	sec.checkPage("calendar-schedule")
	sec.run(chromedp.SetValue(`fieldset.schedule-session input[name$=".starts_at"]`, "2017-10-10T10:30", chromedp.ByQuery),
		chromedp.Submit(`fieldset.schedule-session input[name$=".starts_at"]`, chromedp.ByQuery), chromedp.WaitVisible("article.agenda", chromedp.ByQuery))
	if w := sec.content("section.session p.when"); !strings.Contains(w, "10:30–12:30") {
		t.Errorf("after the move session 1 reads %q", w)
	}
	_, body = del.fetchText(feed, false)
	for summary, ev := range events(t, "subscription after the move", body) {
		if strings.HasPrefix(summary, "GRCP 7 · Session 1.") {
			st, _ := ev.GetStartAt()
			if seq := ev.GetProperty(ics.ComponentPropertySequence).Value; seq != "1" || !st.Equal(time.Date(2017, 10, 10, 8, 30, 0, 0, time.UTC)) {
				t.Errorf("after the move session 1 starts %v with SEQUENCE %s", st, seq)
			}
		}
	}

	// Revoked, the address no longer answers.
	del.run(chromedp.Navigate(del.base+"/account"), chromedp.WaitVisible("#calendar", chromedp.ByQuery),
		chromedp.Click(`#calendar form[action="/account/calendar/feed/revoke"] button`, chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery))
	if status, _ = del.fetchText(feed, false); status != 404 {
		t.Errorf("the revoked subscription answers %d", status)
	}
}
