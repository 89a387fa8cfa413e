package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/demo"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/loadgen"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/web"
)

// The pages at 100,000 contributions: the demo (GRCP 7 with its breakout
// groups, plenary and accounts, GRCP 6 with its overall recommendations)
// with 100,000 generated contributions in six languages added to GRCP 7
// (storetest.Contributions), and every page a secretariat and a delegate
// use requested through the whole handler that serve runs (session,
// middleware, use case, queries, template; the API behind its token), by
// 1 and by 50 people at once, warm (after a first request) and cold (the
// first requests after a start: a new store and handler, so that every
// cache of the process is empty; the operating system's file cache stays
// warm). Times are server-side, from the request entering the handler to
// its last byte. The targets are p50 < 20 ms and p99 < 200 ms with 50
// people, warm, and p99 < 300 ms cold. Run it with
//
//	go test ./internal/cli/ -run '^$' -bench Pages100k -benchtime 1x -timeout 90m -v
//
// and with PLENARY_TEST_DATABASE_URL set for PostgreSQL as well
// (-bench Pages100k/postgres for it alone). The database is built once
// (a few minutes) and kept (in the temporary directory on SQLite, in a
// schema of its own on PostgreSQL) until the generator changes, and
// migrated when the migrations do.

// pagesBenchVersion names the generated data; change it when the
// generator changes.
const pagesBenchVersion = "pages-100k-1"

const pagesBenchSize = 100_000

// pagesBenchHash names the cached database after the generator. A
// database built before a migration is migrated when it is opened, as a
// server's would be.
func pagesBenchHash() string {
	sum := sha256.Sum256([]byte(pagesBenchVersion))
	return hex.EncodeToString(sum[:])[:12]
}

// pagesBenchSQLite returns the path of the generated SQLite database,
// building it the first time.
func pagesBenchSQLite(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "plenary-pages-bench-"+pagesBenchHash()+".db")
	if _, err := os.Stat(path); err == nil {
		db, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
		return path
	}
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	pagesBenchBuild(b, tmp)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	return path
}

// pagesBenchBuild loads the demo into a new database at url and adds the
// contributions to GRCP 7.
func pagesBenchBuild(b *testing.B, url string) {
	b.Helper()
	ctx := context.Background()
	t0 := time.Now()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	res, err := demo.Load(ctx, db, auth.Params{Memory: 1024, Time: 1, Threads: 1})
	if err != nil {
		b.Fatal(err)
	}
	refs := storetest.CorpusRefs{Meetings: []string{res.MeetingID}, Questions: map[string][]string{}}
	qs, err := db.GuidingQuestions(ctx, res.MeetingID)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range qs {
		refs.Questions[res.MeetingID] = append(refs.Questions[res.MeetingID], q.ID)
	}
	bodies, _, err := db.Bodies(ctx, store.BodyFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	for _, x := range bodies {
		refs.Bodies = append(refs.Bodies, x.ID)
	}
	users, _, err := db.Users(ctx, store.UserFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range users {
		if !u.Admin {
			refs.Authors = append(refs.Authors, u.ID)
		}
	}
	fs, err := db.Frameworks(ctx)
	if err != nil {
		b.Fatal(err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, it := range gcm.Items {
		refs.Tags = append(refs.Tags, it.ID)
	}
	admin, _, err := db.UserByEmail(ctx, "admin@demo.plenary.local")
	if err != nil {
		b.Fatal(err)
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: admin})
	for from := 0; from < pagesBenchSize; from += 2000 {
		if err := db.CreateContributions(actx, storetest.Contributions(refs, from, min(from+2000, pagesBenchSize))); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built the demo and %d contributions in %s", pagesBenchSize, time.Since(t0).Round(time.Second))
}

// pagesBenchPostgres returns the URL of the generated PostgreSQL
// database: a schema kept between runs, filled once from the SQLite one
// by dump and restore. It skips without PLENARY_TEST_DATABASE_URL.
func pagesBenchPostgres(b *testing.B, lite string) string {
	b.Helper()
	base := os.Getenv(storetest.EnvURL)
	if base == "" {
		b.Skipf("set %s to run on PostgreSQL", storetest.EnvURL)
	}
	ctx := context.Background()
	schema := "plenary_pages_bench_" + pagesBenchHash()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	url := base + sep + "search_path=" + schema
	var n int
	if err := admin.QueryRow(`SELECT COUNT(*) FROM ` + schema + `.contribution_search`).Scan(&n); err == nil && n >= pagesBenchSize {
		return url
	}
	admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	src, err := store.Open(ctx, lite, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := src.Dump(ctx, &buf); err != nil {
		b.Fatal(err)
	}
	src.Close()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Restore(ctx, &buf, false); err != nil {
		b.Fatal(err)
	}
	db.Close()
	// As autovacuum would in time: statistics, and the visibility map
	// that lets PostgreSQL answer from an index alone.
	if _, err := admin.Exec(`VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("restored into PostgreSQL in %s", time.Since(t0).Round(time.Second))
	return url
}

// pagesWorld is what the pages are asked about.
type pagesWorld struct {
	meetingID      string // GRCP 7, with the 100,000 contributions
	contributionID string // one of them, published
	candidateMtg   string // a meeting with overall candidates (GRCP 6)
	candidateID    string
	cookies        map[string]string // web sessions by role
	tokens         map[string]string // API tokens by role
}

func pagesBenchWorld(b *testing.B, url string) *pagesWorld {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	raw, err := openRawForBench(url)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	w := &pagesWorld{cookies: map[string]string{}, tokens: map[string]string{}}
	if err := raw.QueryRow(`SELECT meeting_id FROM contributions GROUP BY meeting_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&w.meetingID); err != nil {
		b.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT id FROM contributions WHERE meeting_id = '` + w.meetingID + `' AND status = 'published' ORDER BY seq DESC LIMIT 1`).
		Scan(&w.contributionID); err != nil {
		b.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT meeting_id, id FROM overall_candidates ORDER BY created_at LIMIT 1`).Scan(&w.candidateMtg, &w.candidateID); err != nil {
		b.Fatal(err)
	}
	for _, role := range []string{"secretariat", "delegate"} {
		u, _, err := db.UserByEmail(ctx, role+"@demo.plenary.local")
		if err != nil {
			b.Fatal(err)
		}
		tok, hash := auth.NewToken()
		if err := db.CreateWebSession(ctx, hash, u.ID, 6*time.Hour); err != nil {
			b.Fatal(err)
		}
		w.cookies[role] = tok
		tok, hash = auth.NewToken()
		if _, err := db.CreateAPIToken(ctx, u.ID, "pages benchmark", hash, 6*time.Hour); err != nil {
			b.Fatal(err)
		}
		w.tokens[role] = tok
	}
	return w
}

func openRawForBench(url string) (*sql.DB, error) {
	if store.IsPostgresURL(url) {
		return sql.Open("pgx", url)
	}
	return sql.Open("sqlite", "file:"+url+"?mode=ro")
}

// pagesServer is a started server: a store of its own and the handler
// serve runs.
type pagesServer struct {
	db *store.DB
	lv *live.Service
	h  http.Handler
}

func startPages(b *testing.B, url string) *pagesServer {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url, store.Options{Warm: true})
	if err != nil {
		b.Fatal(err)
	}
	lv := live.New(db, live.Options{})
	h, _, _, err := buildHandler(db, slog.New(slog.DiscardHandler), web.Config{Live: lv, ActorCacheTTL: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	return &pagesServer{db: db, lv: lv, h: h}
}

func (s *pagesServer) close() {
	s.lv.Close()
	s.db.Close()
}

// pageReq is one page as one person asks for it.
type pageReq struct {
	name, role, path string
	api              bool // with the role's API token rather than its session
}

// get serves r and returns the time it took and the status.
func (s *pagesServer) get(w *pagesWorld, r pageReq) (time.Duration, int, int) {
	req := httptest.NewRequest("GET", r.path, nil)
	if r.api {
		req.Header.Set("Authorization", "Bearer "+w.tokens[r.role])
	} else {
		req.AddCookie(&http.Cookie{Name: "plenary_session", Value: w.cookies[r.role]})
	}
	rec := httptest.NewRecorder()
	t0 := time.Now()
	s.h.ServeHTTP(rec, req)
	return time.Since(t0), rec.Code, rec.Body.Len()
}

// pagesList is every page measured.
func pagesList(w *pagesWorld) []pageReq {
	m := "/meetings/" + w.meetingID
	return []pageReq{
		{"home", "delegate", "/", false},
		{"meeting", "delegate", m, false},
		{"list", "delegate", m + "/contributions", false},
		{"list-secretariat", "secretariat", m + "/contributions", false},
		{"list-filtered", "delegate", m + "/contributions?kind=good_practice&lang=fr", false},
		{"list-page-100", "delegate", m + "/contributions?offset=1980", false},
		{"list-all-meetings", "delegate", "/contributions", false},
		{"search", "delegate", m + "/contributions?q=migrant+workers", false},
		{"contribution", "delegate", "/contributions/" + w.contributionID, false},
		{"moderation", "secretariat", m + "/moderation", false},
		{"plenary", "secretariat", m + "/plenary", false},
		{"projector", "secretariat", m + "/projector", false},
		{"overall", "secretariat", m + "/overall", false},
		{"provenance", "secretariat", "/meetings/" + w.candidateMtg + "/overall/candidates/" + w.candidateID, false},
		{"api-list", "delegate", "/api/v1/contributions?meeting=" + w.meetingID, true},
		{"api-list-facets", "delegate", "/api/v1/contributions?facets=true&meeting=" + w.meetingID, true},
		{"api-page-100", "delegate", "/api/v1/contributions?limit=20&offset=1980&meeting=" + w.meetingID, true},
	}
}

// BenchmarkPages100k reports for every page, on each engine: p50 and p99
// by one person at a time (40 requests), by 50 at once (4 requests
// each), and cold (5 starts for one person, 1 start with 50 at once).
func BenchmarkPages100k(b *testing.B) {
	lite := pagesBenchSQLite(b)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			url := lite
			if engine == "postgres" {
				url = pagesBenchPostgres(b, lite)
			}
			w := pagesBenchWorld(b, url)
			warm := startPages(b, url)
			b.Cleanup(warm.close)
			for _, pg := range pagesList(w) {
				b.Run(pg.name, func(b *testing.B) {
					for b.Loop() {
						pagesMeasure(b, url, w, warm, pg)
					}
				})
			}
		})
	}
}

func pagesMeasure(b *testing.B, url string, w *pagesWorld, warm *pagesServer, pg pageReq) {
	check := func(code, n int) {
		if code != http.StatusOK || n == 0 {
			b.Errorf("%s: status %d, %d bytes", pg.path, code, n)
		}
	}
	// Warm: after a first request.
	_, code, n := warm.get(w, pg)
	check(code, n)
	serial := make([]time.Duration, 40)
	for i := range serial {
		serial[i], code, n = warm.get(w, pg)
		check(code, n)
	}
	crowd := func(s *pagesServer, each int) []time.Duration {
		var mu sync.Mutex
		var out []time.Duration
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 50 {
			wg.Go(func() {
				<-start
				for range each {
					d, code, n := s.get(w, pg)
					check(code, n)
					mu.Lock()
					out = append(out, d)
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		return out
	}
	parallel := crowd(warm, 4)
	// Cold: the first requests after a start.
	var cold1, cold50 []time.Duration
	for range 5 {
		s := startPages(b, url)
		d, code, n := s.get(w, pg)
		check(code, n)
		cold1 = append(cold1, d)
		s.close()
	}
	for range 1 {
		s := startPages(b, url)
		cold50 = append(cold50, crowd(s, 1)...)
		s.close()
	}
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(serial, 50)), "p50-1user-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(serial, 99)), "p99-1user-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(parallel, 50)), "p50-50users-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(parallel, 99)), "p99-50users-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(cold1, 50)), "cold-p50-1user-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(cold1, 99)), "cold-p99-1user-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(cold50, 50)), "cold-p50-50users-ms")
	b.ReportMetric(loadgen.Millis(loadgen.Percentile(cold50, 99)), "cold-p99-50users-ms")
	b.Logf("| %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |", pg.name,
		loadgen.Millis(loadgen.Percentile(serial, 50)), loadgen.Millis(loadgen.Percentile(serial, 99)), loadgen.Millis(loadgen.Percentile(parallel, 50)), loadgen.Millis(loadgen.Percentile(parallel, 99)),
		loadgen.Millis(loadgen.Percentile(cold1, 50)), loadgen.Millis(loadgen.Percentile(cold1, 99)), loadgen.Millis(loadgen.Percentile(cold50, 50)), loadgen.Millis(loadgen.Percentile(cold50, 99)))
}
