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

func TestParseJSONErrors(t *testing.T) {
	seedJSON := func(edit func(m *Meeting)) string {
		m := mustParse(t, string(readFile(t, seedPath)))
		edit(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name, src, msg string
		invalid        bool // the error wraps ErrInvalid
	}{
		{"not JSON", "{", "decode JSON", false},
		{"unknown field", `{"title":"T","venue":"Geneva"}`, "unknown field", false},
		{"trailing data", `{"title":"T"} {}`, "data after", true},
		{"no title", `{"organization":["IOM"]}`, "no title", true},
		{"session number repeated", seedJSON(func(m *Meeting) { m.Sessions[1].Number = 1 }), "session 1 is repeated", true},
		{"session number zero", seedJSON(func(m *Meeting) { m.Sessions[0].Number = 0 }), "session number 0", true},
		{"part kind not matching its title", seedJSON(func(m *Meeting) { m.Sessions[1].Parts[0].Kind = KindPlenary }), `has kind "plenary"; expected "breakout"`, true},
		{"part repeated", seedJSON(func(m *Meeting) { m.Sessions[2].Parts[1].Title = "GCM follow-up discussion" }), "is repeated", true},
		{"footnote defined twice", seedJSON(func(m *Meeting) { m.Footnotes[1].Number = 1 }), "footnote 1 defined twice", true},
		{"footnote not defined", seedJSON(func(m *Meeting) { m.Footnotes = m.Footnotes[:3] }), "footnote 4 is referenced but not defined", true},
		{"footnotes not matching the text", seedJSON(func(m *Meeting) { m.Issues.Items[1].Children[0].Footnotes = nil }), "do not match", true},
		{"bad label", seedJSON(func(m *Meeting) { m.Objectives.Items[0].Label = "first" }), `label "first"`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want an error with %q", err, tc.msg)
			}
			if errors.Is(err, ErrInvalid) != tc.invalid {
				t.Errorf("errors.Is(%v, ErrInvalid) = %v, want %v", err, !tc.invalid, tc.invalid)
			}
		})
	}
}
