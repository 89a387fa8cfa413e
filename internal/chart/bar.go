package chart

import (
	"fmt"
	"math"
	"strings"
)

// Bars draws the first column of d as horizontal bars, one per row, with
// the row's label before the bar and its value after it. Negative values
// grow the other way from a zero line.
func Bars(d Data, o Options) *Chart {
	o = prepare(o)
	c := &Chart{opt: o, data: d}
	if !hasData(&d) {
		return c
	}
	const rowH, barH, top, axisH, gap = 30.0, 20.0, 8.0, 30.0, 6.0
	w := float64(o.Width)
	vals := make([]float64, len(d.Rows))
	valueW := 0.0
	for i, r := range d.Rows {
		vals[i] = value(r, 0)
		valueW = math.Max(valueW, textWidth(o.num(vals[i]), fontSize))
	}
	valueW += gap
	labelW := 0.0
	for _, r := range d.Rows {
		labelW = math.Max(labelW, textWidth(clean(o.label(r.Label)), fontSize))
	}
	labelW = math.Min(math.Max(labelW, 60), w*0.35)
	lo, hi, ticks := domain(vals)
	x0, x1 := labelW+2*gap, w-valueW-gap
	if lo < 0 { // values may sit before a negative bar too
		x0 += valueW
	}
	sc := scale{lo, hi, x0, x1}
	m := mirror{o.RTL, w}
	h := top + float64(len(d.Rows))*rowH + axisH
	var b strings.Builder
	svgOpen(&b, &o, w, h, describe(&o, &d, 0))
	plotBottom := top + float64(len(d.Rows))*rowH
	grid(&b, &o, m, sc, ticks, top, plotBottom)
	for i, r := range d.Rows {
		y := top + float64(i)*rowH
		mid := y + rowH/2 + fontSize*0.35
		label := o.label(r.Label)
		v := vals[i]
		fmt.Fprintf(&b, `<g class="bar"><title>%s: %s</title>`, esc(trim(label)), esc(o.num(v)))
		text(&b, m.x(labelW+gap), mid, "end", "", shorten(label, labelW, fontSize))
		if finite(v) {
			a, z := sc.at(0), sc.at(v)
			bx, bw := m.span(math.Min(a, z), math.Max(a, z))
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(bx), f(y+(rowH-barH)/2), f(math.Max(bw, 1)), f(barH), o.color(0))
			if v < 0 {
				text(&b, m.x(z-gap), mid, "end", "", o.num(v))
			} else {
				text(&b, m.x(z+gap), mid, "start", "", o.num(v))
			}
		} else {
			text(&b, m.x(sc.at(0)+gap), mid, "start", inkMuted, o.Missing)
		}
		b.WriteString(`</g>`)
	}
	zeroLine(&b, m, sc, top, plotBottom)
	b.WriteString(`</svg>`)
	c.svg = b.String()
	return c
}

// Columns draws the first column of d as vertical bars, one per row, with
// the row's short label under it (objective "12") and its value above it.
// The drawing widens so that each column keeps room for its value.
func Columns(d Data, o Options) *Chart {
	o = prepare(o)
	c := &Chart{opt: o, data: d}
	if !hasData(&d) {
		return c
	}
	const top, bottom, plotH, gap, small = 24.0, 34.0, 220.0, 6.0, 13.0
	vals := make([]float64, len(d.Rows))
	band := 36.0
	for i, r := range d.Rows {
		vals[i] = value(r, 0)
		band = math.Max(band, textWidth(o.num(vals[i]), small)+gap)
	}
	band = math.Min(band, 160)
	lo, hi, ticks := domain(vals)
	axisW := 0.0
	for _, t := range ticks {
		axisW = math.Max(axisW, textWidth(o.num(t), small))
	}
	axisW += 2 * gap
	w := math.Max(float64(o.Width), axisW+band*float64(len(d.Rows))+gap)
	band = (w - axisW - gap) / float64(len(d.Rows))
	h := top + plotH + bottom
	sc := scale{lo, hi, top + plotH, top}
	m := mirror{o.RTL, w}
	var b strings.Builder
	svgOpen(&b, &o, w, h, describe(&o, &d, 0))
	// Horizontal grid with the value axis before the first column.
	b.WriteString(`<g class="grid">`)
	for _, t := range ticks {
		y := sc.at(t)
		x0, x1 := m.x(axisW), m.x(w-gap)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x0), f(y), f(x1), f(y), gridLine)
		textSized(&b, m.x(axisW-gap), y+small*0.35, "end", inkMuted, small, o.num(t))
	}
	b.WriteString(`</g>`)
	for i, r := range d.Rows {
		cx := axisW + band*(float64(i)+0.5)
		label := o.label(r.Label)
		short := r.Short
		if clean(short) == "" {
			short = label
		}
		v := vals[i]
		fmt.Fprintf(&b, `<g class="bar"><title>%s: %s</title>`, esc(trim(label)), esc(o.num(v)))
		if finite(v) {
			a, z := sc.at(0), sc.at(v)
			bw := band * 0.7
			bx, _ := m.span(cx-bw/2, cx+bw/2)
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(bx), f(math.Min(a, z)), f(bw), f(math.Max(math.Abs(a-z), 1)), o.color(0))
			ty := z - 4
			if v < 0 {
				ty = z + small + 2
			}
			textSized(&b, m.x(cx), ty, "middle", "", small, o.num(v))
		} else {
			textSized(&b, m.x(cx), sc.at(0)-4, "middle", inkMuted, small, o.Missing)
		}
		text(&b, m.x(cx), top+plotH+fontSize+6, "middle", "", shorten(short, band-2, fontSize))
		b.WriteString(`</g>`)
	}
	y0 := sc.at(0)
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(m.x(axisW)), f(y0), f(m.x(w-gap)), f(y0), axisLine)
	b.WriteString(`</svg>`)
	c.svg = b.String()
	return c
}

// grid draws vertical grid lines at the ticks with their values below.
func grid(b *strings.Builder, o *Options, m mirror, sc scale, ticks []float64, top, bottom float64) {
	const small = 13.0
	b.WriteString(`<g class="grid">`)
	for _, t := range ticks {
		x := m.x(sc.at(t))
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x), f(top), f(x), f(bottom), gridLine)
		textSized(b, x, bottom+small+6, "middle", inkMuted, small, o.num(t))
	}
	b.WriteString(`</g>`)
}

func zeroLine(b *strings.Builder, m mirror, sc scale, top, bottom float64) {
	x := m.x(sc.at(0))
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x), f(top), f(x), f(bottom), axisLine)
}

// text writes s at (x, y). anchor is logical ("start", "end", "middle"):
// the drawing's direction makes it mirror with the coordinates.
func text(b *strings.Builder, x, y float64, anchor, fill, s string) {
	textSized(b, x, y, anchor, fill, 0, s)
}

func textSized(b *strings.Builder, x, y float64, anchor, fill string, size float64, s string) {
	fmt.Fprintf(b, `<text x="%s" y="%s"`, f(x), f(y))
	if anchor != "start" {
		fmt.Fprintf(b, ` text-anchor="%s"`, anchor)
	}
	if fill != "" {
		fmt.Fprintf(b, ` fill="%s"`, fill)
	}
	if size > 0 {
		fmt.Fprintf(b, ` font-size="%s"`, f(size))
	}
	fmt.Fprintf(b, `>%s</text>`, esc(s))
}

// trim caps a tooltip's text.
func trim(s string) string {
	s = clean(s)
	if len([]rune(s)) > maxLabel {
		return string([]rune(s)[:maxLabel]) + "…"
	}
	return s
}
