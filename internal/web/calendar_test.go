package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSchedulePages walks the calendar as people would: the secretariat
// sets times (a refused time is shown on its field, in the page's
// language), the meeting page shows them in the venue's zone and in a
// reader's own, the meeting's calendar downloads, and a person makes a
// subscription address that answers without a session until revoked.
func TestSchedulePages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	m, err := f.db.Meeting(ctx, f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	day := "2017-10-10"
	if m.StartsOn != "" {
		day = m.StartsOn
	}
	sess, part := "session."+f.ids["session"]+".", "part."+f.ids["part"]+"."
	form := func(zone, sStart, sEnd, pStart, pEnd string) url.Values {
		mm, _ := f.db.Meeting(ctx, f.ids["meeting"])
		return url.Values{"version": {strconv.Itoa(mm.Version)}, "time_zone": {zone},
			sess + "starts_at": {day + "T" + sStart}, sess + "ends_at": {day + "T" + sEnd},
			part + "starts_at": {day + "T" + pStart}, part + "ends_at": {day + "T" + pEnd}}
	}
	rec := f.do(t, "secretariat", "GET", "/meetings/{meeting}/schedule", nil)
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), `name="`+sess+`starts_at"`) {
		t.Fatalf("schedule form: %d\n%s", rec.Code, body(rec))
	}
	// The end before the start is refused on its field, in French.
	f.do(t, "secretariat", "POST", "/language", url.Values{"lang": {"fr"}, "next": {"/"}})
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/schedule", form("Europe/Zurich", "12:00", "09:00", "09:00", "10:00"))
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("end before start: status %d", rec.Code)
	}
	if b := body(rec); !strings.Contains(b, `id="f-`+sess+`ends_at-err"`) {
		t.Errorf("the error is not on the session's end:\n%s", b)
	}
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/schedule", form("Europe/Geneva", "09:00", "12:30", "09:00", "10:30"))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), `id="f-time_zone-err"`) {
		t.Fatalf("unknown zone: status %d", rec.Code)
	}
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/schedule", form("Europe/Zurich", "09:00", "12:30", "09:00", "10:30"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", rec.Code, body(rec))
	}
	// The observer reads the meeting in the venue's zone; having chosen
	// Bangkok, in theirs as well.
	rec = f.do(t, "observer", "GET", "/meetings/{meeting}", nil)
	b := body(rec)
	if !strings.Contains(b, "09:00–12:30") || !strings.Contains(b, "(Europe/Zurich)") || strings.Contains(b, "Asia/Bangkok") {
		t.Errorf("meeting page without the times in the venue's zone:\n%s", b)
	}
	if !strings.Contains(b, `href="/meetings/`+f.ids["meeting"]+`/calendar.ics"`) {
		t.Error("no calendar link on the meeting page")
	}
	if rec = f.do(t, "observer", "POST", "/account/calendar/zone", url.Values{"time_zone": {"Mars/Base"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown reader zone: status %d", rec.Code)
	}
	if rec = f.do(t, "observer", "POST", "/account/calendar/zone", url.Values{"time_zone": {"Asia/Bangkok"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reader zone: status %d", rec.Code)
	}
	b = body(f.do(t, "observer", "GET", "/meetings/{meeting}", nil))
	if !strings.Contains(b, "14:00–17:30") || !strings.Contains(b, "(Asia/Bangkok)") {
		t.Errorf("meeting page without the times in the reader's zone:\n%s", b)
	}
	// Arabic pages write the date in Arabic.
	f.do(t, "observer", "POST", "/language", url.Values{"lang": {"ar"}, "next": {"/"}})
	if b = body(f.do(t, "observer", "GET", "/meetings/{meeting}", nil)); !strings.Contains(b, "أكتوبر") {
		t.Errorf("Arabic meeting page without the month in Arabic")
	}
	rec = f.do(t, "observer", "GET", "/meetings/{meeting}/calendar.ics", nil)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") ||
		!strings.Contains(body(rec), "DTSTART;TZID=Europe/Zurich:"+strings.ReplaceAll(day, "-", "")+"T090000") {
		t.Fatalf("meeting calendar: %d %s\n%s", rec.Code, rec.Header().Get("Content-Type"), body(rec))
	}

	// The subscription address, shown once, answers without a session.
	rec = f.do(t, "chair", "POST", "/account/calendar/feed", nil)
	feed := regexp.MustCompile(`http://[^<"]+/calendar/feed/[A-Za-z0-9_-]+\.ics`).FindString(body(rec))
	if rec.Code != http.StatusOK || feed == "" {
		t.Fatalf("no subscription address shown: %d\n%s", rec.Code, body(rec))
	}
	path := feed[strings.Index(feed, "/calendar/"):]
	rec = f.do(t, "anonymous", "GET", path, nil)
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), "BEGIN:VEVENT") {
		t.Fatalf("feed without a session: %d\n%s", rec.Code, body(rec))
	}
	if b := body(f.do(t, "chair", "GET", "/account", nil)); strings.Contains(b, path) {
		t.Error("the account page shows the address again")
	}
	if rec = f.do(t, "chair", "POST", "/account/calendar/feed/revoke", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", rec.Code)
	}
	if rec = f.do(t, "anonymous", "GET", path, nil); rec.Code != http.StatusNotFound {
		t.Errorf("revoked feed: status %d", rec.Code)
	}
}
