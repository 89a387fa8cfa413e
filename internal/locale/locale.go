// Package locale holds the interface translations in the six official UN
// languages, chooses a language for a request, and applies plural rules.
//
// Catalogues are JSON files in catalog/, one per language, embedded in the
// binary. A value is either a string or, for messages with a count, an
// object of CLDR plural forms ("zero", "one", "two", "few", "many",
// "other"). English is the reference: every other catalogue must have
// exactly its keys (a test checks this).
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"strings"

	"golang.org/x/text/language"
)

//go:embed catalog/*.json
var catalogs embed.FS

// Languages are the interface languages, in the order the language menu
// shows them.
var Languages = []Language{
	{Code: "en", Name: "English"},
	{Code: "fr", Name: "Français"},
	{Code: "es", Name: "Español"},
	{Code: "ar", Name: "العربية", RTL: true},
	{Code: "zh", Name: "中文"},
	{Code: "ru", Name: "Русский"},
}

// Language is one interface language.
type Language struct {
	Code string
	Name string // in the language itself
	RTL  bool
}

// message is a plain string or a set of plural forms.
type message struct {
	text   string
	plural map[string]string
}

func (m *message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &m.text)
	}
	return json.Unmarshal(b, &m.plural)
}

// Catalog holds every language's messages.
type Catalog struct {
	msgs    map[string]map[string]message
	matcher language.Matcher
}

// Load parses the embedded catalogues.
func Load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]message{}}
	var tags []language.Tag
	for _, l := range Languages {
		b, err := catalogs.ReadFile(path.Join("catalog", l.Code+".json"))
		if err != nil {
			return nil, fmt.Errorf("locale: %s: %w", l.Code, err)
		}
		m := map[string]message{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("locale: %s.json: %w", l.Code, err)
		}
		c.msgs[l.Code] = m
		tags = append(tags, language.MustParse(l.Code))
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// MustLoad is Load that panics, for start-up.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Supported reports whether code is an interface language.
func Supported(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// Negotiate picks the interface language: the first of prefs that is
// supported (a user's saved choice, a cookie), else the best match for an
// Accept-Language header, else English.
func (c *Catalog) Negotiate(acceptLanguage string, prefs ...string) string {
	for _, p := range prefs {
		if Supported(p) {
			return p
		}
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	return Languages[idx].Code
}

// Printer translates into one language.
type Printer struct {
	Lang Language
	c    *Catalog
}

// Printer returns the printer for code, English when it is unknown.
func (c *Catalog) Printer(code string) *Printer {
	for _, l := range Languages {
		if l.Code == code {
			return &Printer{Lang: l, c: c}
		}
	}
	return &Printer{Lang: Languages[0], c: c}
}

// Dir returns "rtl" or "ltr".
func (p *Printer) Dir() string {
	if p.Lang.RTL {
		return "rtl"
	}
	return "ltr"
}

func (p *Printer) lookup(key string) (message, bool) {
	if m, ok := p.c.msgs[p.Lang.Code][key]; ok {
		return m, true
	}
	m, ok := p.c.msgs["en"][key]
	return m, ok
}

// T returns the message key formatted with args (fmt verbs). An unknown
// key is returned as is so that the gap is visible, never hidden.
//
// A message with plural forms takes its count as the first argument
// (whatever place the count has in the text: "%[2]d of %[1]d statements"):
// T picks the form for it, so that messages carried by errors
// (domain.Invalid with a key and arguments) are counted right too.
func (p *Printer) T(key string, args ...any) string {
	m, ok := p.lookup(key)
	if !ok {
		return key
	}
	s := m.text
	if m.plural != nil {
		n, isCount := 0, false
		if len(args) > 0 {
			n, isCount = count(args[0])
		}
		s = m.form(p.Lang.Code, n, isCount)
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N returns the plural form of key for count n, formatted with n then args.
func (p *Printer) N(key string, n int, args ...any) string {
	return p.T(key, append([]any{n}, args...)...)
}

// form returns the plural form of m for n in lang ("other" without a count).
func (m message) form(lang string, n int, isCount bool) string {
	if !isCount {
		return m.plural["other"]
	}
	if s, ok := m.plural[PluralForm(lang, n)]; ok {
		return s
	}
	return m.plural["other"]
}

// count returns v as an int when it is an integer of any size.
func count(v any) (int, bool) {
	switch rv := reflect.ValueOf(v); {
	case rv.CanInt():
		return int(rv.Int()), true
	case rv.CanUint():
		return int(rv.Uint()), true
	}
	return 0, false
}

// Has reports whether key exists in the reference catalogue.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs["en"][key]
	return ok
}

// PluralForm returns the CLDR plural category of integer n in lang.
func PluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	switch strings.SplitN(lang, "-", 2)[0] {
	case "zh":
		return "other"
	case "fr":
		if n == 0 || n == 1 {
			return "one"
		}
		return "other"
	case "ru":
		switch {
		case n%10 == 1 && n%100 != 11:
			return "one"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return "few"
		default:
			return "many"
		}
	case "ar":
		switch {
		case n == 0:
			return "zero"
		case n == 1:
			return "one"
		case n == 2:
			return "two"
		case n%100 >= 3 && n%100 <= 10:
			return "few"
		case n%100 >= 11:
			return "many"
		default:
			return "other"
		}
	default: // en, es
		if n == 1 {
			return "one"
		}
		return "other"
	}
}

// PluralForms lists the categories a language uses, for checking catalogues.
func PluralForms(lang string) []string {
	switch lang {
	case "zh":
		return []string{"other"}
	case "ru":
		return []string{"one", "few", "many", "other"}
	case "ar":
		return []string{"zero", "one", "two", "few", "many", "other"}
	default:
		return []string{"one", "other"}
	}
}
