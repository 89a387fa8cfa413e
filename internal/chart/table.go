package chart

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"strings"
)

// Table returns the chart's numbers as an HTML table: a caption, column
// headers and row headers with their scope, labels in their own direction
// (dir="auto"), numbers as the page's language writes them.
func (c *Chart) Table() template.HTML {
	o, d := &c.opt, &c.data
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="chart-table" id="%s-table">`, o.ID)
	caption := d.Caption
	if caption == "" {
		caption = o.Title
	}
	fmt.Fprintf(&b, `<caption dir="auto">%s</caption>`, esc(caption))
	fmt.Fprintf(&b, `<thead><tr><th scope="col" dir="auto">%s</th>`, esc(d.RowHeader))
	for _, col := range d.Columns {
		fmt.Fprintf(&b, `<th scope="col" dir="auto">%s</th>`, esc(col))
	}
	b.WriteString(`</tr></thead><tbody>`)
	if len(d.Rows) == 0 {
		fmt.Fprintf(&b, `<tr><td colspan="%d" class="empty">%s</td></tr>`, len(d.Columns)+1, esc(o.Empty))
	}
	for _, r := range d.Rows {
		fmt.Fprintf(&b, `<tr><th scope="row" dir="auto">%s</th>`, esc(o.label(r.Label)))
		total := rowTotal(r)
		for i := range d.Columns {
			v := value(r, i)
			text := o.num(v)
			if c.percent && finite(v) && total > 0 {
				text += " (" + o.percent(v/total) + ")"
			}
			fmt.Fprintf(&b, `<td class="num">%s</td>`, esc(text))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
	return template.HTML(b.String())
}

// percent writes a share (0.25 for a quarter) as a percentage.
func (o *Options) percent(share float64) string {
	if o.Percent != nil {
		return o.Percent(share)
	}
	return o.Number(share*100) + "%"
}

// rowTotal adds a row's finite, positive values: a stacked bar's length.
func rowTotal(r Row) float64 {
	t := 0.0
	for _, v := range r.Values {
		if finite(v) && v > 0 {
			t += v
		}
	}
	return t
}

// WriteCSV writes the chart's numbers as CSV: a header row (the row
// header and the columns), then one line per row with its key or label
// and plain numbers (a dot for decimals, no grouping), empty when missing.
// A label that a spreadsheet would run as a formula is written with a
// leading quote.
func (c *Chart) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	d := &c.data
	head := []string{protect(d.RowHeader)}
	for _, col := range d.Columns {
		head = append(head, protect(col))
	}
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("chart: csv: %w", err)
	}
	for _, r := range d.Rows {
		label := r.Key
		if label == "" {
			label = r.Label
		}
		line := []string{protect(label)}
		for i := range d.Columns {
			line = append(line, csvNumber(value(r, i)))
		}
		if err := cw.Write(line); err != nil {
			return fmt.Errorf("chart: csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("chart: csv: %w", err)
	}
	return nil
}

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula (docs/IMPORT-EXPORT.md).
const formulaStart = "=+-@\t\r'"

func protect(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// ServeCSV answers a request for a chart's CSV (a page's ?format=csv) as
// a download named name (".csv" is added when missing).
func ServeCSV(w http.ResponseWriter, name string, c *Chart) {
	name = cleanID(strings.TrimSuffix(name, ".csv"))
	if name == "" {
		name = "chart"
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".csv"}))
	h.Set("X-Content-Type-Options", "nosniff")
	_ = c.WriteCSV(w) // a failed write is the client's connection; nothing to tell it
}
