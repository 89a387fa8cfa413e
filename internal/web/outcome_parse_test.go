package web

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// joinWords gives back the old text (kept and removed runs) or the new
// one (kept and added runs) of a word difference.
func joinWords(ws []wordDiff, skip string) string {
	var b strings.Builder
	for _, w := range ws {
		if w.Op != skip {
			b.WriteString(w.Text)
		}
	}
	return b.String()
}

func noSpace(s string) string { return strings.Join(strings.Fields(s), "") }

func TestDiffWords(t *testing.T) {
	for _, tt := range []struct {
		name, old, new string
		want           []wordDiff
	}{
		{"same", "Open regular pathways.", "Open regular pathways.", []wordDiff{{"Open regular pathways.", ""}}},
		{"a word changed", "Open regular pathways.", "Open safe pathways.", []wordDiff{{"Open ", ""}, {"regular ", "del"}, {"safe ", "ins"}, {"pathways.", ""}}},
		{"words added at the end", "Protect wages", "Protect wages and pensions", []wordDiff{{"Protect wages ", ""}, {"and pensions", "ins"}}},
		{"Chinese, a character at a time", "开放正规途径", "开放安全途径", []wordDiff{{"开放", ""}, {"正规", "del"}, {"安全", "ins"}, {"途径", ""}}},
		{"Arabic", "فتح مسارات نظامية", "فتح مسارات آمنة", []wordDiff{{"فتح مسارات ", ""}, {"نظامية", "del"}, {"آمنة", "ins"}}},
		{"from nothing", "", "New.", []wordDiff{{"New.", "ins"}}},
		{"a last word removed keeps its space", "a 0", "a", []wordDiff{{"a ", ""}, {"0", "del"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := diffWords(tt.old, tt.new)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzDiffWords(f *testing.F) {
	f.Add("Open regular pathways.", "Open safe and regular pathways.")
	f.Add("开放正规途径", "开放安全途径")
	f.Add("  a  b ", "b a")
	f.Fuzz(func(t *testing.T, old, new string) {
		if !utf8.ValidString(old) || !utf8.ValidString(new) {
			return
		}
		ws := diffWords(old, new)
		// Kept words are shown with the new text's spaces (or the old
		// one's where the new has none), so compare without spaces.
		if got := noSpace(joinWords(ws, "ins")); got != noSpace(old) {
			t.Fatalf("the kept and removed words give %q, not %q", got, old)
		}
		if got := noSpace(joinWords(ws, "del")); got != noSpace(new) {
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
