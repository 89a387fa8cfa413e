package themes

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/embedtest"
	"github.com/plenary-org/plenary/internal/themes/eval"
)

// clusterLabelled clusters a labelled file and returns NMI, accuracy and
// the number of themes.
func clusterLabelled(t testing.TB, path string, opts Options) (nmi, acc float64, themes int) {
	t.Helper()
	data, err := eval.ReadLabelled(path)
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	stmts := make([]Statement, len(data))
	labels := make([]string, len(data))
	for i, d := range data {
		stmts[i] = Statement{Text: d.Text, Language: "en"}
		labels[i] = d.Label
	}
	res, err := Compute(context.Background(), stmts, opts)
	if err != nil {
		t.Fatal(err)
	}
	clusters := make([]string, len(data))
	for i, a := range res.Statements {
		clusters[i] = a.Theme
	}
	return eval.NMI(labels, clusters), eval.Accuracy(labels, clusters), len(res.Themes)
}

// TestBanking77 clusters the banking77 test split with the number of themes
// chosen automatically and with it given (77), and checks the quality
// against floors a few points under what was measured, so that a
// regression fails.
func TestBanking77(t *testing.T) {
	path := filepath.Join(dataDir(t), "text", "banking77", "test.csv")
	tests := []struct {
		name           string
		opts           Options
		minNMI, minAcc float64
	}{
		{"auto", Options{}, 0.60, 0.36},
		{"given77", Options{TargetThemes: 77}, 0.65, 0.42},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nmi, acc, n := clusterLabelled(t, path, tc.opts)
			t.Logf("banking77 test %s: NMI %.3f, accuracy %.3f, %d themes", tc.name, nmi, acc, n)
			if nmi < tc.minNMI || acc < tc.minAcc {
				t.Errorf("NMI %.3f, accuracy %.3f; want >= %.2f, %.2f", nmi, acc, tc.minNMI, tc.minAcc)
			}
		})
	}
}

// TestBanking77ThroughEmbedder clusters banking77 test through the embedder
// path against the stand-in service (bags of hashed words), to measure the
// path end to end; a real multilingual model would do better.
func TestBanking77ThroughEmbedder(t *testing.T) {
	path := filepath.Join(dataDir(t), "text", "banking77", "test.csv")
	srv := httptest.NewServer(&embedtest.Handler{})
	defer srv.Close()
	nmi, acc, n := clusterLabelled(t, path, Options{Embedder: &HTTPEmbedder{URL: srv.URL}, TargetThemes: 77})
	t.Logf("banking77 test through the embedder path (stand-in), 77 given: NMI %.3f, accuracy %.3f, %d themes", nmi, acc, n)
	if nmi < 0.45 || n != 77 {
		t.Errorf("NMI %.3f with %d themes; want >= 0.45 with 77", nmi, n)
	}
}
