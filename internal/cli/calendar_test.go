package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportCalendar imports an agenda with times and exports the
// meeting's calendar to a file: one event a timed session or part, in the
// agenda's time zone, with a VTIMEZONE for it.
func TestExportCalendar(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	src := filepath.Join(dir, "agenda.md")
	md := "**Regional Consultation**\n\n*Third Meeting (EP 3)*\n\nTime zone: Africa/Nairobi\n\n## Session 1. Fair recruitment\n\nTime: 2026-03-02 09:00–12:30\n\n" +
		"### Session 1 Breakout groups\n\nTime: 2026-03-02 09:30–11:00\n\n### Session 1 Plenary discussion\n\n## Session 2. Without a time\n"
	if err := os.WriteFile(src, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", "import", "agenda", "-db", db, "-new-process", "EP", src)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	id := strings.TrimSuffix(strings.Fields(out)[2], ":")
	file := filepath.Join(dir, "ep3.ics")
	if code, _, stderr = run(t, "", "export", "calendar", "-db", db, "-base", "https://plenary.example.org", "-o", file, id); code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ics := string(data)
	for _, want := range []string{"BEGIN:VCALENDAR\r\n", "TZID:Africa/Nairobi\r\n", "DTSTART;TZID=Africa/Nairobi:20260302T090000\r\n",
		"DTEND;TZID=Africa/Nairobi:20260302T110000\r\n", "SUMMARY:EP 3 · Session 1. Fair recruitment\r\n", "URL:https://plenary.example.org/meetings/" + id + "\r\n"} {
		if !strings.Contains(ics, want) {
			t.Errorf("the calendar lacks %q:\n%s", want, ics)
		}
	}
	if n := strings.Count(ics, "BEGIN:VEVENT"); n != 2 {
		t.Errorf("%d events, want 2 (the session and its timed part)", n)
	}
	// The agenda exports with its times, as imported.
	if _, got, _ := run(t, "", "export", "agenda", "-db", db, id); !strings.Contains(got, "Time zone: Africa/Nairobi") || !strings.Contains(got, "Time: 2026-03-02 09:30–11:00") {
		t.Errorf("the exported agenda lost the times:\n%s", got)
	}
	if code, _, stderr = run(t, "", "export", "calendar", "-db", db); code == 0 || !strings.Contains(stderr, "give one meeting ID") {
		t.Errorf("no meeting: exit %d: %s", code, stderr)
	}
	if code, _, _ = run(t, "", "export", "calendar", "-db", db, "01NOTAMEETING"); code == 0 {
		t.Error("an unknown meeting exported")
	}
}
