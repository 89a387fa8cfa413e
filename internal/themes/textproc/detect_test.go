package textproc

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/eval"
)

// TestDetectDeterministic asks the same texts 200 times each: the answer
// never changes (whatlanggo's trigram ranking, used before, broke ties in
// map order and answered "set a 4 minute timer" en 141 times and fr 59
// times in 200 calls).
func TestDetectDeterministic(t *testing.T) {
	texts := []string{
		"set a 4 minute timer", "A man plays a trumpet.", "what is my balance", "la casa", "le chat",
		"Die Erhebung von Migrationsdaten zwischen den Staaten verbessern und austauschen.", "ok", "Gaza",
	}
	for _, text := range texts {
		first, firstOK := DetectReliable(text)
		for i := 0; i < 200; i++ {
			if got, ok := DetectReliable(text); got != first || ok != firstOK {
				t.Fatalf("DetectReliable(%q) call %d = %q %v, first call %q %v", text, i+1, got, ok, first, firstOK)
			}
		}
	}
}

func TestDetectReliable(t *testing.T) {
	tests := []struct {
		text, want string
		reliable   bool
	}{
		{"set a 4 minute timer", "", false}, // no evidence: any answer, but not reliable
		{"How do I top up my card?", English, true},
		{"Je n'ai pas reçu ma carte", French, true},
		{"¿Dónde está mi tarjeta?", Spanish, true},
		{"Улучшить сбор данных.", Russian, true},
		{"12345", "", false},
		{"Un homme joue de la guitare.", French, true},
	}
	for _, tc := range tests {
		got, ok := DetectReliable(tc.text)
		if (tc.want != "" && got != tc.want) || ok != tc.reliable {
			t.Errorf("DetectReliable(%q) = %q %v, want %q %v", tc.text, got, ok, tc.want, tc.reliable)
		}
	}
}

// TestDetectAccuracy measures detection on short sentences of the shared
// data: the first sentence of every STS-B test pair in en, es, fr, ru, zh
// and every banking77 test query (English). It reports accuracy overall, on
// sentences of at most 40 characters, how many are called reliable and
// how many of those are right; it fails below floors a little under what
// was measured.
func TestDetectAccuracy(t *testing.T) {
	dir, err := eval.DataDir(".")
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	sets := map[string][]string{}
	for _, l := range []string{English, Spanish, French, Russian, Chinese} {
		pairs, err := eval.ReadSTS(filepath.Join(dir, "text", "stsb-multi-mt", "stsb-"+l+"-test.csv"))
		if err != nil {
			t.Skipf("skipping: %v", err)
		}
		for _, p := range pairs {
			sets[l] = append(sets[l], p.A)
		}
	}
	bank, err := eval.ReadLabelled(filepath.Join(dir, "text", "banking77", "test.csv"))
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	for _, b := range bank {
		sets["en-banking77"] = append(sets["en-banking77"], b.Text)
	}
	floors := map[string]float64{"en": 0.98, "es": 0.98, "fr": 0.98, "ru": 0.99, "zh": 0.99, "en-banking77": 0.99}
	for _, name := range []string{"en", "es", "fr", "ru", "zh", "en-banking77"} {
		want := name[:2]
		var ok, short, shortOK, rel, relOK int
		for _, s := range sets[name] {
			got, reliable := DetectReliable(s)
			if got == want {
				ok++
			}
			if len([]rune(s)) <= 40 {
				short++
				if got == want {
					shortOK++
				}
			}
			if reliable {
				rel++
				if got == want {
					relOK++
				}
			}
		}
		n := len(sets[name])
		acc := float64(ok) / float64(n)
		t.Logf("%-12s accuracy %s; <= 40 characters %s; reliable %s, of which right %s", name,
			frac(ok, n), frac(shortOK, short), frac(rel, n), frac(relOK, rel))
		if acc < floors[name] {
			t.Errorf("%s: accuracy %.3f, want >= %.2f", name, acc, floors[name])
		}
		if rel > 0 && float64(relOK)/float64(rel) < 0.99 {
			t.Errorf("%s: reliable answers right %s, want >= 0.99", name, frac(relOK, rel))
		}
	}
}

func frac(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d = %.3f", a, b, float64(a)/float64(b))
}
