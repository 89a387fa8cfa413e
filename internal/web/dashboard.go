package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/chart"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/reference"
)

// gcmShort holds the short label of each objective and guiding principle
// of the Global Compact, by code.
var gcmShort = func() map[string]string {
	m := map[string]string{}
	for _, it := range reference.GCM().Items {
		m[it.Code] = it.ShortLabel
	}
	return m
}()

// dashboardView is a process's follow-up dashboard: the filters and one
// chart per count, each with its table and CSV link.
type dashboardView struct {
	*followup.Dashboard
	Objectives []option // the filter's choices, objectives then principles
	Statuses   []option
	Regions    []option
	// Charts by name, in the order the page shows them; Reporting is nil
	// when the process has no review cycle.
	Status, Objective, Region, Heat, Reporting *chart.Chart
}

// ListQuery is the dashboard's filters as the commitments list reads
// them (the cycle aside), for the link to the commitments counted: a
// query string the template inserts as it is (url.Values encodes it).
func (v *dashboardView) ListQuery() template.URL {
	q := url.Values{}
	for k, val := range map[string]string{"meeting": v.Filter.MeetingID, "body": v.Filter.BodyID, "objective": v.Filter.Objective,
		"region": v.Filter.Region, "status": string(v.Filter.Status)} {
		if val != "" {
			q.Set(k, val)
		}
	}
	return template.URL(q.Encode())
}

type option struct{ Value, Label string }

// charts returns the view's charts by the names their CSV links use.
func (v *dashboardView) charts() map[string]*chart.Chart {
	m := map[string]*chart.Chart{"status": v.Status, "objectives": v.Objective, "regions": v.Region, "heatmap": v.Heat}
	if v.Reporting != nil {
		m["reporting"] = v.Reporting
	}
	return m
}

// followUpDashboard shows a process's follow-up dashboard, filtered by the
// query (meeting, body, objective, region, status, cycle); with
// format=csv, the numbers of the chart named by chart= as a download.
func (s *Server) followUpDashboard(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := followup.DashboardInput{ProcessID: r.PathValue("id"), MeetingID: q.Get("meeting"), BodyID: q.Get("body"),
		Objective: q.Get("objective"), Region: q.Get("region"), Status: domain.CommitmentStatus(q.Get("status")), CycleID: q.Get("cycle")}
	d, err := s.followups.Dashboard(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	drawn, err := s.drawDashboard(pg, d)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if q.Get("format") == "csv" {
		c := drawn.charts[q.Get("chart")]
		if c == nil {
			s.fail(w, r, domain.NotFound("chart"))
			return
		}
		chart.ServeCSV(w, "dashboard-"+q.Get("chart"), c)
		return
	}
	pg.Data = &dashboardPage{Process: d.Process, Body: drawn.body}
	pg.Title = pg.T("dashboard.title", d.Process.Name)
	s.render(w, r, http.StatusOK, "dashboard", pg)
}

// dashboardPage is the dashboard's page: its process, read for each
// request, and the drawing of its filters and charts.
type dashboardPage struct {
	Process *domain.Process
	Body    template.HTML
}

// drawDashboard returns the filters and charts of d in pg's language,
// drawn once for every dashboard with d's counts ([followup.Dashboard.Counted])
// and kept. They are drawn from a page that holds the language and nothing
// of the reader, so that nothing of one reader reaches another.
func (s *Server) drawDashboard(pg *Page, d *followup.Dashboard) (*drawnDashboard, error) {
	return s.dashboards.draw(drawnKey(pg.Lang(), d.Counted), func() (*drawnDashboard, error) {
		lp := &Page{P: pg.P}
		v := newDashboardView(lp, d)
		lp.Data = v
		var b strings.Builder
		if err := s.tmpl.lookup(lp.Lang(), "dashboard").ExecuteTemplate(&b, "dashboard_body", lp); err != nil {
			return nil, fmt.Errorf("web: render dashboard: %w", err)
		}
		out := &drawnDashboard{body: template.HTML(b.String()), charts: v.charts()}
		out.size = 2 * b.Len() // the charts' data and drawings besides the page
		return out, nil
	})
}

// dashboardQuery is the query of the filters as applied, for the CSV
// links.
func dashboardQuery(f followup.DashboardInput) url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"meeting": f.MeetingID, "body": f.BodyID, "objective": f.Objective, "region": f.Region,
		"status": string(f.Status), "cycle": f.CycleID} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// dashboardChartOptions are the words and number formats of the page's language
// for chart id.
func dashboardChartOptions(pg *Page, id, title, csvHref string) chart.Options {
	return chart.Options{ID: id, Title: title, RTL: pg.P.Lang.RTL, Number: pg.P.Number, Percent: pg.P.Percent,
		Empty: pg.T("dashboard.empty"), TableLabel: pg.T("dashboard.table"), CSVLabel: pg.T("dashboard.csv", title),
		CSVHref: csvHref, Heading: 2}
}

func objectiveLabel(pg *Page, code string) string {
	if n, err := strconv.Atoi(strings.TrimPrefix(code, "O")); err == nil && strings.HasPrefix(code, "O") {
		return pg.T("dashboard.objective", n, gcmShort[code])
	}
	return code + " " + gcmShort[code]
}

func regionLabel(pg *Page, d *followup.Dashboard, key string) string {
	if key == "" {
		return pg.T("dashboard.no_region")
	}
	return d.RegionName(key, pg.Lang())
}

// halfWidth is the width of the charts drawn side by side, so that
// their text keeps its size at 1366 pixels.
const halfWidth = 540

func newDashboardView(pg *Page, d *followup.Dashboard) *dashboardView {
	v := &dashboardView{Dashboard: d}
	for _, it := range reference.GCM().Items {
		v.Objectives = append(v.Objectives, option{it.Code, objectiveLabel(pg, it.Code)})
	}
	for _, st := range domain.CommitmentStatuses {
		v.Statuses = append(v.Statuses, option{string(st), pg.T("dashboard.status_" + string(st))})
	}
	for _, c := range d.Choices.Regions {
		v.Regions = append(v.Regions, option{c.ID, regionLabel(pg, d, c.ID)})
	}
	query := dashboardQuery(d.Filter)
	csv := func(name string) string {
		q := url.Values{}
		for k, vs := range query {
			q[k] = vs
		}
		q.Set("format", "csv")
		q.Set("chart", name)
		return "?" + q.Encode()
	}
	commitments := pg.T("dashboard.col_commitments")
	one := func(header string) chart.Data {
		return chart.Data{RowHeader: header, Columns: []string{commitments}}
	}

	st := one(pg.T("dashboard.col_status"))
	st.Caption = pg.T("dashboard.chart_status")
	for _, c := range d.ByStatus {
		st.Rows = append(st.Rows, chart.Row{Label: pg.T("dashboard.status_" + c.Key), Key: c.Key, Values: []float64{float64(c.N)}})
	}
	if d.Total == 0 {
		st.Rows = nil // an empty state rather than six zero bars
	}
	o := dashboardChartOptions(pg, "chart-status", st.Caption, csv("status"))
	o.Width = halfWidth
	v.Status = chart.Bars(st, o)

	ob := one(pg.T("dashboard.col_objective"))
	ob.Caption = pg.T("dashboard.chart_objective")
	for i, c := range d.ByObjective {
		ob.Rows = append(ob.Rows, chart.Row{Label: objectiveLabel(pg, c.Key), Short: strconv.Itoa(i + 1), Key: c.Key, Values: []float64{float64(c.N)}})
	}
	if d.Total == 0 {
		ob.Rows = nil
	}
	o = dashboardChartOptions(pg, "chart-objectives", ob.Caption, csv("objectives"))
	o.Hint, o.TableClosed, o.Width = pg.T("dashboard.chart_objective_hint"), true, 960
	v.Objective = chart.Columns(ob, o)

	rg := one(pg.T("dashboard.col_region"))
	rg.Caption = pg.T("dashboard.chart_region")
	for _, c := range d.ByRegion {
		rg.Rows = append(rg.Rows, chart.Row{Label: regionLabel(pg, d, c.Key), Key: c.Key, Values: []float64{float64(c.N)}})
	}
	o = dashboardChartOptions(pg, "chart-regions", rg.Caption, csv("regions"))
	o.Width = halfWidth
	v.Region = chart.Bars(rg, o)

	hm := chart.Data{Caption: pg.T("dashboard.chart_heat"), RowHeader: pg.T("dashboard.col_objective")}
	for _, r := range d.Regions {
		hm.Columns = append(hm.Columns, regionLabel(pg, d, r))
	}
	if d.Total > 0 {
		for i, row := range d.Heat {
			code := d.ByObjective[i].Key
			vals := make([]float64, len(row))
			for j, n := range row {
				vals[j] = float64(n)
			}
			hm.Rows = append(hm.Rows, chart.Row{Label: objectiveLabel(pg, code), Key: code, Values: vals})
		}
	}
	o = dashboardChartOptions(pg, "chart-heatmap", hm.Caption, csv("heatmap"))
	o.Hint, o.TableClosed, o.Width = pg.T("dashboard.chart_heat_hint"), true, 960
	v.Heat = chart.HeatMap(hm, o)

	if rep := d.Reporting; rep != nil {
		title := pg.T("dashboard.chart_reporting", rep.Name, rep.Deadline)
		rd := chart.Data{Caption: title, RowHeader: pg.T("dashboard.col_region"),
			Columns: []string{pg.T("dashboard.reported_on_time"), pg.T("dashboard.reported_late"), pg.T("dashboard.not_reported")}}
		row := func(label, key string, r followup.Reporting) chart.Row {
			return chart.Row{Label: label, Key: key, Values: []float64{float64(r.OnTime), float64(r.Late), float64(r.None)}}
		}
		if rep.All.Total() > 0 {
			rd.Rows = append(rd.Rows, row(pg.T("dashboard.all_regions"), "", rep.All))
			for i, r := range rep.Regions {
				rd.Rows = append(rd.Rows, row(regionLabel(pg, d, r), r, rep.ByRegion[i]))
			}
		}
		o = dashboardChartOptions(pg, "chart-reporting", title, csv("reporting"))
		o.Hint = pg.T("dashboard.chart_reporting_hint")
		o.Colors = []string{"#00795c", "#b8520a", "#5a5a5a"}
		v.Reporting = chart.Progress(rd, o)
	}
	return v
}

// indicatorView is an indicator's values over time.
type indicatorView struct {
	*followup.IndicatorChart
	Chart *chart.Chart
}

// indicatorChart shows an indicator's values over time against its
// baseline and target; with format=csv, its values as a download.
func (s *Server) indicatorChart(w http.ResponseWriter, r *http.Request) {
	ic, err := s.followups.IndicatorChart(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("dashboard.indicator_title", ic.Name)
	value := pg.T("dashboard.indicator_value")
	if ic.Unit != "" {
		value = pg.T("dashboard.indicator_value_unit", ic.Unit)
	}
	date := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	ser := chart.Series{Caption: pg.Title, TimeHeader: pg.T("dashboard.indicator_date"), ValueHeader: value}
	for _, p := range ic.Points {
		ser.Points = append(ser.Points, chart.Point{Time: date(p.On), Value: p.Value})
	}
	if ic.Baseline != nil {
		ser.Baseline = &chart.Reference{Label: pg.T("dashboard.indicator_baseline"), Value: *ic.Baseline, Time: date(ic.BaselineOn)}
	}
	if ic.Target != nil {
		ser.Target = &chart.Reference{Label: pg.T("dashboard.indicator_target"), Value: *ic.Target, Time: date(ic.TargetOn)}
	}
	o := dashboardChartOptions(pg, "chart-indicator", ic.Name, "?format=csv")
	o.Empty, o.Hint, o.Heading = pg.T("dashboard.indicator_empty"), pg.T("dashboard.indicator_hint"), 0
	c := chart.Line(ser, o)
	if r.URL.Query().Get("format") == "csv" {
		chart.ServeCSV(w, "indicator-"+ic.ID, c)
		return
	}
	pg.Data = &indicatorView{IndicatorChart: ic, Chart: c}
	s.render(w, r, http.StatusOK, "indicator_chart", pg)
}
