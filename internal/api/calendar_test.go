package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestSchedule sets a meeting's times through the API: a refused time
// names its field, the agenda comes back with the times, and the
// meeting's calendar has them in its zone.
func TestSchedule(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	read := func() (version int, zone string) {
		w := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}"), "secretariat", "")
		var m struct {
			Version int
			Zone    string
		}
		json.Unmarshal(w.Body.Bytes(), &m)
		return m.Version, m.Zone
	}
	v, zone := read()
	if zone == "" {
		t.Fatal("the meeting has no effective zone")
	}
	body := func(version int, start, end string) string {
		b, _ := json.Marshal(map[string]any{"version": version, "time_zone": "America/New_York",
			"sessions": map[string]any{f.ids["sessionS1"]: map[string]string{"starts_at": start, "ends_at": end}}})
		return string(b)
	}
	w := f.do(t, "PUT", f.url(t, "/api/v1/meetings/{meetingA1}/schedule"), "secretariat", body(v, "2017-10-10 11:00", "2017-10-10 10:00"))
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "session."+f.ids["sessionS1"]+".ends_at") {
		t.Fatalf("end before start: %d %s", w.Code, w.Body)
	}
	w = f.do(t, "PUT", f.url(t, "/api/v1/meetings/{meetingA1}/schedule"), "secretariat", body(v, "2017-10-10 09:00", "2017-10-10 10:30"))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"starts_at":"2017-10-10T09:00"`) || !strings.Contains(w.Body.String(), `"time_zone":"America/New_York"`) {
		t.Fatalf("schedule: %d %s", w.Code, w.Body)
	}
	w = f.do(t, "PUT", f.url(t, "/api/v1/meetings/{meetingA1}/schedule"), "secretariat", body(v, "2017-10-10 09:00", "2017-10-10 10:30"))
	if w.Code != http.StatusConflict {
		t.Errorf("stale version: %d", w.Code)
	}
	w = f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/calendar"), "observer", "")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/calendar") ||
		!strings.Contains(w.Body.String(), "DTSTART;TZID=America/New_York:20171010T090000") || !strings.Contains(w.Body.String(), "SEQUENCE:1") {
		t.Fatalf("calendar: %d %s", w.Code, w.Body)
	}
}
