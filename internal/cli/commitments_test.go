package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportExportCommitmentsCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	url, _ := contributionsDB(t)
	in := filepath.Join(dir, "in.csv")
	file := "title,text,lang,owner,objectives,meeting,due_on,indicator,baseline,baseline_on,target,target_on\n" +
		"Labour pathways,Open two pilot schemes.,en,RCM,O5; O6,GRCP 7,2025-12-31,Workers placed,0,2018-01-01,500,2025-12-31\n"
	if err := os.WriteFile(in, []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", "import", "commitments", "-db", url, in)
	if code != 0 || !strings.Contains(stdout, "imported 1 commitments with 1 indicators") {
		t.Fatalf("import: exit %d, %s%s", code, stdout, stderr)
	}
	out := filepath.Join(dir, "out.json")
	if code, _, stderr := run(t, "", "export", "commitments", "-db", url, "-o", out); code != 0 {
		t.Fatalf("export: exit %d, %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"title": "Labour pathways"`, `"owner": "RCM"`, `"meeting": "GRCP 7"`, `"name": "Workers placed"`, `"target": 500`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("export lacks %s:\n%s", want, data)
		}
	}
	code, stdout, _ = run(t, "", "export", "commitments", "-db", url, "-format", "csv", "-objective", "O6")
	if code != 0 || !strings.Contains(stdout, "Labour pathways") {
		t.Errorf("export -objective O6: exit %d, %s", code, stdout)
	}
	// A file with problems: each one told in the language asked, nothing
	// imported.
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("title,text,lang,owner\nT,X,en,Nobody\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, "", "import", "commitments", "-db", url, "-lang", "fr", bad)
	if code == 0 || !strings.Contains(stderr, "Ligne 2, colonne owner") {
		t.Errorf("import of a bad file: exit %d, %s", code, stderr)
	}
}
