package render

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

//go:embed templates/outcome.html
var templates embed.FS

var htmlTemplate = template.Must(template.ParseFS(templates, "templates/outcome.html"))

type htmlView struct {
	Lang, Dir, Title   string
	Subtitle           []string
	Meta, Draft        string
	HeaderCSS, PageCSS template.CSS
	Sections           []htmlSection
	ShortHash          string
	FullLabel          string
	FullHash           string
}

type htmlSection struct {
	ID, Heading, Dir string
	Blocks           []htmlBlock
}

type htmlBlock struct {
	Kind    domain.BlockKind
	ID      string
	Num     int
	Lines   []string
	Dir     string // set when it differs from the document's
	Caption string
	Head    []htmlCell
	Body    [][]htmlCell
}

type htmlCell struct{ Text, Dir string }

// HTML writes the document as one standalone page made for printing: no
// forms, buttons or navigation; A4 pages with margins, the title at the
// top and "page X of Y" at the bottom of each page where the browser
// supports page margin boxes; a DRAFT watermark on every page of a draft;
// lang and dir on the page, and dir on a block (or bdi around it) written
// in the other direction than the document.
func HTML(w io.Writer, d Doc) error {
	t := d.Text
	dir := d.dir()
	other := func(s string) string {
		if bd := blockDir(s, dir); bd != dir {
			return bd
		}
		return ""
	}
	a, b, c := d.pageOf()
	v := htmlView{
		Lang:      t.Language,
		Dir:       dir,
		Title:     t.Title,
		Meta:      d.metaLine(),
		HeaderCSS: template.CSS(cssQuote(t.Title)),
		PageCSS:   template.CSS(cssQuote(a) + " counter(page) " + cssQuote(b) + " counter(pages) " + cssQuote(c)),
		ShortHash: d.shortHashLine(),
		FullLabel: d.Labels.Full,
		FullHash:  d.Hash,
	}
	if d.Draft {
		v.Draft = d.Labels.Draft
		v.HeaderCSS = template.CSS(cssQuote(d.Labels.Draft + " · " + t.Title))
	}
	if t.Subtitle != "" {
		v.Subtitle = lines(t.Subtitle)
	}
	nums := t.Numbers()
	for i, s := range t.Sections {
		hs := htmlSection{ID: fmt.Sprintf("s%d", i+1), Heading: s.Heading, Dir: other(s.Heading)}
		for _, bl := range s.Blocks {
			hb := htmlBlock{Kind: bl.Kind, ID: bl.ID, Num: nums[bl.ID], Lines: lines(bl.Text), Dir: other(bl.Text)}
			if bl.Kind == domain.BlockSubheading {
				hb.Lines = []string{strings.Join(strings.Fields(bl.Text), " ")}
			}
			if bl.Kind == domain.BlockTable {
				hb.Caption = bl.Text
				n := columns(bl.Rows)
				for r := range bl.Rows {
					row := make([]htmlCell, n)
					for c := range row {
						text := cell(bl.Rows, r, c)
						row[c] = htmlCell{Text: text, Dir: other(text)}
					}
					if r == 0 {
						hb.Head = row
					} else {
						hb.Body = append(hb.Body, row)
					}
				}
			}
			hs.Blocks = append(hs.Blocks, hb)
		}
		v.Sections = append(v.Sections, hs)
	}
	if err := htmlTemplate.Execute(w, v); err != nil {
		return fmt.Errorf("render: html: %w", err)
	}
	return nil
}

// cssQuote is s as a CSS string: every character but ASCII letters,
// digits and spaces is written as a hexadecimal escape, so that nothing in
// a title can close the string or the style element.
func cssQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ':
			b.WriteRune(r)
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		default:
			fmt.Fprintf(&b, "\\%06x", r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
