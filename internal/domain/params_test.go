package domain

import "testing"

func TestTranslatedParams(t *testing.T) {
	params := map[string]string{"group": "Africa", "meeting": "GRCP 7"}
	TranslatedParams(params, "group", map[string]string{"ar": "أفريقيا", "fr": "Afrique", "es": "", "": "x"})
	for _, c := range []struct{ key, lang, want string }{
		{"group", "ar", "أفريقيا"},
		{"group", "fr", "Afrique"},
		{"group", "es", "Africa"}, // an empty translation is none
		{"group", "en", "Africa"},
		{"group", "", "Africa"},
		{"meeting", "ar", "GRCP 7"},
		{"missing", "ar", ""},
	} {
		if got := LocalParam(params, c.key, c.lang); got != c.want {
			t.Errorf("LocalParam(%s, %q) = %q, want %q", c.key, c.lang, got, c.want)
		}
	}
	if len(params) != 4 {
		t.Errorf("params = %v, want the two originals and two translations", params)
	}
}
