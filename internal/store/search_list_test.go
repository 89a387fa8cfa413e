package store

import (
	"slices"
	"testing"
)

// The copies of regions and tags in a contribution's row read back as
// written, whatever the values hold.
func TestListEncoding(t *testing.T) {
	t.Parallel()
	for _, vals := range [][]string{
		nil,
		{"Africa"},
		{"Africa", "Arab States"},
		{""},
		{"", ""},
		{"a\x1fb", "c"},
		{"a\x1e", "\x1e\x1f\x1e"},
		{"\x1f"},
	} {
		got := decodeList(encodeList(vals))
		if !slices.Equal(got, vals) {
			t.Errorf("%q read back as %q", vals, got)
		}
	}
}

func FuzzListEncoding(f *testing.F) {
	f.Add("Africa", "Arab States", "")
	f.Add("a\x1fb", "\x1e", "\x1e\x1f")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, vals := range [][]string{{a}, {a, b}, {a, b, c}} {
			if got := decodeList(encodeList(vals)); !slices.Equal(got, vals) {
				t.Fatalf("%q read back as %q", vals, got)
			}
		}
	})
}
