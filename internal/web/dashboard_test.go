package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// dashPages is a server over a generated follow-up (see
// storetest.GenerateFollowUp) with a session per role.
type dashPages struct {
	h       http.Handler
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
	return &dashPages{h: srv.Handler(), w: built.w, cookies: built.cookies}
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
