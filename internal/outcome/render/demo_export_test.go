package render_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/outcome/render"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// TestDemoOutcomeInSixLanguages exports the demo's published outcome
// document (GRCP 6, demonstration) in each of the six languages, as a
// visitor downloads it from the public page, and checks the files with the
// tools people open them with: pdftotext gives back the title, every
// heading, paragraph and note of each PDF in order (Arabic in logical
// order), pdffonts shows every font embedded and subset, and LibreOffice
// opens every DOCX (its text checked outside Arabic, whose lam-alef
// pdftotext reads backwards in LibreOffice's PDFs).
func TestDemoOutcomeInSixLanguages(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s (poppler-utils) is not installed: apt-get install poppler-utils", tool)
		}
	}
	ctx := context.Background()
	db := storetest.Open(t)
	res, err := demo.Load(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	svc := outcome.New(db, synthesis.New(db, nil, nil), deliberation.New(db, nil), locale.MustLoad())
	dir := t.TempDir()
	var docx []string
	texts := map[string]domain.OutcomeText{}
	for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
		pub, err := svc.Public(ctx, outcome.PublicInput{MeetingID: res.EarlierMeetingID, Lang: lang})
		if err != nil {
			t.Fatalf("%s: the demo's outcome is not public: %v", lang, err)
		}
		if pub.Text.Language != lang {
			t.Fatalf("%s: the public text is in %q: the demo lacks the translation", lang, pub.Text.Language)
		}
		texts[lang] = pub.Text
		for _, format := range []string{"pdf", "docx"} {
			ex, err := svc.PublicExport(ctx, outcome.ExportInput{TextInput: outcome.TextInput{MeetingID: res.EarlierMeetingID, Lang: lang}, Format: format})
			if err != nil {
				t.Fatalf("%s %s: %v", lang, format, err)
			}
			name := filepath.Join(dir, lang+"."+format)
			if err := os.WriteFile(name, ex.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			if format == "docx" {
				docx = append(docx, name)
				continue
			}
			t.Run(lang+"/pdf", func(t *testing.T) {
				render.CheckPDFText(t, name, render.TextsOf(pub.Text), render.LanguageDir(lang))
				render.CheckPDFFonts(t, name, lang)
			})
		}
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
	}
	if testing.Short() {
		t.Skip("LibreOffice takes seconds: not in -short")
	}
	out := render.SofficeToPDF(t, soffice, dir, docx)
	for _, f := range docx {
		lang := filepath.Base(f)[:2]
		t.Run(lang+"/docx", func(t *testing.T) {
			pdf := filepath.Join(out, lang+".pdf")
			if _, err := os.Stat(pdf); err != nil {
				t.Fatalf("LibreOffice did not open the DOCX: %v", err)
			}
			if lang == "ar" {
				return
			}
			var want []string
			for _, s := range texts[lang].Sections {
				for _, b := range s.Blocks {
					if b.Kind == domain.BlockParagraph {
						want = append(want, b.Text)
					}
				}
			}
			render.CheckPDFText(t, pdf, want, "ltr")
		})
	}
}
