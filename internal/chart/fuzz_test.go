package chart

import (
	"math"
	"strings"
	"testing"
	"time"
)

// FuzzCharts draws every kind of chart from arbitrary labels and values:
// none may panic, and each must give well-formed, escaped markup.
func FuzzCharts(f *testing.F) {
	for _, h := range hostile {
		f.Add(h, "col", 1.5, -2.0, int64(0), false)
	}
	f.Add("", "", 0.0, 0.0, int64(-1), true)
	f.Add("a", "b", math.MaxFloat64, -math.MaxFloat64, int64(1e18), true)
	f.Add("x", "y", math.SmallestNonzeroFloat64, math.Inf(1), int64(86400e9), false)
	f.Fuzz(func(t *testing.T, label, col string, v1, v2 float64, nanos int64, rtl bool) {
		d := Data{Caption: label, RowHeader: col, Columns: []string{col, label}, ColumnShort: []string{label}, Rows: []Row{
			{Label: label, Short: col, Values: []float64{v1, v2}},
			{Label: col, Values: []float64{v2}},
		}}
		o := Options{ID: label, Title: label, Desc: col, RTL: rtl, CSVHref: label}
		at := time.Unix(0, nanos).UTC()
		s := Series{Caption: label, TimeHeader: col, ValueHeader: label,
			Points:   []Point{{at, v1}, {at.Add(time.Duration(nanos % 1e15)), v2}},
			Baseline: &Reference{Label: label, Value: v2, Time: at},
			Target:   &Reference{Label: col, Value: v1},
		}
		for _, c := range []*Chart{Bars(d, o), Columns(d, o), Stacked(d, o), Progress(d, o), HeatMap(d, o), Line(s, o)} {
			fig := string(c.Figure())
			checkMarkup(t, fig)
			if strings.Contains(fig, "NaN") || strings.Contains(fig, "Inf") && !strings.Contains(label+col, "Inf") {
				t.Fatalf("a coordinate is not a number:\n%s", fig)
			}
			var b strings.Builder
			if err := c.WriteCSV(&b); err != nil {
				t.Fatal(err)
			}
		}
	})
}
