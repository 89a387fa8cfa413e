package render

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// paragraphTexts are the texts a PDF of d must give back, in order: the
// title, the headings, every paragraph, note and table cell.
func paragraphTexts(d Doc) []string {
	want := []string{d.Text.Title}
	for _, s := range d.Text.Sections {
		want = append(want, s.Heading)
		for _, b := range s.Blocks {
			if b.Kind == domain.BlockTable {
				if b.Text != "" {
					want = append(want, b.Text)
				}
				continue // pdftotext reads a table's cells in an order of its own
			}
			want = append(want, b.Text)
		}
	}
	return want
}

// TestPDFText runs pdftotext on the PDF of each language and finds the
// text of every heading, paragraph and note in order (Arabic in logical
// order, its presentation forms folded), and pdffonts shows every font
// embedded and subset.
func TestPDFText(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s (poppler-utils) is not installed: apt-get install poppler-utils", tool)
		}
	}
	dir := t.TempDir()
	for _, lang := range languages {
		for _, d := range []Doc{adopted(t, lang), draft(t, lang)} {
			kind := "adopted"
			if d.Draft {
				kind = "draft"
			}
			t.Run(lang+"/"+kind, func(t *testing.T) {
				name := filepath.Join(dir, lang+"-"+kind+".pdf")
				if err := os.WriteFile(name, render(t, PDF, d), 0o644); err != nil {
					t.Fatal(err)
				}
				checkPDFText(t, name, paragraphTexts(d), d.dir())
				out, err := exec.Command("pdftotext", name, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				if d.Hash != "" && !strings.Contains(normText(string(out)), d.Hash) {
					t.Errorf("the PDF lacks the full hash %s", d.Hash)
				}
				// The watermark is drawn, not written: the word is in the
				// text once a page (the header), once under the title, and
				// where the status says it.
				label := normText(d.Labels.Draft)
				want := pdfPages(t, name) + 1 + strings.Count(normText(d.metaLine()), label)
				if got := strings.Count(normText(string(out)), label); d.Draft && got != want {
					t.Errorf("%q appears %d times in the text, want %d", d.Labels.Draft, got, want)
				}
				checkPDFFonts(t, name, lang)
			})
		}
	}
}

// checkPDFFonts runs pdffonts on a PDF: every font is embedded, subset
// and mapped to Unicode, and the script's own font is there for Arabic and
// Chinese.
func checkPDFFonts(t *testing.T, name, lang string) {
	t.Helper()
	fonts, err := exec.Command("pdffonts", name).Output()
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(fonts)), "\n")[2:]
	if len(rows) < 2 {
		t.Fatalf("pdffonts lists %d fonts:\n%s", len(rows), fonts)
	}
	for _, r := range rows {
		f := strings.Fields(r)
		// name type... encoding emb sub uni object ID
		if n := len(f); n < 6 || f[n-5] != "yes" || f[n-4] != "yes" || f[n-3] != "yes" {
			t.Errorf("a font is not embedded, subset and mapped to Unicode: %s", r)
		}
	}
	wantFont := map[string]string{"ar": "NotoNaskhArabic", "zh": "NotoSansCJKsc"}[lang]
	if wantFont != "" && !strings.Contains(string(fonts), wantFont) {
		t.Errorf("no %s in the PDF:\n%s", wantFont, fonts)
	}
}

// pdfPages is the number of pages pdfinfo counts, or what the file's page
// tree says when pdfinfo is absent.
func pdfPages(t *testing.T, name string) int {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/Type/Pages/Count (\d+)|/Count (\d+)/Kids`).FindSubmatch(b)
	if m == nil {
		m = regexp.MustCompile(`/Count (\d+)`).FindSubmatch(b[bytes.LastIndex(b, []byte("/Type/Pages")):])
	}
	n := 0
	for _, g := range m[1:] {
		for _, c := range g {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

func TestPDFMetadata(t *testing.T) {
	d := adopted(t, "ar")
	b := render(t, PDF, d)
	for _, want := range []string{
		"/Lang" + pdfText("ar"),
		"/CreationDate(D:20171011173000Z)",
		"/Direction/R2L",
		"/Outlines ",
		"/Title " + pdfText(d.Text.Sections[0].Heading),
		"/ID[<",
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
	if _, _, err := pdfXref(b); err != nil {
		t.Errorf("the finished PDF's cross-reference table: %v", err)
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		name := filepath.Join(t.TempDir(), "a.pdf")
		os.WriteFile(name, b, 0o644)
		if out, err := exec.Command("qpdf", "--check", name).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}

func FuzzPDFXref(f *testing.F) {
	var b bytes.Buffer
	if err := PDF(&b, Doc{Text: domain.OutcomeText{Language: "en", Title: "T"}}); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("startxref\n0\n%%EOF"))
	f.Add([]byte("xref\n0 2\n0000000000 65535 f \n0000000000 00000 n \nstartxref\n0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		xref, offsets, err := pdfXref(b)
		if err != nil {
			return
		}
		for _, o := range offsets[1:] {
			if o < 0 || o >= xref {
				t.Fatalf("offset %d outside [0, %d)", o, xref)
			}
		}
		_, _ = finishPDF(b, Doc{}, []pdfMark{{title: "x", level: 1}})
	})
}

// TestFontsCoverTheText: the PDF's fonts have every character of the six
// test documents and of the labels in every catalogue; a character out of
// the Chinese subset is reported.
func TestFontsCoverTheText(t *testing.T) {
	for _, lang := range languages {
		d := adopted(t, lang)
		l := d.Labels
		d.Text.Sections = append(d.Text.Sections, domain.OutcomeSection{Heading: strings.Join([]string{l.Draft, l.Version, l.Status, l.Date, l.Hash, l.Full, l.PageOf}, " ")})
		for _, s := range domain.OutcomeStatuses {
			d.Text.Sections[0].Heading += NewLabels(catalog.Printer(lang), 1, s).Status
		}
		got, err := Uncovered(d.Text)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) > 0 {
			t.Errorf("%s: the PDF fonts lack %q", lang, string(got))
		}
	}
	rare := domain.OutcomeText{Title: "龘 (U+9F98) is not in GB 2312; 中 is"}
	if got, err := Uncovered(rare); err != nil || string(got) != "龘" {
		t.Errorf("Uncovered(%q) = %q, %v; want 龘", rare.Title, string(got), err)
	}
}

// TestPDFLayoutWorkers lays the text boxes out with several workers, each
// with fonts of its own, and finds the bytes one worker gives: the PDF
// names the document's fonts only, in every script.
func TestPDFLayoutWorkers(t *testing.T) {
	defer func(f func(int) int) { layoutWorkers = f }(layoutWorkers)
	var docs []Doc
	for _, lang := range languages {
		docs = append(docs, adopted(t, lang), draft(t, lang))
	}
	for _, lang := range []string{"en", "ar", "zh"} {
		docs = append(docs, long(t, lang))
	}
	for _, d := range docs {
		name := d.Text.Language + "/" + strconv.Itoa(len(d.Text.Sections)) + "-sections"
		if d.Draft {
			name += "/draft"
		}
		t.Run(name, func(t *testing.T) {
			layoutWorkers = func(int) int { return 1 }
			one := render(t, PDF, d)
			for _, n := range []int{2, 3} {
				layoutWorkers = func(int) int { return n }
				if got := render(t, PDF, d); !bytes.Equal(got, one) {
					t.Errorf("%d workers: %d bytes, one worker: %d bytes, not the same", n, len(got), len(one))
				}
			}
		})
	}
}
