package web

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// joinWords gives back the old text (kept and removed runs, skip "ins")
// or the new one (kept and added runs, skip "del") of a word difference.
func joinWords(ps []diffPart, skip string) string {
	var b strings.Builder
	for _, p := range ps {
		if (skip == "ins" && p.Ins) || (skip == "del" && p.Del) {
			continue
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// TestWordDiffByCharacter checks that Chinese is compared a character at
// a time (it has no spaces between words) and Arabic a word at a time.
func TestWordDiffByCharacter(t *testing.T) {
	for _, tt := range []struct {
		name, old, new string
		want           []diffPart
	}{
		{"Chinese", "开放正规途径", "开放安全途径", []diffPart{{Text: "开放"}, {Text: "正规", Del: true}, {Text: "安全", Ins: true}, {Text: "途径"}}},
		{"Arabic", "فتح مسارات نظامية", "فتح مسارات آمنة", []diffPart{{Text: "فتح مسارات "}, {Text: "نظامية", Del: true}, {Text: "آمنة", Ins: true}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := wordDiff(tt.old, tt.new); !slices.Equal(got, tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzWordDiff checks that a word difference gives back both texts.
func FuzzWordDiff(f *testing.F) {
	f.Add("Open regular pathways.", "Open safe and regular pathways.")
	f.Add("开放正规途径", "开放安全途径")
	f.Add("  a  b ", "b a")
	f.Fuzz(func(t *testing.T, old, new string) {
		if !utf8.ValidString(old) || !utf8.ValidString(new) {
			return
		}
		ps := wordDiff(old, new)
		if ps == nil {
			return // too far apart: shown whole
		}
		if got := joinWords(ps, "ins"); got != old {
			t.Fatalf("the kept and removed words give %q, not %q", got, old)
		}
		if got := joinWords(ps, "del"); got != new {
			t.Fatalf("the kept and added words give %q, not %q", got, new)
		}
	})
}

func TestParseRows(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     [][]string
	}{
		{"header and a row", "Body | Kind\nIOM | IGO\n", [][]string{{"Body", "Kind"}, {"IOM", "IGO"}}},
		{"blank lines and CR LF", "\r\nA|B\r\n\r\nC|D", [][]string{{"A", "B"}, {"C", "D"}}},
		{"an escaped bar", `a \| b | c`, [][]string{{"a | b", "c"}}},
		{"one cell", "Only", [][]string{{"Only"}}},
		{"empty cells", "| x |", [][]string{{"", "x", ""}}},
		{"nothing", "  \n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := parseRows(tt.in)
			if !slices.EqualFunc(got, tt.want, slices.Equal[[]string]) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzRows checks that a table written by formatRows reads back the
// same (cells trimmed, rows of blank cells only dropped as blank lines).
func FuzzRows(f *testing.F) {
	f.Add("Body", "Kind", "a | b")
	f.Add(`\`, "|", "x\\|y")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, s := range []string{a, b, c} {
			if strings.ContainsAny(s, "\r\n") || s != strings.TrimSpace(s) || strings.HasSuffix(s, `\`) {
				return
			}
		}
		rows := [][]string{{a, b}, {c, "x"}}
		got := parseRows(formatRows(rows))
		if !slices.EqualFunc(got, rows, slices.Equal[[]string]) {
			t.Fatalf("%q read back as %q", rows, got)
		}
	})
}
