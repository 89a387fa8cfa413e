package themes

import (
	"context"
	"path/filepath"
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
