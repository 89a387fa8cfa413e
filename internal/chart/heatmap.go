package chart

import (
	"fmt"
	"math"
	"strings"
)

// Column labels too wide for their column are drawn at slantAngle
// degrees, at most maxSlant pixels long.
const (
	slantAngle = 40.0
	maxSlant   = 170.0
)

// heatColors are the heat map's classes, light to dark: zero (or less),
// then four equal steps up to the largest value.
var heatColors = []string{"#f4f6f8", "#c6dbef", "#6baed6", "#2171b5", "#08306b"}

// HeatMap draws d as a grid, rows × columns (objectives × regions), each
// cell shaded by its value and with the value written in it, and a legend
// of the shades below. Column labels use d.ColumnShort when given.
func HeatMap(d Data, o Options) *Chart {
	o = prepare(o)
	c := &Chart{opt: o, data: d}
	if !hasData(&d) || len(d.Columns) == 0 {
		return c
	}
	const top, headH, cellH, gap, small, legendH = 8.0, 30.0, 28.0, 6.0, 13.0, 44.0
	max := 0.0
	valueW := 0.0
	for _, r := range d.Rows {
		for j := range d.Columns {
			v := value(r, j)
			if finite(v) {
				max = math.Max(max, v)
			}
			valueW = math.Max(valueW, textWidth(o.num(v), small))
		}
	}
	w := float64(o.Width)
	labelW := 60.0
	for _, r := range d.Rows {
		labelW = math.Max(labelW, textWidth(clean(o.label(r.Label)), fontSize))
	}
	labelW = math.Min(labelW, w*0.35)
	minBand := math.Max(52, valueW+gap)
	band := math.Min(math.Max(minBand, (w-labelW-2*gap)/float64(len(d.Columns))), 200)
	// Column labels that do not fit their column are written aslant,
	// and the header grows to hold them.
	slant := false
	headW := 0.0
	for j, col := range d.Columns {
		l := col
		if j < len(d.ColumnShort) && clean(d.ColumnShort[j]) != "" {
			l = d.ColumnShort[j]
		}
		lw := math.Min(textWidth(clean(o.label(l)), fontSize), maxSlant)
		headW = math.Max(headW, lw)
		if lw > band-4 {
			slant = true
		}
	}
	// Slanted labels reach past the last column: keep room for them.
	overhang := 0.0
	if slant {
		overhang = headW * math.Cos(slantAngle*math.Pi/180)
		band = math.Min(math.Max(minBand, (w-labelW-2*gap-overhang)/float64(len(d.Columns))), 200)
	}
	w = math.Max(w, labelW+2*gap+band*float64(len(d.Columns))+overhang)
	m := mirror{o.RTL, w}
	head := headH
	if slant {
		head = headW*math.Sin(slantAngle*math.Pi/180) + 20
	}
	gridTop := top + head
	gridBottom := gridTop + cellH*float64(len(d.Rows))
	h := gridBottom + legendH
	var b strings.Builder
	svgOpen(&b, &o, w, h, describeHeat(&o, &d, max))
	x0 := labelW + 2*gap
	for j, col := range d.Columns {
		short := col
		if j < len(d.ColumnShort) && clean(d.ColumnShort[j]) != "" {
			short = d.ColumnShort[j]
		}
		cx := x0 + band*(float64(j)+0.5)
		fmt.Fprintf(&b, `<g class="column"><title>%s</title>`, esc(trim(o.label(col))))
		if slant {
			angle := -slantAngle
			if o.RTL {
				angle = slantAngle
			}
			x := m.x(cx)
			fmt.Fprintf(&b, `<text x="%s" y="%s" transform="rotate(%s %s %s)">%s</text>`, f(x), f(gridTop-8), f(angle), f(x), f(gridTop-8),
				esc(shorten(o.label(short), maxSlant, fontSize)))
		} else {
			text(&b, m.x(cx), gridTop-10, "middle", "", shorten(o.label(short), band-4, fontSize))
		}
		b.WriteString(`</g>`)
	}
	for i, r := range d.Rows {
		y := gridTop + cellH*float64(i)
		label := o.label(r.Label)
		fmt.Fprintf(&b, `<g class="row"><title>%s</title>`, esc(trim(label)))
		text(&b, m.x(labelW+gap), y+cellH/2+fontSize*0.35, "end", "", shorten(label, labelW, fontSize))
		b.WriteString(`</g>`)
		for j, col := range d.Columns {
			v := value(r, j)
			fill := "#ffffff"
			if finite(v) {
				fill = heatColors[heatClass(v, max)]
			}
			cx, _ := m.span(x0+band*float64(j), x0+band*float64(j+1))
			fmt.Fprintf(&b, `<g class="cell"><title>%s, %s: %s</title><rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff"/>`,
				esc(trim(label)), esc(trim(o.label(col))), esc(o.num(v)), f(cx), f(y), f(band), f(cellH), fill)
			textSized(&b, m.x(x0+band*(float64(j)+0.5)), y+cellH/2+small*0.35, "middle", inkOn(fill), small, o.num(v))
			b.WriteString(`</g>`)
		}
	}
	// Legend: one swatch per class with the largest value it holds.
	b.WriteString(`<g class="legend">`)
	lx := x0
	ly := gridBottom + 16
	for k, col := range heatColors {
		label := o.num(0)
		if k > 0 {
			label = "≤ " + o.num(max*float64(k)/float64(len(heatColors)-1))
		}
		sx, _ := m.span(lx, lx+18)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="18" height="18" fill="%s" stroke="%s"/>`, f(sx), f(ly), col, axisLine)
		textSized(&b, m.x(lx+18+4), ly+14, "start", "", small, label)
		lx += 18 + 4 + textWidth(label, small) + 16
	}
	b.WriteString(`</g></svg>`)
	c.svg = b.String()
	return c
}

// heatClass returns the shade class of v: 0 for zero or less, then 1 to 4
// in equal steps up to max.
func heatClass(v, max float64) int {
	if v <= 0 || max <= 0 {
		return 0
	}
	n := len(heatColors) - 1
	k := int(math.Ceil(v / max * float64(n)))
	return min(n, k)
}

// describeHeat names the largest cells, for the <desc>.
func describeHeat(o *Options, d *Data, max float64) string {
	var parts []string
	for _, r := range d.Rows {
		for j, col := range d.Columns {
			if v := value(r, j); finite(v) && v == max && max > 0 && len(parts) < 5 {
				parts = append(parts, shorten(o.label(r.Label), 200, fontSize)+", "+shorten(o.label(col), 200, fontSize)+": "+o.num(v))
			}
		}
	}
	return fmt.Sprintf("%d × %d; %s", len(d.Rows), len(d.Columns), strings.Join(parts, "; "))
}
