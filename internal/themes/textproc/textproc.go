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
// and Russian; among Latin-script texts the six UN languages are preferred,
// since short statements are easily mistaken for a neighbouring language.
func Detect(text string) string {
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
		return "ja"
	case hangul > 0 && hangul >= han:
		return "ko"
	case han > 0 && han*2 >= latin:
		return Chinese
	case arab > 0 && arab >= latin && arab >= cyr:
		return Arabic
	case cyr > 0 && cyr >= latin:
		return Russian
	case latin > 0:
		return detectLatin(text, latin)
	}
	return ""
}

// detectLatin tells English, French and Spanish apart by their stop words,
// which short statements always have, and falls back to trigram profiles
// (other Latin-script languages included) when the stop words do not say.
func detectLatin(text string, letters int) string {
	norm := Normalize(text)
	langs := [3]string{English, French, Spanish}
	var score [3]float64
	// A stop word votes for each language that has it, split between them
	// ("a" is English, French and Spanish).
	for _, w := range Words(norm) {
		var in []int
		for i, l := range langs {
			if stopWords[l][w] {
				in = append(in, i)
			}
		}
		for _, i := range in {
			score[i] += 1 / float64(len(in))
		}
		if strings.HasSuffix(w, "ing") && len(w) > 5 {
			score[0] += 0.5
		}
	}
	for _, r := range norm {
		switch r {
		case 'ñ', '¿', '¡', 'á', 'í', 'ó', 'ú':
			score[2]++
		case 'ç', 'è', 'ê', 'à', 'ù', 'â', 'î', 'ô', 'û', 'œ', 'ë':
			score[1]++
		}
	}
	if score[0]+score[1]+score[2] < 1 && letters >= 20 {
		// No function word of the three: perhaps another language
		// (German, Portuguese...), which an open detection can tell.
		if all := whatlanggo.Detect(text); all.IsReliable() && !sixLangs[all.Lang] && all.Lang.Iso6391() != "" {
			return all.Lang.Iso6391()
		}
	}
	// The trigram profile breaks near-ties.
	six := whatlanggo.DetectWithOptions(text, whatlanggo.Options{Whitelist: sixLangs})
	for i, l := range langs {
		if six.Lang.Iso6391() == l {
			score[i] += 0.75
		}
	}
	best := 0
	for i := 1; i < 3; i++ {
		if score[i] > score[best] {
			best = i
		}
	}
	return langs[best]
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
