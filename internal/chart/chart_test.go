package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// frNumber stands in for locale's French Number: the chart must write
// what it is given, not its own digits.
func frNumber(v float64) string {
	s := defaultNumber(v)
	return strings.ReplaceAll(s, ".", ",")
}

func statusData() Data {
	return Data{
		Caption:   "Commitments by status",
		RowHeader: "Status",
		Columns:   []string{"Commitments"},
		Rows: []Row{
			{Label: "Planned", Values: []float64{12}},
			{Label: "On track", Values: []float64{40}},
			{Label: "At risk", Values: []float64{7}},
			{Label: "Delayed", Values: []float64{3}},
			{Label: "Achieved", Values: []float64{21}},
			{Label: "Dropped", Values: []float64{0}},
		},
	}
}

func objectiveData() Data {
	d := Data{Caption: "Commitments by GCM objective", RowHeader: "Objective", Columns: []string{"Commitments"}}
	for i := 1; i <= 23; i++ {
		d.Rows = append(d.Rows, Row{Label: fmt.Sprintf("Objective %d: a long name of the objective", i), Short: fmt.Sprint(i), Key: fmt.Sprintf("O%d", i), Values: []float64{float64((i * 37) % 90)}})
	}
	return d
}

func heatData() Data {
	return Data{
		Caption:     "Commitments by objective and region",
		RowHeader:   "Objective",
		Columns:     []string{"Africa", "Americas", "Asia and the Pacific", "Europe", "Middle East and North Africa"},
		ColumnShort: []string{"AF", "AM", "AP", "EU", "MENA"},
		Rows: []Row{
			{Label: "O1 Data", Values: []float64{0, 3, 12, 5, 1}},
			{Label: "O2 Drivers", Values: []float64{8, 0, 2, 20, math.NaN()}},
			{Label: "O23 Cooperation", Values: []float64{1, 1, 1, 1, 1}},
		},
	}
}

// manyRegions has more columns than fit their full names: the names are
// written aslant.
func manyRegions() Data {
	d := heatData()
	d.ColumnShort = nil
	d.Columns = append(d.Columns, "Central Asia", "Eastern Europe", "Gulf Cooperation Council", "Pacific", "South America", "West Africa", "Caribbean")
	for i := range d.Rows {
		for j := len(d.Rows[i].Values); j < len(d.Columns); j++ {
			d.Rows[i].Values = append(d.Rows[i].Values, float64((i*7+j*3)%9))
		}
	}
	return d
}

func reportingData() Data {
	return Data{
		Caption:   "Reporting in the cycle Regional review 2025",
		RowHeader: "Cycle",
		Columns:   []string{"Reported on time", "Reported late", "Not reported"},
		Rows:      []Row{{Label: "Regional review 2025", Values: []float64{30, 6, 14}}},
	}
}

func indicatorSeries() Series {
	day := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	return Series{
		Caption: "Share of migrants with access to basic services", TimeHeader: "Date", ValueHeader: "Value (%)",
		Points: []Point{
			{day(2020, 12), 38}, {day(2019, 12), 35}, {day(2021, 12), 44}, {day(2022, 12), 51}, {day(2024, 6), 55},
		},
		Baseline: &Reference{Label: "Baseline", Value: 30, Time: day(2018, 1)},
		Target:   &Reference{Label: "Target", Value: 75, Time: day(2026, 12)},
	}
}

// hostile holds labels a participant could type: markup, quotes, control
// and bidi characters, a very long text and nothing at all.
var hostile = []string{
	`<script>alert("x")</script>`,
	`"quoted" & 'single' </svg><svg onload=alert(1)>`,
	"tab\tnew\nline\x00nul\x1b[31m",
	"\u202Eevil override",
	strings.Repeat("Very long label ", 80),
	"",
	"   ",
	"\xff\xfe invalid UTF-8",
	"=HYPERLINK(\"http://x\")",
}

func hostileData() Data {
	d := Data{Caption: hostile[0], RowHeader: hostile[1], Columns: []string{hostile[2], hostile[3]}}
	vals := []float64{0, -12.5, 1e300, math.NaN(), math.Inf(1), 3, -0.0001, 42, 7}
	for i, l := range hostile {
		d.Rows = append(d.Rows, Row{Label: l, Short: l, Values: []float64{vals[i], vals[(i+3)%len(vals)]}})
	}
	return d
}

type goldenCase struct {
	name  string
	chart *Chart
}

func goldenCases() []goldenCase {
	opt := func(id, title string, rtl bool) Options {
		o := Options{ID: id, Title: title, RTL: rtl, CSVHref: "?format=csv&chart=" + id, TableLabel: "Data table", CSVLabel: "Download CSV (" + title + ")"}
		return o
	}
	ar := opt("status-ar", "الالتزامات حسب الحالة", true)
	ar.Number = frNumber
	arData := statusData()
	arData.Rows[0].Label = "مخطط"
	arData.Rows[1].Label = "في المسار الصحيح"
	return []goldenCase{
		{"bars", Bars(statusData(), opt("status", "Commitments by status", false))},
		{"bars-rtl", Bars(arData, ar)},
		{"columns-objectives", Columns(objectiveData(), opt("objectives", "Commitments by GCM objective", false))},
		{"columns-objectives-rtl", Columns(objectiveData(), opt("objectives-ar", "Objectives", true))},
		{"stacked", Stacked(heatData(), opt("stacked", "By objective and region", false))},
		{"progress", Progress(reportingData(), opt("rate", "Reporting rate", false))},
		{"progress-rtl", Progress(reportingData(), opt("rate-ar", "Reporting rate", true))},
		{"heatmap", HeatMap(heatData(), opt("heat", "Objectives by region", false))},
		{"heatmap-rtl", HeatMap(heatData(), opt("heat-ar", "Objectives by region", true))},
		{"heatmap-slanted", HeatMap(manyRegions(), opt("heat-slant", "Objectives by region", false))},
		{"heatmap-slanted-rtl", HeatMap(manyRegions(), opt("heat-slant-ar", "Objectives by region", true))},
		{"line", Line(indicatorSeries(), opt("indicator", "Access to services", false))},
		{"line-rtl", Line(indicatorSeries(), opt("indicator-ar", "Access to services", true))},
		{"hostile-bars", Bars(hostileData(), opt("hostile-bars", hostile[0], false))},
		{"hostile-columns", Columns(hostileData(), opt("hostile-columns", hostile[1], true))},
		{"hostile-heatmap", HeatMap(hostileData(), opt("hostile-heat", hostile[2], false))},
		{"hostile-stacked", Stacked(hostileData(), opt("hostile-stacked", hostile[4], false))},
		{"empty", Bars(Data{Caption: "Nothing yet", RowHeader: "Status", Columns: []string{"Commitments"}}, Options{ID: "empty", Title: "Commitments by status", Empty: "No commitment matches these filters."})},
		{"empty-line", Line(Series{Caption: "No values", TimeHeader: "Date", ValueHeader: "Value", Target: &Reference{Label: "Target", Value: 10}}, Options{ID: "empty-line", Title: "Indicator", Empty: "No value reported yet."})},
	}
}

// TestGolden compares each chart's figure and CSV with testdata/; run
// with -update to rewrite them after a deliberate change, then look at
// them (testdata/preview.html shows them all in a browser).
func TestGolden(t *testing.T) {
	t.Parallel()
	var preview bytes.Buffer
	preview.WriteString("<!doctype html><html lang=en><meta charset=utf-8><title>chart preview</title><link rel=stylesheet href=../../web/static/style.css><main>\n")
	for _, tc := range goldenCases() {
		var csv bytes.Buffer
		if err := tc.chart.WriteCSV(&csv); err != nil {
			t.Fatal(err)
		}
		fig := string(tc.chart.Figure())
		dir := "ltr"
		if tc.chart.opt.RTL {
			dir = "rtl"
		}
		fmt.Fprintf(&preview, "<section dir=%s><h2>%s</h2>%s</section>\n", dir, tc.name, fig)
		golden(t, tc.name+".html", fig+"\n")
		golden(t, tc.name+".csv", csv.String())
	}
	if *update {
		if err := os.WriteFile(filepath.Join("testdata", "preview.html"), preview.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and compare with git diff", name)
	}
}

// TestFiguresAreWellFormedAndEscaped: whatever the labels, the figure is
// well-formed markup in which no label opens an element or an attribute.
func TestFiguresAreWellFormedAndEscaped(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			checkMarkup(t, string(tc.chart.Figure()))
		})
	}
}

func checkMarkup(t *testing.T, s string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	dec.AutoClose = nil
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch strings.ToLower(se.Name.Local) {
			case "script", "foreignobject", "iframe", "style":
				t.Fatalf("label made a <%s> element", se.Name.Local)
			}
			for _, a := range se.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Fatalf("label made an %s attribute", a.Name.Local)
				}
			}
		}
	}
	for _, bad := range []string{"\x00", "\x1b", "\u202E", "\xff"} {
		if strings.Contains(s, bad) {
			t.Errorf("output keeps %q", bad)
		}
	}
}

// TestAccessibleNames: the SVG is an image named by its title and
// description, the table has a caption and scoped headers, and every value
// is written as text (colour is never the only carrier).
func TestAccessibleNames(t *testing.T) {
	t.Parallel()
	c := Bars(statusData(), Options{ID: "s", Title: "Commitments by status", Number: frNumber})
	svg := string(c.SVG())
	for _, want := range []string{`role="img"`, `aria-labelledby="s-title s-desc"`, `<title id="s-title">Commitments by status</title>`, `<desc id="s-desc">Planned: 12; On track: 40;`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %s", want)
		}
	}
	for _, r := range statusData().Rows {
		if !strings.Contains(svg, ">"+frNumber(r.Values[0])+"</text>") {
			t.Errorf("value of %s not written in the drawing", r.Label)
		}
	}
	table := string(c.Table())
	for _, want := range []string{`<caption dir="auto">Commitments by status</caption>`, `<th scope="col" dir="auto">Status</th>`, `<th scope="row" dir="auto">At risk</th><td class="num">7</td>`} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %s", want)
		}
	}
	p := Progress(reportingData(), Options{ID: "p", Title: "Rate"})
	if !strings.Contains(string(p.Table()), `<td class="num">30 (60%)</td>`) || !strings.Contains(string(p.SVG()), ">60%</text>") {
		t.Errorf("progress does not show the share of each part:\n%s", p.Figure())
	}
}

// TestNumbersAreThePagesOwn: the drawing and the table use the page's
// formatter; the CSV keeps plain numbers a spreadsheet reads.
func TestNumbersAreThePagesOwn(t *testing.T) {
	t.Parallel()
	d := Data{Caption: "c", RowHeader: "r", Columns: []string{"v"}, Rows: []Row{{Label: "a", Values: []float64{1234.5}}}}
	c := Bars(d, Options{Title: "t", Number: func(v float64) string { return "«" + defaultNumber(v) + "»" }})
	if !strings.Contains(string(c.SVG()), "«1234.5»") || !strings.Contains(string(c.Table()), "«1234.5»") {
		t.Error("the page's number formatter is not used")
	}
	var b bytes.Buffer
	if err := c.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != "r,v\na,1234.5\n" {
		t.Errorf("CSV = %q", b.String())
	}
}

// TestRTLMirrors: in right-to-left languages the first bar's label is on
// the right and its bar grows leftwards.
func TestRTLMirrors(t *testing.T) {
	t.Parallel()
	d := Data{Caption: "c", RowHeader: "r", Columns: []string{"v"}, Rows: []Row{{Label: "a", Values: []float64{10}}}}
	ltr := string(Bars(d, Options{Title: "t", Width: 500}).SVG())
	rtl := string(Bars(d, Options{Title: "t", Width: 500, RTL: true}).SVG())
	if !strings.Contains(rtl, `direction="rtl"`) || !strings.Contains(ltr, `direction="ltr"`) {
		t.Fatal("direction not set")
	}
	labelX := func(s string) float64 {
		i := strings.Index(s, `<g class="bar">`)
		var x float64
		if _, err := fmt.Sscanf(s[strings.Index(s[i:], "<text x=")+i:], `<text x="%g"`, &x); err != nil {
			t.Fatal(err)
		}
		return x
	}
	if l, r := labelX(ltr), labelX(rtl); l >= 250 || r <= 250 || math.Abs(l-(500-r)) > 0.2 {
		t.Errorf("label x: ltr %v, rtl %v; want mirrored", l, r)
	}
}

// TestEmptyState: no rows, or no finite value, gives a message and an
// empty table, never an SVG without marks.
func TestEmptyState(t *testing.T) {
	t.Parallel()
	nan := Data{Columns: []string{"v"}, Rows: []Row{{Label: "a", Values: []float64{math.NaN()}}}}
	for name, c := range map[string]*Chart{
		"bars":     Bars(Data{}, Options{Empty: "Nothing"}),
		"nan":      Bars(nan, Options{Empty: "Nothing"}),
		"columns":  Columns(Data{}, Options{Empty: "Nothing"}),
		"stacked":  Stacked(nan, Options{Empty: "Nothing"}),
		"progress": Progress(Data{Columns: []string{"a"}, Rows: []Row{{Values: []float64{0}}}}, Options{Empty: "Nothing"}),
		"heatmap":  HeatMap(Data{Rows: []Row{{Label: "x"}}}, Options{Empty: "Nothing"}),
		"line":     Line(Series{}, Options{Empty: "Nothing"}),
	} {
		if !c.Empty() || strings.Contains(string(c.SVG()), "<svg") || !strings.Contains(string(c.SVG()), "Nothing") {
			t.Errorf("%s: %s", name, c.SVG())
		}
		checkMarkup(t, string(c.Figure()))
	}
}

// TestColoursContrast: every series colour stands out from white (3:1),
// and the text drawn on any fill reads (4.5:1).
func TestColoursContrast(t *testing.T) {
	t.Parallel()
	for _, c := range Palette {
		if r := contrast(c, "#ffffff"); r < 3 {
			t.Errorf("palette %s: contrast %.2f with white", c, r)
		}
	}
	for _, c := range append(append([]string{}, Palette...), heatColors...) {
		if r := contrast(inkOn(c), c); r < 4.5 {
			t.Errorf("text on %s: contrast %.2f", c, r)
		}
	}
	for _, c := range []string{ink, inkMuted, "#5a5a5a", "#b8520a"} {
		if r := contrast(c, "#ffffff"); r < 4.5 {
			t.Errorf("text %s: contrast %.2f with white", c, r)
		}
	}
	if c := (&Options{Colors: []string{`red"/><script>`}}).color(0); c != Palette[0] {
		t.Errorf("a colour that is not #rrggbb is drawn: %s", c)
	}
}

// TestCSVProtectsFormulas: a label a spreadsheet would run starts with a
// quote; the download says what it is.
func TestCSVProtectsFormulas(t *testing.T) {
	t.Parallel()
	d := Data{RowHeader: "=cmd", Columns: []string{"+x"}, Rows: []Row{{Label: "@SUM(A1)", Values: []float64{-3}}, {Label: "-1", Values: []float64{math.NaN()}}}}
	w := httptest.NewRecorder()
	ServeCSV(w, "by status\"; x.csv", Bars(d, Options{}))
	if got := w.Body.String(); got != "'=cmd,'+x\n'@SUM(A1),-3\n'-1,\n" {
		t.Errorf("CSV = %q", got)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename=bystatusx.csv` {
		t.Errorf("Content-Disposition %q", cd)
	}
}

func TestNiceRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lo, hi         float64
		wantLo, wantHi float64
	}{
		{0, 0, 0, 1},
		{0, 7, 0, 8},
		{0, 40, 0, 40},
		{-12.5, 42, -20, 60},
		{0, 1e300, 0, 1e300},
		{5, 5, 0, 5},
		{-3, -3, -3, 0},
	} {
		lo, hi, ticks := niceRange(tc.lo, tc.hi)
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
		if !near(lo, tc.wantLo) || !near(hi, tc.wantHi) || len(ticks) < 2 {
			t.Errorf("niceRange(%v, %v) = %v, %v, %v; want %v, %v", tc.lo, tc.hi, lo, hi, ticks, tc.wantLo, tc.wantHi)
		}
	}
}

// TestFigureHeadingHintAndFold: the caption can be a heading of the page's
// outline, with a hint under it, and a long table can start folded.
func TestFigureHeadingHintAndFold(t *testing.T) {
	t.Parallel()
	o := Options{ID: "f", Title: "By <status>", Heading: 2, Hint: "How to read it & why", TableClosed: true}
	fig := string(Bars(statusData(), o).Figure())
	for _, want := range []string{`<figcaption id="f-caption"><h2>By &lt;status&gt;</h2></figcaption>`, `<p class="hint">How to read it &amp; why</p>`, `<details class="chart-data"><summary>`} {
		if !strings.Contains(fig, want) {
			t.Errorf("figure lacks %s", want)
		}
	}
	o.Heading, o.TableClosed = 9, false
	fig = string(Bars(statusData(), o).Figure())
	if strings.Contains(fig, "<h9>") || !strings.Contains(fig, `<figcaption id="f-caption">By &lt;status&gt;</figcaption>`) || !strings.Contains(fig, `open=""`) {
		t.Errorf("heading 9 or open table: %s", fig[:200])
	}
	checkMarkup(t, fig)
}
