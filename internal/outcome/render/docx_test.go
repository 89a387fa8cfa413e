package render

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
)

// docxPara is a paragraph read back from a DOCX file.
type docxPara struct {
	Style    string
	Numbered bool
	Bidi     bool
	RTLRun   bool // one of its runs is right to left
	EastAsia bool // its runs ask for the East Asian font
	Text     string
}

const wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// readDOCX opens a DOCX file: every part (each parsed as XML to prove it
// well formed) and the paragraphs of word/document.xml in order.
func readDOCX(b []byte) (map[string][]byte, []docxPara, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, nil, err
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		if f.UncompressedSize64 > 64<<20 {
			return nil, nil, fmt.Errorf("%s: too large", f.Name)
		}
		r, err := f.Open()
		if err != nil {
			return nil, nil, err
		}
		body, err := io.ReadAll(io.LimitReader(r, 64<<20))
		r.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if err := wellFormed(body); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		parts[f.Name] = body
	}
	doc, ok := parts["word/document.xml"]
	if !ok {
		return nil, nil, errors.New("no word/document.xml")
	}
	paras, err := docxParagraphs(doc)
	return parts, paras, err
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// docxParagraphs lists the w:p of a part in order with their text.
func docxParagraphs(b []byte) ([]docxPara, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []docxPara
	var cur *docxPara
	var text strings.Builder
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Space != wNS {
				continue
			}
			if e.Name.Local == "p" {
				if cur != nil {
					return nil, errors.New("a paragraph inside a paragraph")
				}
				cur = &docxPara{}
				text.Reset()
				continue
			}
			if cur == nil {
				continue
			}
			switch e.Name.Local {
			case "pStyle":
				cur.Style = attr(e, "val")
			case "numPr":
				cur.Numbered = true
			case "bidi":
				cur.Bidi = true
			case "rtl":
				cur.RTLRun = true
			case "rFonts":
				cur.EastAsia = cur.EastAsia || attr(e, "hint") == "eastAsia"
			case "t":
				inText = true
			case "tab":
				text.WriteByte('\t')
			case "br":
				text.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				text.Write(e)
			}
		case xml.EndElement:
			if e.Name.Space != wNS {
				continue
			}
			switch e.Name.Local {
			case "t":
				inText = false
			case "p":
				if cur == nil {
					return nil, errors.New("the end of a paragraph that did not start")
				}
				cur.Text = text.String()
				out = append(out, *cur)
				cur = nil
			}
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// wantDOCX is what the paragraphs of a document's DOCX must read, in
// order: style and text ("" for the spacer after a table).
func wantDOCX(d Doc) []docxPara {
	var w []docxPara
	add := func(style, text string, numbered bool) {
		w = append(w, docxPara{Style: style, Text: strings.Join(lines(text), "\n"), Numbered: numbered})
	}
	add("Title", d.Text.Title, false)
	if d.Text.Subtitle != "" {
		add("Subtitle", d.Text.Subtitle, false)
	}
	if d.Draft {
		add("Meta", d.Labels.Draft, false)
	}
	add("Meta", d.metaLine(), false)
	for _, s := range d.Text.Sections {
		add("Heading1", s.Heading, false)
		for _, b := range s.Blocks {
			switch b.Kind {
			case domain.BlockParagraph:
				add("NumberedParagraph", b.Text, true)
			case domain.BlockSubheading:
				add("Heading2", b.Text, false)
			case domain.BlockNote:
				add("Note", b.Text, false)
			case domain.BlockTable:
				if b.Text != "" {
					add("Caption", b.Text, false)
				}
				for r := range b.Rows {
					for c := range columns(b.Rows) {
						add("TableText", cell(b.Rows, r, c), false)
					}
				}
				add("", "", false)
			}
		}
	}
	if d.Hash != "" {
		add("Hash", d.shortHashLine()+"\n"+d.fullHashLine(), false)
	}
	return w
}

// TestDOCXReadsBack opens the DOCX of each language and finds every
// paragraph's text in order, in its style; the numbered ones are exactly
// the paragraphs, Arabic is right to left, Chinese asks for the East Asian
// font, and the properties carry the title and the hash.
func TestDOCXReadsBack(t *testing.T) {
	for _, lang := range languages {
		for _, d := range []Doc{adopted(t, lang), draft(t, lang)} {
			t.Run(fmt.Sprintf("%s/draft=%v", lang, d.Draft), func(t *testing.T) {
				parts, got, err := readDOCX(render(t, DOCX, d))
				if err != nil {
					t.Fatal(err)
				}
				want := wantDOCX(d)
				for i := 0; i < len(got) || i < len(want); i++ {
					if i >= len(got) || i >= len(want) {
						t.Fatalf("%d paragraphs, want %d", len(got), len(want))
					}
					g, w := got[i], want[i]
					if g.Style != w.Style || g.Text != w.Text || g.Numbered != w.Numbered {
						t.Fatalf("paragraph %d = %q %q numbered=%v, want %q %q numbered=%v", i, g.Style, g.Text, g.Numbered, w.Style, w.Text, w.Numbered)
					}
					if dir := blockDir(g.Text, LanguageDir(lang)); g.Text != "" && g.Bidi != (dir == "rtl") {
						t.Errorf("paragraph %d (%q): bidi=%v, want %v", i, g.Text, g.Bidi, dir == "rtl")
					}
					if lang == "ar" && TextDir(g.Text) == "rtl" && !g.RTLRun {
						t.Errorf("paragraph %d (%q) has no right-to-left run", i, g.Text)
					}
					if lang == "zh" && g.Text != "" && !g.EastAsia {
						t.Errorf("paragraph %d (%q) does not ask for the East Asian font", i, g.Text)
					}
				}
				core := string(parts["docProps/core.xml"])
				if !strings.Contains(core, "<dc:title>"+esc(d.Text.Title)+"</dc:title>") || !strings.Contains(core, "<dc:language>"+lang+"</dc:language>") {
					t.Errorf("core properties lack the title or language: %s", core)
				}
				if d.Hash != "" && !strings.Contains(core, "<dc:identifier>"+d.Hash+"</dc:identifier>") {
					t.Errorf("core properties lack the hash: %s", core)
				}
				header := string(parts["word/header1.xml"])
				if strings.Contains(header, "PowerPlusWaterMarkObject") != d.Draft {
					t.Errorf("draft=%v but the header's watermark is %v", d.Draft, !d.Draft)
				}
				for _, style := range []string{`w:styleId="Title"`, `w:styleId="Heading1"`, `<w:name w:val="heading 1"/>`, `w:styleId="Heading2"`} {
					if !strings.Contains(string(parts["word/styles.xml"]), style) {
						t.Errorf("styles lack %s", style)
					}
				}
			})
		}
	}
}

// normXML is what a text becomes in XML and back: characters XML cannot
// hold are U+FFFD, lines are cut as lines() cuts them.
func normXML(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || !(r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return strings.Join(lines(b.String()), "\n")
}

func FuzzDOCXText(f *testing.F) {
	for _, s := range []string{"", "plain", "a\tb\nc", "مرحبا GCM بالعالم", "全球契约", "<&>\"'", "\x00\x01", "a\r\nb\rc", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Doc{Text: domain.OutcomeText{Language: "ar", Title: s, Sections: []domain.OutcomeSection{{Heading: s, Blocks: []domain.OutcomeBlock{
			{ID: "a", Kind: domain.BlockParagraph, Text: s},
			{ID: "b", Kind: domain.BlockTable, Rows: [][]string{{s}}},
		}}}}}
		var b bytes.Buffer
		if err := DOCX(&b, d); err != nil {
			t.Fatal(err)
		}
		_, paras, err := readDOCX(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		want := normXML(s)
		for _, i := range []int{0, 1, 2, 3} { // title, heading, paragraph, cell
			if paras[i].Text != want {
				t.Fatalf("paragraph %d = %q, want %q", i, paras[i].Text, want)
			}
		}
	})
}

func FuzzReadDOCX(f *testing.F) {
	var b bytes.Buffer
	if err := DOCX(&b, Doc{Text: domain.OutcomeText{Language: "en", Title: "T"}}); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = readDOCX(b) // must not panic nor hang
	})
}

// sofficeToPDF converts files to PDF with LibreOffice (its profile in
// dir) and returns the folder of the PDFs.
func sofficeToPDF(t *testing.T, soffice, dir string, files []string) string {
	t.Helper()
	out := filepath.Join(dir, "pdf")
	cmd := exec.Command(soffice, append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", out}, files...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	return out
}

// TestDOCXOpensInLibreOffice converts the DOCX of each language to PDF
// with LibreOffice: every file opens, and its text has every paragraph
// with its number, in order.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
	}
	if testing.Short() {
		t.Skip("LibreOffice takes seconds: not in -short")
	}
	dir := t.TempDir()
	var files []string
	for _, lang := range languages {
		name := filepath.Join(dir, "outcome-"+lang+".docx")
		if err := os.WriteFile(name, render(t, DOCX, draft(t, lang)), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	out := sofficeToPDF(t, soffice, dir, files)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			pdf := filepath.Join(out, "outcome-"+lang+".pdf")
			if _, err := os.Stat(pdf); err != nil {
				t.Fatalf("LibreOffice did not open the DOCX: %v", err)
			}
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Skip("pdftotext (poppler-utils) is not installed")
			}
			if lang == "ar" {
				// pdftotext reads LibreOffice's lam-alef ligatures
				// backwards (alef, lam): the text of the PDFs that
				// plenary makes itself is checked in Arabic too.
				return
			}
			// The paragraphs' texts, without their numbers: pdftotext
			// puts a number next to a table's first column when the
			// paragraph follows a table.
			var want []string
			for _, s := range draft(t, lang).Text.Sections {
				for _, b := range s.Blocks {
					if b.Kind == domain.BlockParagraph {
						want = append(want, b.Text)
					}
				}
			}
			checkPDFText(t, pdf, want, "ltr")
		})
	}
}
