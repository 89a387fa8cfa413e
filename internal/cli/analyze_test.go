package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/opinion"
)

// plantedCSV writes a plain votes CSV with text ids ("p7", "s3") for a
// synthetic room with three planted groups, plus one participant with a
// single vote, who cannot be grouped.
func analyzePlantedCSV(t *testing.T) string {
	t.Helper()
	votes, _, err := opinion.Synthesize(opinion.SynthConfig{Participants: 60, Statements: 20, Groups: 3, VotesPerParticipant: 15, Noise: 0.1, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("participant,statement,vote\n")
	for _, v := range votes {
		fmt.Fprintf(&b, "p%d,s%d,%d\n", v.Participant, v.Statement, v.Value)
	}
	b.WriteString("late-comer,s1,agree\n")
	path := filepath.Join(t.TempDir(), "votes.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runAnalyzeCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
	return code, out.String(), errb.String()
}

func TestAnalyzeJSONKeepsIDs(t *testing.T) {
	t.Parallel()
	path := analyzePlantedCSV(t)
	code, out, errs := runAnalyzeCLI(t, "analyze", path, "--format", "json", "--bootstrap", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Mode         string `json:"mode"`
		Participants []struct {
			ID    string  `json:"id"`
			Group *string `json:"group"`
		} `json:"participants"`
		Statements []struct {
			ID string `json:"id"`
		} `json:"statements"`
		Groups []struct {
			ID        string   `json:"id"`
			Size      int      `json:"size"`
			Stability *float64 `json:"stability"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if rep.Mode != "plenary" {
		t.Errorf("mode %q", rep.Mode)
	}
	if len(rep.Participants) != 61 || len(rep.Statements) != 20 {
		t.Fatalf("%d participants, %d statements; want 61, 20", len(rep.Participants), len(rep.Statements))
	}
	seen := map[string]*string{}
	for _, p := range rep.Participants {
		seen[p.ID] = p.Group
	}
	if g, ok := seen["late-comer"]; !ok || g != nil {
		t.Errorf("late-comer: present %v, group %v; want present with no group", ok, g)
	}
	if g := seen["p0"]; g == nil {
		t.Error("p0 has no group")
	}
	if rep.Statements[0].ID != "s0" {
		t.Errorf("first statement %q, want s0", rep.Statements[0].ID)
	}
	if len(rep.Groups) != 3 {
		t.Errorf("%d groups, want the 3 planted", len(rep.Groups))
	}
	for _, g := range rep.Groups {
		if g.Stability == nil {
			t.Errorf("group %s without stability", g.ID)
		}
	}
}

func TestAnalyzeTextAndSVG(t *testing.T) {
	t.Parallel()
	path := analyzePlantedCSV(t)
	svg := filepath.Join(t.TempDir(), "map.svg")
	code, out, errs := runAnalyzeCLI(t, "analyze", "--svg", svg, path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"61 participants", "Opinion groups: 3", "Group A:", "The room agrees", "Divisive statements"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasPrefix(s, "<svg") || !strings.Contains(s, "</svg>") || strings.Count(s, "<circle") < 61 || strings.Count(s, "<polygon") != 3 {
		t.Errorf("SVG lacks points or hulls: %d circles, %d polygons", strings.Count(s, "<circle"), strings.Count(s, "<polygon"))
	}
	if !strings.Contains(s, "Group A:") {
		t.Error("SVG has no legend")
	}
}

func TestAnalyzeUsage(t *testing.T) {
	t.Parallel()
	path := analyzePlantedCSV(t)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no path", []string{"analyze"}, 2},
		{"bad format", []string{"analyze", path, "--format", "xml"}, 2},
		{"bad mode", []string{"analyze", path, "--mode", "other"}, 2},
		{"missing file", []string{"analyze", filepath.Join(t.TempDir(), "none.csv")}, 1},
		{"help", []string{"analyze", "-h"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, errs := runAnalyzeCLI(t, tt.args...); code != tt.code {
				t.Errorf("exit %d, want %d (%s)", code, tt.code, errs)
			}
		})
	}
}

func TestAnalyzePolisExportParityMode(t *testing.T) {
	t.Parallel()
	dir := analyzeSharedData(t, "polis/15-per-hour-seattle")
	code, out, errs := runAnalyzeCLI(t, "analyze", dir, "--mode", "polis", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep struct {
		Mode         string            `json:"mode"`
		Participants []json.RawMessage `json:"participants"`
		Statements   []struct {
			Text string `json:"text"`
		} `json:"statements"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Mode != "polis" || len(rep.Participants) != 339 || len(rep.Statements) != 54 || rep.Statements[0].Text == "" {
		t.Errorf("mode %q, %d participants, %d statements (want polis, 339, 54 with texts)", rep.Mode, len(rep.Participants), len(rep.Statements))
	}
}

// analyzeSharedData walks up from the package directory to shared/data, or
// skips the test.
func analyzeSharedData(t *testing.T, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", sub)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("shared/data/%s not found beside the checkout", sub)
		}
		dir = parent
	}
}

func TestAnalyzeWarnsOnUnstableGroups(t *testing.T) {
	t.Parallel()
	// Pure noise: any groups found are unstable.
	votes, _, err := opinion.Synthesize(opinion.SynthConfig{Participants: 300, Statements: 30, Groups: 1, VotesPerParticipant: 10, Noise: 1, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, v := range votes {
		fmt.Fprintf(&b, "%d,%d,%d\n", v.Participant, v.Statement, v.Value)
	}
	path := filepath.Join(t.TempDir(), "noise.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runAnalyzeCLI(t, "analyze", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Caution: the groups are unstable") {
		t.Errorf("no caution on pure noise:\n%s", out)
	}
	// Clean planted groups: no caution.
	code, out, _ = runAnalyzeCLI(t, "analyze", analyzePlantedCSV(t))
	if code != 0 || strings.Contains(out, "Caution") {
		t.Errorf("exit %d, caution on clean planted groups:\n%s", code, out)
	}
}
