package opinion

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
)

// groupColors are distinguishable for common colour blindness (Okabe-Ito).
var groupColors = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"}

// svgMaxPoints caps the participants drawn; hulls use everyone.
const svgMaxPoints = 20000

// WriteSVG draws the opinion map: participants as points coloured by
// group, each group's convex hull, statements placed by their projection
// and labelled by name(id), and a legend.
func WriteSVG(w io.Writer, res *Result, name func(statement int64) string) error {
	bw := bufio.NewWriter(w)
	const width, height, legendW, pad = 1000.0, 640.0, 300.0, 30.0
	// Bounds over participants and statements.
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	grow := func(x, y float64) {
		lo[0], lo[1] = math.Min(lo[0], x), math.Min(lo[1], y)
		hi[0], hi[1] = math.Max(hi[0], x), math.Max(hi[1], y)
	}
	for _, p := range res.Participants {
		grow(p.X, p.Y)
	}
	for _, s := range res.Statements {
		if !s.Excluded {
			grow(s.X, s.Y)
		}
	}
	if math.IsInf(lo[0], 1) {
		lo, hi = [2]float64{-1, -1}, [2]float64{1, 1}
	}
	span := math.Max(hi[0]-lo[0], hi[1]-lo[1])
	if span == 0 {
		span = 1
	}
	plotW := width - legendW - 2*pad
	plotH := height - 2*pad
	f := math.Min(plotW, plotH) / span
	px := func(x float64) float64 { return pad + (x-lo[0])*f }
	py := func(y float64) float64 { return pad + plotH - (y-lo[1])*f }
	color := func(g int) string {
		if g < 0 {
			return "#999999"
		}
		return groupColors[g%len(groupColors)]
	}
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">`+"\n", width, height, width, height)
	fmt.Fprintf(bw, `<title id="title">Opinion map: %d participants in %d groups, %d statements (%s mode)</title>`+"\n", len(res.Participants), len(res.Groups), len(res.Statements), res.Mode)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	// Axes through the centre.
	fmt.Fprintf(bw, `<g stroke="#dddddd"><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/></g>`+"\n",
		px(lo[0]), py(0), px(lo[0]+span), py(0), px(0), py(lo[1]), px(0), py(lo[1]+span))
	// Hulls.
	byGroup := map[int][]point2{}
	for _, p := range res.Participants {
		if p.Group >= 0 {
			byGroup[p.Group] = append(byGroup[p.Group], point2{p.X, p.Y})
		}
	}
	for _, g := range res.Groups {
		hull := convexHull(byGroup[g.ID])
		if len(hull) < 2 {
			continue
		}
		fmt.Fprintf(bw, `<polygon fill="%s" fill-opacity="0.12" stroke="%s" stroke-width="1.5" points="`, color(g.ID), color(g.ID))
		for _, h := range hull {
			fmt.Fprintf(bw, "%.1f,%.1f ", px(h[0]), py(h[1]))
		}
		fmt.Fprintln(bw, `"/>`)
	}
	// Participants (a deterministic subset beyond svgMaxPoints).
	step := 1
	if len(res.Participants) > svgMaxPoints {
		step = (len(res.Participants) + svgMaxPoints - 1) / svgMaxPoints
	}
	fmt.Fprintln(bw, `<g fill-opacity="0.7">`)
	for i := 0; i < len(res.Participants); i += step {
		p := res.Participants[i]
		fmt.Fprintf(bw, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`+"\n", px(p.X), py(p.Y), color(p.Group))
	}
	fmt.Fprintln(bw, `</g>`)
	// Statements: the most extreme ones are labelled.
	stmts := slices.Clone(res.Statements)
	slices.SortStableFunc(stmts, func(a, b StatementResult) int {
		switch {
		case a.Extremity > b.Extremity:
			return -1
		case a.Extremity < b.Extremity:
			return 1
		}
		return 0
	})
	fmt.Fprintln(bw, `<g fill="#333333">`)
	for i, s := range stmts {
		if s.Excluded {
			continue
		}
		x, y := px(s.X), py(s.Y)
		fmt.Fprintf(bw, `<path d="M%.1f %.1fl4 7h-8z" fill="#333333"><title>%s</title></path>`+"\n", x, y-4, html.EscapeString(name(s.ID)))
		if i < 8 {
			fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" font-size="10">%s</text>`+"\n", x+5, y-5, html.EscapeString(shorten(name(s.ID), 28)))
		}
	}
	fmt.Fprintln(bw, `</g>`)
	// Legend.
	lx := width - legendW + 10
	fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" font-weight="bold" font-size="14">Opinion groups</text>`+"\n", lx, pad+4)
	y := pad + 28
	for _, g := range res.Groups {
		label := fmt.Sprintf("Group %s: %d people", groupLetter(g.ID), g.Size)
		if g.Stability != nil {
			label += fmt.Sprintf(", stability %.0f%%", 100**g.Stability)
		}
		fmt.Fprintf(bw, `<rect x="%.1f" y="%.1f" width="14" height="14" fill="%s"/><text x="%.1f" y="%.1f">%s</text>`+"\n", lx, y-11, color(g.ID), lx+20, y, html.EscapeString(label))
		y += 22
	}
	fmt.Fprintf(bw, `<circle cx="%.1f" cy="%.1f" r="5" fill="#999999"/><text x="%.1f" y="%.1f">no group (too few votes)</text>`+"\n", lx+7, y-4, lx+20, y)
	y += 22
	fmt.Fprintf(bw, `<path d="M%.1f %.1fl5 9h-10z" fill="#333333"/><text x="%.1f" y="%.1f">statement: where agreeing puts you</text>`+"\n", lx+7, y-12, lx+20, y)
	if step > 1 {
		y += 22
		fmt.Fprintf(bw, `<text x="%.1f" y="%.1f" font-size="10">1 participant in %d drawn; hulls use all</text>`+"\n", lx, y, step)
	}
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}

// groupLetter names group 0 "A", 1 "B" and so on.
func groupLetter(id int) string {
	if id >= 0 && id < 26 {
		return string(rune('A' + id))
	}
	return fmt.Sprint(id)
}

// GroupName returns the display name of a group id ("A", "B", ...).
func GroupName(id int) string { return groupLetter(id) }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// convexHull returns the hull of the points in counter-clockwise order
// (Andrew's monotone chain).
func convexHull(pts []point2) []point2 {
	p := slices.Clone(pts)
	slices.SortFunc(p, func(a, b point2) int {
		switch {
		case a[0] != b[0]:
			if a[0] < b[0] {
				return -1
			}
			return 1
		case a[1] < b[1]:
			return -1
		case a[1] > b[1]:
			return 1
		}
		return 0
	})
	p = slices.Compact(p)
	if len(p) < 3 {
		return p
	}
	cross := func(o, a, b point2) float64 { return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0]) }
	var h []point2
	for _, q := range p {
		for len(h) >= 2 && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	lower := len(h) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(h) >= lower && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	return h[:len(h)-1]
}
