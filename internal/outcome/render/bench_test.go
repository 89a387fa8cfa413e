package render

import (
	"fmt"
	"io"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// long is a document of 200 numbered paragraphs in 20 sections of the
// English test document's text, with a table in each section.
func long(b testing.TB, lang string) Doc {
	d := adopted(b, lang)
	var paras []string
	var table domain.OutcomeBlock
	for _, s := range d.Text.Sections {
		for _, bl := range s.Blocks {
			switch bl.Kind {
			case domain.BlockParagraph:
				paras = append(paras, bl.Text)
			case domain.BlockTable:
				table = bl
			}
		}
	}
	var sections []domain.OutcomeSection
	for i := range 20 {
		s := domain.OutcomeSection{Key: fmt.Sprintf("s%d", i), Heading: d.Text.Sections[i%len(d.Text.Sections)].Heading}
		for j := range 10 {
			s.Blocks = append(s.Blocks, domain.OutcomeBlock{ID: fmt.Sprintf("p%d-%d", i, j), Kind: domain.BlockParagraph, Text: paras[(i+j)%len(paras)]})
		}
		t := table
		t.ID = fmt.Sprintf("t%d", i)
		s.Blocks = append(s.Blocks, t)
		sections = append(sections, s)
	}
	d.Text.Sections = sections
	d.Hash = d.Text.Hash()
	return d
}

// BenchmarkFormats renders a 200-paragraph document in each format.
func BenchmarkFormats(b *testing.B) {
	for _, f := range formats {
		for _, lang := range []string{"en", "ar", "zh"} {
			d := long(b, lang)
			b.Run(f.Name+"/"+lang, func(b *testing.B) {
				for b.Loop() {
					if err := f.Render(io.Discard, d); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
