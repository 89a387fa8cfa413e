package domain

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is the one place that says which characters text may hold.
// Every way in applies it: the API's JSON decoder and query strings, the
// pages' forms and query strings, the importers (agenda, contributions,
// frameworks, the themes engine's files) and restore. PostgreSQL refuses
// NUL in text (SQLite keeps it), so without this check the same input is
// stored on one engine and fails on the other, and a dump that holds one
// cannot be restored into PostgreSQL.

// BadRune reports whether r may not appear in text: a control character
// (C0, DEL or C1) other than tab, line feed and carriage return, or the
// replacement character utf8.DecodeRune returns for invalid UTF-8 (which
// callers check on the bytes, see [FirstBadRune]).
func BadRune(r rune) bool {
	return r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r)
}

// FirstBadRune returns the byte offset of the first character s may not
// hold (see [BadRune]) or of its first invalid UTF-8 byte, and -1 when s
// is clean text. For invalid UTF-8 the rune returned is utf8.RuneError.
func FirstBadRune(s string) (int, rune) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || BadRune(r) {
			return i, r
		}
		i += n
	}
	return -1, 0
}

// CheckText returns an EINVALID error for field when v is not valid UTF-8
// or holds a control character other than tab, line feed and carriage
// return (NUL included), else nil. Every text a person or a file sends
// goes through it; single-line fields refuse tab and line breaks as well
// (see [CheckLine]).
func CheckText(field, v string) error {
	i, r := FirstBadRune(v)
	switch {
	case i < 0:
		return nil
	case r == utf8.RuneError:
		return Invalid(field, "error.encoding", "must be valid UTF-8 text")
	}
	return Invalid(field, "error.control_char", "holds a control character (%U) that text may not hold; remove it and send again", r)
}

// CheckLine is [CheckText] for text of one line: it also refuses tab,
// line feed and carriage return.
func CheckLine(field, v string) error {
	if err := CheckText(field, v); err != nil {
		return err
	}
	if i := strings.IndexAny(v, "\t\n\r"); i >= 0 {
		return Invalid(field, "error.control_char", "holds a control character (%U) that text may not hold; remove it and send again", rune(v[i]))
	}
	return nil
}

// NormalizeNewlines turns CR LF and lone CR into LF, as browsers and
// spreadsheets write line breaks in several ways; text is stored with LF.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// CleanText replaces every character [CheckText] refuses by U+FFFD, for
// data that must be kept rather than refused (restoring a dump written
// before these characters were refused). It reports whether it changed s.
func CleanText(s string) (string, bool) {
	if i, _ := FirstBadRune(s); i < 0 {
		return s, false
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if BadRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// CheckTextFile checks that data, the whole of a file to be read as text,
// is UTF-8 text (a UTF-8 byte order mark is allowed): not UTF-16 (told by
// its byte order mark or its NUL bytes), not binary, without invalid
// UTF-8 and without control characters other than tab and line breaks.
// The error names the 1-based line of the first problem; its key is
// "error.text_file" with the line as argument, or "error.text_utf16".
func CheckTextFile(data []byte) error {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return Errorf(EINVALID, "error.text_utf16", "the file is UTF-16 text; save it as UTF-8 text and try again")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	i, r := FirstBadRune(string(data))
	if i < 0 {
		return nil
	}
	line := 1 + bytes.Count(data[:i], []byte("\n"))
	if r == 0 && utf16Like(data) {
		return Errorf(EINVALID, "error.text_utf16", "the file is UTF-16 text; save it as UTF-8 text and try again")
	}
	what := "a control character"
	if r == utf8.RuneError {
		what = "bytes that are not UTF-8"
	}
	return &Error{Code: EINVALID, Key: "error.text_file", Args: []any{line},
		Msg: "line " + strconv.Itoa(line) + ": the file holds " + what + "; it must be UTF-8 text (save it as UTF-8 text and try again)"}
}

// utf16Like reports whether data looks like UTF-16 without a byte order
// mark: every other byte of its first bytes is NUL.
func utf16Like(data []byte) bool {
	n := min(len(data), 512) &^ 1
	if n < 4 {
		return false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	return even*10 >= half*9 || odd*10 >= half*9
}
