package web

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/loadgen"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// The dashboards' benchmark: a process with 10,000 commitments, 30,000
// indicators and 200,000 indicator values (storetest.GenerateFollowUp),
// every dashboard page requested through the whole handler (session,
// middleware, use case, queries, charts, template), first by one person
// at a time (p50), then by 50 at once (p99). The targets are p50 < 50 ms
// and p99 < 200 ms. Run it with
//
//	go test -run '^$' -bench DashboardPages -benchtime 1x ./internal/web
//
// and with PLENARY_TEST_DATABASE_URL set for PostgreSQL as well. The
// generated database is kept between runs (in the temporary directory on
// SQLite, in a schema of its own on PostgreSQL) until the migrations or
// the generator change.

// dashBenchVersion names the generated follow-up; change it when the
// generator changes.
const dashBenchVersion = "followup-dashboards-1"

const dashBenchCommitments = 10_000

// dashBenchHash names the cached database after the generator and the
// migrations.
func dashBenchHash(tb testing.TB) string {
	tb.Helper()
	h := sha256.New()
	h.Write([]byte(dashBenchVersion))
	for _, engine := range []string{"sqlite", "postgres"} {
		files, err := filepath.Glob(filepath.Join("..", "store", "migrations", engine, "*.sql"))
		if err != nil || len(files) == 0 {
			tb.Fatalf("migrations: %v", err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// dashBenchDB opens the generated database of engine, building it the
// first time.
func dashBenchDB(b *testing.B, engine string) (*store.DB, *storetest.FollowUpWorld) {
	b.Helper()
	ctx := context.Background()
	hash := dashBenchHash(b)
	var url string
	switch engine {
	case "sqlite":
		url = filepath.Join(os.TempDir(), "plenary-dash-bench-"+hash+".db")
		if _, err := os.Stat(url); err != nil {
			tmp := url + ".building"
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(tmp + suffix)
			}
			dashBenchBuild(b, tmp)
			if err := os.Rename(tmp, url); err != nil {
				b.Fatal(err)
			}
			for _, suffix := range []string{"-wal", "-shm"} {
				os.Remove(tmp + suffix)
			}
		}
	case "postgres":
		base := os.Getenv(storetest.EnvURL)
		if base == "" {
			b.Skipf("set %s to run on PostgreSQL", storetest.EnvURL)
		}
		schema := "plenary_dash_bench_" + hash
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		url = base + sep + "search_path=" + schema
		var n int
		if err := admin.QueryRow(`SELECT COUNT(*) FROM ` + schema + `.indicator_values`).Scan(&n); err != nil || n == 0 {
			admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
			if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
				b.Fatal(err)
			}
			dashBenchBuild(b, url)
			for _, table := range []string{"commitments", "commitment_objectives", "commitment_bodies", "indicators", "progress_reports",
				"indicator_values", "review_cycle_commitments", "bodies"} {
				if _, err := admin.Exec(`VACUUM ANALYZE ` + schema + `.` + table); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	w, err := storetest.FindFollowUp(ctx, db, url)
	if err != nil {
		b.Fatal(err)
	}
	return db, w
}

func dashBenchBuild(b *testing.B, url string) {
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
	if _, err := storetest.GenerateFollowUp(ctx, db, url, storetest.FollowUpSize{Commitments: dashBenchCommitments}); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d commitments, %d indicators, %d values in %s", dashBenchCommitments, 3*dashBenchCommitments, 20*dashBenchCommitments, time.Since(t0).Round(time.Second))
}

// BenchmarkDashboardPages reports, for every dashboard page on each
// engine, p50-ms (one person at a time, 30 requests) and p99-ms (50
// people at once, 4 requests each), server-side: from the request
// entering the handler to the last byte written; and cpu-ms/page, the
// CPU the process spent per page of the 50 people's (PostgreSQL's own
// aside), which the machine's load does not change. Each metric is the
// last iteration's: run it with -benchtime 3x so that the first, which
// warms up, is not the one reported.
func BenchmarkDashboardPages(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db, w := dashBenchDB(b, engine)
			ctx := context.Background()
			p := servePages(b, db, dashBuilt{w: w, cookies: dashSessions(b, ctx, db, w)})
			base := "/processes/" + w.ProcessID + "/dashboard"
			same := func(path string) func(int) string { return func(int) string { return path } }
			// Filters never asked before: every request counts anew,
			// as the first one after a change does, and draws anew.
			statuses := []string{"", "planned", "on_track", "at_risk", "delayed", "achieved", "dropped"}
			objectives := []string{"", "O1", "O2", "O3", "O5", "O8", "O13", "O21", "Pa"}
			// Each request of a run asks a combination no request asked
			// before (7 × 9 × 3 × 61 of them, in mixed radix).
			bodies := append([]string{""}, w.BodyIDs...)
			fresh := func(i int) string {
				i += 1000 // the first are asked by the other pages
				st := i % len(statuses)
				i /= len(statuses)
				ob := i % len(objectives)
				i /= len(objectives)
				m := i % len(w.MeetingIDs)
				i /= len(w.MeetingIDs)
				return fmt.Sprintf("%s?status=%s&objective=%s&meeting=%s&body=%s", base, statuses[st], objectives[ob], w.MeetingIDs[m], bodies[i%len(bodies)])
			}
			pages := []struct {
				name string
				path func(i int) string
			}{
				{"dashboard", same(base)},
				{"dashboard-arabic", same(base + "?lang=ar")},
				{"by-region-and-status", same(base + "?status=on_track&region=002")},
				{"by-objective-and-body", same(base + "?objective=O5&body=" + w.BodyIDs[3])},
				{"closed-cycle", same(base + "?cycle=" + w.CycleIDs[0])},
				{"heatmap-csv", same(base + "?format=csv&chart=heatmap")},
				{"indicator", same("/indicators/" + w.IndicatorIDs[0] + "/chart")},
				{"uncached-filters", fresh},
			}
			for _, pg := range pages {
				b.Run(pg.name, func(b *testing.B) {
					if rec := p.get(b, "secretariat", pg.path(-1+len(statuses)*len(objectives))); rec.Code != http.StatusOK {
						b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
					}
					n := 0 // requests so far, for fresh filters
					for b.Loop() {
						serial := make([]time.Duration, 30)
						for i := range serial {
							path := pg.path(n)
							n++
							t0 := time.Now()
							p.get(b, "secretariat", path)
							serial[i] = time.Since(t0)
						}
						var mu sync.Mutex
						var parallel []time.Duration
						var wg sync.WaitGroup
						cpu0 := loadgen.ProcessCPU()
						for g := range 50 {
							wg.Go(func() {
								for k := range 4 {
									path := pg.path(n + 4*g + k)
									t0 := time.Now()
									rec := p.get(b, "secretariat", path)
									d := time.Since(t0)
									if rec.Code != http.StatusOK {
										b.Errorf("status %d", rec.Code)
									}
									mu.Lock()
									parallel = append(parallel, d)
									mu.Unlock()
								}
							})
						}
						wg.Wait()
						cpu := loadgen.ProcessCPU() - cpu0
						n += 200
						b.ReportMetric(loadgen.Millis(loadgen.Percentile(serial, 50)), "p50-ms")
						b.ReportMetric(loadgen.Millis(loadgen.Percentile(parallel, 99)), "p99-50users-ms")
						b.ReportMetric(loadgen.Millis(cpu/200), "cpu-ms/page")
					}
				})
			}
		})
	}
}
