package ical

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func geneva(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func sample(t testing.TB) *Calendar {
	loc := geneva(t)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02T15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	mod := time.Date(2017, 9, 1, 8, 30, 0, 0, time.UTC)
	return &Calendar{Name: "GRCP 7", Description: "Sessions of GRCP 7; times in Europe/Zurich", Refresh: time.Hour, Events: []Event{
		{UID: "session-01@plenary", Start: at("2017-10-10T09:00"), End: at("2017-10-10T12:30"), Sequence: 2, Modified: mod,
			Summary:     "Session 1. Global processes; GCM, regional consultative processes, and a very long title that has to be folded",
			Description: "Objectives:\n- to share; experiences, \\ lessons", Location: "Palais des Nations, Geneva",
			URL: "https://plenary.example.org/meetings/01", Categories: []string{"GRCP 7", "Session"}},
		{UID: "part-02@plenary", Start: at("2017-10-11T14:00"), End: at("2017-10-11T15:30"), Modified: mod,
			Summary: "الجلسة 2 · مجموعات النقاش — 第二场会议 · Пленарное заседание"},
		{UID: "utc-03@plenary", Start: time.Date(2017, 10, 29, 1, 30, 0, 0, time.UTC), End: time.Date(2017, 10, 29, 2, 30, 0, 0, time.UTC), Summary: "In UTC"},
	}}
}

func TestGolden(t *testing.T) {
	got := sample(t).Bytes()
	path := filepath.Join("testdata", "sample.ics")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("calendar differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

// TestParseBack reads the calendar with another implementation and finds
// every event with its times, texts and sequence.
func TestParseBack(t *testing.T) {
	c := sample(t)
	cal, err := ics.ParseCalendar(bytes.NewReader(c.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != len(c.Events) {
		t.Fatalf("%d events read back, want %d", len(evs), len(c.Events))
	}
	for i, ev := range evs {
		want := c.Events[i]
		if ev.Id() != want.UID {
			t.Errorf("event %d: UID %q, want %q", i, ev.Id(), want.UID)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("event %d: start %v (%v), want %v", i, start, err, want.Start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(want.End) {
			t.Errorf("event %d: end %v (%v), want %v", i, end, err, want.End)
		}
		if s := ics.FromText(ev.GetProperty(ics.ComponentPropertySummary).Value); s != want.Summary {
			t.Errorf("event %d: summary %q, want %q", i, s, want.Summary)
		}
		if want.Description != "" {
			if s := ics.FromText(ev.GetProperty(ics.ComponentPropertyDescription).Value); s != want.Description {
				t.Errorf("event %d: description %q, want %q", i, s, want.Description)
			}
		}
		if s := ev.GetProperty(ics.ComponentPropertySequence).Value; s != map[int]string{0: "2", 1: "0", 2: "0"}[i] {
			t.Errorf("event %d: sequence %s", i, s)
		}
	}
	if evs[0].GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"][0] != "Europe/Zurich" {
		t.Errorf("the first event has no TZID Europe/Zurich")
	}
}

// TestZoneOffsets checks that the VTIMEZONE written gives, every hour over
// the span of the events, the same offset as the zone database.
func TestZoneOffsets(t *testing.T) {
	for _, zone := range []string{"Europe/Zurich", "America/New_York", "America/Santiago", "Asia/Bangkok", "Australia/Lord_Howe", "Africa/Casablanca"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2017, 3, 1, 9, 0, 0, 0, loc)
		end := time.Date(2019, 11, 1, 9, 0, 0, 0, loc)
		c := &Calendar{Events: []Event{{UID: "a", Start: start, End: start.Add(time.Hour)}, {UID: "b", Start: end, End: end.Add(time.Hour)}}}
		onsets := readZone(t, c.Bytes(), zone)
		for at := start.UTC(); at.Before(end.UTC()); at = at.Add(time.Hour) {
			i := sort.Search(len(onsets), func(i int) bool { return onsets[i].at.After(at) }) - 1
			if i < 0 {
				t.Fatalf("%s: no offset at %v", zone, at)
			}
			if _, want := at.In(loc).Zone(); onsets[i].to != want {
				t.Fatalf("%s: offset %d at %v, want %d", zone, onsets[i].to, at, want)
			}
		}
	}
}

type onset struct {
	at time.Time
	to int
}

// readZone reads the onsets of a VTIMEZONE: each component's DTSTART is a
// local time in its TZOFFSETFROM.
func readZone(t *testing.T, data []byte, zone string) []onset {
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	off := func(s string) int {
		sign := 1
		if s[0] == '-' {
			sign = -1
		}
		var h, m, sec int
		h = int(s[1]-'0')*10 + int(s[2]-'0')
		m = int(s[3]-'0')*10 + int(s[4]-'0')
		if len(s) == 7 {
			sec = int(s[5]-'0')*10 + int(s[6]-'0')
		}
		return sign * (h*3600 + m*60 + sec)
	}
	var out []onset
	for _, c := range cal.Components {
		tz, ok := c.(*ics.VTimezone)
		if !ok {
			continue
		}
		if tz.GetProperty(ics.ComponentPropertyTzid).Value != zone {
			t.Fatalf("VTIMEZONE %q, want %q", tz.GetProperty(ics.ComponentPropertyTzid).Value, zone)
		}
		for _, sc := range tz.SubComponents() {
			var dt, from, to string
			for _, p := range sc.UnknownPropertiesIANAProperties() {
				switch p.IANAToken {
				case "DTSTART":
					dt = p.Value
				case "TZOFFSETFROM":
					from = p.Value
				case "TZOFFSETTO":
					to = p.Value
				}
			}
			local, err := time.Parse("20060102T150405", dt)
			if err != nil || from == "" || to == "" {
				t.Fatalf("component %v: DTSTART %q FROM %q TO %q", sc, dt, from, to)
			}
			out = append(out, onset{local.Add(-time.Duration(off(from)) * time.Second), off(to)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func TestFold(t *testing.T) {
	for _, s := range []string{"", "short", strings.Repeat("a", 75), strings.Repeat("a", 76), strings.Repeat("é", 100), strings.Repeat("中", 77), strings.Repeat("ab😀", 40)} {
		var b bytes.Buffer
		Fold(&b, s)
		checkLines(t, b.Bytes())
		if got := strings.ReplaceAll(strings.TrimSuffix(b.String(), "\r\n"), "\r\n ", ""); got != s {
			t.Errorf("unfolded %q, want %q", got, s)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"a,b;c\\d":      `a\,b\;c\\d`,
		"one\r\ntwo\n":  `one\ntwo\n`,
		"tab\there":     "tab here",
		"nul\x00bell\a": "nulbell",
		"bad\xffutf8":   "badutf8",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkLines fails unless every line ends in CRLF, is at most 75 octets
// and is valid UTF-8.
func checkLines(t testing.TB, data []byte) {
	t.Helper()
	if len(data) > 0 && !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("does not end with CRLF: %q", data)
	}
	for _, l := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if len(l) > 75 {
			t.Fatalf("line of %d octets: %q", len(l), l)
		}
		if !utf8.Valid(l) {
			t.Fatalf("line is not UTF-8: %q", l)
		}
		if bytes.ContainsAny(l, "\r\n") {
			t.Fatalf("bare line break in %q", l)
		}
	}
}

func FuzzEncode(f *testing.F) {
	f.Add("Session 1. Global processes", "Objectives:\n- share", "Geneva", "session-1@plenary")
	f.Add("a,b;c\\", "\r\n\t\x00", "中文 العربية", "x")
	f.Add(strings.Repeat("é", 80), strings.Repeat("😀", 30), "", "u")
	f.Fuzz(func(t *testing.T, summary, description, location, uid string) {
		loc := geneva(t)
		start := time.Date(2017, 10, 10, 9, 0, 0, 0, loc)
		c := &Calendar{Name: summary, Events: []Event{{UID: uid + "@plenary", Start: start, End: start.Add(90 * time.Minute),
			Summary: summary, Description: description, Location: location}}}
		data := c.Bytes()
		checkLines(t, data)
		cal, err := ics.ParseCalendar(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		if got, want := ics.FromText(evs[0].GetProperty(ics.ComponentPropertySummary).Value), unescaped(summary); strings.TrimSpace(got) != strings.TrimSpace(want) {
			t.Fatalf("summary %q, want %q", got, want)
		}
		if got, err := evs[0].GetStartAt(); err != nil || !got.Equal(start) {
			t.Fatalf("start %v %v", got, err)
		}
	})
}

// unescaped is what a TEXT value reads back as.
func unescaped(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\;`, ";", `\,`, ",").Replace(Text(s))
}
