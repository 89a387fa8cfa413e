package domain

import (
	"bytes"
	"errors"
	"log/slog"
	"slices"
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
		newlines string
	}{
		{"plain", "Share data", "", "", -1, "Share data"},
		{"non-ASCII", "Éducation – 教育 – تعليم", "", "", -1, "Éducation – 教育 – تعليم"},
		{"tab and newline", "a\tb\nc", "", "error.one_line", -1, "a\tb\nc"},
		{"CR LF", "a\r\nb\rc", "", "error.one_line", -1, "a\nb\nc"},
		{"NUL", "a\x00b@x.org", "error.control_char", "error.control_char", 1, "a\x00b@x.org"},
		{"escape", "\x1b[31m", "error.control_char", "error.control_char", 0, "\x1b[31m"},
		{"DEL", "a\x7f", "error.control_char", "error.control_char", 1, "a\x7f"},
		{"C1 control", "a\u0085", "error.control_char", "error.control_char", 1, "a\u0085"},
		{"invalid UTF-8", "a\xffb", "error.encoding", "error.encoding", 1, "a\xffb"},
		{"truncated UTF-8", "caf\xc3", "error.encoding", "error.encoding", 3, "caf\xc3"},
		{"replacement character itself", "a\uFFFDb", "", "", -1, "a\uFFFDb"},
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
		i, r := FirstBadRune(s)
		if (CheckText("f", s) == nil) != (i < 0) {
			t.Fatalf("CheckText(%q) and FirstBadRune (%d, %U) disagree", s, i, r)
		}
		if i >= 0 && utf8.ValidString(s) && !BadRune(r) {
			t.Fatalf("FirstBadRune(%q) = %d, %U: a character text may hold", s, i, r)
		}
		if n := NormalizeNewlines(s); strings.Contains(n, "\r") {
			t.Fatalf("NormalizeNewlines(%q) = %q", s, n)
		}
	})
}

// TestInternalErrorLogNamesItsCause: the message users see of an internal
// error is "internal error"; the log line must name the cause, such as
// PostgreSQL's refusal of a NUL byte (SQLSTATE 22021).
func TestInternalErrorLogNamesItsCause(t *testing.T) {
	cause := errors.New(`ERROR: invalid byte sequence for encoding "UTF8": 0x00 (SQLSTATE 22021)`)
	err := error(&Error{Code: EINTERNAL, Key: "error.internal", Msg: "internal error", Err: cause})
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, nil)).Error("request failed", "err", err)
	if !strings.Contains(b.String(), "SQLSTATE 22021") || !strings.Contains(b.String(), "invalid byte sequence") {
		t.Fatalf("log line %q does not name the cause", b.String())
	}
	if err.Error() != "internal error" {
		t.Fatalf("Error() = %q: the cause must stay out of what users see", err.Error())
	}
}

func TestCheckStrings(t *testing.T) {
	type inner struct {
		Title string `json:"title"`
		Text  string `json:"text,omitempty"`
	}
	type embedded struct {
		Note string `json:"note"`
	}
	type input struct {
		embedded
		Name         string            `json:"name"`
		Skip         string            `json:"-"`
		Tags         []string          `json:"tags"`
		Translations map[string]inner  `json:"translations"`
		Labels       map[string]string `json:"labels"`
		Ptr          *string           `json:"ptr"`
		Data         []byte            `json:"data"`
		NoTag        string
		hidden       string
	}
	bad, crlf := "a\x00b", "one\r\ntwo"
	in := input{embedded: embedded{Note: crlf}, Name: "ok", Skip: bad, Tags: []string{"x", bad},
		Translations: map[string]inner{"fr": {Title: bad, Text: crlf}}, Labels: map[string]string{"k": crlf, "k\x01": "v"},
		Ptr: &bad, Data: []byte{0}, NoTag: bad, hidden: bad}
	err := CheckStrings(&in)
	var got []string
	for _, e := range err.(Errors) {
		got = append(got, e.Field+"/"+e.Key)
	}
	slices.Sort(got)
	want := []string{"NoTag/error.control_char", "labels.k\x01/error.control_char", "ptr/error.control_char", "tags[1]/error.control_char", "translations.fr.title/error.control_char"}
	if !slices.Equal(got, want) {
		t.Fatalf("errors %q, want %q", got, want)
	}
	if in.Note != "one\ntwo" || in.Translations["fr"].Text != "one\ntwo" || in.Labels["k"] != "one\ntwo" {
		t.Fatalf("CR LF left: %q %q %q", in.Note, in.Translations["fr"].Text, in.Labels["k"])
	}
	if err := CheckStrings(&inner{Title: "fine", Text: "a\tb\nc"}); err != nil {
		t.Fatalf("clean input refused: %v", err)
	}
}
