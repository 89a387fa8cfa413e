package render

import (
	"os/exec"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normText is text as compared with what pdftotext gives back: Arabic
// presentation forms and other compatibility characters folded (NFKC),
// bidirectional marks and soft hyphens dropped, tatweel dropped, and all
// white space removed (a PDF breaks lines where the text has spaces, and
// Chinese has none to keep).
func normText(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200e', r == '\u200f', r == '\u061c', r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069', r == '\u00ad', r == '\u0640', r == '\ufeff':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// letters keeps the letters of s, NFKC-folded: not the tatweel (U+0640,
// a stretch of the joining line that a PDF's text need not give back) nor
// the combining marks (Arabic vowel signs): a glyph that stacks two marks
// (shadda over a tanween in Noto Naskh) maps back to one of them only,
// since a PDF font's ToUnicode as canvas writes it gives one character a
// glyph (docs/OUTCOME.md, "Exports"). Arabic is compared as searches
// compare it, without its vowel signs.
func letters(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsLetter(r) && r != '\u0640' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkPDFText runs pdftotext on a PDF and finds each of want in its text,
// in order; dir is the document's direction.
func checkPDFText(t *testing.T, pdf string, want []string, dir string) {
	t.Helper()
	// -layout keeps each printed line whole: without it pdftotext may
	// move the short last line of a right-to-left paragraph after the
	// next paragraph's first line.
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	text := normText(string(out))
	rtl := dir == "rtl"
	for _, w := range want {
		rtl = rtl || TextDir(w) == "rtl"
	}
	if rtl {
		text = letters(string(out))
	}
	at := 0
	for _, w := range want {
		// A block of both directions is looked for a run of one
		// direction at a time: pdftotext orders the runs of a line in
		// its own way.
		parts := []string{w}
		if rtl && TextDir(w) != "" {
			parts = nil
			for _, r := range dirRuns(w) {
				if letters(r.text) != "" {
					parts = append(parts, r.text)
				}
			}
		}
		end := at
		for _, p := range parts {
			n := normText(p)
			if rtl {
				n = letters(p)
			}
			i := strings.Index(text[at:], n)
			if i < 0 {
				where := "anywhere"
				if strings.Contains(text, n) {
					where = "in order"
				}
				t.Errorf("the PDF's text lacks %s %q\n(normalised %q)\nits text: %s", where, p, n, text)
				return
			}
			end = max(end, at+i+len(n))
		}
		at = end
	}
}
