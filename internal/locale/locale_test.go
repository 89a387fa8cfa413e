package locale

import (
	"encoding/json"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// readCatalog parses one embedded catalogue as the package does.
func readCatalog(t *testing.T, code string) map[string]message {
	t.Helper()
	b, err := catalogs.ReadFile(path.Join("catalog", code+".json"))
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	m := map[string]message{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

// verbs returns the fmt verbs of s in order, e.g. ["%s", "%d"]. Flags,
// width, precision and argument indexes are kept with the verb; "%%" is a
// literal percent sign, not a verb.
func verbs(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte("+-# 0123456789.[]*", s[j]) >= 0 {
			j++
		}
		if j >= len(s) {
			out = append(out, s[i:]) // a dangling %: keep it so it differs
			break
		}
		if s[j] == '%' && j == i+1 {
			i = j
			continue
		}
		out = append(out, s[i:j+1])
		i = j
	}
	return out
}

// args returns the arguments s formats, as fmt numbers them, each with its
// verb ("1:d", "2:s"), sorted: the multiset a translation must share with
// English whatever order its words put them in ("%[2]s … %[1]d").
func args(s string) []string {
	var out []string
	n := 0 // the argument the next verb without an index takes, from 0
	for _, v := range verbs(s) {
		if i := strings.LastIndexByte(v, ']'); i >= 0 {
			if j := strings.LastIndexByte(v[:i], '['); j >= 0 {
				if k, err := strconv.Atoi(v[j+1 : i]); err == nil {
					n = k - 1
				}
			}
		}
		out = append(out, strconv.Itoa(n+1)+":"+v[len(v)-1:])
		n++
	}
	sort.Strings(out)
	return out
}

func TestVerbs(t *testing.T) {
	for s, want := range map[string][]string{
		"plain":             nil,
		"100%% sure":        nil,
		"%d of %s":          {"%d", "%s"},
		"%5.2f%%, %[1]v %q": {"%5.2f", "%[1]v", "%q"},
	} {
		if got := verbs(s); !slices.Equal(got, want) {
			t.Errorf("verbs(%q) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string][]string{
		"plain":                     nil,
		"%d of %s":                  {"1:d", "2:s"},
		"%[2]s of %[1]d":            {"1:d", "2:s"},
		"%[2]d of %d, %[1]s":        {"1:s", "2:d", "3:d"},
		"%d%% of %d":                {"1:d", "2:d"},
		"%[1]d sur %[1]d, %[3]s %s": {"1:d", "1:d", "3:s", "4:s"},
	} {
		if got := args(s); !slices.Equal(got, want) {
			t.Errorf("args(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestCatalogues(t *testing.T) {
	if _, err := Load(); err != nil {
		t.Fatal(err)
	}
	en := readCatalog(t, "en")
	for _, l := range Languages {
		t.Run(l.Code, func(t *testing.T) {
			m := readCatalog(t, l.Code)
			var missing, extra []string
			for k := range en {
				if _, ok := m[k]; !ok {
					missing = append(missing, k)
				}
			}
			for k := range m {
				if _, ok := en[k]; !ok {
					extra = append(extra, k)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 {
				t.Errorf("%d keys of en.json missing: %s", len(missing), strings.Join(missing, ", "))
			}
			if len(extra) > 0 {
				t.Errorf("%d keys not in en.json: %s", len(extra), strings.Join(extra, ", "))
			}
			forms := PluralForms(l.Code)
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				msg, ref := m[k], en[k]
				if msg.plural == nil {
					if strings.TrimSpace(msg.text) == "" {
						t.Errorf("%s: empty", k)
					}
				} else {
					if len(msg.plural) == 0 {
						t.Errorf("%s: no plural forms", k)
					}
					for _, f := range forms {
						if _, ok := msg.plural[f]; !ok {
							t.Errorf("%s: plural form %q missing", k, f)
						}
					}
					for f, s := range msg.plural {
						if !slices.Contains(forms, f) {
							t.Errorf("%s: plural form %q not used in %s (want %q)", k, f, l.Code, forms)
						}
						if strings.TrimSpace(s) == "" {
							t.Errorf("%s.%s: empty", k, f)
						}
					}
				}
				if _, ok := en[k]; !ok {
					continue
				}
				if (msg.plural == nil) != (ref.plural == nil) {
					t.Errorf("%s: plural in one of en and %s but not the other", k, l.Code)
					continue
				}
				want := args(ref.text)
				if ref.plural != nil {
					want = args(ref.plural["other"])
				}
				check := func(name, s string) {
					if got := args(s); !slices.Equal(got, want) {
						t.Errorf("%s: placeholders %q, want %q as in English (by argument: a translation may reorder them with %%[n]): %q", name, got, want, s)
					}
				}
				if msg.plural == nil {
					check(k, msg.text)
				}
				for f, s := range msg.plural {
					check(k+"."+f, s)
				}
			}
		})
	}
}

func TestNegotiate(t *testing.T) {
	c := MustLoad()
	for _, tc := range []struct {
		name, header string
		prefs        []string
		want         string
	}{
		{"weighted list", "fr-CH, fr;q=0.9, en;q=0.8", nil, "fr"},
		{"regional Arabic", "ar-EG", nil, "ar"},
		{"traditional Chinese", "zh-TW", nil, "zh"},
		{"Russian", "ru-RU,ru;q=0.9", nil, "ru"},
		{"Spanish of Latin America", "es-419", nil, "es"},
		{"quality order", "en;q=0.5, es;q=0.9", nil, "es"},
		{"unsupported", "de", nil, "en"},
		{"unsupported then supported", "de, ru;q=0.5", nil, "ru"},
		{"empty header", "", nil, "en"},
		{"malformed header", ";;;q=x", nil, "en"},
		{"preference wins", "fr-CH, fr;q=0.9", []string{"ar"}, "ar"},
		{"preference wins over no header", "", []string{"zh"}, "zh"},
		{"unsupported preference skipped", "es", []string{"de", ""}, "es"},
		{"next preference", "es", []string{"de", "ru"}, "ru"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Negotiate(tc.header, tc.prefs...); got != tc.want {
				t.Errorf("Negotiate(%q, %q) = %q, want %q", tc.header, tc.prefs, got, tc.want)
			}
		})
	}
}

func TestPluralForm(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"ru", 0, "many"},
		{"ru", 1, "one"},
		{"ru", 2, "few"},
		{"ru", 4, "few"},
		{"ru", 5, "many"},
		{"ru", 11, "many"},
		{"ru", 12, "many"},
		{"ru", 14, "many"},
		{"ru", 21, "one"},
		{"ru", 22, "few"},
		{"ru", 25, "many"},
		{"ru", 111, "many"},
		{"ru", 112, "many"},
		{"ru", 122, "few"},
		{"ar", 0, "zero"},
		{"ar", 1, "one"},
		{"ar", 2, "two"},
		{"ar", 3, "few"},
		{"ar", 10, "few"},
		{"ar", 11, "many"},
		{"ar", 99, "many"},
		{"ar", 100, "other"},
		{"ar", 102, "other"},
		{"ar", 103, "few"},
		{"ar", 111, "many"},
		{"fr", 0, "one"},
		{"fr", 1, "one"},
		{"fr", 2, "other"},
		{"en", 0, "other"},
		{"en", 1, "one"},
		{"en", 2, "other"},
		{"es", 1, "one"},
		{"es", 0, "other"},
		{"zh", 1, "other"},
		{"ru", -1, "one"},
	} {
		got := PluralForm(tc.lang, tc.n)
		if got != tc.want {
			t.Errorf("PluralForm(%q, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
		if !slices.Contains(PluralForms(tc.lang), got) {
			t.Errorf("PluralForm(%q, %d) = %q, not in PluralForms", tc.lang, tc.n, got)
		}
	}
}

// testCatalog is a catalogue built in memory, independent of the wording of
// the real ones.
func testCatalog() *Catalog {
	c := MustLoad()
	c.msgs = map[string]map[string]message{
		"en": {
			"n":     {plural: map[string]string{"one": "%d thing in %s", "other": "%d things in %s"}},
			"hello": {text: "Hello %s"},
			"only":  {text: "English only"},
		},
		"ru": {"n": {plural: map[string]string{
			"one": "%d вещь в %s", "few": "%d вещи в %s", "many": "%d вещей в %s", "other": "%d вещи в %s",
		}}},
		"ar": {"n": {plural: map[string]string{
			"zero": "zero %d %s", "one": "one %d %s", "two": "two %d %s",
			"few": "few %d %s", "many": "many %d %s", "other": "other %d %s",
		}}},
		"fr": {"n": {plural: map[string]string{"one": "%d chose dans %s"}}}, // "other" missing
	}
	return c
}

func TestPrinterN(t *testing.T) {
	c := testCatalog()
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 thing in X"},
		{"en", 0, "0 things in X"},
		{"en", 2, "2 things in X"},
		{"ru", 1, "1 вещь в X"},
		{"ru", 3, "3 вещи в X"},
		{"ru", 5, "5 вещей в X"},
		{"ru", 11, "11 вещей в X"},
		{"ru", 21, "21 вещь в X"},
		{"ar", 0, "zero 0 X"},
		{"ar", 1, "one 1 X"},
		{"ar", 2, "two 2 X"},
		{"ar", 7, "few 7 X"},
		{"ar", 50, "many 50 X"},
		{"ar", 100, "other 100 X"},
		{"fr", 0, "0 chose dans X"},
		{"es", 2, "2 things in X"}, // falls back to English
		{"xx", 1, "1 thing in X"},  // unknown language: English
	} {
		if got := c.Printer(tc.lang).N("n", tc.n, "X"); got != tc.want {
			t.Errorf("%s: N(n, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	// The real catalogues: every language gives a form containing the number.
	real := MustLoad()
	for _, l := range Languages {
		for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 100} {
			if got := real.Printer(l.Code).N("groups.members", n); !strings.Contains(got, strconv.Itoa(n)) {
				t.Errorf("%s: N(groups.members, %d) = %q", l.Code, n, got)
			}
		}
	}
}

func TestPrinterT(t *testing.T) {
	c := testCatalog()
	ru := c.Printer("ru")
	for _, tc := range []struct {
		key  string
		args []any
		want string
	}{
		{"no.such.key", nil, "no.such.key"},
		{"no.such.key", []any{"x"}, "no.such.key"},
		{"hello", []any{"Ana"}, "Hello Ana"},
		{"only", nil, "English only"}, // missing in ru: English
		{"n", []any{4, "X"}, "4 вещи в X"},
		{"n", []any{int64(5), "X"}, "5 вещей в X"}, // a count of any integer type picks its form
		{"n", []any{uint8(21), "X"}, "21 вещь в X"},
		{"n", []any{2.5, "X"}, "%!d(float64=2.5) вещи в X"}, // not a count: "other"
	} {
		if got := ru.T(tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%q, %v) = %q, want %q", tc.key, tc.args, got, tc.want)
		}
	}
	if got := ru.N("no.such.key", 3); got != "no.such.key" {
		t.Errorf("N(unknown) = %q", got)
	}
	if got := MustLoad().Printer("fr").T("no.such.key"); got != "no.such.key" {
		t.Errorf("real catalogue: T(unknown) = %q", got)
	}
}

func TestPrinterDir(t *testing.T) {
	c := MustLoad()
	for code, want := range map[string]string{"ar": "rtl", "en": "ltr", "zh": "ltr", "he": "ltr"} {
		if got := c.Printer(code).Dir(); got != want {
			t.Errorf("Printer(%q).Dir() = %q, want %q", code, got, want)
		}
	}
	if got := c.Printer("de").Lang.Code; got != "en" {
		t.Errorf("Printer(de) = %q, want en", got)
	}
}

// TestPluralFormCLDR checks the rules against the CLDR data that
// golang.org/x/text ships, for the counts a meeting can reach.
func TestPluralFormCLDR(t *testing.T) {
	names := map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
		plural.Two: "two", plural.Few: "few", plural.Many: "many"}
	for _, l := range Languages {
		tag := language.MustParse(l.Code)
		for n := 0; n <= 1200; n++ {
			want := names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
			if l.Code == "ru" && want == "other" {
				t.Fatalf("ru %d: CLDR says other", n) // integers are never "other" in Russian
			}
			if got := PluralForm(l.Code, n); got != want {
				t.Errorf("PluralForm(%s, %d) = %q, CLDR says %q", l.Code, n, got, want)
			}
		}
	}
}
