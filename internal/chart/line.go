package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Series is an indicator's values over time, with its baseline and target.
type Series struct {
	// Caption, TimeHeader and ValueHeader head the data table ("Date",
	// "Value (%)").
	Caption, TimeHeader, ValueHeader string
	Points                           []Point
	// Baseline and Target are drawn as labelled lines; nil when unknown.
	Baseline, Target *Reference
}

// Point is one value at a date.
type Point struct {
	Time  time.Time
	Value float64
}

// Reference is a baseline or a target: a value, at a date when known.
type Reference struct {
	// Label names the line ("Baseline", "Target").
	Label string
	Value float64
	Time  time.Time // zero when unknown
}

// Line draws s's points joined by a line over time, with the baseline as a
// dashed line and the target as a dotted one (each labelled with its
// value), and every value written beside its point when there are few
// enough. In right-to-left languages time runs from right to left.
func Line(s Series, o Options) *Chart {
	o = prepare(o)
	date := o.Date
	pts := slices.Clone(s.Points)
	slices.SortStableFunc(pts, func(a, b Point) int { return a.Time.Compare(b.Time) })
	d := Data{Caption: s.Caption, RowHeader: s.TimeHeader, Columns: []string{s.ValueHeader}}
	ref := func(r *Reference) {
		if r == nil {
			return
		}
		row := Row{Label: r.Label, Key: clean(r.Label), Values: []float64{r.Value}}
		if !r.Time.IsZero() {
			row.Label += " (" + date(r.Time) + ")"
			row.Key += " " + r.Time.Format("2006-01-02")
		}
		d.Rows = append(d.Rows, row)
	}
	ref(s.Baseline)
	for _, p := range pts {
		d.Rows = append(d.Rows, Row{Label: date(p.Time), Key: p.Time.Format("2006-01-02"), Values: []float64{p.Value}})
	}
	ref(s.Target)
	c := &Chart{opt: o, data: d}
	var drawn []Point
	for _, p := range pts {
		if finite(p.Value) && !p.Time.IsZero() {
			drawn = append(drawn, p)
		}
	}
	if len(drawn) == 0 {
		return c
	}
	const top, plotH, bottom, gap, small = 24.0, 240.0, 40.0, 6.0, 13.0
	w := float64(o.Width)
	// Time domain over the points and the references' dates.
	t0, t1 := drawn[0].Time, drawn[len(drawn)-1].Time
	vlo, vhi := math.Inf(1), math.Inf(-1)
	for _, p := range drawn {
		vlo, vhi = math.Min(vlo, p.Value), math.Max(vhi, p.Value)
	}
	for _, r := range []*Reference{s.Baseline, s.Target} {
		if r == nil {
			continue
		}
		if !r.Time.IsZero() {
			if r.Time.Before(t0) {
				t0 = r.Time
			}
			if r.Time.After(t1) {
				t1 = r.Time
			}
		}
		if finite(r.Value) {
			vlo, vhi = math.Min(vlo, r.Value), math.Max(vhi, r.Value)
		}
	}
	if vlo > 0 && vlo < vhi/2 {
		vlo = 0
	}
	lo, hi, ticks := niceRange(vlo, vhi)
	axisW := 0.0
	for _, t := range ticks {
		axisW = math.Max(axisW, textWidth(o.num(t), small))
	}
	axisW += 2 * gap
	px0, px1 := axisW+gap+12, w-24
	span := t1.Sub(t0).Seconds()
	xAt := func(t time.Time) float64 {
		if span <= 0 {
			return (px0 + px1) / 2
		}
		return px0 + t.Sub(t0).Seconds()/span*(px1-px0)
	}
	sc := scale{lo, hi, top + plotH, top}
	m := mirror{o.RTL, w}
	h := top + plotH + bottom
	var b strings.Builder
	svgOpen(&b, &o, w, h, describeLine(&o, s, drawn, date))
	b.WriteString(`<g class="grid">`)
	for _, t := range ticks {
		y := sc.at(t)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(m.x(axisW)), f(y), f(m.x(w-gap)), f(y), gridLine)
		textSized(&b, m.x(axisW-gap), y+small*0.35, "end", inkMuted, small, o.num(t))
	}
	lastX := math.Inf(-1)
	for _, t := range timeTicks(drawn, t0, t1) {
		// A date that would overlap the previous one is left out.
		if x := xAt(t); x-lastX < textWidth(date(t), small)+8 {
			continue
		} else {
			lastX = x
		}
		x := m.x(xAt(t))
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x), f(top+plotH), f(x), f(top+plotH+5), axisLine)
		textSized(&b, x, top+plotH+small+10, "middle", inkMuted, small, date(t))
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(m.x(axisW)), f(top+plotH), f(m.x(w-gap)), f(top+plotH), axisLine)
	b.WriteString(`</g>`)
	// References: the baseline dashed, the target dotted, each labelled.
	refLine := func(r *Reference, class, color, dash string, labelAtEnd bool) {
		if r == nil || !finite(r.Value) {
			return
		}
		y := sc.at(r.Value)
		label := o.label(r.Label) + ": " + o.num(r.Value)
		if !r.Time.IsZero() {
			label = o.label(r.Label) + " (" + date(r.Time) + "): " + o.num(r.Value)
		}
		label = shorten(label, (px1-px0)*0.6, small)
		fmt.Fprintf(&b, `<g class="%s"><title>%s</title>`, class, esc(trim(label)))
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, f(m.x(px0-12)), f(y), f(m.x(px1+12)), f(y), color, dash)
		// The target is labelled above its line at the end, the baseline
		// below its line at the start, away from the values between them.
		if labelAtEnd {
			textSized(&b, m.x(px1+12), y-6, "end", color, small, label)
		} else {
			textSized(&b, m.x(px0-8), y+small+4, "start", color, small, label)
		}
		if !r.Time.IsZero() {
			x := m.x(xAt(r.Time))
			fmt.Fprintf(&b, `<path d="M%s %sl6 6l-6 6l-6-6z" fill="%s"/>`, f(x), f(y-6), color)
		}
		b.WriteString(`</g>`)
	}
	refLine(s.Baseline, "baseline", "#5a5a5a", "8 5", false)
	refLine(s.Target, "target", "#b8520a", "2 4", true)
	// The values.
	line := o.color(0)
	b.WriteString(`<g class="values"><polyline fill="none" stroke-width="2.5" stroke="` + line + `" points="`)
	for i, p := range drawn {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f(m.x(xAt(p.Time))) + "," + f(sc.at(p.Value)))
	}
	b.WriteString(`"/>`)
	labelAll := len(drawn) <= 12
	for i, p := range drawn {
		x, y := m.x(xAt(p.Time)), sc.at(p.Value)
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="4.5" fill="%s" stroke="#ffffff"><title>%s: %s</title></circle>`, f(x), f(y), line, esc(date(p.Time)), esc(o.num(p.Value)))
		if labelAll || i == 0 || i == len(drawn)-1 {
			textSized(&b, x, y-10, "middle", "", small, o.num(p.Value))
		}
	}
	b.WriteString(`</g></svg>`)
	c.svg = b.String()
	return c
}

// timeTicks returns the dates labelled on the time axis: every point's
// when there are few, else about five spread evenly.
func timeTicks(pts []Point, t0, t1 time.Time) []time.Time {
	if len(pts) <= 6 {
		var ts []time.Time
		for _, p := range pts {
			if len(ts) == 0 || !ts[len(ts)-1].Equal(p.Time) {
				ts = append(ts, p.Time)
			}
		}
		return ts
	}
	var ts []time.Time
	for i := 0; i <= 4; i++ {
		ts = append(ts, t0.Add(time.Duration(float64(t1.Sub(t0))*float64(i)/4)))
	}
	return ts
}

func describeLine(o *Options, s Series, pts []Point, date func(time.Time) string) string {
	var parts []string
	first, last := pts[0], pts[len(pts)-1]
	parts = append(parts, date(first.Time)+": "+o.num(first.Value))
	if len(pts) > 1 {
		parts = append(parts, date(last.Time)+": "+o.num(last.Value))
	}
	for _, r := range []*Reference{s.Baseline, s.Target} {
		if r != nil {
			parts = append(parts, shorten(o.label(r.Label), 200, fontSize)+": "+o.num(r.Value))
		}
	}
	return strings.Join(parts, "; ")
}
