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

// checkPDFText runs pdftotext on a PDF and finds each of want in its text,
// in order.
func checkPDFText(t *testing.T, pdf string, want []string) {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	text := normText(string(out))
	at := 0
	for _, w := range want {
		n := normText(w)
		i := strings.Index(text[at:], n)
		if i < 0 {
			where := "anywhere"
			if strings.Contains(text, n) {
				where = "in order"
			}
			t.Errorf("the PDF's text lacks %s %q\n(normalised %q)\nits text: %s", where, w, n, text)
			return
		}
		at += i + len(n)
	}
}
