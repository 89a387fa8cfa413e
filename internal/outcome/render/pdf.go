package render

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/color"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode"

	"github.com/tdewolff/canvas"
	canvaspdf "github.com/tdewolff/canvas/renderers/pdf"

	"github.com/plenary-org/plenary/internal/domain"
)

// The fonts the PDF embeds (subset to the glyphs a document uses): Noto
// Serif for Latin, Greek and Cyrillic, Noto Naskh Arabic, and Noto Sans
// CJK SC cut down to the hanzi of GB 2312 (see fonts/README.md).
//
//go:embed fonts/*.ttf
var fontFiles embed.FS

// The A4 page, in millimetres.
const (
	pageW, pageH  = 210.0, 297.0
	marginX       = 20.0
	marginTop     = 25.0
	marginBottom  = 22.0
	textW         = pageW - 2*marginX
	numW          = 10.0 // the column of paragraph numbers
	cellPad       = 1.5
	ptPerMM       = 72 / 25.4
	headerBaseTop = 11.0
)

var (
	grey      = color.RGBA{0x55, 0x55, 0x55, 0xff}
	lightGrey = color.RGBA{0xee, 0xee, 0xee, 0xff}
	watermark = color.RGBA{0xe4, 0xe4, 0xe4, 0xff}
)

// pdfFonts are the loaded fonts. A canvas font carries a shaper that is
// not safe for concurrent use, so PDFs are rendered one at a time.
type pdfFonts struct {
	serif, serifBold, naskh, naskhBold, sc *canvas.Font
	scFamily                               *canvas.FontFamily
	glyphText                              []*glyphText
}

// glyphText is a cmap subtable added to each font for the glyphs its cmap
// does not name: the forms Arabic letters take by shaping (Noto Naskh's
// lam and alef of lam-alef, among others). The PDF's ToUnicode map, which
// canvas makes from the cmap, then gives these glyphs their letters back,
// so that a PDF's text can be searched and copied. It learns a glyph's
// letter from the shaper's output (recordGlyphs).
type glyphText struct{ m map[uint16]rune }

func (g *glyphText) Get(rune) (uint16, bool) { return 0, false }

func (g *glyphText) ToUnicode(id uint16) (rune, bool) {
	r, ok := g.m[id]
	return r, ok
}

// recordGlyphs learns the letters of the glyphs of t that the fonts'
// cmaps do not name.
func (f *pdfFonts) recordGlyphs(t *canvas.Text) {
	t.WalkSpans(func(_, _ float64, span canvas.TextSpan) {
		if !span.IsText() {
			return
		}
		cmap := span.Face.Font.SFNT.Cmap
		var g *glyphText
		if n := len(cmap.Subtables); n > 0 {
			g, _ = cmap.Subtables[n-1].(*glyphText)
		}
		if g == nil {
			return
		}
		for _, gl := range span.Glyphs {
			if gl.Text == 0 || cmap.ToUnicode(gl.ID) != 0 {
				continue
			}
			g.m[gl.ID] = gl.Text
		}
	})
}

var (
	pdfMu      sync.Mutex
	fontsOnce  sync.Once
	fontsValue *pdfFonts
	fontsErr   error
)

func loadFonts() (*pdfFonts, error) {
	fontsOnce.Do(func() { fontsValue, fontsErr = newFonts() })
	if fontsErr != nil {
		return nil, fmt.Errorf("render: pdf fonts: %w", fontsErr)
	}
	return fontsValue, nil
}

// newFonts loads the fonts from the embedded files.
func newFonts() (*pdfFonts, error) {
	var err error
	load := func(name string) *canvas.Font {
		if err != nil {
			return nil
		}
		b, rerr := fontFiles.ReadFile("fonts/" + name)
		if rerr != nil {
			err = rerr
			return nil
		}
		f, lerr := canvas.LoadFont(b, 0, canvas.FontRegular)
		if lerr != nil {
			err = fmt.Errorf("%s: %w", name, lerr)
		}
		return f
	}
	f := &pdfFonts{
		serif: load("NotoSerif-Regular.ttf"), serifBold: load("NotoSerif-Bold.ttf"),
		naskh: load("NotoNaskhArabic-Regular.ttf"), naskhBold: load("NotoNaskhArabic-Bold.ttf"),
	}
	if err != nil {
		return nil, err
	}
	b, err := fontFiles.ReadFile("fonts/NotoSansSC-Regular-GB2312.ttf")
	if err != nil {
		return nil, err
	}
	// Optional ligatures off in Arabic: the PDF maps a glyph to at
	// most one character, and "الله" as one glyph would lose two.
	f.naskh.SetFeatures("liga=0,dlig=0")
	f.naskhBold.SetFeatures("liga=0,dlig=0")
	f.scFamily = canvas.NewFontFamily("Noto Sans SC")
	if err := f.scFamily.LoadFont(b, 0, canvas.FontRegular); err != nil {
		return nil, fmt.Errorf("NotoSansSC: %w", err)
	}
	f.sc = f.scFamily.Face(10, canvas.Black).Font
	for _, font := range f.all() {
		g := &glyphText{m: map[uint16]rune{}}
		font.SFNT.Cmap.Subtables = append(font.SFNT.Cmap.Subtables, g)
		f.glyphText = append(f.glyphText, g)
	}
	return f, nil
}

// all are the fonts of the set, in a fixed order.
func (f *pdfFonts) all() []*canvas.Font {
	return []*canvas.Font{f.serif, f.serifBold, f.naskh, f.naskhBold, f.sc}
}

// twinFonts are copies of the fonts, loaded apart, one for each layout
// worker after the first (see boxPlan): a font's shaper is not safe for
// concurrent use. Guarded by pdfMu.
var twinFonts []*pdfFonts

// twins returns n sets of copies of the fonts, loading those missing.
func twins(n int) ([]*pdfFonts, error) {
	for len(twinFonts) < n {
		f, err := newFonts()
		if err != nil {
			return nil, fmt.Errorf("render: pdf fonts: %w", err)
		}
		twinFonts = append(twinFonts, f)
	}
	return twinFonts[:n], nil
}

// faces are the three faces of one text style: Latin (and Cyrillic),
// Arabic, Chinese; alt are copies of them (see textBox). boxes keeps the
// text boxes laid out in this style, so that a text repeated at the same
// width (a table's header on each page, a status, a date, a unit) is
// shaped once: a laid-out box is drawn as many times as needed, and draws
// the same bytes.
type faces struct {
	main, alt [3]*canvas.FontFace
	fonts     *pdfFonts
	boxes     map[boxKey]*canvas.Text
	// The style, to make the same faces of other fonts (boxPlan).
	size float64
	bold bool
	fill color.RGBA
	// plan, while not nil, collects the boxes asked for (textBox).
	plan *boxPlan
}

// boxKey is what a text box depends on besides its style.
type boxKey struct {
	s      string
	width  float64
	dir    string
	center bool
}

const (
	scriptLatin = iota
	scriptArabic
	scriptCJK
)

func (f *pdfFonts) faces(sizePt float64, bold bool, fill color.RGBA) faces {
	fs := faces{fonts: f, boxes: map[boxKey]*canvas.Text{}, size: sizePt, bold: bold, fill: fill}
	if bold {
		fs.main = [3]*canvas.FontFace{f.serifBold.Face(sizePt, fill), f.naskhBold.Face(sizePt, fill), f.scFamily.Face(sizePt, fill, canvas.FontBold)}
	} else {
		fs.main = [3]*canvas.FontFace{f.serif.Face(sizePt, fill), f.naskh.Face(sizePt, fill), f.scFamily.Face(sizePt, fill)}
	}
	for i, face := range fs.main {
		c := *face
		fs.alt[i] = &c
	}
	return fs
}

// scriptOf is the face a letter needs, or -1 for a character of no
// script (spaces, digits, punctuation, combining marks) that goes with its
// neighbours.
func scriptOf(r rune) int {
	switch {
	case unicode.Is(unicode.Arabic, r) && !unicode.IsDigit(r) && !unicode.IsPunct(r):
		return scriptArabic
	case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF, r >= 0xFE10 && r <= 0xFE4F:
		return scriptCJK
	case unicode.IsLetter(r):
		return scriptLatin
	}
	return -1
}

func (fs faces) has(script int, r rune) bool {
	return fs.main[script].Font.SFNT.GlyphIndex(r) != 0
}

// segments cuts s into runs of one face: a letter takes its script's
// face; any other character the face of the run it is in when that face
// has it, else of the next letter's, else the first face that has it.
func (fs faces) segments(s string) (scripts []int, parts []string) {
	rs := []rune(s)
	which := make([]int, len(rs))
	for i, r := range rs {
		which[i] = scriptOf(r)
	}
	prev := -1
	for i, r := range rs {
		if which[i] >= 0 {
			prev = which[i]
			continue
		}
		next := -1
		for j := i + 1; j < len(rs); j++ {
			if which[j] >= 0 {
				next = which[j]
				break
			}
		}
		switch {
		case prev >= 0 && fs.has(prev, r):
			which[i] = prev
		case next >= 0 && fs.has(next, r):
			which[i] = next
		default:
			which[i] = scriptLatin
			for _, k := range []int{scriptLatin, scriptArabic, scriptCJK} {
				if fs.has(k, r) {
					which[i] = k
					break
				}
			}
		}
		prev = which[i]
	}
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i == len(rs) || which[i] != which[start] {
			scripts = append(scripts, which[start])
			parts = append(parts, string(rs[start:i]))
			start = i
		}
	}
	return scripts, parts
}

// textBox lays s out in a box of the given width, aligned to the start of
// its direction (dir is "rtl" or "ltr"), or centred. The box is laid out
// once per style and may be drawn many times.
func (fs faces) textBox(s string, width float64, dir string, center bool) *canvas.Text {
	k := boxKey{s: s, width: width, dir: dir, center: center}
	if t := fs.boxes[k]; t != nil {
		return t
	}
	if fs.plan != nil {
		fs.boxes[k] = planned
		fs.plan.boxes = append(fs.plan.boxes, plannedBox{fs: fs, k: k})
		return planned
	}
	t := fs.layout(s, width, dir, center)
	fs.fonts.recordGlyphs(t)
	fs.boxes[k] = t
	return t
}

// planned stands for a box a plan is to lay out: empty, of no size.
var planned = &canvas.Text{}

// A boxPlan lays out many text boxes at once on as many cores as there
// are (up to maxLayoutWorkers), each worker with fonts of its own: the
// document is laid out once with textBox only noting the boxes it asks
// for (their size unknown), the plan lays them out, and the document is
// laid out again with every box ready. The boxes a worker lays out with
// its copies of the fonts are then given the fonts of the document
// (their faces' Font), which have the same glyphs and metrics, so that
// the PDF holds one copy of each font and the same bytes as when one
// worker lays out every box in turn.
type boxPlan struct {
	boxes []plannedBox
}

type plannedBox struct {
	fs faces
	k  boxKey
}

// maxLayoutWorkers bounds the copies of the fonts kept in memory (22 MB
// each, loaded once for the life of the process).
const maxLayoutWorkers = 4

// layoutWorkers is how many workers lay out n boxes; a variable so that
// a test can compare one with several.
var layoutWorkers = func(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), maxLayoutWorkers, n/100))
}

// run lays out the boxes planned, then lets textBox return them.
func (p *boxPlan) run() error {
	boxes := p.boxes
	p.boxes = nil
	out := make([]*canvas.Text, len(boxes))
	n := layoutWorkers(len(boxes))
	if n > 1 {
		fonts, err := twins(n - 1)
		if err != nil {
			return err
		}
		// Each worker's faces for each style, made before the workers
		// start.
		type style struct {
			size float64
			bold bool
			fill color.RGBA
		}
		made := map[style][]faces{}
		facesOf := make([][]faces, len(boxes))
		for i, b := range boxes {
			st := style{b.fs.size, b.fs.bold, b.fs.fill}
			fs, ok := made[st]
			if !ok {
				fs = []faces{b.fs}
				for _, f := range fonts {
					fs = append(fs, f.faces(st.size, st.bold, st.fill))
				}
				made[st] = fs
			}
			facesOf[i] = fs
		}
		var wg sync.WaitGroup
		for w := range n {
			wg.Go(func() {
				for i := w; i < len(boxes); i += n {
					b := boxes[i]
					out[i] = facesOf[i][w].layout(b.k.s, b.k.width, b.k.dir, b.k.center)
				}
			})
		}
		wg.Wait()
		// The document's fonts in place of the copies.
		doc := boxes[0].fs.fonts.all()
		to := map[*canvas.Font]*canvas.Font{}
		for _, f := range fonts {
			for i, c := range f.all() {
				to[c] = doc[i]
			}
		}
		for _, fs := range made {
			for _, other := range fs[1:] {
				for _, face := range append(other.main[:], other.alt[:]...) {
					face.Font = to[face.Font]
				}
			}
		}
	} else {
		for i, b := range boxes {
			out[i] = b.fs.layout(b.k.s, b.k.width, b.k.dir, b.k.center)
		}
	}
	// In the order asked, as textBox would have: the first shaping of a
	// glyph gives its letter.
	for i, b := range boxes {
		b.fs.fonts.recordGlyphs(out[i])
		b.fs.boxes[b.k] = out[i]
	}
	return nil
}

// layout is textBox without the memory of the boxes laid out before.
func (fs faces) layout(s string, width float64, dir string, center bool) *canvas.Text {
	s = strings.Join(lines(s), "\n")
	// A mark of the direction makes it the paragraph's even when its
	// first letter is of the other (an Arabic paragraph that starts with
	// "GCM", a number alone).
	mark := "\u200e"
	if dir == "rtl" {
		mark = "\u200f"
	}
	s = mark + strings.ReplaceAll(s, "\n", "\n"+mark)
	rt := canvas.NewRichText(fs.main[scriptLatin])
	scripts, parts := fs.segments(s)
	alt := false
	for i, p := range parts {
		if scripts[i] != scriptArabic {
			rt.WriteFace(fs.main[scripts[i]], p)
			continue
		}
		// canvas merges the words of a line set in one face into one
		// span in logical order, which puts right-to-left words in the
		// wrong order; words in two alternating copies of the face
		// stay spans of their own, which it orders right.
		for _, w := range strings.SplitAfter(p, " ") {
			if w == "" {
				continue
			}
			face := fs.main[scriptArabic]
			if alt {
				face = fs.alt[scriptArabic]
			}
			alt = !alt
			rt.WriteFace(face, w)
		}
	}
	align := canvas.Left
	if center {
		align = canvas.Center
	} else if dir == "rtl" {
		align = canvas.Right
	}
	return rt.ToText(width, 0, align, canvas.Top, nil)
}

// pdfLayout places the blocks of a document on pages.
type pdfLayout struct {
	d     Doc
	f     *pdfFonts
	dir   string
	pages [][]func(*canvas.Context)
	y     float64 // the top of the free space on the current page, from the bottom
	marks []pdfMark
	pdfStyles
}

// pdfMark is a heading, for the PDF's outline (bookmarks).
type pdfMark struct {
	title string
	level int
	page  int
	y     float64 // in mm from the bottom
}

func (l *pdfLayout) newPage() {
	l.pages = append(l.pages, nil)
	l.y = pageH - marginTop
}

func (l *pdfLayout) draw(op func(*canvas.Context)) {
	l.pages[len(l.pages)-1] = append(l.pages[len(l.pages)-1], op)
}

// room makes sure h millimetres are free on the page, else starts one.
func (l *pdfLayout) room(h float64) {
	if l.y-h < marginBottom && l.y < pageH-marginTop {
		l.newPage()
	}
}

// place puts a text box at x, with space before it, keeping it on one
// page.
func (l *pdfLayout) place(t *canvas.Text, x, before, keepWith float64) {
	_, h := t.Size()
	if l.y < pageH-marginTop {
		l.y -= before
	}
	l.room(h + keepWith)
	y := l.y
	l.draw(func(c *canvas.Context) { c.DrawText(x, y, t) })
	l.y -= h
}

// block lays out a text across the text width.
func (l *pdfLayout) block(fs faces, s string, before float64, center bool, keepWith float64) {
	t := fs.textBox(s, textW, blockDir(s, l.dir), center)
	l.place(t, marginX, before, keepWith)
}

func (l *pdfLayout) heading(fs faces, s string, before float64, level int) {
	s = strings.Join(strings.Fields(s), " ")
	t := fs.textBox(s, textW, blockDir(s, l.dir), false)
	_, h := t.Size()
	if l.y < pageH-marginTop {
		l.y -= before
	}
	l.room(h + 12) // a heading stays with the start of what follows
	l.marks = append(l.marks, pdfMark{title: s, level: level, page: len(l.pages) - 1, y: l.y})
	y := l.y
	l.draw(func(c *canvas.Context) { c.DrawText(marginX, y, t) })
	l.y -= h
}

// paragraph lays out a numbered paragraph: its number in a column at the
// start side, its text beside it.
func (l *pdfLayout) paragraph(num int, s string) {
	t := l.body.textBox(s, textW-numW, blockDir(s, l.dir), false)
	// The number reads as Word and LibreOffice set a list's numbers: in
	// the document's direction ("1." on the left, ".1" on the right).
	n := l.body.textBox(fmt.Sprintf("%d.", num), numW, l.dir, false)
	_, h := t.Size()
	l.y -= 2.2
	l.room(h)
	y := l.y
	tx, nx := marginX+numW, marginX
	if l.dir == "rtl" {
		tx, nx = marginX, marginX+textW-numW
	}
	l.draw(func(c *canvas.Context) {
		c.DrawText(nx, y, n)
		c.DrawText(tx, y, t)
	})
	l.y -= h
}

// table lays out a table with borders, its first row a shaded header
// that is drawn again at the top of each page the table goes on to.
func (l *pdfLayout) table(caption string, rows [][]string) {
	n := columns(rows)
	if n == 0 {
		return
	}
	colW := textW / float64(n)
	layoutRow := func(r int) ([]*canvas.Text, float64) {
		fs := l.cellFaces
		if r == 0 {
			fs = l.headFaces
		}
		ts := make([]*canvas.Text, n)
		h := 0.0
		for c := range n {
			s := cell(rows, r, c)
			ts[c] = fs.textBox(s, colW-2*cellPad, blockDir(s, l.dir), false)
			_, th := ts[c].Size()
			h = max(h, th)
		}
		return ts, h + 2*cellPad
	}
	head, headH := layoutRow(0)
	drawRow := func(ts []*canvas.Text, h float64, shade bool) {
		y := l.y
		l.draw(func(c *canvas.Context) {
			for i, t := range ts {
				x := marginX + float64(i)*colW
				if l.dir == "rtl" {
					x = marginX + textW - float64(i+1)*colW
				}
				c.SetStrokeColor(grey)
				c.SetStrokeWidth(0.25)
				if shade {
					c.SetFillColor(lightGrey)
				} else {
					c.SetFill(canvas.Transparent)
				}
				c.DrawPath(x, y-h, canvas.Rectangle(colW, h))
				c.DrawText(x+cellPad, y-cellPad, t)
			}
		})
		l.y -= h
	}
	if caption != "" {
		l.block(l.bold, caption, 3, false, headH+8)
		l.y -= 1
	} else {
		l.y -= 3
	}
	l.room(headH + 8)
	drawRow(head, headH, true)
	for r := 1; r < len(rows); r++ {
		ts, h := layoutRow(r)
		if l.y-h < marginBottom {
			l.newPage()
			drawRow(head, headH, true)
		}
		drawRow(ts, h, false)
	}
}

// pdfStyles are the text styles of a PDF.
type pdfStyles struct {
	body, bold, small, note, title, h1, subheading, cellFaces, headFaces faces
}

func newPDFStyles(f *pdfFonts) pdfStyles {
	black := color.RGBA{0x11, 0x11, 0x11, 0xff}
	return pdfStyles{
		body:       f.faces(10.5, false, black),
		bold:       f.faces(10, true, black),
		small:      f.faces(8, false, grey),
		note:       f.faces(9.5, false, color.RGBA{0x33, 0x33, 0x33, 0xff}),
		title:      f.faces(16, true, black),
		h1:         f.faces(12.5, true, black),
		subheading: f.faces(10.5, true, black),
		cellFaces:  f.faces(9, false, black),
		headFaces:  f.faces(9, true, black),
	}
}

// setPlan makes textBox note the boxes asked for in p (nil: lay them
// out).
func (l *pdfLayout) setPlan(p *boxPlan) {
	for _, fs := range []*faces{&l.body, &l.bold, &l.small, &l.note, &l.title, &l.h1, &l.subheading, &l.cellFaces, &l.headFaces} {
		fs.plan = p
	}
}

// text lays out the document's text on pages.
func (l *pdfLayout) text() {
	d := l.d
	t := d.Text
	l.newPage()
	if d.Draft {
		l.block(l.bold, d.Labels.Draft, 0, true, 0)
	}
	tt := l.title.textBox(t.Title, textW, blockDir(t.Title, l.dir), true)
	l.marks = append(l.marks, pdfMark{title: strings.Join(strings.Fields(t.Title), " "), level: 0, page: 0, y: l.y})
	l.place(tt, marginX, 2, 0)
	if t.Subtitle != "" {
		l.block(l.body, t.Subtitle, 3, true, 0)
	}
	if m := d.metaLine(); m != "" {
		l.block(l.small, m, 2, true, 0)
	}
	l.y -= 4
	nums := t.Numbers()
	for _, s := range t.Sections {
		l.heading(l.h1, s.Heading, 6, 1)
		for _, b := range s.Blocks {
			switch b.Kind {
			case domain.BlockParagraph:
				l.paragraph(nums[b.ID], b.Text)
			case domain.BlockSubheading:
				l.heading(l.subheading, b.Text, 3.5, 2)
			case domain.BlockNote:
				s := b.Text
				tb := l.note.textBox(s, textW-numW, blockDir(s, l.dir), false)
				x := marginX + numW
				if l.dir == "rtl" {
					x = marginX
				}
				l.place(tb, x, 2.2, 0)
			case domain.BlockTable:
				l.table(b.Text, b.Rows)
				l.y -= 2
			}
		}
	}
	if d.Hash != "" {
		l.y -= 8
		l.block(l.small, d.shortHashLine()+"\n"+d.fullHashLine(), 0, false, 0)
	}

}

// PDF writes the document as a PDF of A4 pages: text shaped with
// HarfBuzz's rules (Arabic joined and right to left, Chinese in its own
// font), Noto fonts embedded and subset, the title as running header,
// "page X of Y" and the short hash at the foot of each page, a DRAFT
// watermark behind the text of a draft, numbered paragraphs, tables with
// borders and wrapped cells, and an outline (bookmarks) of the sections.
// The file holds the document's date and an ID made from its content, so
// that the same document gives the same bytes.
func PDF(w io.Writer, d Doc) error {
	pdfMu.Lock()
	defer pdfMu.Unlock()
	f, err := loadFonts()
	if err != nil {
		return err
	}
	// The text laid out twice: once to learn the boxes it needs, which
	// are then laid out together (boxPlan), and once to place them.
	plan := &boxPlan{}
	styles := newPDFStyles(f)
	first := &pdfLayout{d: d, f: f, dir: d.dir(), pdfStyles: styles}
	first.setPlan(plan)
	first.text()
	if err := plan.run(); err != nil {
		return err
	}
	l := &pdfLayout{d: d, f: f, dir: d.dir(), pdfStyles: styles}
	l.text()
	t := d.Text

	var buf bytes.Buffer
	p := canvaspdf.New(&buf, pageW, pageH, &canvaspdf.Options{Compress: true, SubsetFonts: true})
	c := canvas.NewContext(p)
	header := t.Title
	if d.Draft {
		header = d.Labels.Draft + " · " + header
	}
	header = strings.Join(strings.Fields(header), " ")
	marked := f.faces(96, true, watermark)
	foot := func(i int) string {
		s := d.pageOfText(i+1, len(l.pages))
		if d.Hash != "" {
			s += "   ·   " + d.shortHashLine()
		}
		return s
	}
	// What each page has besides its text, planned, laid out, then
	// taken, in the order of the pages.
	furniture := func() (head, mark *canvas.Text, foots []*canvas.Text) {
		head = l.small.textBox(header, textW, blockDir(header, l.dir), true)
		if d.Draft {
			mark = marked.textBox(d.Labels.Draft, 0, blockDir(d.Labels.Draft, l.dir), false)
		}
		for i := range l.pages {
			s := foot(i)
			foots = append(foots, l.small.textBox(s, textW, blockDir(s, l.dir), true))
		}
		return head, mark, foots
	}
	l.setPlan(plan)
	marked.plan = plan
	furniture()
	if err := plan.run(); err != nil {
		return err
	}
	l.setPlan(nil)
	marked.plan = nil
	headerText, markText, foots := furniture()
	// The watermark is drawn as outlines, behind the text (a watermark is
	// not part of the document's text): its outlines are made once and
	// drawn on every page.
	var mark pathRecorder
	if markText != nil {
		w, h := markText.Size()
		markText.RenderAsPath(&mark, canvas.Identity.Translate(pageW/2, pageH/2).Rotate(45).Translate(-w/2, h/2), canvas.DefaultResolution)
	}
	for i, ops := range l.pages {
		if i > 0 {
			p.NewPage(pageW, pageH)
		}
		for _, m := range mark {
			p.RenderPath(m.path, m.style, m.m)
		}
		c.DrawText(marginX, pageH-headerBaseTop, headerText)
		c.DrawText(marginX, 14, foots[i])
		for _, op := range ops {
			op(c)
		}
	}
	if err := p.Close(); err != nil {
		return fmt.Errorf("render: pdf: %w", err)
	}
	out, err := finishPDF(buf.Bytes(), d, l.marks)
	if err != nil {
		return fmt.Errorf("render: pdf: %w", err)
	}
	_, err = w.Write(out)
	return err
}

// pathRecorder is a canvas renderer that keeps the paths drawn on it, to
// draw them again on others ([canvas.Text.RenderAsPath] draws only
// paths; a text or an image is not expected).
type pathRecorder []recordedPath

type recordedPath struct {
	path  *canvas.Path
	style canvas.Style
	m     canvas.Matrix
}

func (r *pathRecorder) Size() (float64, float64) { return pageW, pageH }

func (r *pathRecorder) RenderPath(path *canvas.Path, style canvas.Style, m canvas.Matrix) {
	*r = append(*r, recordedPath{path: path.Copy(), style: style, m: m})
}

func (r *pathRecorder) RenderText(*canvas.Text, canvas.Matrix) {
	panic("render: pathRecorder: a text drawn as a text")
}

func (r *pathRecorder) RenderImage(image.Image, canvas.Matrix) {
	panic("render: pathRecorder: an image")
}

// pageOfText is the PageOf label with its numbers.
func (d Doc) pageOfText(page, pages int) string {
	a, b, c := d.pageOf()
	return fmt.Sprintf("%s%d%s%d%s", a, page, b, pages, c)
}

// Uncovered lists, in order of first use, the characters of a document
// that none of the PDF's fonts has: the PDF prints them as an empty box
// and its text holds U+FFFD there (the Chinese font covers the 6,763
// hanzi of GB 2312; see fonts/README.md). The other formats are not
// affected: they name fonts and leave the glyphs to the reader's system.
func Uncovered(t domain.OutcomeText) ([]rune, error) {
	pdfMu.Lock()
	defer pdfMu.Unlock()
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	seen := map[rune]bool{}
	var out []rune
	check := func(s string) {
		for _, r := range s {
			if seen[r] || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				continue
			}
			seen[r] = true
			has := false
			for _, font := range []*canvas.Font{f.serif, f.naskh, f.sc} {
				if font.SFNT.GlyphIndex(r) != 0 {
					has = true
					break
				}
			}
			if !has {
				out = append(out, r)
			}
		}
	}
	check(t.Title)
	check(t.Subtitle)
	for _, s := range t.Sections {
		check(s.Heading)
		for _, b := range s.Blocks {
			check(b.Text)
			for _, r := range b.Rows {
				for _, c := range r {
					check(c)
				}
			}
		}
	}
	return out, nil
}
