package agenda

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// FuzzParse checks that Parse never panics, that its errors are
// *ParseError values with a line in the document, and that whatever parses
// round-trips through Markdown.
func FuzzParse(f *testing.F) {
	f.Add(readFile(f, seedPath))
	f.Add(readFile(f, "testdata/seed.golden.md"))
	for _, tc := range variationCases {
		f.Add([]byte(tc.src))
	}
	for _, tc := range errorCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseBytes(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v is not a *ParseError with a line", err)
			}
			return
		}
		assertRoundTrip(t, m)
		if err := m.Validate(); err != nil {
			t.Fatalf("a parsed meeting does not validate: %v", err)
		}
	})
}

// FuzzParseAny checks that ParseAny never panics; that it refuses, with
// domain.CheckTextFile's error, anything that is not UTF-8 text; that
// Markdown is read as ParseBytes reads it (and round-trips); and that
// whatever it accepts validates.
func FuzzParseAny(f *testing.F) {
	f.Add(readFile(f, seedPath))
	f.Add(readFile(f, "testdata/seed.golden.json"))
	for _, tc := range anyErrorCases {
		if len(tc.src) <= MaxSize {
			f.Add([]byte(tc.src))
		}
	}
	f.Add([]byte(`{"title":"T"}`))
	f.Add([]byte(" \n{\"title\":\"T\",\"sessions\":[{\"number\":1}]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseAny(data)
		if terr := domain.CheckTextFile(data); terr != nil {
			if err == nil || err.Error() != terr.Error() {
				t.Fatalf("ParseAny(%q) = %v, want %v", data, err, terr)
			}
			return
		}
		text := bytes.TrimPrefix(data, []byte("\uFEFF"))
		markdown := true
		if trimmed := bytes.TrimSpace(text); len(trimmed) > 0 && trimmed[0] == '{' {
			markdown = false
		}
		if markdown {
			want, werr := ParseBytes(text)
			if (err == nil) != (werr == nil) || (err == nil && !reflect.DeepEqual(m, want)) {
				t.Fatalf("ParseAny gives %v, ParseBytes %v", err, werr)
			}
		}
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !strings.HasPrefix(err.Error(), "agenda: decode JSON: ") {
				t.Fatalf("error %v neither wraps ErrInvalid nor reports undecodable JSON", err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("an accepted agenda does not validate: %v", err)
		}
		if markdown {
			assertRoundTrip(t, m)
		}
	})
}

// FuzzParseTranslation checks that ParseTranslation never panics, that a
// translation whose original parses also parses as a translation (it
// checks less), and that a JSON translation it accepts validates as one.
func FuzzParseTranslation(f *testing.F) {
	f.Add(readFile(f, seedPath))
	f.Add([]byte(`{"title":"","sessions":[{"number":1,"title":"","parts":[{"title":"","kind":"breakout"},{"title":"","kind":"breakout"}]}]}`))
	f.Add([]byte(`{"title":"x","sessions":[{"number":1,"title":"y","parts":[{"title":"مجموعات العمل","kind":"breakout","questions":[{"text":""}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseTranslation(data)
		if _, errAny := ParseAny(data); errAny == nil && err != nil {
			t.Fatalf("an agenda parses but not as a translation: %v", err)
		}
		if err == nil && m.validate(false) != nil {
			t.Fatalf("an accepted translation does not validate: %v", m.validate(false))
		}
	})
}
