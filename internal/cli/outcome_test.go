package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestMeetingsAndVerify lists meetings with their outcome's state and
// verifies files against the adopted version.
func TestMeetingsAndVerify(t *testing.T) {
	m, other := &domain.Meeting{Title: "GRCP 7", StartsOn: "2017-10-10"}, &domain.Meeting{Title: "GRCP 8"}
	text := domain.OutcomeText{Language: "en", Title: "Outcome", Sections: []domain.OutcomeSection{{Key: "k", Heading: "H", Blocks: []domain.OutcomeBlock{{ID: "p1", Kind: domain.BlockParagraph, Text: "One."}}}}}
	url := outcomeDB(t, text, adoptVersion1(text), m, other)

	code, out, stderr := run(t, "", "meetings", "-db", url, "-format", "json")
	if code != 0 {
		t.Fatalf("meetings: %d %s", code, stderr)
	}
	var ms []struct{ ID, Title, Outcome string }
	if err := json.Unmarshal([]byte(out), &ms); err != nil || len(ms) != 2 {
		t.Fatalf("meetings: %v %s", err, out)
	}
	for _, x := range ms {
		want := map[string]string{m.ID: "adopted", other.ID: "none"}[x.ID]
		if x.Outcome != want {
			t.Errorf("%s: %s, want %s", x.Title, x.Outcome, want)
		}
	}
	if code, out, _ := run(t, "", "meetings", "-db", url); code != 0 || !strings.Contains(out, "adopted") || !strings.Contains(out, "2017-10-10") {
		t.Fatalf("meetings text: %d %s", code, out)
	}

	dir := t.TempDir()
	write := func(name string, v any) string {
		path := filepath.Join(dir, name)
		js, _ := json.Marshal(v)
		if s, ok := v.(string); ok {
			js = []byte(s)
		}
		if err := os.WriteFile(path, js, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, write("adopted.json", text)); code != 0 || !strings.Contains(out, "is version 1") {
		t.Fatalf("verify adopted: %d %s", code, out)
	}
	changed := text
	changed.Title = "Outcome!"
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, write("changed.json", changed)); code != 1 || strings.Contains(out, "is version") {
		t.Fatalf("verify changed: %d %s", code, out)
	}
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, write("copy.md", "# Outcome\n\nHash: "+text.Hash()+"\n")); code != 1 || !strings.Contains(out, "names the content hash") {
		t.Fatalf("verify markdown: %d %s", code, out)
	}
}

// TestExportOutcome writes the adopted outcome document of a meeting in
// each format and language, verifies every file, refuses the same file
// with one byte of a paragraph changed, and refuses bad arguments with
// a message that says what to give.
func TestExportOutcome(t *testing.T) {
	m := &domain.Meeting{Title: "Seventh Global Meeting", ShortName: "GRCP 7"}
	text := domain.OutcomeText{Language: "en", Title: "Outcome of GRCP 7", Sections: []domain.OutcomeSection{{Key: "overall", Heading: "Recommendations",
		Blocks: []domain.OutcomeBlock{{ID: "p1", Kind: domain.BlockParagraph, Text: "Open regular pathways for labour migration."}}}}}
	url := outcomeDB(t, text, func(o *store.OutcomeTx) error {
		adoptVersion1(text)(o)
		return o.PutTranslations(context.Background(), []*store.OutcomeTranslation{{Lang: "fr", BlockID: "p1", Text: "Ouvrir des voies régulières de migration de main-d'œuvre.",
			Status: store.TranslationTranslated, OfVersion: 1}})
	}, m)

	dir := t.TempDir()
	for _, format := range render.FormatNames() {
		for _, lang := range []string{"en", "fr"} {
			path := filepath.Join(dir, lang+"."+format)
			code, _, stderr := run(t, "", "export", "outcome", m.ID, "-db", url, "-format", format, "-lang", lang, "-o", path)
			if code != 0 || !strings.Contains(stderr, "version 1 (adopted") {
				t.Fatalf("export %s %s: %d %s", format, lang, code, stderr)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if start := map[string]string{"docx": "PK", "pdf": "%PDF-", "html": "<!DOCTYPE html>", "md": "# Outcome of GRCP 7"}[format]; !strings.HasPrefix(string(data), start) {
				t.Errorf("%s starts %q", path, data[:min(len(data), 20)])
			}
			code, out, _ := run(t, "", "outcome", "verify", "-db", url, path)
			if want := "is version 1, adopted, of the outcome document of GRCP 7 (meeting " + m.ID + "), in " + lang + " as " + format; code != 0 || !strings.Contains(out, want) {
				t.Fatalf("verify %s: %d %s\nwant %s", path, code, out, want)
			}
			if format == "md" || format == "html" {
				para := map[string]string{"en": "Open regular", "fr": "Ouvrir des"}[lang]
				changed := strings.Replace(string(data), para, strings.Replace(para, "e", "a", 1), 1)
				if changed == string(data) {
					t.Fatalf("%q is not in %s", para, path)
				}
				bad := filepath.Join(dir, "changed-"+lang+"."+format)
				os.WriteFile(bad, []byte(changed), 0o644)
				if code, out, _ := run(t, "", "outcome", "verify", "-db", url, bad); code != 1 || !strings.Contains(out, "names the content hash of version 1") || strings.Contains(out, " is version") {
					t.Fatalf("verify a changed %s: %d %s", format, code, out)
				}
			}
		}
	}
	if code, out, _ := run(t, "", "export", "outcome", m.ID, "-db", url, "-format", "md", "-o", "-"); code != 0 || !strings.HasPrefix(out, "# Outcome of GRCP 7") {
		t.Fatalf("export to standard output: %d %s", code, out)
	}
	if code, out, _ := run(t, "", "outcome", "verify", "-db", url, "outcome.go"); code != 1 || !strings.Contains(out, "matches no adopted outcome document") {
		t.Fatalf("verify another file: %d %s", code, out)
	}

	out := filepath.Join(dir, "x")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{m.ID, "-o", out}, 2, "say which format with -format"},
		{[]string{m.ID, "-format", "odt", "-o", out}, 2, "-format must be one of"},
		{[]string{m.ID, "-format", "md", "-lang", "de", "-o", out}, 2, "-lang must be one of en, fr, es, ar, zh, ru"},
		{[]string{m.ID, "-format", "md", "-version", "-1", "-o", out}, 2, "-version must be"},
		{[]string{m.ID, "-format", "md"}, 2, "say where to write the file with -o"},
		{[]string{"-format", "md", "-o", out}, 2, "give one meeting ID"},
		{[]string{"nope", "-format", "md", "-o", out}, 1, "not found"},
		{[]string{m.ID, "-format", "md", "-version", "5", "-o", out}, 1, "not found"},
	} {
		code, _, stderr := run(t, "", append([]string{"export", "outcome", "-db", url}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want %d with %q: %s", c.args, code, c.code, c.want, stderr)
		}
	}
	if !slices.Contains(render.FormatNames(), "pdf") {
		if code, _, stderr := run(t, "", "export", "outcome", m.ID, "-db", url, "-format", "pdf", "-o", out); code != 2 || !strings.Contains(stderr, "does not export pdf yet") {
			t.Errorf("pdf: %d %s", code, stderr)
		}
	}
}

// outcomeDB makes a migrated database with a process, the meetings ms
// (the first with an outcome document of text as version 1, which change
// then changes, as a use case would) and returns its URL.
func outcomeDB(t *testing.T, text domain.OutcomeText, change func(o *store.OutcomeTx) error, ms ...*domain.Meeting) string {
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
	for _, m := range ms {
		m.ProcessID = p.ID
		if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: m}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := db.CreateOutcome(ctx, ms[0].ID, text.Language, text, "draft", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ChangeOutcome(ctx, ms[0].ID, "change", change); err != nil {
		t.Fatal(err)
	}
	return url
}

// adoptVersion1 adopts version 1 of text, as the chair would.
func adoptVersion1(text domain.OutcomeText) func(o *store.OutcomeTx) error {
	return func(o *store.OutcomeTx) error {
		o.Doc.Status, o.Doc.AdoptedVersion, o.Doc.AdoptedHash, o.Doc.AdoptedAt = domain.OutcomeAdopted, 1, text.Hash(), o.Now()
		return nil
	}
}
