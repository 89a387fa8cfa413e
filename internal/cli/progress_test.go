package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgressLine: nothing for a pipe or a file, nothing in the first
// second, then one line rewritten in place, cleared at the end.
func TestProgressLine(t *testing.T) {
	if p := newProgressLine(&bytes.Buffer{}, "reading votes"); p != nil {
		t.Fatal("a progress line on something that is not a terminal")
	}
	var b bytes.Buffer
	p := &progressLine{w: &b, what: "reading votes", start: time.Now(), after: time.Hour}
	p.update(10, 100)
	p.done()
	if b.Len() != 0 {
		t.Fatalf("a read shorter than the delay printed %q", b.String())
	}
	p = &progressLine{w: &b, what: "reading votes", start: time.Now().Add(-2 * time.Second), after: time.Second}
	p.update(50e6, 100e6)
	p.update(60e6, 100e6) // within 200 ms: not shown
	p.update(100e6, 100e6)
	p.done()
	out := b.String()
	if !strings.HasPrefix(out, "\rreading votes:  50% (50 of 100 MB") || strings.Contains(out, "60 of") ||
		!strings.Contains(out, "100% (100 of 100 MB") || !strings.HasSuffix(out, "\r\x1b[K") || strings.Contains(out, "\n") {
		t.Fatalf("progress line %q", out)
	}
}
