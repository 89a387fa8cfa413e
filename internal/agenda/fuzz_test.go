package agenda

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors are
// *ParseError values with a line in the document, and that whatever parses
// round-trips through Markdown.
func FuzzParse(f *testing.F) {
	f.Add(readFile(f, seedPath))
	f.Add(readFile(f, "testdata/seed.golden.md"))
	for _, tc := range variationCases {
		f.Add([]byte(tc.src))
	}
	for _, tc := range errorCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseBytes(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v is not a *ParseError with a line", err)
			}
			return
		}
		assertRoundTrip(t, m)
		if err := m.Validate(); err != nil {
			t.Fatalf("a parsed meeting does not validate: %v", err)
		}
	})
}
