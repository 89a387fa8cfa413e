package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
)

var update = flag.Bool("update", false, "write the golden files in testdata anew")

// languages are the six languages of the test documents in testdata.
var languages = []string{"en", "fr", "es", "ar", "zh", "ru"}

var catalog = locale.MustLoad()

// testText reads the test document of a language.
func testText(t testing.TB, lang string) domain.OutcomeText {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "outcome-"+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var text domain.OutcomeText
	if err := json.Unmarshal(b, &text); err != nil {
		t.Fatal(err)
	}
	return text
}

// adopted is the test document of lang as adopted version 3.
func adopted(t testing.TB, lang string) Doc {
	text := testText(t, lang)
	return Doc{
		Text: text, Version: 3, Status: domain.OutcomeAdopted, Hash: text.Hash(),
		Date:   time.Date(2017, 10, 11, 17, 30, 0, 0, time.UTC),
		Labels: NewLabels(catalog.Printer(lang), 3, domain.OutcomeAdopted),
	}
}

// draft is the test document of lang as draft version 2.
func draft(t testing.TB, lang string) Doc {
	text := testText(t, lang)
	return Doc{
		Text: text, Draft: true, Version: 2, Status: domain.OutcomeDraft,
		Date:   time.Date(2017, 10, 11, 9, 0, 0, 0, time.UTC),
		Labels: NewLabels(catalog.Printer(lang), 2, domain.OutcomeDraft),
	}
}

func render(t testing.TB, f Func, d Doc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestByName(t *testing.T) {
	tests := []struct {
		name, ext string
		ok        bool
	}{
		{"docx", ".docx", true},
		{"md", ".md", true},
		{"html", ".html", true},
		{" HTML ", ".html", true},
		{"odt", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ByName(tt.name)
			if !tt.ok {
				if err == nil || !strings.Contains(err.Error(), "docx, ") || !strings.Contains(err.Error(), "md") {
					t.Fatalf("ByName(%q) = %v, want an error that lists the formats", tt.name, err)
				}
				return
			}
			if err != nil || f.Extension != tt.ext || f.Render == nil {
				t.Fatalf("ByName(%q) = %+v, %v", tt.name, f, err)
			}
		})
	}
}

// TestGolden compares the Markdown and HTML of the test documents with the
// files in testdata (go test -update writes them anew).
func TestGolden(t *testing.T) {
	for _, f := range []struct {
		ext string
		fn  Func
	}{{"md", Markdown}, {"html", HTML}} {
		for _, lang := range languages {
			for _, d := range []struct {
				kind string
				doc  Doc
			}{{"adopted", adopted(t, lang)}, {"draft", draft(t, lang)}} {
				if d.kind == "draft" && lang != "en" && lang != "ar" {
					continue
				}
				name := filepath.Join("testdata", "golden", lang+"-"+d.kind+"."+f.ext)
				t.Run(name, func(t *testing.T) {
					got := render(t, f.fn, d.doc)
					if *update {
						if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(name, got, 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(name)
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, want) {
						t.Errorf("%s differs from the golden file (go test -update writes it anew):\n%s", name, firstDiff(got, want))
					}
				})
			}
		}
	}
}

// firstDiff shows the first line that differs.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return "(same lines)"
}

// TestDeterministic renders each format twice, more than a second apart
// (a clock read inside a file would show), and finds the same bytes.
func TestDeterministic(t *testing.T) {
	first := map[string][]byte{}
	for _, f := range formats {
		for _, lang := range []string{"en", "ar", "zh"} {
			first[f.Name+"/"+lang] = render(t, f.Render, draft(t, lang))
		}
	}
	time.Sleep(1100 * time.Millisecond)
	for _, f := range formats {
		for _, lang := range []string{"en", "ar", "zh"} {
			t.Run(f.Name+"/"+lang, func(t *testing.T) {
				a, b := first[f.Name+"/"+lang], render(t, f.Render, draft(t, lang))
				if !bytes.Equal(a, b) {
					t.Fatalf("two renderings differ (%d and %d bytes)", len(a), len(b))
				}
			})
		}
	}
}

func TestMarkdownEscapesText(t *testing.T) {
	text := domain.OutcomeText{Language: "en", Title: "# Title *with* stars", Sections: []domain.OutcomeSection{{
		Key: "s", Heading: "1. Heading",
		Blocks: []domain.OutcomeBlock{
			{ID: "a", Kind: domain.BlockParagraph, Text: "- not a list\n# not a heading\n\n2017. A year, not a number"},
			{ID: "b", Kind: domain.BlockNote, Text: "<script>alert(1)</script> and [a link](http://x)"},
			{ID: "c", Kind: domain.BlockTable, Rows: [][]string{{"a|b", "c"}, {"d\ne", "f", "extra"}}},
			{ID: "d", Kind: domain.BlockParagraph, Text: "Second"},
		},
	}}}
	got := string(render(t, Markdown, Doc{Text: text}))
	for _, want := range []string{
		"# \\# Title \\*with\\* stars\n",
		"## 1\\. Heading\n",
		"1. \\- not a list\\\n   \\# not a heading\n\n   2017\\. A year, not a number\n",
		"\\<script\\>alert(1)\\</script\\> and \\[a link\\](http://x)\n",
		"| a\\|b | c |  |\n| --- | --- | --- |\n| d e | f | extra |\n",
		"2. Second\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, got)
		}
	}
}

func TestMarkdownShowsNumbersAndHash(t *testing.T) {
	d := adopted(t, "en")
	got := string(render(t, Markdown, d))
	for id, n := range d.Text.Numbers() {
		var text string
		for _, s := range d.Text.Sections {
			for _, b := range s.Blocks {
				if b.ID == id {
					text = b.Text
				}
			}
		}
		if want := "\n" + strconv.Itoa(n) + ". " + mdEscape(text) + "\n"; !strings.Contains(got, want) {
			t.Errorf("paragraph %s: Markdown lacks %q", id, want)
		}
	}
	if !strings.Contains(got, "`"+d.Hash+"`") || !strings.Contains(got, domain.ShortHash(d.Hash)) {
		t.Errorf("Markdown lacks the hash %s", d.Hash)
	}
	if strings.Contains(got, "DRAFT") {
		t.Error("an adopted document says DRAFT")
	}
	if !strings.Contains(string(render(t, Markdown, draft(t, "en"))), "**DRAFT**") {
		t.Error("a draft does not say DRAFT")
	}
}

func TestHTMLIsAPrintablePage(t *testing.T) {
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			page := string(render(t, HTML, draft(t, lang)))
			for _, bad := range []string{"<form", "<button", "<nav", "<input", "<textarea", "<script"} {
				if strings.Contains(page, bad) {
					t.Errorf("the page has %s", bad)
				}
			}
			dir := LanguageDir(lang)
			for _, want := range []string{`<html lang="` + lang + `" dir="` + dir + `">`, "@page", "counter(page)", "counter(pages)", `class="watermark"`, "@media print"} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
			if strings.Contains(string(render(t, HTML, adopted(t, lang))), `class="watermark"`) {
				t.Error("an adopted document has the watermark")
			}
		})
	}
}

// TestHTMLIsolatesTheOtherDirection: a statement quoted in Arabic in an
// English document, and one in English in the Arabic document, are set in
// their own direction; an Arabic paragraph that starts with a Latin word
// stays right to left.
func TestHTMLIsolatesTheOtherDirection(t *testing.T) {
	en := string(render(t, HTML, adopted(t, "en")))
	if !strings.Contains(en, `<p class="note" id="n02" dir="rtl">`) {
		t.Error("the Arabic note of the English document is not right to left")
	}
	ar := string(render(t, HTML, adopted(t, "ar")))
	if !strings.Contains(ar, `<p class="note" id="n02" dir="ltr">`) {
		t.Error("the English note of the Arabic document is not left to right")
	}
	if !strings.Contains(ar, `<p class="para" id="p05"><span class="num">5.</span>GCM:`) {
		t.Error("the Arabic paragraph that starts with GCM is not in the document's direction")
	}
}

func TestTextDir(t *testing.T) {
	tests := []struct{ name, s, want string }{
		{"english", "Hello world", "ltr"},
		{"arabic", "مرحبا بالعالم", "rtl"},
		{"arabic with a latin word", "GCM: ينبغي أن ينص الاتفاق", "rtl"},
		{"digits only", "2017 - 10", ""},
		{"chinese", "全球契约", "ltr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TextDir(tt.s); got != tt.want {
				t.Errorf("TextDir(%q) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestCatalogueHasEveryStatus(t *testing.T) {
	for _, s := range domain.OutcomeStatuses {
		if !catalog.Has("export.outcome.status." + string(s)) {
			t.Errorf("no label for the status %s", s)
		}
	}
}

// TestWriteSamples writes every format of the six test documents, drafts
// and adopted, to the folder PLENARY_RENDER_OUT names, to look at them.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("PLENARY_RENDER_OUT")
	if dir == "" {
		t.Skip("set PLENARY_RENDER_OUT to a folder to write the samples there")
	}
	for _, f := range formats {
		for _, lang := range languages {
			for kind, d := range map[string]Doc{"adopted": adopted(t, lang), "draft": draft(t, lang)} {
				name := filepath.Join(dir, "outcome-"+lang+"-"+kind+f.Extension)
				if err := os.WriteFile(name, render(t, f.Render, d), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
