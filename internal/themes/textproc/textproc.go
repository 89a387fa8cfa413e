// Package textproc turns statements in any language into the tokens the
// themes engine compares: Unicode normalisation, language identification,
// word segmentation (Chinese included), stop words and stemming for the six
// UN languages (Arabic, Chinese, English, French, Russian, Spanish). Text in
// other languages is normalised and split into words without stemming.
package textproc

import (
	"strings"
	"sync"
	"unicode"

	"github.com/abadojack/whatlanggo"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"golang.org/x/text/unicode/norm"
)

// The six UN languages, as ISO 639-1 codes.
const (
	Arabic  = "ar"
	Chinese = "zh"
	English = "en"
	French  = "fr"
	Russian = "ru"
	Spanish = "es"
)

// Normalize returns s in NFKC form, lower-cased, with the variations that do
// not change meaning folded away: Arabic diacritics, tatweel and alef/yeh/teh
// marbuta variants, Russian ё, typographic quotes and dashes.
func Normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0x064B && r <= 0x0652, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´':
			r = '\''
		case r == '—' || r == '–' || r == '‐':
			r = '-'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// IsHan reports whether r is a CJK ideograph, which Chinese writes without
// spaces between words.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }

var sixLangs = map[whatlanggo.Lang]bool{
	whatlanggo.Arb: true, whatlanggo.Cmn: true, whatlanggo.Eng: true,
	whatlanggo.Fra: true, whatlanggo.Rus: true, whatlanggo.Spa: true,
}

// Detect returns the ISO 639-1 code of the language text is most likely
// written in, or "" when it cannot tell. The script decides Arabic, Chinese
// and Russian; among Latin-script texts English, French and Spanish are told
// apart by their function words, accents and spelling. The answer depends
// on the text only: the same text always gives the same language.
func Detect(text string) string {
	lang, _ := DetectReliable(text)
	return lang
}

// DetectReliable is [Detect] that also says whether the text gave clear
// evidence: a script of its own, or function words and spellings of one
// Latin-script language well ahead of the others. A short text with no such
// evidence ("set a 4 minute timer") gets the most likely language (English
// on a tie) and reliable false, so that a caller can fall back to what it
// knows (the language of the other statements) instead of acting on a guess.
func DetectReliable(text string) (string, bool) {
	var han, arab, cyr, latin, kana, hangul int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case IsHan(r):
			han++
		case unicode.Is(unicode.Arabic, r):
			arab++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	switch {
	case kana > 0:
		return "ja", true
	case hangul > 0 && hangul >= han:
		return "ko", true
	case han > 0 && han*2 >= latin:
		return Chinese, true
	case arab > 0 && arab >= latin && arab >= cyr:
		return Arabic, true
	case cyr > 0 && cyr >= latin:
		return Russian, true
	case latin > 0:
		return detectLatin(text, latin)
	}
	return "", false
}

// latinCues are spellings typical of one of English, French and Spanish,
// with the weight of their vote: word endings ("$" marks the end of a
// word, "^" its start) and letter groups. They count once per word.
var latinCues = [3][]struct {
	cue string
	w   float64
}{
	{ // English
		{"ing$", 1}, {"th", 0.75}, {"w", 0.5}, {"sh", 0.5}, {"ck", 0.5}, {"ee", 0.4}, {"oo", 0.4}, {"ly$", 0.5},
		{"y$", 0.4}, {"ay", 0.4}, {"k", 0.3}, {"ght", 0.75}, {"ed$", 0.4}, {"'s$", 1}, {"n't$", 1}, {"ould$", 1}, {"ea", 0.3},
	},
	{ // French
		{"eau", 1}, {"eux$", 1}, {"oi", 0.5}, {"ou", 0.4}, {"oue", 0.5}, {"mm", 0.3}, {"aux$", 1}, {"ez$", 0.75}, {"ent$", 0.4}, {"é", 0.5},
		{"^qu", 0.3}, {"ai", 0.3}, {"ée", 0.75}, {"ier$", 0.5}, {"onn", 0.5}, {"ette$", 0.75}, {"^l'", 1}, {"^d'", 1},
		{"^j'", 1}, {"^qu'", 1}, {"^c'", 1}, {"^n'", 1}, {"^s'", 0.75},
	},
	{ // Spanish
		{"ll", 0.5}, {"ción$", 1.5}, {"os$", 0.5}, {"as$", 0.3}, {"rr", 0.5}, {"a$", 0.2}, {"ió", 1}, {"dad$", 1},
		{"ado$", 0.75}, {"ada$", 0.75}, {"ido$", 0.75}, {"ar$", 0.3}, {"mente$", 0.5}, {"ando$", 1}, {"iendo$", 1},
		{"ía", 0.5}, {"^es", 0.2}, {"o$", 0.3},
	},
}

// latinMargin is the lead the best of English, French and Spanish needs
// over the second for the detection to count as reliable.
const latinMargin = 1.0

// detectLatin tells English, French and Spanish apart by their stop words,
// accents and spellings, which short statements nearly always have. When
// none of the three has any evidence and the text is long enough, an open
// detection names another Latin-script language (German, Portuguese...):
// only a reliable answer is taken, which is the same on every call.
func detectLatin(text string, letters int) (string, bool) {
	norm := Normalize(text)
	langs := [3]string{English, French, Spanish}
	var score [3]float64
	var b strings.Builder
	for _, w := range latinWords(norm) {
		// A stop word votes for each language that has it, split
		// between them ("a" is English, French and Spanish).
		var in []int
		for i, l := range langs {
			if stopWords[l][strings.TrimRight(w, "'")] {
				in = append(in, i)
			}
		}
		for _, i := range in {
			score[i] += 1.5 / float64(len(in))
		}
		b.Reset()
		b.WriteByte('^')
		b.WriteString(w)
		b.WriteByte('$')
		framed := b.String()
		for i := range langs {
			for _, c := range latinCues[i] {
				if strings.Contains(framed, c.cue) {
					score[i] += c.w
				}
			}
		}
	}
	for _, r := range norm {
		switch r {
		case 'ñ', '¿', '¡', 'á', 'í', 'ó', 'ú':
			score[2] += 1.5
		case 'ç', 'è', 'ê', 'à', 'ù', 'â', 'î', 'ô', 'û', 'œ', 'ë':
			score[1] += 1.5
		}
	}
	best, second := 0, -1
	for i := 1; i < 3; i++ {
		if score[i] > score[best] {
			best = i
		}
	}
	for i := 0; i < 3; i++ {
		if i != best && (second < 0 || score[i] > score[second]) {
			second = i
		}
	}
	if score[best] < 1.5 && letters >= 20 {
		// Little evidence for any of the three: perhaps another
		// language, which an open detection can tell. A reliable
		// answer has a clear best profile, so it never depends on the
		// order ties are broken in.
		if all := whatlanggo.Detect(text); all.IsReliable() && !sixLangs[all.Lang] && all.Lang.Iso6391() != "" {
			return all.Lang.Iso6391(), true
		}
	}
	return langs[best], score[best]-score[second] >= latinMargin
}

// latinWords splits normalised text into words as [Words] does, but keeps
// a French elision's apostrophe on the elided word ("l'", "qu'") and an
// English "'s" or "n't" on its word, which are the strongest cues there are.
func latinWords(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if r == '\'' && start >= 0 {
			// Elision ends the word here; "'s" and "n't" stay joined.
			rest := text[i+1:]
			if strings.HasPrefix(rest, "s") && (len(rest) == 1 || !unicode.IsLetter(rune(rest[1]))) || strings.HasPrefix(rest, "t") && strings.HasSuffix(text[start:i], "n") {
				continue
			}
			out = append(out, text[start:i+1])
			start = -1
			continue
		}
		if start >= 0 {
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// Stemmer reduces a word of one language to its stem. It is not safe for
// concurrent use; [Stem] is.
type Stemmer struct {
	env  *snowballstem.Env
	stem func(*snowballstem.Env) bool
}

// NewStemmer returns the Snowball stemmer for lang, or nil when there is
// none (Chinese, which has no inflection, and languages outside the six).
func NewStemmer(lang string) *Stemmer {
	var f func(*snowballstem.Env) bool
	switch lang {
	case English:
		f = english.Stem
	case French:
		f = french.Stem
	case Spanish:
		f = spanish.Stem
	case Russian:
		f = russian.Stem
	case Arabic:
		f = arabic.Stem
	default:
		return nil
	}
	return &Stemmer{env: snowballstem.NewEnv(""), stem: f}
}

// Stem returns the stem of word.
func (s *Stemmer) Stem(word string) string {
	s.env.SetCurrent(word)
	s.stem(s.env)
	return s.env.Current()
}

var stemmerPools sync.Map // lang -> *sync.Pool

// Stem returns the stem of word in lang, or word itself when lang has no
// stemmer. It is safe for concurrent use.
func Stem(lang, word string) string {
	p, ok := stemmerPools.Load(lang)
	if !ok {
		if NewStemmer(lang) == nil {
			return word
		}
		p, _ = stemmerPools.LoadOrStore(lang, &sync.Pool{New: func() any { return NewStemmer(lang) }})
	}
	pool := p.(*sync.Pool)
	s := pool.Get().(*Stemmer)
	out := s.Stem(word)
	pool.Put(s)
	return out
}

// Words splits normalised text into words: runs of letters, digits and
// combining marks. Apostrophes end a word ("l'eau" gives "l", "eau"), so
// elided French articles fall to the stop-word list. Runs of Han characters
// are returned whole; [Segment] splits them.
func Words(text string) []string {
	var out []string
	start := -1
	han := false
	flush := func(i int) {
		if start >= 0 {
			out = append(out, text[start:i])
			start = -1
		}
	}
	for i, r := range text {
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		h := IsHan(r)
		if !isWord {
			flush(i)
			continue
		}
		if start >= 0 && h != han {
			flush(i)
		}
		if start < 0 {
			start = i
			han = h
		}
	}
	flush(len(text))
	return out
}

// Token is one word of a statement after processing.
type Token struct {
	// Surface is the normalised word as written.
	Surface string
	// Stem is the form compared: the stem, or the word for Chinese.
	Stem string
}

// Tokens returns the content words of text in lang (detected when ""):
// normalised, segmented, without stop words, stemmed. Digits are kept.
func Tokens(text, lang string) []Token {
	if lang == "" {
		lang = Detect(text)
	}
	return NormalizedTokens(Normalize(text), lang)
}

// NormalizedTokens is [Tokens] for text already passed through [Normalize],
// in a known language.
func NormalizedTokens(text, lang string) []Token {
	stops := stopWords[lang]
	var out []Token
	for _, w := range Words(text) {
		first := []rune(w)[0]
		if IsHan(first) {
			for _, seg := range Segment(w) {
				if !zhStop[seg] {
					out = append(out, Token{Surface: seg, Stem: seg})
				}
			}
			continue
		}
		if stops[w] {
			continue
		}
		wl := lang
		if w[0] < 0x80 && (lang == Russian || lang == Arabic || lang == Chinese) {
			wl = English // Latin words inside non-Latin text are usually English names.
		}
		st := Stem(wl, w)
		out = append(out, Token{Surface: w, Stem: st})
	}
	return out
}
