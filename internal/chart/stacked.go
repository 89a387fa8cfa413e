package chart

import (
	"fmt"
	"math"
	"strings"
)

// Stacked draws each row of d as one horizontal bar made of its columns'
// values side by side, with a legend naming the columns, each segment's
// value written in it when it fits and the row's total after the bar.
// Negative and missing values are left out of the drawing (the table keeps
// them).
func Stacked(d Data, o Options) *Chart {
	return stacked(d, o, false)
}

// Progress draws each row of d as a bar of 100% divided among its columns
// (reported on time, reported late, not reported), each segment labelled
// with its share; the table gives each count with its share. One row is a
// single rate, such as a review cycle's reporting rate.
func Progress(d Data, o Options) *Chart {
	return stacked(d, o, true)
}

func stacked(d Data, o Options, percent bool) *Chart {
	o = prepare(o)
	c := &Chart{opt: o, data: d, percent: percent}
	if !hasData(&d) || percent && !anyPositive(&d) {
		return c
	}
	const rowH, barH, top, axisH, gap, small = 32.0, 22.0, 8.0, 30.0, 6.0, 13.0
	w := float64(o.Width)
	m := mirror{o.RTL, w}
	var b strings.Builder
	// The legend comes first so that its height is known.
	var legend strings.Builder
	lx, ly := 0.0, top+fontSize
	for i, col := range d.Columns {
		name := shorten(o.label(col), w/2, fontSize)
		iw := 14 + gap + textWidth(name, fontSize) + 3*gap
		if lx > 0 && lx+iw > w {
			lx, ly = 0, ly+fontSize+10
		}
		sx, _ := m.span(lx, lx+14)
		fmt.Fprintf(&legend, `<rect x="%s" y="%s" width="14" height="14" fill="%s"/>`, f(sx), f(ly-12), o.color(i))
		text(&legend, m.x(lx+14+gap), ly, "start", "", name)
		lx += iw
	}
	plotTop := ly + 14
	totals := make([]float64, len(d.Rows))
	valueW, labelW := 0.0, 60.0
	for i, r := range d.Rows {
		totals[i] = rowTotal(r)
		valueW = math.Max(valueW, textWidth(o.num(totals[i]), fontSize))
		labelW = math.Max(labelW, textWidth(clean(o.label(r.Label)), fontSize))
	}
	labelW = math.Min(labelW, w*0.3)
	x0, x1 := labelW+2*gap, w-valueW-2*gap
	var sc scale
	var ticks []float64
	if percent {
		sc, ticks = scale{0, 1, x0, x1}, []float64{0, 0.25, 0.5, 0.75, 1}
	} else {
		lo, hi, t := domain(totals)
		sc, ticks = scale{lo, hi, x0, x1}, t
	}
	plotBottom := plotTop + float64(len(d.Rows))*rowH
	h := plotBottom + axisH
	desc := describe(&o, &d, 0)
	if len(d.Columns) > 1 {
		desc = describeStacked(&o, &d, percent)
	}
	svgOpen(&b, &o, w, h, desc)
	b.WriteString(`<g class="legend">` + legend.String() + `</g>`)
	b.WriteString(`<g class="grid">`)
	for _, t := range ticks {
		x := m.x(sc.at(t))
		label := o.num(t)
		if percent {
			label = o.percent(t)
		}
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x), f(plotTop), f(x), f(plotBottom), gridLine)
		textSized(&b, x, plotBottom+small+6, "middle", inkMuted, small, label)
	}
	b.WriteString(`</g>`)
	for i, r := range d.Rows {
		y := plotTop + float64(i)*rowH
		mid := y + rowH/2 + fontSize*0.35
		label := o.label(r.Label)
		fmt.Fprintf(&b, `<g class="bar"><title>%s</title>`, esc(trim(label)))
		text(&b, m.x(labelW+gap), mid, "end", "", shorten(label, labelW, fontSize))
		at := 0.0
		for j, col := range d.Columns {
			v := value(r, j)
			if !finite(v) || v <= 0 {
				continue
			}
			pos := at + v
			if percent {
				pos = (at + v) / totals[i]
			}
			s0, s1 := sc.at(posStart(at, totals[i], percent)), sc.at(pos)
			at += v
			sx, sw := m.span(s0, s1)
			shown := o.num(v)
			if percent {
				shown = o.percent(v / totals[i])
			}
			fill := o.color(j)
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff"><title>%s: %s: %s</title></rect>`,
				f(sx), f(y+(rowH-barH)/2), f(math.Max(sw, 1)), f(barH), fill, esc(trim(label)), esc(trim(col)), esc(shown))
			if textWidth(shown, small)+gap <= sw {
				textSized(&b, m.x((s0+s1)/2), y+rowH/2+small*0.35, "middle", inkOn(fill), small, shown)
			}
		}
		text(&b, m.x(sc.at(sc.hi)+gap), mid, "start", "", o.num(totals[i]))
		b.WriteString(`</g>`)
	}
	zeroLine(&b, m, sc, plotTop, plotBottom)
	b.WriteString(`</svg>`)
	c.svg = b.String()
	return c
}

func posStart(at, total float64, percent bool) float64 {
	if percent {
		return at / total
	}
	return at
}

// describeStacked lists each row's parts, for the <desc>.
func describeStacked(o *Options, d *Data, percent bool) string {
	var rows []string
	for i, r := range d.Rows {
		if i == 6 {
			rows = append(rows, "…")
			break
		}
		total := rowTotal(r)
		var parts []string
		for j, col := range d.Columns {
			v := value(r, j)
			p := shorten(o.label(col), 200, fontSize) + " " + o.num(v)
			if percent && finite(v) && total > 0 {
				p += " (" + o.percent(v/total) + ")"
			}
			parts = append(parts, p)
		}
		rows = append(rows, shorten(o.label(r.Label), 300, fontSize)+": "+strings.Join(parts, ", "))
	}
	return strings.Join(rows, "; ")
}

// anyPositive reports whether some row has a share to divide.
func anyPositive(d *Data) bool {
	for _, r := range d.Rows {
		if rowTotal(r) > 0 {
			return true
		}
	}
	return false
}
