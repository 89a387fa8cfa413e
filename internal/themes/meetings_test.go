package themes

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/dict"
	"github.com/plenary-org/plenary/internal/themes/eval"
	"github.com/plenary-org/plenary/internal/themes/wordvec"
)

// meetingSeeds are the simulated meetings of the cross-group evaluation.
var meetingSeeds = []uint64{0, 1, 2, 3, 4}

// simulatedMeetings reads banking77 test and builds the five simulated
// meetings: 6 groups, each drawing 30 statements from 40 intents the
// groups share.
func simulatedMeetings(t testing.TB) [][]eval.Statement {
	t.Helper()
	data, err := eval.ReadLabelled(filepath.Join(dataDir(t), "text", "banking77", "test.csv"))
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	var out [][]eval.Statement
	for _, seed := range meetingSeeds {
		out = append(out, eval.SimulateMeeting(data, seed, 6, 30, 40))
	}
	return out
}

// enginePairs runs the engine on each meeting and counts the cross-group
// pairs it claims: both statements counted in one theme's groups.
func enginePairs(t testing.TB, meetings [][]eval.Statement, opts Options) eval.PairCounts {
	t.Helper()
	var total eval.PairCounts
	for _, m := range meetings {
		stmts := make([]Statement, len(m))
		for i, s := range m {
			stmts[i] = Statement{ID: fmt.Sprint(i), Text: s.Text, Group: s.Group}
		}
		res, err := Compute(context.Background(), stmts, opts)
		if err != nil {
			t.Fatal(err)
		}
		cluster := make([]string, len(m))
		for _, th := range res.Themes {
			for _, mem := range th.Members {
				var i int
				fmt.Sscan(mem.ID, &i)
				cluster[i] = th.ID
			}
		}
		total.Add(eval.CrossGroupPairs(m, cluster))
	}
	return total
}

// referencePairs clusters each meeting with the reference: average-linkage
// agglomerative clustering over word + character TF-IDF cosine, merging
// while the mean similarity is at least minSim.
func referencePairs(t testing.TB, meetings [][]eval.Statement, minSim float64) eval.PairCounts {
	t.Helper()
	var total eval.PairCounts
	for _, m := range meetings {
		texts := make([]TextInput, len(m))
		for i, s := range m {
			texts[i] = TextInput{Text: s.Text, Lang: "en"}
		}
		model, err := NewModel(context.Background(), texts, nil)
		if err != nil {
			t.Fatal(err)
		}
		of := eval.AverageLinkage(len(m), func(i, j int) float64 { return Dot(model.Vectors[i], model.Vectors[j]) }, minSim)
		cluster := make([]string, len(m))
		for i, c := range of {
			cluster[i] = fmt.Sprint(c)
		}
		total.Add(eval.CrossGroupPairs(m, cluster))
	}
	return total
}

// TestMeetingsBanking77 measures cross-group claims on simulated meetings
// (banking77 test; 6 groups x 30 statements from 40 shared intents; seeds
// 0-4): of the pairs of statements from different groups that the engine
// puts in one theme, the share with the same intent (precision) and the
// share of same-intent pairs so claimed (recall). It checks the default
// operating point and, with -themes.eval, logs the engine's curve and the
// reference's.
func TestMeetingsBanking77(t *testing.T) {
	meetings := simulatedMeetings(t)
	var b strings.Builder
	if *longEval { // the curves take a minute
		meetingCurves(t, &b, meetings)
	}
	def := enginePairs(t, meetings, Options{})
	fmt.Fprintf(&b, "engine default: precision %.3f recall %.3f (claimed %d, right %d, same-intent pairs %d)\n", def.Precision(), def.Recall(), def.Claimed, def.True, def.Same)
	t.Log(b.String())
	// Precision first, and the target: at least 0.75 precision at
	// 0.20 recall (0.768 at 0.207 with local scaling; 0.709 at 0.190 was
	// the best of the same similarity without it).
	if def.Precision() < 0.75 || def.Recall() < 0.20 {
		t.Errorf("default: precision %.3f at recall %.3f; want >= 0.75 at >= 0.20", def.Precision(), def.Recall())
	}
}

// meetingCurves writes the precision-recall curves of the reference (over
// its distance threshold) and of the engine (over Options.JoinSimilarity)
// on the simulated meetings.
func meetingCurves(t *testing.T, b *strings.Builder, meetings [][]eval.Statement) {
	fmt.Fprintf(b, "\nreference (average linkage, word+char TF-IDF cosine):\n  threshold precision recall\n")
	for _, th := range []float64{0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2} {
		c := referencePairs(t, meetings, th)
		fmt.Fprintf(b, "  %.2f %.3f %.3f\n", th, c.Precision(), c.Recall())
	}
	fmt.Fprintf(b, "engine (Options.JoinSimilarity):\n  join precision recall\n")
	for _, js := range []float64{0.7, 0.6, 0.5, 0.45, 0.4, DefaultJoinSimilarity, 0.35, 0.3, 0.25, 0.2} {
		c := enginePairs(t, meetings, Options{JoinSimilarity: js})
		fmt.Fprintf(b, "  %.2f %.3f %.3f\n", js, c.Precision(), c.Recall())
	}
}

// TestMeetingsBanking77WordVectors is TestMeetingsBanking77 with the
// installed word vectors mixed in (skipped when they are not installed).
func TestMeetingsBanking77WordVectors(t *testing.T) {
	vecs := installedWordVectors(t)
	meetings := simulatedMeetings(t)
	var b strings.Builder
	if *longEval {
		fmt.Fprintf(&b, "\nengine with word vectors (Options.JoinSimilarity):\n  join precision recall\n")
		for _, js := range []float64{0.6, 0.5, 0.46, 0.44, 0.42, 0.4, DefaultWordVectorJoinSimilarity, 0.36, 0.34, 0.32, 0.3, 0.25, 0.2} {
			c := enginePairs(t, meetings, Options{JoinSimilarity: js, WordVectors: vecs})
			fmt.Fprintf(&b, "  %.2f %.3f %.3f\n", js, c.Precision(), c.Recall())
		}
	}
	def := enginePairs(t, meetings, Options{WordVectors: vecs})
	fmt.Fprintf(&b, "engine default with word vectors: precision %.3f recall %.3f (claimed %d, right %d)\n", def.Precision(), def.Recall(), def.Claimed, def.True)
	t.Log(b.String())
	if def.Precision() < 0.75 || def.Recall() < 0.22 {
		t.Errorf("default with word vectors: precision %.3f at recall %.3f; want >= 0.75 at >= 0.22", def.Precision(), def.Recall())
	}
}

// installedWordVectors loads the word vectors once per test binary, or
// skips.
func installedWordVectors(t testing.TB) *wordvec.Vectors {
	t.Helper()
	wordVectorsOnce.Do(func() {
		if p := wordvec.Find(dict.SearchPath(os.Getenv)); p != "" {
			loadedWordVectors, wordVectorsErr = wordvec.Load(p, wordvec.DefaultWords, nil)
		}
	})
	if wordVectorsErr != nil {
		t.Fatal(wordVectorsErr)
	}
	if loadedWordVectors == nil {
		t.Skipf("skipping: word vectors not installed (%s)", wordvec.Install)
	}
	return loadedWordVectors
}

var (
	wordVectorsOnce   sync.Once
	loadedWordVectors *wordvec.Vectors
	wordVectorsErr    error
)
