package themes

import (
	"slices"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// Feature blocks. A statement's vector is made of one block per kind of
// feature, each weighted by TF-IDF and scaled to unit length, then joined with
// the block weights below so that the cosine of two statements is the
// weighted mean of the blocks' cosines.
const (
	blockWord  = iota // stemmed content words
	blockChar         // character n-grams of the normalised text
	blockPivot        // English translations of the words (cross-language)
	numBlocks
)

// featureID hashes a feature into its block's id space; the top two bits
// say the block, so blocks never collide.
func featureID(block int, s string) uint32 {
	// FNV-1a, 64 bits folded: fixed across runs, so results are repeatable.
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return uint32(h)&0x3fffffff | uint32(block)<<30
}

func blockOf(id uint32) int { return int(id >> 30) }

// rawDoc is a statement's features before weighting: ids with counts.
type rawDoc struct {
	lang  string
	ids   []uint32
	count []float32
	words []textproc.Token
}

// featurizer turns text into features. It is safe for concurrent use.
type featurizer struct {
	dict Translator
}

func (f *featurizer) features(text, lang string) rawDoc {
	if lang == "" {
		lang = textproc.Detect(text)
	}
	norm := textproc.Normalize(text)
	toks := textproc.NormalizedTokens(norm, lang)
	d := rawDoc{lang: lang, words: toks}
	add := func(id uint32) {
		d.ids = append(d.ids, id)
		d.count = append(d.count, 1)
	}
	for _, t := range toks {
		add(featureID(blockWord, t.Stem))
	}
	for _, w := range textproc.Words(norm) {
		r, _ := utf8.DecodeRuneInString(w)
		if textproc.IsHan(r) {
			charGrams(w, knobs.hanLo, knobs.hanHi, false, func(g string) { add(featureID(blockChar, g)) })
			continue
		}
		if knobs.skipStop && textproc.IsStopWord(lang, w) {
			continue
		}
		charGrams(w, knobs.lo, knobs.hi, true, func(g string) { add(featureID(blockChar, g)) })
	}
	if f.dict != nil && lang != textproc.English {
		for _, t := range toks {
			for _, e := range f.dict.Translate(lang, t.Surface) {
				add(featureID(blockPivot, e))
			}
		}
	} else if f.dict != nil {
		for _, t := range toks {
			add(featureID(blockPivot, t.Stem))
		}
	}
	// Every feature was added with count 1: sort the ids and count runs.
	slices.Sort(d.ids)
	out := 0
	for i, id := range d.ids {
		if out > 0 && d.ids[out-1] == id {
			d.count[out-1]++
			continue
		}
		d.ids[out] = d.ids[i]
		d.count[out] = 1
		out++
	}
	// Exact-size copies: at a million statements the slack of append
	// would cost gigabytes.
	d.ids = slices.Clone(d.ids[:out])
	d.count = slices.Clone(d.count[:out])
	return d
}

// charGrams calls emit with every n-gram of word for n in [lo, hi]; with pad,
// the word is framed by spaces first so that beginnings and ends count.
func charGrams(word string, lo, hi int, pad bool, emit func(string)) {
	if pad {
		word = " " + word + " "
	}
	// Byte offsets of each rune, plus the end.
	var offs [64]int
	pos := offs[:0]
	for i := range word {
		pos = append(pos, i)
	}
	pos = append(pos, len(word))
	n := len(pos) - 1
	if pad && n < lo {
		emit(word) // short words ("un", "民") count whole
		return
	}
	for size := lo; size <= hi; size++ {
		for i := 0; i+size <= n; i++ {
			emit(word[pos[i]:pos[i+size]])
		}
	}
}

// Translator maps a word of one language to English words, so that
// statements in different languages can share features. The dict package
// provides one from installed bilingual dictionaries.
type Translator interface {
	// Translate returns English stems for the normalised word in lang, or
	// nothing when the word is unknown.
	Translate(lang, word string) []string
}

// The character n-gram ranges, chosen on the STS dev split: 2-4 for
// alphabetic words (framed by spaces), 1-2 for Han runs, where a character is
// nearer to a morpheme than a letter is.
var knobs = struct {
	hanLo, hanHi, lo, hi int
	skipStop             bool
	idfOff               float64
}{hanLo: 1, hanHi: 2, lo: 2, hi: 4, skipStop: false, idfOff: 0.5}
