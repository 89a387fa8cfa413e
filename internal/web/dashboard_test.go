package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// dashPages is a server over a generated follow-up (see
// storetest.GenerateFollowUp) with a session per role.
type dashPages struct {
	h       http.Handler
	srv     *Server
	db      *store.DB
	w       *storetest.FollowUpWorld
	cookies map[string]string
}

type dashBuilt struct {
	w       *storetest.FollowUpWorld
	cookies map[string]string
}

var dashPagesSnapshot storetest.Snapshot[dashBuilt]

func newDashPages(t testing.TB, commitments int, snap *storetest.Snapshot[dashBuilt]) *dashPages {
	t.Helper()
	ctx := context.Background()
	db, built := snap.Open(t, func(db *store.DB) dashBuilt {
		return buildDashPages(t, ctx, db, storetest.URLOf(db), commitments)
	})
	return servePages(t, db, built)
}

func buildDashPages(t testing.TB, ctx context.Context, db *store.DB, url string, commitments int) dashBuilt {
	t.Helper()
	w, err := storetest.GenerateFollowUp(ctx, db, url, storetest.FollowUpSize{Commitments: commitments})
	if err != nil {
		t.Fatal(err)
	}
	return dashBuilt{w: w, cookies: dashSessions(t, ctx, db, w)}
}

// dashSessions opens a session for each of the world's people.
func dashSessions(t testing.TB, ctx context.Context, db *store.DB, w *storetest.FollowUpWorld) map[string]string {
	t.Helper()
	cookies := map[string]string{}
	for role, u := range w.Users {
		tok, hash := auth.NewToken()
		if err := db.CreateWebSession(ctx, hash, u.ID, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		cookies[role] = tok
	}
	return cookies
}

func servePages(t testing.TB, db *store.DB, built dashBuilt) *dashPages {
	t.Helper()
	srv, err := New(Config{DB: db, Catalog: locale.MustLoad(), ActorCacheTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return &dashPages{h: srv.Handler(), srv: srv, db: db, w: built.w, cookies: built.cookies}
}

func (p *dashPages) get(t testing.TB, role, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if tok := p.cookies[role]; tok != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
	}
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec
}

// TestDashboardPageInEveryLanguage: the dashboard speaks each language,
// mirrors in Arabic, and gives every chart its drawing, table and CSV link.
func TestDashboardPageInEveryLanguage(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashPagesSnapshot)
	cat := locale.MustLoad()
	for _, l := range locale.Languages {
		t.Run(l.Code, func(t *testing.T) {
			rec := p.get(t, "secretariat", "/processes/"+p.w.ProcessID+"/dashboard?lang="+l.Code)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			b := body(rec)
			pr := cat.Printer(l.Code)
			dir := "ltr"
			if l.RTL {
				dir = "rtl"
			}
			for _, want := range []string{
				`<html lang="` + l.Code + `" dir="` + dir + `">`,
				`direction="` + dir + `"`,
				pr.T("dashboard.chart_status"), pr.T("dashboard.status_on_track"), pr.T("dashboard.reported_late"),
				pr.N("dashboard.total", 60),
				`role="img"`, `<th scope="row"`, `chart=heatmap`, `chart=reporting`,
			} {
				if !strings.Contains(b, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, id := range []string{"chart-status", "chart-regions", "chart-objectives", "chart-heatmap", "chart-reporting"} {
				if !strings.Contains(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="`+id+`"`) || !strings.Contains(b, `id="`+id+`-table"`) {
					t.Errorf("chart %s lacks its drawing or its table", id)
				}
			}
		})
	}
}

// TestDashboardWhoSeesThePages: members see the dashboard and the
// indicators' charts; an outsider gets not found; a visitor logs in first.
func TestDashboardWhoSeesThePages(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashPagesSnapshot)
	for _, path := range []string{"/processes/" + p.w.ProcessID + "/dashboard", "/indicators/" + p.w.IndicatorIDs[0] + "/chart",
		"/processes/" + p.w.ProcessID + "/dashboard?format=csv&chart=status", "/indicators/" + p.w.IndicatorIDs[0] + "/chart?format=csv"} {
		for role, want := range map[string]int{"admin": 200, "secretariat": 200, "delegate": 200, "observer": 200, "outsider": 404, "anonymous": 303} {
			rec := p.get(t, role, path)
			if rec.Code != want {
				t.Errorf("%s %s: status %d, want %d", role, path, rec.Code, want)
			}
			if want == 404 && strings.Contains(rec.Body.String(), "chart-svg") {
				t.Errorf("%s %s: a refusal shows a chart", role, path)
			}
			if role == "anonymous" && !strings.HasPrefix(rec.Header().Get("Location"), "/login?") {
				t.Errorf("anonymous %s: sent to %q", path, rec.Header().Get("Location"))
			}
		}
	}
}

// TestDashboardFiltersAndCSV: a filter narrows the counts, stays selected
// in the form and in the CSV links; the CSV holds the same numbers.
func TestDashboardFiltersAndCSV(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashPagesSnapshot)
	base := "/processes/" + p.w.ProcessID + "/dashboard"
	total := func(path string) int {
		t.Helper()
		rec := p.get(t, "observer", path+"&format=csv&chart=status")
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: status %d, %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		rows, err := csv.NewReader(rec.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			return 0
		}
		if strings.Join(rows[0], ",") != "Status,Commitments" {
			t.Errorf("CSV header %q", rows[0])
		}
		n := 0
		for _, r := range rows[1:] {
			v, err := strconv.Atoi(r[1])
			if err != nil {
				t.Fatalf("CSV %q: %v", r, err)
			}
			n += v
		}
		return n
	}
	all := total(base + "?lang=en")
	if all != 60 {
		t.Fatalf("all: %d commitments in the CSV, want 60", all)
	}
	// The regions' CSV gives each region's key, which the filter takes.
	rows, err := csv.NewReader(p.get(t, "observer", base+"?format=csv&chart=regions").Body).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("regions CSV %q, %v", rows, err)
	}
	region := rows[2][0]
	filtered := base + "?lang=en&status=on_track&region=" + url.QueryEscape(region)
	n := total(filtered)
	if n == 0 || n >= all {
		t.Errorf("filtered: %d of %d", n, all)
	}
	rec := p.get(t, "observer", filtered)
	b := body(rec)
	for _, want := range []string{`<option value="on_track" selected>`, `<option value="` + region + `" selected>`, "status=on_track"} {
		if !strings.Contains(b, want) {
			t.Errorf("filtered page lacks %q", want)
		}
	}
	if !strings.Contains(b, "region="+url.QueryEscape(region)) {
		t.Errorf("the CSV links lose the region")
	}
	// The closed cycle: the CSV of its reporting adds up to its scope.
	rec = p.get(t, "observer", base+"?lang=en&format=csv&chart=reporting&cycle="+p.w.CycleIDs[0])
	rows, err = csv.NewReader(rec.Body).ReadAll()
	if err != nil || len(rows) < 2 || strings.Join(rows[0], ",") != "Region,Reported on time,Reported late,Not reported" || rows[1][0] != "All regions" {
		t.Fatalf("reporting CSV %q, %v", rows, err)
	}
	sum := 0
	for _, c := range rows[1][1:] {
		v, _ := strconv.Atoi(c)
		sum += v
	}
	if sum != 36 {
		t.Errorf("closed cycle: %d in scope, want 36", sum)
	}
	if rec := p.get(t, "observer", base+"?format=csv&chart=nothing"); rec.Code != 404 {
		t.Errorf("unknown chart: status %d", rec.Code)
	}
}

// TestDashboardBadFilters: a wrong filter is explained in the reader's
// language; another process's cycle is not found; markup typed into a
// filter never reaches the page as markup.
func TestDashboardBadFilters(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashPagesSnapshot)
	base := "/processes/" + p.w.ProcessID + "/dashboard"
	rec := p.get(t, "observer", base+"?lang=fr&status=finished")
	if rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("unknown status: %d", rec.Code)
	}
	if fr := locale.MustLoad().Printer("fr").T("followup.error_status"); !strings.Contains(body(rec), fr) {
		t.Errorf("the error is not in French: %s", body(rec))
	}
	if rec := p.get(t, "observer", base+"?cycle=01BENCHY000000000000000099"); rec.Code != 404 {
		t.Errorf("a cycle of nothing: %d", rec.Code)
	}
	rec = p.get(t, "observer", base+"?region="+url.QueryEscape(`"><script>alert(1)</script>`))
	if rec.Code != 404 || strings.Contains(rec.Body.String(), "<script>alert") {
		t.Errorf("markup in a filter: status %d, echoed as markup: %v", rec.Code, strings.Contains(rec.Body.String(), "<script>alert"))
	}
	if rec := p.get(t, "observer", base+"?region=a%00b"); rec.Code == 200 {
		t.Errorf("NUL in a filter: status %d", rec.Code)
	}
}

// TestIndicatorChartPage: the indicator's values, baseline and target
// drawn and tabled, the CSV with ISO dates.
func TestIndicatorChartPage(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashPagesSnapshot)
	path := "/indicators/" + p.w.IndicatorIDs[0] + "/chart"
	b := body(p.get(t, "delegate", path+"?lang=ar"))
	for _, want := range []string{`dir="rtl"`, `direction="rtl"`, `class="baseline"`, `class="target"`, "<polyline", `id="chart-indicator-table"`, "format=csv"} {
		if !strings.Contains(b, want) {
			t.Errorf("indicator page lacks %q", want)
		}
	}
	rec := p.get(t, "delegate", path+"?format=csv&lang=en")
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil || len(rows) < 4 || rows[0][0] != "Date" || !strings.HasPrefix(rows[1][0], "Baseline") || !strings.HasPrefix(rows[len(rows)-1][0], "Target") {
		t.Fatalf("CSV %q, %v", rows, err)
	}
	if _, err := time.Parse(time.DateOnly, rows[2][0]); err != nil {
		t.Errorf("a value's date %q is not ISO: %v", rows[2][0], err)
	}
	if rec := p.get(t, "delegate", "/indicators/nope/chart"); rec.Code != 404 {
		t.Errorf("unknown indicator: %d", rec.Code)
	}
}

// csvCounts reads a dashboard chart's CSV as key -> the first number.
func (p *dashPages) csvCounts(t *testing.T, role, path string) map[string]int {
	t.Helper()
	rec := p.get(t, role, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s %s: status %d", role, path, rec.Code)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: CSV %q, %v", path, rows, err)
	}
	out := map[string]int{}
	for _, r := range rows[1:] {
		n, err := strconv.Atoi(r[1])
		if err != nil {
			t.Fatalf("%s: row %q", path, r)
		}
		out[r[0]] = n
	}
	return out
}

var dashChangeSnapshot storetest.Snapshot[dashBuilt]

// TestDashboardShowsAChangeAtOnce: the drawings and counts are kept, yet a
// progress report accepted through the pages changes the dashboard (its
// page and its CSV) on the very next request, with no second to wait.
func TestDashboardShowsAChangeAtOnce(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashChangeSnapshot)
	ctx := context.Background()
	base := "/processes/" + p.w.ProcessID + "/dashboard"
	// A submitted report giving its commitment another status.
	reports, err := p.db.ProgressReports(ctx, store.ReportFilter{ProcessID: p.w.ProcessID, States: []domain.ReportState{domain.ReportSubmitted}})
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) == 0 {
		t.Fatal("the generated follow-up has no submitted report")
	}
	report := reports[0]
	// Its commitment is first moved to another status (the report, once
	// accepted, moves it back).
	c, err := p.db.Commitment(ctx, report.CommitmentID)
	if err != nil {
		t.Fatal(err)
	}
	before := domain.CommitmentDropped
	if report.Status == before {
		before = domain.CommitmentDelayed
	}
	if _, err := p.srv.followups.ChangeStatus(ctx, &domain.Actor{User: p.w.Users["admin"]},
		followup.StatusInput{ID: c.ID, Version: c.Version, Status: before, Note: "test"}); err != nil {
		t.Fatal(err)
	}
	statusCSV := base + "?lang=en&format=csv&chart=status"
	page := func() string { t.Helper(); return body(p.get(t, "secretariat", base+"?lang=en")) }
	first, firstPage := p.csvCounts(t, "secretariat", statusCSV), page()
	if again := page(); again != firstPage {
		t.Fatal("the same dashboard read twice differs")
	}
	drawn := p.srv.dashboards.drawings()
	if page(); p.srv.dashboards.drawings() != drawn {
		t.Error("an unchanged dashboard is drawn again")
	}
	form := url.Values{"version": {strconv.Itoa(report.Version)}}
	req := httptest.NewRequest("POST", "/reports/"+report.ID+"/accept", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: p.cookies["secretariat"]})
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("accept: status %d: %.300s", rec.Code, rec.Body.String())
	}
	after := p.csvCounts(t, "secretariat", statusCSV)
	if after[string(before)] != first[string(before)]-1 || after[string(report.Status)] != first[string(report.Status)]+1 {
		t.Errorf("accepting a report moving a commitment from %s to %s: counts %v, then %v", before, report.Status, first, after)
	}
	if page() == firstPage {
		t.Error("the page is the one drawn before the report was accepted")
	}
}

// TestDashboardKeptForNoOneElse: the drawing kept for one reader is no
// one else's page: an outsider asking the same dashboard (page or CSV)
// gets not found, a visitor the login page, another member the drawing
// inside a page of their own (their name, not the first reader's), and a
// member whose membership ends gets not found at once. Fifty people asking
// a dashboard together have it drawn once.
func TestDashboardKeptForNoOneElse(t *testing.T) {
	t.Parallel()
	p := newDashPages(t, 60, &dashChangeSnapshot)
	ctx := context.Background()
	path := "/processes/" + p.w.ProcessID + "/dashboard?lang=en&status=on_track"
	csvPath := path + "&format=csv&chart=regions"
	secretariat := body(p.get(t, "secretariat", path))
	if !strings.Contains(secretariat, "chart-svg") || !strings.Contains(secretariat, `<span class="who">Secretariat</span>`) {
		t.Fatal("the secretariat's dashboard lacks its charts or its reader")
	}
	p.get(t, "secretariat", csvPath)
	for _, pth := range []string{path, csvPath} {
		rec := p.get(t, "outsider", pth)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "chart-svg") || strings.Contains(rec.Body.String(), "Commitments") {
			t.Errorf("outsider %s: status %d, %.200s", pth, rec.Code, rec.Body.String())
		}
		if rec := p.get(t, "anonymous", pth); rec.Code != http.StatusSeeOther {
			t.Errorf("visitor %s: status %d", pth, rec.Code)
		}
	}
	observer := body(p.get(t, "observer", path))
	if !strings.Contains(observer, "chart-svg") || !strings.Contains(observer, `<span class="who">Observer</span>`) || strings.Contains(observer, "Secretariat") {
		t.Error("the observer's page is not their own")
	}
	// The observer leaves the process: the kept drawing is not theirs
	// any more.
	ms, err := p.db.MembershipsOf(ctx, p.w.Users["observer"].ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("observer's memberships %v, %v", ms, err)
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: p.w.Users["admin"]})
	if err := p.db.RemoveMembership(actx, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, pth := range []string{path, csvPath} {
		if rec := p.get(t, "observer", pth); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "chart-svg") {
			t.Errorf("former observer %s: status %d", pth, rec.Code)
		}
	}
	// Fifty at once, a dashboard not drawn before: drawn once (or twice,
	// should the follow-up's second pass between two of them).
	fresh := "/processes/" + p.w.ProcessID + "/dashboard?lang=fr&status=delayed"
	drawn := p.srv.dashboards.drawings()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if rec := p.get(t, "delegate", fresh); rec.Code != http.StatusOK {
				t.Errorf("delegate: status %d", rec.Code)
			}
		})
	}
	wg.Wait()
	if n := p.srv.dashboards.drawings() - drawn; n < 1 || n > 2 {
		t.Errorf("fifty readers at once: drawn %d times", n)
	}
}
