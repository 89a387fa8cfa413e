package cli

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestThemesSameInputSameOutput runs "plenary themes" on the same input
// again and again, with one core and with several, and wants the same
// bytes every time: a chair who runs it twice must read the same themes.
// The input mixes the six languages' kinds of text without a language
// column (so every statement's language is detected) and groups, with the
// dictionaries when installed: 600 statements (average linkage) and 2,400
// (the neighbour graph and Louvain).
func TestThemesSameInputSameOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short: clusters 2,400 statements several times")
	}
	dir := analyzeSharedData(t, "text")
	var rows [][]string
	for _, src := range []struct{ file, col string }{
		{"banking77/test.csv", "text"},
		{"stsb-multi-mt/stsb-en-test.csv", ""},
		{"stsb-multi-mt/stsb-es-test.csv", ""},
		{"stsb-multi-mt/stsb-fr-test.csv", ""},
		{"stsb-multi-mt/stsb-ru-test.csv", ""},
		{"stsb-multi-mt/stsb-zh-test.csv", ""},
	} {
		f, err := os.Open(filepath.Join(dir, src.file))
		if err != nil {
			t.Skipf("skipping: %v", err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := 0
		if src.col != "" {
			for i, h := range recs[0] {
				if h == src.col {
					col = i
				}
			}
			recs = recs[1:]
		}
		for i, r := range recs[:min(len(recs), 400)] {
			rows = append(rows, []string{fmt.Sprintf("%s-%d", filepath.Base(src.file), i), r[col], fmt.Sprintf("G%d", i%6)})
		}
	}
	write := func(n int) string {
		p := filepath.Join(t.TempDir(), "statements.csv")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.Write([]string{"id", "text", "group"})
		// Every 4th row first, so that the small input mixes languages.
		for k := 0; k < 4; k++ {
			for i := k; i < len(rows) && n > 0; i += 4 {
				w.Write(rows[i])
				n--
			}
		}
		w.Flush()
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, n := range []int{600, 2400} {
		path := write(n)
		var first string
		for run, procs := range []int{2, 1, 4, 2} {
			runtime.GOMAXPROCS(procs)
			code, out, errs := runThemesCLI(t, nil, "", "themes", path, "--format", "json")
			if code != 0 {
				t.Fatalf("%d statements: exit %d: %s", n, code, errs)
			}
			if run == 0 {
				first = out
				continue
			}
			if out != first {
				t.Errorf("%d statements, run %d on %d cores: the output differs from the first run's", n, run+1, procs)
			}
		}
	}
}
