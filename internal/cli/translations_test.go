package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/demo"
)

// A translated agenda is imported as the Arabic version of an existing
// meeting; the Arabic export gives its translations (the original where
// one is missing) and imports again without a change; a translation whose
// structure differs is refused, saying where.
func TestImportTranslatedAgenda(t *testing.T) {
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
	mid := strings.TrimSuffix(strings.Fields(out)[2], ":")
	ar := filepath.Join("..", "demo", "data", "grcp7-agenda.ar.json")
	code, out, stderr = run(t, "", "import", "agenda", "-db", db, "-meeting", mid, "-lang", "ar", "-unofficial", ar)
	if code != 0 || !strings.Contains(out, "imported the ar version") {
		t.Fatalf("import ar: exit %d: %s %s", code, out, stderr)
	}
	code, js, stderr := run(t, "", "export", "agenda", "-db", db, "-format", "json", "-lang", "ar", mid)
	if code != 0 || !strings.Contains(js, "آليات التشاور بين الدول بشأن الهجرة") || !strings.Contains(js, "to identify ISCM partners' recommendations to the GCM.") ||
		!strings.Contains(stderr, "have no ar translation") {
		t.Fatalf("export ar: exit %d: %s\n%s", code, stderr, js)
	}
	again := filepath.Join(dir, "ar.json")
	os.WriteFile(again, []byte(js), 0o644)
	code, out, stderr = run(t, "", "import", "agenda", "-db", db, "-meeting", mid, "-lang", "ar", "-unofficial", again)
	if code != 0 || !strings.Contains(out, ": 0 texts changed") {
		t.Fatalf("re-import of the export: exit %d: %s %s", code, out, stderr)
	}
	// One question fewer in session 2's plenary part.
	src, _ := os.ReadFile(ar)
	bad := strings.Replace(string(src), `{"text": "ما الاستنتاجات المتطابقة أو المتكررة في مجموعات العمل؟"},`, "", 1)
	if bad == string(src) {
		t.Fatal("the case changes nothing")
	}
	badFile := filepath.Join(dir, "bad.json")
	os.WriteFile(badFile, []byte(bad), 0o644)
	code, _, stderr = run(t, "", "import", "agenda", "-db", db, "-meeting", mid, "-lang", "fr", badFile)
	if code == 0 || !strings.Contains(stderr, `session 2, part 2 ("Plenary Discussion"): the meeting has 6 question items, the translation 5`) {
		t.Fatalf("a translation of another structure: exit %d: %s", code, stderr)
	}
	code, _, stderr = run(t, "", "import", "agenda", "-db", db, "-lang", "fr", badFile)
	if code == 0 || !strings.Contains(stderr, "-meeting and -lang together") {
		t.Fatalf("-lang without -meeting: exit %d: %s", code, stderr)
	}
}
