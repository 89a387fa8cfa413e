package agenda

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRoundTripCanonical(t *testing.T) {
	md := readFile(t, "testdata/seed.golden.md")
	m := mustParse(t, string(md))
	seed := mustParse(t, string(readFile(t, seedPath)))
	if !reflect.DeepEqual(m, seed) {
		t.Fatal("the canonical rendering of the seed parses to a different meeting than the seed")
	}
	if got := string(m.Markdown()); got != string(md) {
		t.Errorf("rendering is not stable:\n%s", got)
	}
}

func TestParseJSON(t *testing.T) {
	seed := mustParse(t, string(readFile(t, seedPath)))
	m, err := ParseJSON(readFile(t, "testdata/seed.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, seed) {
		t.Error("the seed's JSON imports to a different meeting than the seed")
	}
}

type jsonErrorCase struct {
	name, src, msg string
	invalid        bool   // the error wraps ErrInvalid
	path           string // the *InvalidError's path
}

func jsonErrorCases(t *testing.T) []jsonErrorCase {
	seedJSON := func(edit func(m *Meeting)) string {
		m := mustParse(t, string(readFile(t, seedPath)))
		edit(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return []jsonErrorCase{
		{"not JSON", "{", "decode JSON", false, ""},
		{"unknown field", `{"title":"T","venue":"Geneva"}`, "unknown field", false, ""},
		{"trailing data", `{"title":"T"} {}`, "data after", true, ""},
		{"no title", `{"organization":["IOM"]}`, "no title", true, "title"},
		{"session number repeated", seedJSON(func(m *Meeting) { m.Sessions[1].Number = 1 }), "session 1 is repeated", true, "sessions[1].number"},
		{"session number zero", seedJSON(func(m *Meeting) { m.Sessions[0].Number = 0 }), "session number 0", true, "sessions[0].number"},
		{"part kind not matching its title", seedJSON(func(m *Meeting) { m.Sessions[1].Parts[0].Kind = KindPlenary }), `has kind "plenary"; expected "breakout"`, true, "sessions[1].parts[0].kind"},
		{"part repeated", seedJSON(func(m *Meeting) { m.Sessions[2].Parts[1].Title = "GCM follow-up discussion" }), "is repeated", true, "sessions[2].parts[1].title"},
		{"footnote defined twice", seedJSON(func(m *Meeting) { m.Footnotes[1].Number = 1 }), "footnote 1 defined twice", true, "footnotes[1]"},
		{"footnote not defined", seedJSON(func(m *Meeting) { m.Footnotes = m.Footnotes[:3] }), "footnote 4 is referenced but not defined", true, ""},
		{"footnotes not matching the text", seedJSON(func(m *Meeting) { m.Issues.Items[1].Children[0].Footnotes = nil }), "do not match", true, "issues.items[1].children[0]"},
		{"bad label", seedJSON(func(m *Meeting) { m.Objectives.Items[0].Label = "first" }), `label "first"`, true, "objectives.items[0]"},
		{"unknown time zone", seedJSON(func(m *Meeting) { m.TimeZone = "Europe/Geneva" }), `unknown time zone "Europe/Geneva"`, true, "timeZone"},
		{"time without end", seedJSON(func(m *Meeting) { m.Sessions[0].StartsAt = "2017-10-10T09:00" }), "both or neither", true, "sessions[0].startsAt"},
		{"time not a time", seedJSON(func(m *Meeting) { m.Sessions[0].StartsAt, m.Sessions[0].EndsAt = "2017-10-10 9h", "2017-10-10T10:00" }), "expected startsAt and endsAt like", true, "sessions[0].startsAt"},
		{"end before start", seedJSON(func(m *Meeting) {
			m.Sessions[0].StartsAt, m.Sessions[0].EndsAt = "2017-10-10T10:00", "2017-10-10T09:00"
		}),
			"the end 2017-10-10 09:00 is not after the start 2017-10-10 10:00", true, "sessions[0].startsAt"},
		{"too long", seedJSON(func(m *Meeting) {
			m.Sessions[0].StartsAt, m.Sessions[0].EndsAt = "2017-10-10T10:00", "2017-11-10T09:00"
		}), "at most 14 days", true, "sessions[0].startsAt"},
		{"part outside its session", seedJSON(func(m *Meeting) {
			m.Sessions[1].StartsAt, m.Sessions[1].EndsAt = "2017-10-10T14:00", "2017-10-10T17:00"
			m.Sessions[1].Parts[0].StartsAt, m.Sessions[1].Parts[0].EndsAt = "2017-10-10T13:00", "2017-10-10T15:00"
		}), "not within its session's, 2017-10-10 14:00–17:00", true, "sessions[1].parts[0].startsAt"},
	}
}

func jsonErrorSources(t *testing.T) []string {
	var srcs []string
	for _, tc := range jsonErrorCases(t) {
		srcs = append(srcs, tc.src)
	}
	return srcs
}

func TestParseJSONErrors(t *testing.T) {
	for _, tc := range jsonErrorCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want an error with %q", err, tc.msg)
			}
			if errors.Is(err, ErrInvalid) != tc.invalid {
				t.Errorf("errors.Is(%v, ErrInvalid) = %v, want %v", err, !tc.invalid, tc.invalid)
			}
			var ie *InvalidError
			if errors.As(err, &ie) != tc.invalid {
				t.Fatalf("%v: *InvalidError = %v, want %v", err, !tc.invalid, tc.invalid)
			}
			if tc.path != "" && ie.Path != tc.path {
				t.Errorf("path = %q, want %q", ie.Path, tc.path)
			}
		})
	}
}

// withTimes is the seed with a time zone and the times of every session
// and part, as a secretariat would give them.
func withTimes(t *testing.T) *Meeting {
	m := mustParse(t, string(readFile(t, seedPath)))
	m.TimeZone = "Europe/Zurich"
	for i := range m.Sessions {
		s := &m.Sessions[i]
		day := "2017-10-1" + string(rune('0'+i/2))
		s.StartsAt, s.EndsAt = day+"T09:00", day+"T12:30"
		if i%2 == 1 {
			s.StartsAt, s.EndsAt = day+"T14:00", day+"T17:30"
		}
		for j := range s.Parts {
			p := &s.Parts[j]
			p.StartsAt, p.EndsAt = s.StartsAt, s.StartsAt[:11]+"1"+string(rune('0'+j))+":15"
			if s.StartsAt[11:13] == "14" {
				p.EndsAt = s.StartsAt[:11] + "1" + string(rune('5'+j)) + ":15"
			}
		}
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTimesRoundTrip checks that times and the time zone survive Markdown
// and JSON exactly, that a session ending another day is written with the
// end's date, and that the seed without times renders as before.
func TestTimesRoundTrip(t *testing.T) {
	m := withTimes(t)
	m.Sessions[0].EndsAt = "2017-10-11T09:30"
	assertRoundTrip(t, m)
	md := string(m.Markdown())
	for _, want := range []string{"\nTime zone: Europe/Zurich\n", "\nTime: 2017-10-10 09:00 – 2017-10-11 09:30\n", "\nTime: 2017-10-10 14:00–17:30\n"} {
		if !strings.Contains(md, strings.Replace(want, " – ", "–", 1)) {
			t.Errorf("the rendered agenda lacks %q:\n%s", want, md)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, back) {
		t.Errorf("JSON round trip changed the meeting:\n%s", b)
	}
	if !strings.Contains(string(b), `"timeZone":"Europe/Zurich"`) || !strings.Contains(string(b), `"startsAt":"2017-10-10T09:00"`) {
		t.Errorf("JSON lacks the times: %s", b)
	}
	// Through the meeting structure the store keeps, and back.
	if got := FromDomain(m.ToDomain()); !reflect.DeepEqual(m, got) {
		t.Error("ToDomain/FromDomain lost the times")
	}
}

// TestTimeParagraphs reads the forms a person writes, and keeps as text a
// paragraph that only starts with "Time:".
func TestTimeParagraphs(t *testing.T) {
	m := mustParse(t, hdr+"Time zone: America/New_York\n\n## Session 1. A\n\nTime: 2017-10-10 09:00 - 10:30\n\nTime: later\n\n### Plenary\n\nTime: 2017-10-10T10:00—2017-10-10T10:30\n")
	s := m.Sessions[0]
	if m.TimeZone != "America/New_York" || s.StartsAt != "2017-10-10T09:00" || s.EndsAt != "2017-10-10T10:30" || s.Intro != "Time: later" {
		t.Errorf("got zone %q, session %+v", m.TimeZone, s)
	}
	if p := s.Parts[0]; p.StartsAt != "2017-10-10T10:00" || p.EndsAt != "2017-10-10T10:30" {
		t.Errorf("part %+v", p)
	}
}
