package web

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"

	"github.com/plenary-org/plenary/internal/chart"
	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/registry"
)

// regionOption is a region of the filter, by ID, named in the page's
// language.
type regionOption struct {
	ID, Name string
	M49      bool
}

type overlapView struct {
	Overlap      *registry.Overlap
	RegionID     string
	Regions      []regionOption
	Distribution *chart.Chart
	Top          *chart.Chart
	Exports      []exportLink
	Rows         []overlapRow
}

// overlapRow is a state with the mechanisms it sits in.
type overlapRow struct {
	State registry.StateOverlap
	In    []overlapIn
}

type overlapIn struct {
	ID, Label string
	Observer  bool
}

// overlapData is the distribution chart's table: how many states belong
// to 1, 2, ... mechanisms.
func overlapCharts(pg *Page, o *registry.Overlap, query string) (*chart.Chart, *chart.Chart) {
	d := chart.Data{Caption: pg.T("overlap.distribution"), RowHeader: pg.T("overlap.mechanisms_count"), Columns: []string{pg.T("overlap.states")}}
	for i, n := range o.Distribution {
		d.Rows = append(d.Rows, chart.Row{Label: strconv.Itoa(i + 1), Short: strconv.Itoa(i + 1), Key: strconv.Itoa(i + 1), Values: []float64{float64(n)}})
	}
	rtl := pg.Dir() == "rtl"
	opts := func(id, title string) chart.Options {
		return chart.Options{ID: id, Title: title, RTL: rtl, Number: pg.P.Number, Percent: pg.P.Percent, Empty: pg.T("overlap.empty"),
			TableLabel: pg.T("overlap.table"), CSVLabel: pg.T("overlap.csv"), CSVHref: "/registry/overlap?" + query + "chart=" + id + "&format=csv"}
	}
	dist := chart.Columns(d, opts("distribution", pg.T("overlap.distribution")))
	top := chart.Data{Caption: pg.T("overlap.top"), RowHeader: pg.T("field.country"), Columns: []string{pg.T("overlap.mechanisms_count")}}
	for i, st := range o.States {
		if i == 25 || st.Members == 0 {
			break
		}
		top.Rows = append(top.Rows, chart.Row{Label: st.Name, Key: st.Alpha3, Values: []float64{float64(st.Members)}})
	}
	return dist, chart.Bars(top, opts("top", pg.T("overlap.top")))
}

func (s *Server) overlap(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	lang := langOf(r.Context())
	svc := registry.New(s.db)
	o, err := svc.Overlap(r.Context(), a, registry.OverlapInput{RegionID: q.Get("region"), Lang: lang})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("overlap.title")
	query := ""
	if id := q.Get("region"); id != "" {
		query = "region=" + id + "&"
	}
	dist, top := overlapCharts(pg, o, query)
	if format := q.Get("format"); format != "" {
		if c := q.Get("chart"); c != "" {
			switch c {
			case "distribution":
				chart.ServeCSV(w, "overlap-distribution", dist)
			case "top":
				chart.ServeCSV(w, "overlap-top", top)
			default:
				s.fail(w, r, domain.Invalid("chart", "error.io_format", "unknown format %q: use csv, xlsx or json", c))
			}
			return
		}
		f, err := contribio.ParseFormat(format)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		header, rows := o.Table()
		var buf bytes.Buffer
		if err := partnership.WriteTable(&buf, f, "overlap", header, rows); err != nil {
			s.fail(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType())
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "states-mechanisms." + string(f)}))
		h.Set("Cache-Control", "private, no-store")
		w.Write(buf.Bytes())
		return
	}
	rs, err := svc.Regions(r.Context(), a, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &overlapView{Overlap: o, RegionID: q.Get("region"), Distribution: dist, Top: top}
	for _, e := range rs {
		v.Regions = append(v.Regions, regionOption{ID: e.Region.ID, Name: e.Name, M49: e.Region.M49()})
	}
	for _, st := range o.States {
		row := overlapRow{State: st}
		for _, m := range o.Mechanisms {
			if role := st.Roles[m.ID]; role != "" {
				row.In = append(row.In, overlapIn{ID: m.ID, Label: m.Label(), Observer: role == "observer"})
			}
		}
		v.Rows = append(v.Rows, row)
	}
	for _, f := range contribio.Formats {
		v.Exports = append(v.Exports, exportLink{Format: string(f), URL: "/registry/overlap?" + query + "format=" + string(f)})
	}
	pg.Data = v
	s.render(w, r, http.StatusOK, "overlap", pg)
}
