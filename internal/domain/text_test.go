package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name, v  string
		text     string // "" when CheckText accepts v, else the key it answers
		line     string // the same for CheckLine
		badAt    int
		cleaned  string
		changed  bool
		newlines string
	}{
		{"plain", "Share data", "", "", -1, "Share data", false, "Share data"},
		{"non-ASCII", "Éducation – 教育 – تعليم", "", "", -1, "Éducation – 教育 – تعليم", false, "Éducation – 教育 – تعليم"},
		{"tab and newline", "a\tb\nc", "", "error.control_char", -1, "a\tb\nc", false, "a\tb\nc"},
		{"CR LF", "a\r\nb\rc", "", "error.control_char", -1, "a\r\nb\rc", false, "a\nb\nc"},
		{"NUL", "a\x00b@x.org", "error.control_char", "error.control_char", 1, "a\uFFFDb@x.org", true, "a\x00b@x.org"},
		{"escape", "\x1b[31m", "error.control_char", "error.control_char", 0, "\uFFFD[31m", true, "\x1b[31m"},
		{"DEL", "a\x7f", "error.control_char", "error.control_char", 1, "a\uFFFD", true, "a\x7f"},
		{"C1 control", "a\u0085", "error.control_char", "error.control_char", 1, "a\uFFFD", true, "a\u0085"},
		{"invalid UTF-8", "a\xffb", "error.encoding", "error.encoding", 1, "a\uFFFDb", true, "a\xffb"},
		{"truncated UTF-8", "caf\xc3", "error.encoding", "error.encoding", 3, "caf\uFFFD", true, "caf\xc3"},
		{"replacement character itself", "a\uFFFDb", "", "", -1, "a\uFFFDb", false, "a\uFFFDb"},
	}
	key := func(err error) string {
		if err == nil {
			return ""
		}
		if ErrorCode(err) != EINVALID {
			t.Fatalf("code %q, want %q", ErrorCode(err), EINVALID)
		}
		return err.(*Error).Key
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := key(CheckText("f", tt.v)); got != tt.text {
				t.Errorf("CheckText = %q, want %q", got, tt.text)
			}
			if got := key(CheckLine("f", tt.v)); got != tt.line {
				t.Errorf("CheckLine = %q, want %q", got, tt.line)
			}
			if i, _ := FirstBadRune(tt.v); i != tt.badAt {
				t.Errorf("FirstBadRune at %d, want %d", i, tt.badAt)
			}
			if got, changed := CleanText(tt.v); got != tt.cleaned || changed != tt.changed {
				t.Errorf("CleanText = %q, %v; want %q, %v", got, changed, tt.cleaned, tt.changed)
			}
			if got := NormalizeNewlines(tt.v); got != tt.newlines {
				t.Errorf("NormalizeNewlines = %q, want %q", got, tt.newlines)
			}
		})
	}
}

func TestCheckTextFile(t *testing.T) {
	tests := []struct {
		name, data, key string
		line            int
	}{
		{"text", "a\tb\r\nc\n", "", 0},
		{"UTF-8 byte order mark", "\uFEFFa,b\n", "", 0},
		{"empty", "", "", 0},
		{"NUL on line 3", "a\nb\nc\x00\n", "error.text_file", 3},
		{"invalid UTF-8 on line 2", "a\n\xe9t\xe9\n", "error.text_file", 2},
		{"UTF-16LE with a byte order mark", "\xff\xfea\x00\n\x00", "error.text_utf16", 0},
		{"UTF-16BE with a byte order mark", "\xfe\xff\x00a\x00\n", "error.text_utf16", 0},
		{"UTF-16LE without one", "c\x00o\x00d\x00e\x00,\x00t\x00i\x00t\x00l\x00e\x00\n\x00", "error.text_utf16", 0},
		{"binary", "PK\x03\x04\x14\x00\x00\x00\x08\x00", "error.text_file", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTextFile([]byte(tt.data))
			if tt.key == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Key != tt.key || e.Code != EINVALID {
				t.Fatalf("err = %#v, want key %q", err, tt.key)
			}
			if tt.line > 0 && (len(e.Args) != 1 || e.Args[0] != tt.line || !strings.HasPrefix(e.Msg, "line ")) {
				t.Fatalf("args %v, msg %q; want line %d", e.Args, e.Msg, tt.line)
			}
		})
	}
}

func FuzzCheckText(f *testing.F) {
	for _, s := range []string{"a", "a\x00", "\r\n", "\xff", "\u0085", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cleaned, changed := CleanText(s)
		if CheckText("f", cleaned) != nil || !utf8.ValidString(cleaned) {
			t.Fatalf("CleanText(%q) = %q, which CheckText refuses", s, cleaned)
		}
		if (CheckText("f", s) == nil) == changed {
			t.Fatalf("CheckText(%q) and CleanText disagree", s)
		}
		if n := NormalizeNewlines(s); strings.Contains(n, "\r") {
			t.Fatalf("NormalizeNewlines(%q) = %q", s, n)
		}
	})
}
