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

// letters keeps the letters and combining marks of s, NFKC-folded.
//
// pdftotext puts the Arabic letters of a line in logical order, but the
// digits and punctuation among them in an order of its own: it reads
// "(GRCP 7)" as ")(GRCP7" (it does not undo the mirroring of brackets)
// and "10-11" as "11-10" in a right-to-left line. The text of a
// right-to-left block is thus compared by its letters, which proves its
// words are there in order; digits and punctuation are checked in the
// left-to-right documents.
func letters(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(s) {
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
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
