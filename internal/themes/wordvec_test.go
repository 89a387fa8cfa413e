package themes

import (
	"context"
	"math"
	"testing"
)

// mapVectors is a small table of word vectors.
type mapVectors map[string][]float32

func (m mapVectors) Vector(w string) []float32 { return m[w] }

func TestMeanWordVectors(t *testing.T) {
	vecs := mapVectors{
		"fees":     {1, 0, 0},
		"costs":    {0.9, 0.1, 0},
		"migrants": {0, 1, 0},
		"workers":  {0, 0.9, 0.1},
		"climate":  {0, 0, 1},
	}
	texts := []TextInput{
		{Text: "Fees charged to migrants", Lang: "en"},
		{Text: "Costs borne by workers", Lang: "en"},
		{Text: "Climate", Lang: "en"},
		{Text: "Les frais des migrants", Lang: "fr"},
		{Text: "Unknown words only", Lang: "en"},
	}
	model, err := NewModel(context.Background(), texts, nil)
	if err != nil {
		t.Fatal(err)
	}
	wv := meanWordVectors(model, vecs)
	if wv == nil {
		t.Fatal("no vectors")
	}
	if wv[3] != nil || wv[4] != nil {
		t.Errorf("a French statement and one of unknown words got vectors: %v, %v", wv[3], wv[4])
	}
	for i := 0; i < 3; i++ {
		var n float64
		for _, x := range wv[i] {
			n += float64(x) * float64(x)
		}
		if math.Abs(n-1) > 1e-5 {
			t.Errorf("statement %d: norm² %v, want 1", i, n)
		}
	}
	// Centred: the two statements on fees and migrants agree, and both
	// disagree with the one on climate.
	if d := dot32(wv[0], wv[1]); d < 0.9 {
		t.Errorf("fees/migrants vs costs/workers: %.3f, want >= 0.9", d)
	}
	if d := dot32(wv[0], wv[2]); d > 0 {
		t.Errorf("fees/migrants vs climate: %.3f, want < 0", d)
	}
	// Fewer than three statements with vectors: none at all.
	model2, _ := NewModel(context.Background(), texts[:2], nil)
	if got := meanWordVectors(model2, vecs); got != nil {
		t.Errorf("two statements: %v, want nil", got)
	}
}

// TestWordVectorsSplitThemes: four English statements alike in their
// words, two on climate and weather, two on fees and costs. The lexical
// engine cannot tell the pairs apart; with word vectors that know climate
// is like weather and fees like costs, the themes follow the meaning.
func TestWordVectorsSplitThemes(t *testing.T) {
	vecs := mapVectors{
		"climate": {1, 0, 0}, "weather": {0.95, 0.05, 0},
		"fees": {0, 1, 0}, "costs": {0.05, 0.95, 0},
		"policy": {0, 0, 1}, "national": {0, 0.1, 1},
	}
	stmts := []Statement{
		{ID: "a", Text: "National climate policy", Language: "en", Group: "A"},
		{ID: "b", Text: "National weather policy", Language: "en", Group: "B"},
		{ID: "c", Text: "National fees policy", Language: "en", Group: "C"},
		{ID: "d", Text: "National costs policy", Language: "en", Group: "D"},
	}
	themeOf := func(r *Result) map[string]string {
		m := map[string]string{}
		for _, a := range r.Statements {
			m[a.ID] = a.Theme
		}
		return m
	}
	plain, err := Compute(context.Background(), stmts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	with, err := Compute(context.Background(), stmts, Options{WordVectors: vecs})
	if err != nil {
		t.Fatal(err)
	}
	p, w := themeOf(plain), themeOf(with)
	if w["a"] != w["b"] || w["c"] != w["d"] || w["a"] == w["c"] {
		t.Errorf("with word vectors: themes %v; want climate with weather, fees with costs, apart", w)
	}
	if p["a"] == p["b"] && p["c"] == p["d"] && p["a"] != p["c"] {
		t.Errorf("without word vectors the themes already follow the meaning (%v): the test shows nothing", p)
	}
}
