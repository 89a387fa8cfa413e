package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

func TestImportExportPartnershipsCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	url, _ := contributionsDB(t)
	db, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateBody(context.Background(), &domain.Body{Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.BodyIGO}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	in := filepath.Join(dir, "in.csv")
	file := "title,purpose,parties,objectives,mechanism\n" +
		"Labour pathways,Open two pilot schemes.,RCM; IOM,O5 O6,joint_programme\n"
	if err := os.WriteFile(in, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", "import", "partnerships", "-db", url, in)
	if code != 0 || !strings.Contains(stdout, "imported 1 partnerships") {
		t.Fatalf("import: exit %d, %s%s", code, stdout, stderr)
	}
	out := filepath.Join(dir, "out.json")
	if code, _, stderr := run(t, "", "export", "partnerships", "-db", url, "-o", out); code != 0 {
		t.Fatalf("export: exit %d, %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"title": "Labour pathways"`, `"mechanism": "joint_programme"`, `"O5"`, `"status": "proposed"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("export lacks %s:\n%s", want, data)
		}
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("title,purpose,parties\nT,X,RCM; Nobody\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "", "import", "partnerships", "-db", url, "-lang", "fr", bad)
	if code == 0 || !strings.Contains(stderr, "Ligne 2, colonne parties") {
		t.Errorf("import of a bad file: exit %d, %s", code, stderr)
	}
}
