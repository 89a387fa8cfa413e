package themes

import (
	"context"
	"math"
	"runtime"
	"sync"

	"github.com/plenary-org/plenary/internal/themes/textproc"
)

// Weights of the feature blocks in the cosine. Word and character n-gram
// TF-IDF measured about equally well on STS and better together than either
// alone; dictionary translations only help across languages.
var defaultBlockWeights = [numBlocks]float64{blockWord: 0.5, blockChar: 0.5, blockPivot: 0.35}

// Model holds what a set of statements says about the weight of each
// feature (inverse document frequency) and the statements' vectors.
type Model struct {
	n       int
	df      map[uint32]int32
	weights [numBlocks]float64
	// Vectors holds one unit vector per input text, in input order.
	Vectors []Vector
	// Langs holds the language of each text, given or detected.
	Langs  []string
	tokens [][]textproc.Token // content words per text, for labels
	total  []float32          // sum of the weights of the blocks present, per text
}

// TextInput is one text for [NewModel]; Lang may be empty.
type TextInput struct {
	Text string
	Lang string
}

// NewModel featurises texts (in parallel), weights the features by TF-IDF
// over these texts and returns the unit vectors. tr may be nil; when set,
// English translations of words are added as a third block so that
// statements in different languages can match.
func NewModel(ctx context.Context, texts []TextInput, tr Translator) (*Model, error) {
	fz := &featurizer{dict: tr}
	langs, err := resolveLanguages(ctx, texts)
	if err != nil {
		return nil, err
	}
	raws := make([]rawDoc, len(texts))
	if err := parallel(ctx, len(texts), func(i int) {
		raws[i] = fz.features(texts[i].Text, langs[i])
	}); err != nil {
		return nil, err
	}
	m := &Model{n: len(texts), df: make(map[uint32]int32, len(texts)*8), weights: defaultBlockWeights}
	for _, d := range raws {
		for _, id := range d.ids {
			m.df[id]++
		}
	}
	m.Vectors = make([]Vector, len(texts))
	m.Langs = make([]string, len(texts))
	m.tokens = make([][]textproc.Token, len(texts))
	m.total = make([]float32, len(texts))
	if err := parallel(ctx, len(texts), func(i int) {
		d := raws[i]
		m.Vectors[i], m.total[i] = m.weigh(d)
		m.Langs[i] = d.lang
		m.tokens[i] = d.words
	}); err != nil {
		return nil, err
	}
	return m, nil
}

// resolveLanguages returns the language of each text: the one given, or
// the detected one when the detection is reliable, or else the language
// most texts are in (given or reliably detected), so that a short text with
// no clear evidence is compared like its neighbours rather than through
// dictionaries on a guess. The answer depends on the texts only.
func resolveLanguages(ctx context.Context, texts []TextInput) ([]string, error) {
	langs := make([]string, len(texts))
	reliable := make([]bool, len(texts))
	if err := parallel(ctx, len(texts), func(i int) {
		if texts[i].Lang != "" {
			langs[i], reliable[i] = texts[i].Lang, true
			return
		}
		langs[i], reliable[i] = textproc.DetectReliable(texts[i].Text)
	}); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for i, l := range langs {
		if reliable[i] && l != "" {
			counts[l]++
		}
	}
	major, most := "", 0
	for l, c := range counts {
		if c > most || (c == most && l < major) {
			major, most = l, c
		}
	}
	if major == "" {
		return langs, nil
	}
	for i := range langs {
		if !reliable[i] {
			langs[i] = major
		}
	}
	return langs, nil
}

// weigh turns counts into the joined, block-normalised TF-IDF vector.
func (m *Model) weigh(d rawDoc) (Vector, float32) {
	v := Vector{IDs: d.ids, W: d.count} // weights replace counts in place
	var norms [numBlocks]float64
	for i, id := range d.ids {
		tf := 1 + math.Log(float64(d.count[i]))
		idf := m.idf(id)
		w := tf * idf
		v.W[i] = float32(w)
		norms[blockOf(id)] += w * w
	}
	// Blocks present in this statement share the whole weight, so a
	// statement without translations is not penalised.
	var total float64
	for b := range norms {
		if norms[b] > 0 {
			total += m.weights[b]
		}
	}
	for i, id := range d.ids {
		b := blockOf(id)
		v.W[i] = float32(float64(v.W[i]) / math.Sqrt(norms[b]) * math.Sqrt(m.weights[b]/total))
	}
	return v, float32(total)
}

// docFreq returns the number of texts that have a feature.
func (m *Model) docFreq(id uint32) int { return int(m.df[id]) }

// idf returns the inverse document frequency of a feature.
func (m *Model) idf(id uint32) float64 {
	return math.Log(float64(m.n+1)/float64(m.df[id]+1)) + knobs.idfOff
}

// CrossLanguageScale discounts similarities between texts in different
// languages, which rest on dictionary translations only.
const CrossLanguageScale = 0.8

// crossCharShare is the share of character n-grams in a cross-language
// similarity, chosen on the STS dev split.
const crossCharShare = 0.3

// Similarity returns the similarity of texts i and j: the cosine of their
// vectors for texts in the same language. Across languages it is the cosine
// of their English translations (scaled by [CrossLanguageScale]), when the
// model has a translator, since their words and character n-grams cannot
// match; or the plain cosine when that is higher (shared names, numbers).
func (m *Model) Similarity(i, j int) float64 {
	a, b := m.Vectors[i], m.Vectors[j]
	full := Dot(a, b)
	if m.Langs[i] == m.Langs[j] {
		return full
	}
	// Character n-grams still catch cognates and names ("migración",
	// "migration") across languages written in the same script.
	cross := (1-crossCharShare)*m.blockCosine(i, j, blockPivot) + crossCharShare*m.blockCosine(i, j, blockChar)
	return math.Max(full, CrossLanguageScale*cross)
}

// blockCosine returns the cosine of texts i and j restricted to one block.
func (m *Model) blockCosine(i, j, block int) float64 {
	a, b := m.Vectors[i], m.Vectors[j]
	var s float64
	x, y := 0, 0
	for x < len(a.IDs) && y < len(b.IDs) {
		switch {
		case a.IDs[x] == b.IDs[y]:
			if blockOf(a.IDs[x]) == block {
				s += float64(a.W[x]) * float64(b.W[y])
			}
			x++
			y++
		case a.IDs[x] < b.IDs[y]:
			x++
		default:
			y++
		}
	}
	if s == 0 {
		return 0
	}
	// Undo the block's share of each vector's length.
	w := m.weights[block]
	return s / math.Sqrt(w/float64(m.total[i])*w/float64(m.total[j]))
}

// parallel runs f(0..n-1) on all cores, stopping early when ctx ends.
func parallel(ctx context.Context, n int, f func(i int)) error {
	workers := runtime.GOMAXPROCS(0)
	const chunk = 256
	var next int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				start := int(next)
				next += chunk
				mu.Unlock()
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
