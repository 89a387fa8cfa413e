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
