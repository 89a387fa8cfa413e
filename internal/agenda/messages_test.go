package agenda

import (
	"errors"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/locale"
)

// TestErrorMessagesTranslated checks that every error the parsers return
// names a message present in all six catalogues, that each translation
// takes the error's arguments, and that it is not the English text.
func TestErrorMessagesTranslated(t *testing.T) {
	cat := locale.MustLoad()
	check := func(t *testing.T, key string, args []any, english string) {
		t.Helper()
		if key == "" || !cat.Has(key) {
			t.Fatalf("message key %q is not in the catalogues (English: %q)", key, english)
		}
		if en := cat.Printer("en").T(key, args...); en != english {
			t.Errorf("catalogue's English %q differs from the parser's %q", en, english)
		}
		for _, l := range locale.Languages {
			got := cat.Printer(l.Code).T(key, args...)
			if strings.Contains(got, "%!") {
				t.Errorf("%s: %q does not take the arguments %v", l.Code, got, args)
			}
			if l.Code != "en" && got == english {
				t.Errorf("%s: %q is not translated", l.Code, key)
			}
		}
	}
	for _, tc := range errorCases {
		t.Run("markdown/"+tc.name, func(t *testing.T) {
			var pe *ParseError
			if _, err := ParseBytes([]byte(tc.src)); !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			check(t, pe.Key, pe.Args, pe.Msg)
		})
	}
	for _, src := range jsonErrorSources(t) {
		var ie *InvalidError
		if _, err := ParseJSON([]byte(src)); errors.As(err, &ie) {
			t.Run("json/"+ie.Key, func(t *testing.T) { check(t, ie.Key, ie.Args, ie.Msg) })
		}
	}
}
