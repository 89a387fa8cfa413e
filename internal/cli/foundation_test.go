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

	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// run executes a plenary command line with a clean environment and
// returns its exit code, standard output and standard error.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := Main(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func TestEverySubcommandHasHelp(t *testing.T) {
	t.Parallel()
	for _, c := range commands() {
		t.Run(c.Name, func(t *testing.T) {
			code, _, stderr := run(t, "", c.Name, "-h")
			if code != 0 || !strings.Contains(stderr, "Usage: plenary "+c.Name) {
				t.Fatalf("plenary %s -h: exit %d, stderr %q", c.Name, code, stderr)
			}
		})
	}
}

func TestUnknownCommandAndBadFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"export", "agenda", "-nope", "x"}, "flag provided but not defined"},
		{"bad format", []string{"export", "agenda", "-format", "pdf", "x"}, "-format must be md or json"},
		{"import without file", []string{"import", "agenda"}, "give one agenda file"},
		{"user without email", []string{"user", "add", "-name", "X"}, "-email is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestImportAgendaRefusesWhatIsNotAnAgenda checks that an agenda that is
// too large, binary or malformed is reported with the file's name and
// stores nothing.
func TestImportAgendaRefusesWhatIsNotAnAgenda(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	tests := []struct {
		name, stdin, want string
	}{
		{"too large", "**A meeting**\n\n" + strings.Repeat("x", 2<<20), "-: the agenda is larger than 2 MB"},
		{"binary", "%PDF-1.7\n\x00\x01", "-: line 2: the file holds a control character"},
		{"UTF-16", "\xff\xfe*\x00*\x00", "-: the file is UTF-16 text"},
		{"malformed Markdown", "**A meeting**\n\n## Background\n", "-: line 3: unexpected heading"},
		{"malformed JSON", `{"title":""}`, "-: agenda: title: no title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.stdin, "import", "agenda", "-db", db, "-new-process", "GCM", "-")
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused agenda created the database")
	}
}

// TestAgendaRoundTrip imports the seed agenda, exports it, imports the
// export and checks that both meetings have the same agenda.
func TestAgendaRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	seed := filepath.Join(dir, "seed.md")
	if err := os.WriteFile(seed, demo.SeedAgenda(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, "", "import", "agenda", "-db", db, "-new-process", "GCM", seed)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	first := strings.TrimSuffix(strings.Fields(out)[2], ":")
	if !strings.Contains(out, "GRCP 7 (3 sessions)") {
		t.Fatalf("import said %q", out)
	}
	code, md, stderr := run(t, "", "export", "agenda", "-db", db, first)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	exported := filepath.Join(dir, "exported.md")
	os.WriteFile(exported, []byte(md), 0o644)
	code, out, stderr = run(t, "", "import", "agenda", "-db", db, exported)
	if code != 0 {
		t.Fatalf("re-import: exit %d: %s", code, stderr)
	}
	second := strings.TrimSuffix(strings.Fields(out)[2], ":")
	_, j1, _ := run(t, "", "export", "agenda", "-db", db, "-format", "json", first)
	_, j2, _ := run(t, "", "export", "agenda", "-db", db, "-format", "json", second)
	if j1 != j2 {
		t.Fatalf("the re-imported meeting differs:\n%s\n---\n%s", j1, j2)
	}
	var m struct {
		ShortName string `json:"shortName"`
		Sessions  []struct {
			Parts []struct{ Title, Kind string } `json:"parts"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(j1), &m); err != nil {
		t.Fatal(err)
	}
	if m.ShortName != "GRCP 7" || len(m.Sessions) != 3 || len(m.Sessions[1].Parts) != 2 || len(m.Sessions[2].Parts) != 2 {
		t.Fatalf("exported structure: %+v", m)
	}
	if k := m.Sessions[1].Parts[0].Kind + "/" + m.Sessions[1].Parts[1].Kind; k != "breakout/plenary" {
		t.Fatalf("session 2 parts are %s, want breakout/plenary", k)
	}
}

// TestMalformedAgendaImportsNothing checks that a bad agenda is reported
// with its line and leaves the database as it was.
func TestMalformedAgendaImportsNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	bad := filepath.Join(dir, "bad.md")
	os.WriteFile(bad, []byte("**A meeting**\n\n## Session 1. Opening\n\n### Objectives\n\n- open\n\n## Session 1. Again\n"), 0o644)
	code, _, stderr := run(t, "", "import", "agenda", "-db", db, "-new-process", "P", bad)
	if code != 1 || !strings.Contains(stderr, "line 9") {
		t.Fatalf("exit %d, stderr %q; want 1 and an error naming line 9", code, stderr)
	}
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Processes(context.Background(), "")
	if err != nil || len(ps) != 0 {
		t.Fatalf("processes after a failed import: %v, %v; want none", ps, err)
	}
}

// TestFailedImportLeavesNoProcess imports, with -new-process, an agenda
// that parses but cannot be stored (an item longer than an item may be),
// on the engine under test: the command fails and the database holds no
// empty process afterwards.
func TestFailedImportLeavesNoProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := storetest.URL(t)
	bad := filepath.Join(dir, "long.md")
	agenda := "**A meeting**\n\n## Session 1. Opening\n\n### Objectives\n\n- " + strings.Repeat("word ", domain.MaxText/5+10) + "\n"
	if err := os.WriteFile(bad, []byte(agenda), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "", "import", "agenda", "-db", db, "-new-process", "P", bad)
	if code != 1 || !strings.Contains(stderr, "at most") {
		t.Fatalf("exit %d, stderr %q; want 1 and the item's problem", code, stderr)
	}
	s, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ps, err := s.Processes(context.Background(), "")
	if err != nil || len(ps) != 0 {
		t.Fatalf("processes after a failed import: %d, %v; want none", len(ps), err)
	}
}

func TestUserCommands(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	code, out, stderr := run(t, "a long enough password\n", "user", "add", "-db", db, "-admin", "-email", "ana@example.org", "-name", "Ana", "-password-stdin")
	if code != 0 || !strings.Contains(out, "as instance administrator") || strings.Contains(out, "password:") {
		t.Fatalf("user add: exit %d, out %q, err %q", code, out, stderr)
	}
	code, _, stderr = run(t, "", "user", "add", "-db", db, "-email", "ANA@example.org", "-name", "Dup")
	if code != 1 || !strings.Contains(stderr, "exists already") {
		t.Fatalf("duplicate user: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "short\n", "user", "add", "-db", db, "-email", "b@example.org", "-name", "B", "-password-stdin")
	if code != 1 || !strings.Contains(stderr, "at least 10") {
		t.Fatalf("short password: exit %d, %q", code, stderr)
	}
	code, out, _ = run(t, "", "user", "add", "-db", db, "-email", "c@example.org", "-name", "C")
	if code != 0 || !strings.Contains(out, "password: ") {
		t.Fatalf("generated password not printed: %q", out)
	}
	code, out, _ = run(t, "", "user", "list", "-db", db)
	if code != 0 || !strings.Contains(out, "ana@example.org\tAna admin") || !strings.Contains(out, "c@example.org") {
		t.Fatalf("user list: %q", out)
	}
	code, out, _ = run(t, "", "user", "disable", "-db", db, "-email", "c@example.org")
	if code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("user disable: %q", out)
	}
}

func TestMigrateStatus(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "p.db")
	code, out, _ := run(t, "", "migrate", "-db", db)
	if code != 0 || !strings.Contains(out, "applied 00001_foundation.sql") || !strings.Contains(out, "applied 00002_frameworks.sql") {
		t.Fatalf("migrate: %d %q", code, out)
	}
	code, out, _ = run(t, "", "migrate", "-db", db, "-status")
	var have, known int
	if _, err := fmt.Sscanf(out, "schema version %d; this plenary knows up to %d", &have, &known); code != 0 || err != nil || have != known || have < 4 {
		t.Fatalf("migrate -status: %d %q", code, out)
	}
}

func TestImportFramework(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,title\n10.7,Migration\n10.7,Again\n,none\n"), 0o644)
	code, _, stderr := run(t, "", "import", "framework", "-db", db, "-code", "sdg", "-name", "SDG targets", bad)
	if code != 1 || !strings.Contains(stderr, "2 problems; nothing was imported") || !strings.Contains(stderr, "row 3, column code") || !strings.Contains(stderr, "row 4, column code: is empty") {
		t.Fatalf("bad table: exit %d, %q", code, stderr)
	}
	good := filepath.Join(dir, "sdg.tsv")
	os.WriteFile(good, []byte("code\ttitle\n10.7\tFacilitate orderly migration\n10.c\tReduce remittance costs\n"), 0o644)
	code, out, stderr := run(t, "", "import", "framework", "-db", db, "-code", "sdg", "-name", "SDG targets", good)
	if code != 0 || !strings.Contains(out, "imported framework sdg") || !strings.Contains(out, "with 2 items") {
		t.Fatalf("import: exit %d, %q %q", code, out, stderr)
	}
	fr := filepath.Join(dir, "gcm-fr.csv")
	os.WriteFile(fr, []byte("code,title,short_label\nO1,Collecter et utiliser des données,Données\n"), 0o644)
	code, out, stderr = run(t, "", "import", "framework", "-db", db, "-code", "gcm", "-lang", "fr", fr)
	if code != 0 || !strings.Contains(out, "set 1 titles in fr for framework gcm") {
		t.Fatalf("labels: exit %d, %q %q", code, out, stderr)
	}
	code, _, stderr = run(t, "", "import", "framework", "-db", db, "-code", "new", good)
	if code != 2 || !strings.Contains(stderr, "give -name") {
		t.Fatalf("new framework without a name: exit %d, %q", code, stderr)
	}
}
