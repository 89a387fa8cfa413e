package agenda

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// anyErrorCases are uploads ParseAny refuses before reading them as
// Markdown or JSON: too large (ErrTooLarge, key ""), or not UTF-8 text (the
// *domain.Error of domain.CheckTextFile, with its key and line).
var anyErrorCases = []struct {
	name, src string
	key       string
	line      int
}{
	{"too large", hdr + strings.Repeat("x", MaxSize), "", 0},
	{"invalid UTF-8 in Markdown", hdr + "## Issues\n\n- \xff\n", "error.text_file", 5},
	{"invalid UTF-8 in JSON", "{\"title\":\"Meeting \xc3\"}", "error.text_file", 1},
	{"invalid UTF-8 after a Markdown error", hdr + "## Background\n\n\xfe\n", "error.text_file", 5},
	{"a NUL byte in Markdown", hdr + "## Issues\n\n- a\x00b\n", "error.text_file", 5},
	{"a control character in JSON", "{\"title\":\"T\"}\n\x1b", "error.text_file", 2},
	{"a binary file", "%PDF-1.7\n\x00\x01\x02\x03", "error.text_file", 2},
	{"UTF-16", "\xff\xfe*\x00*\x00T\x00", "error.text_utf16", 0},
}

func TestParseAnyRefuses(t *testing.T) {
	for _, tc := range anyErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAny([]byte(tc.src))
			if tc.key == "" {
				if !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "larger than 2 MB") {
					t.Fatalf("got %v, want ErrTooLarge", err)
				}
				return
			}
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EINVALID || de.Key != tc.key {
				t.Fatalf("got %#v, want an invalid %s", err, tc.key)
			}
			if tc.line > 0 && (len(de.Args) != 1 || de.Args[0] != tc.line) {
				t.Errorf("the error names line %v, want %d", de.Args, tc.line)
			}
		})
	}
}

func TestParseAnyDetectsTheFormat(t *testing.T) {
	seed := mustParse(t, string(readFile(t, seedPath)))
	json := readFile(t, "testdata/seed.golden.json")
	tests := []struct {
		name string
		src  []byte
	}{
		{"the seed in Markdown", readFile(t, seedPath)},
		{"the canonical Markdown", readFile(t, "testdata/seed.golden.md")},
		{"JSON", json},
		{"JSON after blank lines and spaces", append([]byte("\n\r\n  \t"), json...)},
		{"JSON after a byte order mark", append([]byte("\uFEFF"), json...)},
		{"Markdown after a byte order mark", append([]byte("\uFEFF"), readFile(t, seedPath)...)},
		{"Markdown of exactly MaxSize bytes", append(readFile(t, seedPath), bytes.Repeat([]byte("\n"), MaxSize-len(readFile(t, seedPath)))...)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseAny(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, seed) {
				t.Error("the upload gives a different meeting than the seed")
			}
		})
	}
}

func TestParseAnyPassesOnTheParsersErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      any
	}{
		{"Markdown", hdr + "## Background\n", new(*ParseError)},
		{"JSON", `{"organization":["IOM"]}`, new(*InvalidError)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAny([]byte(tc.src))
			if !errors.As(err, tc.want) {
				t.Fatalf("got %v (%T), want %T", err, err, tc.want)
			}
		})
	}
}
