package render

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// Markdown writes the document as CommonMark with pipe tables: the title
// as a level-1 heading, sections as level 2, sub-headings as level 3,
// each numbered paragraph as a list item that carries its own number,
// notes as plain paragraphs, and the content hash at the end. Text is
// escaped so that nothing in it is read as markup.
func Markdown(w io.Writer, d Doc) error {
	bw := bufio.NewWriter(w)
	t := d.Text
	nums := t.Numbers()
	p := func(s ...string) {
		for _, x := range s {
			bw.WriteString(x)
		}
	}
	if d.Draft {
		p("**", mdEscape(d.Labels.Draft), "**\n\n")
	}
	p("# ", mdInline(t.Title), "\n\n")
	if t.Subtitle != "" {
		p(mdBlock(t.Subtitle, ""), "\n\n")
	}
	if m := d.metaLine(); m != "" {
		p(mdInline(m), "\n\n")
	}
	for _, s := range t.Sections {
		p("## ", mdInline(s.Heading), "\n\n")
		for _, b := range s.Blocks {
			switch b.Kind {
			case domain.BlockParagraph:
				marker := strconv.Itoa(nums[b.ID]) + ". "
				p(marker, mdBlock(b.Text, strings.Repeat(" ", len(marker))), "\n\n")
			case domain.BlockSubheading:
				p("### ", mdInline(b.Text), "\n\n")
			case domain.BlockNote:
				p(mdBlock(b.Text, ""), "\n\n")
			case domain.BlockTable:
				if b.Text != "" {
					p("**", mdInline(b.Text), "**\n\n")
				}
				mdTable(bw, b.Rows)
			}
		}
	}
	if d.Hash != "" {
		p("---\n\n", mdEscape(d.shortHashLine()), "  \n", mdEscape(d.Labels.Full), ": `", d.Hash, "`\n")
	}
	return bw.Flush()
}

// mdTable writes a pipe table; the first row is its header.
func mdTable(bw *bufio.Writer, rows [][]string) {
	n := columns(rows)
	if n == 0 {
		return
	}
	row := func(r int) {
		bw.WriteString("|")
		for c := 0; c < n; c++ {
			bw.WriteString(" ")
			bw.WriteString(mdCell(cell(rows, r, c)))
			bw.WriteString(" |")
		}
		bw.WriteString("\n")
	}
	row(0)
	bw.WriteString("|" + strings.Repeat(" --- |", n) + "\n")
	for r := 1; r < len(rows); r++ {
		row(r)
	}
	bw.WriteString("\n")
}

// mdEscape backslash-escapes the characters that CommonMark may read as
// markup anywhere in a line.
func mdEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '!', '&', '{', '}':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// mdLineStart escapes what would start a list, a heading, a quote or a
// rule at the start of a line: "-", "+", "=" and a number followed by "."
// or ")".
func mdLineStart(l string) string {
	if l == "" {
		return l
	}
	switch l[0] {
	case '-', '+', '=':
		return "\\" + l
	}
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	if i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')') {
		return l[:i] + "\\" + l[i:]
	}
	return l
}

// mdInline is one line of text (a heading): line breaks become spaces.
func mdInline(s string) string {
	return mdLineStart(mdEscape(strings.Join(strings.Fields(s), " ")))
}

// mdBlock is a block of text whose lines after the first are indented by
// indent; a blank line inside it stays a blank line, other line breaks
// are hard breaks.
func mdBlock(s, indent string) string {
	ls := lines(s)
	var b strings.Builder
	for i, l := range ls {
		l = strings.TrimLeft(l, " \t")
		if i > 0 {
			if ls[i-1] != "" && l != "" {
				b.WriteString("\\") // a hard line break
			}
			b.WriteString("\n")
			if l != "" {
				b.WriteString(indent)
			}
		}
		b.WriteString(mdLineStart(mdEscape(l)))
	}
	return b.String()
}

// mdCell is a table cell: one line, pipes escaped.
func mdCell(s string) string {
	return mdEscape(strings.Join(strings.Fields(s), " "))
}
