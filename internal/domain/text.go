package domain

import (
	"bytes"
	"fmt"
	"reflect"
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
	if e := badText(field, v, false); e != nil {
		return e
	}
	return nil
}

// CheckLine is [CheckText] for text of one line: it also refuses tab,
// line feed and carriage return.
func CheckLine(field, v string) error {
	if e := badText(field, v, true); e != nil {
		return e
	}
	return nil
}

// badText is CheckText, or CheckLine when line is set, returning the
// error's concrete type.
func badText(field, v string, line bool) *Error {
	i, r := FirstBadRune(v)
	if i < 0 && line && strings.ContainsAny(v, "\t\n\r") {
		return Invalid(field, "error.one_line", "must be one line, without line breaks or tabs")
	}
	switch {
	case i < 0:
		return nil
	case r == utf8.RuneError:
		return Invalid(field, "error.encoding", "must be valid UTF-8 text")
	}
	return Invalid(field, "error.control_char", "holds a control character (%U) that text may not hold; remove it and send again", r)
}

// NormalizeNewlines turns CR LF and lone CR into LF, as browsers and
// spreadsheets write line breaks in several ways; text is stored with LF.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
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

// CheckStrings applies [CheckText] to every string v holds (struct fields
// under their JSON names, slices, maps and their keys, pointers; not
// bytes), and turns CR LF into LF in those it can set, v being a pointer.
// The API's JSON decoder and the agenda's JSON reader run it on what they
// decode, so that no text with NUL or another control character gets in.
// The errors name each field by its JSON path ("translations.fr.title").
func CheckStrings(v any) error {
	var errs Errors
	walkStrings(reflect.ValueOf(v), "", &errs)
	return errs.Err()
}

func walkStrings(v reflect.Value, path string, errs *Errors) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, errs)
		}
	case reflect.String:
		s := v.String()
		if err := CheckText(path, s); err != nil {
			*errs = append(*errs, err.(*Error))
		} else if n := NormalizeNewlines(s); n != s && v.CanSet() {
			v.SetString(n)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-":
				continue
			case f.Anonymous && name == "":
				// As encoding/json: the fields of an embedded struct, even
				// of an unexported type, are the outer struct's.
				walkStrings(v.Field(i), path, errs)
				continue
			case !f.IsExported():
				continue
			case name == "":
				name = f.Name
			}
			walkStrings(v.Field(i), joinPath(path, name), errs)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes (base64 in JSON), not text
		}
		for i := range v.Len() {
			walkStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			at := joinPath(path, fmt.Sprint(k.Interface()))
			if k.Kind() == reflect.String {
				if err := CheckText(at, k.String()); err != nil {
					*errs = append(*errs, err.(*Error))
					continue
				}
			}
			// Map values cannot be set in place: check a copy and store it.
			val := reflect.New(iter.Value().Type()).Elem()
			val.Set(iter.Value())
			walkStrings(val, at, errs)
			v.SetMapIndex(k, val)
		}
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
