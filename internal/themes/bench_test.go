package themes

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/eval"
)

// BenchmarkCompute measures themes for a plenary's worth of statements
// (500), a large consultation (100k) and a million. Run the large ones once:
//
//	go test -run '^$' -bench 'Compute/500$' ./internal/themes
//	go test -run '^$' -bench 'Compute/(100k|1M)' -benchtime 1x ./internal/themes
func BenchmarkCompute(b *testing.B) {
	for _, n := range []int{500, 2000, 100_000, 1_000_000} {
		name := strconv.Itoa(n)
		if n >= 10_000 {
			name = fmt.Sprintf("%dk", n/1000)
		}
		if n >= 1_000_000 {
			name = fmt.Sprintf("%dM", n/1_000_000)
		}
		b.Run(name, func(b *testing.B) {
			stmts, truth := Synthesize(SynthConfig{Statements: n, Duplicates: 0.05, Seed: 1})
			b.ResetTimer()
			var res *Result
			for b.Loop() {
				var err error
				res, err = Compute(context.Background(), stmts, Options{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			labels := make([]string, n)
			got := make([]string, n)
			for i := range truth {
				labels[i] = strconv.Itoa(truth[i])
				got[i] = res.Statements[i].Theme
			}
			b.ReportMetric(float64(len(res.Themes)), "themes")
			b.ReportMetric(eval.NMI(labels, got), "NMI")
		})
	}
}

func BenchmarkSimilarityModel(b *testing.B) {
	stmts, _ := Synthesize(SynthConfig{Statements: 10_000, Seed: 2})
	texts := make([]TextInput, len(stmts))
	for i, s := range stmts {
		texts[i] = TextInput{Text: s.Text, Lang: s.Language}
	}
	for b.Loop() {
		if _, err := NewModel(context.Background(), texts, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
}

func BenchmarkNearDuplicates(b *testing.B) {
	stmts, _ := Synthesize(SynthConfig{Statements: 10_000, Duplicates: 0.1, Seed: 3})
	texts := make([]string, len(stmts))
	for i, s := range stmts {
		texts[i] = s.Text
	}
	for b.Loop() {
		if _, err := nearDuplicates(context.Background(), texts, 8); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
}

// TestSynthesizeRecoverable clusters planted themes. Their members share
// about a third of their words, so their mean similarity (about 0.3) is
// below the precision-first default join (0.36, locally scaled): at the default no theme
// mixes planted themes (pair precision), and with the join lowered to 0.2
// the planted themes are recovered (NMI).
func TestSynthesizeRecoverable(t *testing.T) {
	stmts, truth := Synthesize(SynthConfig{Statements: 1000, Duplicates: 0.05, Seed: 9})
	labels := make([]string, len(truth))
	for i := range truth {
		labels[i] = strconv.Itoa(truth[i])
	}
	run := func(opts Options) []string {
		res, err := Compute(context.Background(), stmts, opts)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(truth))
		for i := range truth {
			got[i] = res.Statements[i].Theme
		}
		return got
	}
	got := run(Options{})
	var pairs, right int
	for i := range got {
		for j := i + 1; j < len(got); j++ {
			if got[i] == got[j] {
				pairs++
				if truth[i] == truth[j] {
					right++
				}
			}
		}
	}
	if p := float64(right) / float64(max(pairs, 1)); p < 0.99 {
		t.Errorf("default: pair precision on planted themes = %.3f (%d pairs), want >= 0.99", p, pairs)
	}
	if nmi := eval.NMI(labels, run(Options{JoinSimilarity: 0.2})); nmi < 0.9 {
		t.Errorf("join 0.2: NMI on planted themes = %.3f, want >= 0.9", nmi)
	}
}
