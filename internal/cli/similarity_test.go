package cli

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/themes/embedtest"
	"github.com/plenary-org/plenary/internal/themes/eval"
)

func parseScores(t *testing.T, out string) []float64 {
	t.Helper()
	var s []float64
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		x, err := strconv.ParseFloat(line, 64)
		if err != nil {
			t.Fatalf("bad score line %q", line)
		}
		s = append(s, x)
	}
	return s
}

func TestSimilarityScoresPairs(t *testing.T) {
	t.Parallel()
	input := "Protect migrant workers.\tProtect migrant workers.\n" +
		"Protect migrant workers from abusive fees.\tMigrant workers need protection from abusive recruitment fees.\n" +
		"Protect migrant workers.\tClimate displacement needs early warning.\n"
	code, out, errs := runThemesCLI(t, nil, input, "similarity", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	s := parseScores(t, out)
	if len(s) != 3 {
		t.Fatalf("%d scores, want 3", len(s))
	}
	if s[0] < 0.999 || !(s[1] > s[2]) || s[2] > 0.1 || s[1] < 0.2 {
		t.Errorf("scores = %v; want 1, then a clear match above an unrelated pair near 0", s)
	}
	if strings.Contains(errs, "Spearman") {
		t.Errorf("Spearman printed without scores: %q", errs)
	}
}

// TestSimilarityRealSTS runs the command on the STS benchmark test split
// (English), turned into the tab-separated form, and checks the Spearman
// correlation it reports.
func TestSimilarityRealSTS(t *testing.T) {
	t.Parallel()
	data, err := eval.DataDir(".")
	if err != nil {
		t.Skipf("skipping: real data not found (%v)", err)
	}
	pairs, err := eval.ReadSTS(filepath.Join(data, "text", "stsb-multi-mt", "stsb-en-test.csv"))
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	var b strings.Builder
	for _, p := range pairs {
		b.WriteString(p.A + "\t" + p.B + "\t" + strconv.FormatFloat(p.Score, 'f', -1, 64) + "\n")
	}
	path := filepath.Join(t.TempDir(), "sts-en.tsv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runThemesCLI(t, nil, "", "similarity", path, "--lang", "en")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := len(parseScores(t, out)); n != len(pairs) {
		t.Errorf("%d scores for %d pairs", n, len(pairs))
	}
	rho, ok := reportedSpearman(errs)
	if !ok {
		t.Fatalf("no Spearman line in %q", errs)
	}
	if rho < 74 {
		t.Errorf("Spearman x100 = %.1f, want >= 74", rho)
	}
}

func TestSimilarityWithEmbeddingService(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&embedtest.Handler{})
	defer srv.Close()
	input := "Mejorar los datos de migración.\tImprove migration data.\t5\nProteger a los trabajadores migrantes.\tImprove migration data.\t0\n"
	code, out, errs := runThemesCLI(t, map[string]string{"PLENARY_EMBED_URL": srv.URL}, input, "similarity", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	s := parseScores(t, out)
	if len(s) != 2 || s[0] < 0.6 || s[1] > s[0] {
		t.Errorf("scores = %v; want the translated pair high through the embedder", s)
	}
	if !strings.Contains(errs, "Spearman x100: 100.0 over 2 pairs") {
		t.Errorf("stderr = %q", errs)
	}
	// A failing service is an error here: there is no silent fallback
	// when the user asked for embedding scores.
	bad := httptest.NewServer(&embedtest.Handler{Fail: true})
	defer bad.Close()
	code, _, errs = runThemesCLI(t, nil, input, "similarity", "-", "--embed-url", bad.URL)
	if code != 1 || !strings.Contains(errs, "503") {
		t.Errorf("failing service: exit %d, stderr %q", code, errs)
	}
}

func TestSimilarityUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"no file", []string{"similarity"}, "", 2},
		{"one column", []string{"similarity", "-"}, "only one text\n", 1},
		{"missing file", []string{"similarity", "/nonexistent.tsv"}, "", 1},
		{"help", []string{"similarity", "-h"}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, _, errs := runThemesCLI(t, nil, tc.stdin, tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d (%s)", code, tc.code, errs)
			}
		})
	}
}

// reportedSpearman finds the "Spearman x100: N" line in the command's
// standard error.
func reportedSpearman(stderr string) (float64, bool) {
	for _, line := range strings.Split(stderr, "\n") {
		var rho float64
		if _, err := fmt.Sscanf(line, "Spearman x100: %f", &rho); err == nil {
			return rho, true
		}
	}
	return 0, false
}

// TestSimilarityRealSTSThroughEmbedder runs the STS benchmark through the
// embedder path against the stand-in service (bags of hashed words), to
// show the path end to end on real data; the figure is in docs/THEMES.md.
func TestSimilarityRealSTSThroughEmbedder(t *testing.T) {
	t.Parallel()
	data, err := eval.DataDir(".")
	if err != nil {
		t.Skipf("skipping: real data not found (%v)", err)
	}
	pairs, err := eval.ReadSTS(filepath.Join(data, "text", "stsb-multi-mt", "stsb-en-test.csv"))
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	var b strings.Builder
	for _, p := range pairs {
		b.WriteString(p.A + "\t" + p.B + "\t" + strconv.FormatFloat(p.Score, 'f', -1, 64) + "\n")
	}
	h := &embedtest.Handler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	code, out, errs := runThemesCLI(t, nil, b.String(), "similarity", "-", "--embed-url", srv.URL)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rho, ok := reportedSpearman(errs)
	if !ok || len(parseScores(t, out)) != len(pairs) {
		t.Fatalf("stderr %q", errs)
	}
	t.Logf("STS-B en test through the embedder path (stand-in service, %d requests): Spearman x100 %.1f", h.Requests.Load(), rho)
	if rho < 50 {
		t.Errorf("Spearman x100 = %.1f through the embedder path, want >= 50", rho)
	}
}
