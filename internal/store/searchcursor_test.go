package store

import "testing"

// A cursor reads back as written, and nothing else parses.
func TestCursorText(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"an.1483228800000.1234", "bo.0.1", "au.17.0"} {
		c, err := parseCursor(s)
		if err != nil || c.String() != s {
			t.Errorf("%q: %v %v", s, c, err)
		}
	}
	for _, s := range []string{"a", "xn.1.2", "ax.1.2", "an.1", "an.1.2.3", "an.-1.2", "an.1.-2", "an.01.2", "an.+1.2", "an. 1.2",
		"an.99999999999999999999.1", "an..1", "ann.1.2"} {
		if c, err := parseCursor(s); err == nil {
			t.Errorf("%q parsed as %+v", s, c)
		}
	}
	if c, err := parseCursor(""); c != nil || err != nil {
		t.Errorf("empty: %v %v", c, err)
	}
}

func FuzzCursor(f *testing.F) {
	f.Add("an.1483228800000.1234")
	f.Add("bu.0.0")
	f.Add("a..")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCursor(s)
		if err != nil || c == nil {
			return
		}
		if c.String() != s {
			t.Fatalf("%q read back as %q", s, c.String())
		}
	})
}
