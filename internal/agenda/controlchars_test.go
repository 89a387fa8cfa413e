package agenda

import (
	"errors"
	"testing"
)

// TestControlCharactersRefused: an agenda with a NUL or another control
// character is refused with the line (or JSON path) of the problem, as
// invalid UTF-8 is, even when it does not come through ParseAny's check of
// the whole file; tabs and CR LF line ends are text.
func TestControlCharactersRefused(t *testing.T) {
	good := "**A meeting**\r\n\r\n## Session 1. Opening\r\n\r\n### Objectives\r\n\r\n-\tto open\r\n"
	if _, err := ParseBytes([]byte(good)); err != nil {
		t.Fatalf("tabs and CR LF: %v", err)
	}
	tests := []struct {
		name, data, key string
		line            int
	}{
		{"NUL", "**A meeting**\n\n## Session 1. Open\x00ing\n", "agenda.err.control_char", 3},
		{"escape", "**A meeting**\n\x1b[2J\n", "agenda.err.control_char", 2},
		{"UTF-16", "*\x00*\x00A\x00\n\x00", "agenda.err.control_char", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseBytes([]byte(tt.data))
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Key != tt.key || pe.Line != tt.line {
				t.Fatalf("err = %v, want %s at line %d", err, tt.key, tt.line)
			}
		})
	}
	_, err := ParseJSON([]byte(`{"title":"A meeting","sessions":[{"number":1,"title":"Open\u0000ing"}]}`))
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.Key != "agenda.err.json_control_char" || ie.Path != "sessions[0].title" {
		t.Fatalf("JSON with NUL: err = %#v", err)
	}
}
