package chart

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Data is the table of numbers behind a chart: one row per category (a
// status, an objective, a region), one column per series.
type Data struct {
	// Caption says what the numbers are; it is the table's caption.
	Caption string
	// RowHeader heads the column of row labels ("Status", "Objective").
	RowHeader string
	// Columns name the series ("Commitments", or one per region).
	Columns []string
	// ColumnShort are optional short column labels for the drawing (a
	// heat map's regions); the full names stay in the table.
	ColumnShort []string
	Rows        []Row
}

// Row is one category and its value in each column. A missing value is
// NaN: it is not drawn, and the table shows [Options.Missing].
type Row struct {
	Label string
	// Short is drawn under a column instead of Label when space is short
	// ("12" for objective 12); the full Label stays in the tooltip and
	// the table.
	Short string
	// Key, when set, is written in the CSV instead of Label (an ISO date,
	// a code that a spreadsheet can sort).
	Key    string
	Values []float64
}

// Options are the words and settings a page gives a chart.
type Options struct {
	// ID is unique in the page; the SVG's title, description and the
	// table refer to each other with it. Only letters, digits and '-' are
	// kept; an empty ID is made from the title.
	ID string
	// Title names the chart (its <title> and the figure's caption).
	Title string
	// Desc says in a sentence what the chart shows (its <desc>); when
	// empty, a description listing the first values is made.
	Desc string
	// RTL mirrors the drawing for right-to-left languages.
	RTL bool
	// Number formats a value for reading; the default keeps two decimals.
	Number func(float64) string
	// Percent formats a share (0.25 for a quarter) as a percentage; the
	// default is Number(share*100) followed by "%".
	Percent func(float64) string
	// Date formats a date of a [Line] chart; the default is ISO 8601.
	Date func(time.Time) string
	// Missing is written for a missing value; "—" by default.
	Missing string
	// Empty is shown instead of a drawing when there is no data.
	Empty string
	// Colors replace the default palette, one per column. Each should
	// have a contrast of at least 3:1 with white.
	Colors []string
	// Width is the drawing's width in pixels (the SVG scales down to its
	// container); 760 by default.
	Width int
	// TableLabel, CSVLabel and CSVHref are used by [Chart.Figure]: the
	// summary of the data table, and the download link (left out when
	// CSVHref is empty).
	TableLabel, CSVLabel, CSVHref string
	// Heading, from 1 to 6, makes [Chart.Figure]'s caption a heading of
	// that level, so that the page's outline lists the chart; 0 keeps it
	// plain text.
	Heading int
	// Hint is a sentence [Chart.Figure] shows under the caption: how to
	// read the chart.
	Hint string
	// TableClosed folds the data table of [Chart.Figure] (a long one)
	// until the reader opens it.
	TableClosed bool
}

// Chart is a drawing and its data, ready for a template.
type Chart struct {
	opt     Options
	data    Data
	svg     string
	percent bool // cells show their share of the row too
}

// Empty reports whether the chart has nothing to draw.
func (c *Chart) Empty() bool { return c.svg == "" }

// ID is the chart's id in the page.
func (c *Chart) ID() string { return c.opt.ID }

// Data returns the numbers behind the chart.
func (c *Chart) Data() Data { return c.data }

// SVG returns the drawing, or the empty state when there is no data.
func (c *Chart) SVG() template.HTML {
	if c.svg == "" {
		return template.HTML(`<p class="chart-empty empty" id="` + c.opt.ID + `-empty">` + esc(c.opt.Empty) + `</p>`)
	}
	return template.HTML(c.svg)
}

// Figure returns the drawing, its data table (in an open <details>, so
// that a reader may fold it) and the CSV link, in one <figure>.
func (c *Chart) Figure() template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart" id="%s-figure" aria-labelledby="%s-caption">`, c.opt.ID, c.opt.ID)
	if h := c.opt.Heading; h >= 1 && h <= 6 {
		fmt.Fprintf(&b, `<figcaption id="%s-caption"><h%d>%s</h%d></figcaption>`, c.opt.ID, h, esc(c.opt.Title), h)
	} else {
		fmt.Fprintf(&b, `<figcaption id="%s-caption">%s</figcaption>`, c.opt.ID, esc(c.opt.Title))
	}
	if c.opt.Hint != "" {
		fmt.Fprintf(&b, `<p class="hint">%s</p>`, esc(c.opt.Hint))
	}
	b.WriteString(string(c.SVG()))
	label := c.opt.TableLabel
	if label == "" {
		label = "Data table"
	}
	open := ` open=""`
	if c.opt.TableClosed {
		open = ""
	}
	fmt.Fprintf(&b, `<details class="chart-data"%s><summary>%s</summary>`, open, esc(label))
	b.WriteString(string(c.Table()))
	b.WriteString(`</details>`)
	if c.opt.CSVHref != "" {
		csv := c.opt.CSVLabel
		if csv == "" {
			csv = "Download CSV"
		}
		fmt.Fprintf(&b, `<p class="chart-csv"><a href="%s" download="">%s</a></p>`, esc(c.opt.CSVHref), esc(csv))
	}
	b.WriteString(`</figure>`)
	return template.HTML(b.String())
}

// prepare fills the defaults shared by every chart.
func prepare(o Options) Options {
	o.ID = cleanID(o.ID)
	if o.ID == "" {
		h := fnv.New32a()
		h.Write([]byte(o.Title))
		o.ID = fmt.Sprintf("chart-%08x", h.Sum32())
	}
	if o.Number == nil {
		o.Number = defaultNumber
	}
	if o.Date == nil {
		o.Date = func(t time.Time) string { return t.Format("2006-01-02") }
	}
	if o.Missing == "" {
		o.Missing = "—"
	}
	if o.Empty == "" {
		o.Empty = "No data."
	}
	if len(o.Colors) == 0 {
		o.Colors = Palette
	}
	if o.Width <= 0 {
		o.Width = 760
	}
	if o.Width < 320 {
		o.Width = 320
	}
	if o.Width > 4000 {
		o.Width = 4000
	}
	return o
}

// Palette holds the default series colours: distinguishable with common
// colour blindness (after Okabe and Ito, darkened) and each with a contrast
// of at least 3:1 against white.
var Palette = []string{"#0b5394", "#b8520a", "#00795c", "#a63d7d", "#5a5a5a", "#6a51a3", "#8a6d00", "#1f7a99"}

// Text colours; both have a contrast of at least 4.5:1 with the
// backgrounds they are drawn on (inkOn chooses).
const (
	ink      = "#1b1b1b"
	inkLight = "#ffffff"
	inkMuted = "#595959"
	gridLine = "#d0d0d0"
	axisLine = "#767676"
)

// fontSize is the drawing's text size in pixels of the viewBox; the SVG
// is drawn at its width, so this is the size read at 1366 px.
const fontSize = 14

// maxLabel caps a label's length in the drawing and its tooltip; the
// table keeps the whole text.
const maxLabel = 500

func cleanID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
			b.WriteRune(r)
		}
		if b.Len() >= 64 {
			break
		}
	}
	id := b.String()
	if id != "" && !unicode.IsLetter(rune(id[0])) {
		id = "c" + id
	}
	return id
}

// clean makes user text safe to draw: valid UTF-8, control characters
// turned into spaces, bidirectional overrides and isolates removed (a
// label must not reorder the text around it), white space collapsed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0xFFFE, r == 0xFFFF:
			continue
		case unicode.IsControl(r) || unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

var escaper = strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;")

// esc cleans and escapes text for an element or an attribute value.
func esc(s string) string { return escaper.Replace(clean(s)) }

// shorten cuts s to fit about px pixels at size, with an ellipsis.
func shorten(s string, px, size float64) string {
	s = clean(s)
	if textWidth(s, size) <= px {
		return s
	}
	w := textWidth("…", size)
	var b strings.Builder
	for _, r := range s {
		w += runeWidth(r, size)
		if w > px {
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String()) + "…"
}

// textWidth estimates the drawn width of s; the drawing has no font
// metrics, so this errs on the wide side.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r, size)
	}
	return w
}

func runeWidth(r rune, size float64) float64 {
	switch {
	case r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F)):
		return size
	case unicode.IsUpper(r):
		return size * 0.68
	default:
		return size * 0.58
	}
}

// label returns a row's label for drawing, or the missing mark when empty.
func (o *Options) label(s string) string {
	if clean(s) == "" {
		return o.Missing
	}
	return s
}

// num formats a value, or the missing mark.
func (o *Options) num(v float64) string {
	if !finite(v) {
		return o.Missing
	}
	return o.Number(v)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// defaultNumber writes v with at most two decimals and no grouping.
func defaultNumber(v float64) string {
	if !finite(v) {
		return ""
	}
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// csvNumber writes v for a spreadsheet: plain digits, a dot, no grouping.
func csvNumber(v float64) string {
	if !finite(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// f writes a coordinate.
func f(v float64) string {
	if !finite(v) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// svgOpen starts the drawing with its accessible name and description.
func svgOpen(b *strings.Builder, o *Options, w, h float64, desc string) {
	dir := "ltr"
	if o.RTL {
		dir = "rtl"
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="%s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" direction="%s" font-family="system-ui, sans-serif" font-size="%d" fill="%s">`,
		o.ID, f(w), f(h), f(w), f(h), o.ID, o.ID, dir, fontSize, ink)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`, o.ID, esc(o.Title))
	if o.Desc != "" {
		desc = o.Desc
	}
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`, o.ID, esc(desc))
}

// describe lists the first rows and their values, for a chart's <desc>.
func describe(o *Options, d *Data, col int) string {
	var parts []string
	for i, r := range d.Rows {
		if i == 8 {
			parts = append(parts, "…")
			break
		}
		v := math.NaN()
		if col < len(r.Values) {
			v = r.Values[col]
		}
		parts = append(parts, shorten(o.label(r.Label), 400, fontSize)+": "+o.num(v))
	}
	return strings.Join(parts, "; ")
}

// mirror turns the x of a left-to-right drawing into the x drawn.
type mirror struct {
	rtl bool
	w   float64
}

func (m mirror) x(x float64) float64 {
	if m.rtl {
		return m.w - x
	}
	return x
}

// span returns the drawn left edge and width of [x0, x1].
func (m mirror) span(x0, x1 float64) (float64, float64) {
	a, b := m.x(x0), m.x(x1)
	if a > b {
		a, b = b, a
	}
	return a, b - a
}

// value returns row r's value in column c, NaN when absent.
func value(r Row, c int) float64 {
	if c < len(r.Values) {
		return r.Values[c]
	}
	return math.NaN()
}

// hasData reports whether any value can be drawn.
func hasData(d *Data) bool {
	for _, r := range d.Rows {
		for _, v := range r.Values {
			if finite(v) {
				return true
			}
		}
	}
	return false
}

// scale maps values in [lo, hi] to pixels in [p0, p1].
type scale struct{ lo, hi, p0, p1 float64 }

func (s scale) at(v float64) float64 {
	if !finite(v) {
		v = 0
	}
	v = math.Max(s.lo, math.Min(s.hi, v))
	return s.p0 + (v-s.lo)/(s.hi-s.lo)*(s.p1-s.p0)
}

// domain returns a range including zero and every finite value, widened
// to round ticks.
func domain(vals []float64) (lo, hi float64, ticks []float64) {
	lo, hi = 0, 0
	for _, v := range vals {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return niceRange(lo, hi)
}

// niceRange widens [lo, hi] to multiples of a 1-2-5 step, about five
// ticks in all.
func niceRange(lo, hi float64) (float64, float64, []float64) {
	if hi-lo <= 0 || !finite(hi-lo) {
		if lo == hi {
			if lo == 0 {
				return 0, 1, []float64{0, 1}
			}
			lo, hi = math.Min(0, lo), math.Max(0, hi)
		}
		if !finite(hi - lo) { // values near the float limits
			return lo, hi, []float64{lo, hi}
		}
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	nlo, nhi := math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if !finite(nlo) || !finite(nhi) || step == 0 {
		return lo, hi, []float64{lo, hi}
	}
	var ticks []float64
	for i := 0; i <= 12; i++ {
		t := nlo + float64(i)*step
		if t > nhi+step/2 {
			break
		}
		if math.Abs(t) < step/1e6 {
			t = 0
		}
		ticks = append(ticks, t)
	}
	return nlo, nhi, ticks
}

func validColor(hex string) bool {
	if len(hex) != 7 || hex[0] != '#' {
		return false
	}
	_, err := strconv.ParseUint(hex[1:], 16, 32)
	return err == nil
}

// luminance is a colour's relative luminance (WCAG 2).
func luminance(hex string) float64 {
	if !validColor(hex) {
		return 0
	}
	n, _ := strconv.ParseUint(hex[1:], 16, 32)
	ch := func(c uint64) float64 {
		v := float64(c) / 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(n>>16&0xff) + 0.7152*ch(n>>8&0xff) + 0.0722*ch(n&0xff)
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// inkOn picks the text colour that reads best on background bg.
func inkOn(bg string) string {
	if contrast(inkLight, bg) >= contrast(ink, bg) {
		return inkLight
	}
	return ink
}

func (o *Options) color(i int) string {
	c := o.Colors[i%len(o.Colors)]
	if !validColor(c) { // only #rrggbb is ever written into the drawing
		return Palette[i%len(Palette)]
	}
	return c
}
