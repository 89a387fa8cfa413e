package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// contributionsDB makes a database with a meeting, a body and the Global
// Compact, and returns its address and the meeting's ID.
func contributionsDB(t *testing.T) (string, string) {
	t.Helper()
	ctx := context.Background()
	url := storetest.MigratedURL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := &domain.Process{Name: "ISCM"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}, Sessions: []*domain.SessionNode{{
		Session: domain.Session{Number: 2, Title: "Regional inputs"},
		Items:   []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Text: "Which good practices can be replicated?"}}},
	}}}
	if err := db.CreateMeetingWithAgenda(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateBody(ctx, &domain.Body{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "Americas"}); err != nil {
		t.Fatal(err)
	}
	return url, a.Meeting.ID
}

func TestImportExportContributionsCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	url, meeting := contributionsDB(t)
	path := func(name string) string { return filepath.Join(dir, name) }

	// The template the commands write is the package's, and it imports.
	if code, _, stderr := run(t, "", "export", "contributions", "-template", "-db", url, "-o", path("template.csv")); code != 0 {
		t.Fatalf("export -template: exit %d, %s", code, stderr)
	}
	var want bytes.Buffer
	if err := contribio.Template(&want, contribio.CSV, locale.MustLoad().Printer("en")); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path("template.csv")); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("template differs from contribio.Template:\n%s", got)
	}
	if code, stdout, stderr := run(t, "", "import", "contributions", "-db", url, "-meeting", meeting, path("template.csv")); code != 0 || !strings.Contains(stdout, "imported 1 contributions") {
		t.Fatalf("import template: exit %d, %s %s", code, stdout, stderr)
	}

	// A file with a bad row is refused whole, each problem named by row
	// and column in the language asked for.
	bad := "kind,title,text,body,status\nrecommendation,Protect workers,Protect migrant workers.,RCM,published\nidea,X,Y,IOM,\n"
	os.WriteFile(path("bad.csv"), []byte(bad), 0o644)
	code, _, stderr := run(t, "", "import", "contributions", "-db", url, "-meeting", meeting, "-lang", "fr", path("bad.csv"))
	if code != 1 || !strings.Contains(stderr, "Ligne 3, colonne kind : idea n'est pas l'une des valeurs") ||
		!strings.Contains(stderr, "Ligne 3, colonne body : Aucun organisme") || !strings.Contains(stderr, "nothing was imported") {
		t.Fatalf("bad file: exit %d, %s", code, stderr)
	}
	// -valid-only imports the good row and still exits non-zero.
	code, stdout, stderr := run(t, "", "import", "contributions", "-db", url, "-meeting", meeting, "-valid-only", path("bad.csv"))
	if code != 1 || !strings.Contains(stdout, "imported 1 contributions") || !strings.Contains(stderr, "1 rows were refused") {
		t.Fatalf("-valid-only: exit %d, %s %s", code, stdout, stderr)
	}

	// Exports: everything, then filtered, as JSON.
	exportJSON := func(args ...string) []map[string]any {
		t.Helper()
		out := path("out.json")
		code, _, stderr := run(t, "", append([]string{"export", "contributions", "-db", url, "-o", out}, args...)...)
		if code != 0 {
			t.Fatalf("export %q: exit %d, %s", args, code, stderr)
		}
		var list []map[string]any
		if err := json.Unmarshal(readFile(t, out), &list); err != nil {
			t.Fatal(err)
		}
		return list
	}
	if n := len(exportJSON()); n != 2 {
		t.Errorf("export of everything: %d contributions", n)
	}
	if got := exportJSON("-meeting", meeting, "-status", "published"); len(got) != 1 || got[0]["title"] != "Protect workers" || got[0]["body"] != "RCM" {
		t.Errorf("published: %v", got)
	}
	if got := exportJSON("-kind", "good_practice,commitment"); len(got) != 1 || got[0]["kind"] != "good_practice" {
		t.Errorf("good practices: %v", got)
	}
	if got := exportJSON("-q", "regularisation"); len(got) != 1 || got[0]["kind"] != "good_practice" {
		t.Errorf("search: %v", got)
	}

	// An XLSX export to standard output imports into another meeting's
	// database once the meeting column is the one given.
	code, stdout, stderr = run(t, "", "export", "contributions", "-db", url, "-format", "xlsx")
	if code != 0 || !strings.HasPrefix(stdout, "PK") {
		t.Fatalf("xlsx to standard output: exit %d, %s", code, stderr)
	}
	code, _, stderr = run(t, stdout, "import", "contributions", "-db", url, "-format", "xlsx", "-")
	if code != 1 || !strings.Contains(stderr, "Row 2, column id: A contribution with this ID exists already.") {
		t.Fatalf("re-import into the same database: exit %d, %s", code, stderr)
	}
}

func TestContributionsCommandUsage(t *testing.T) {
	t.Parallel()
	url, _ := contributionsDB(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"import", "contributions", "-db", url}, "give one file"},
		{"no format", []string{"import", "contributions", "-db", url, "contributions.txt"}, "say the format with -format"},
		{"bad format", []string{"export", "contributions", "-db", url, "-format", "pdf"}, `-format must be csv, xlsx or json, not "pdf"`},
		{"bad status", []string{"export", "contributions", "-db", url, "-status", "live"}, `-status: "live" is not one of`},
		{"bad kind", []string{"export", "contributions", "-db", url, "-kind", "idea"}, `-kind: "idea" is not one of`},
		{"bad language", []string{"import", "contributions", "-db", url, "-lang", "de", "x.csv"}, "-lang must be one of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, %s", code, stderr)
			}
		})
	}
	code, _, stderr := run(t, "", "import", "contributions", "-db", url, "-meeting", "nope", "-format", "csv", "-")
	if code != 1 || !strings.Contains(stderr, "meeting nope: ") {
		t.Errorf("unknown meeting: exit %d, %s", code, stderr)
	}
}
