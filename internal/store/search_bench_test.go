package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// benchDataVersion names the generated corpus; change it when the
// generator changes. The migrations are hashed in as well, so that a
// schema change rebuilds the cached databases.
const benchDataVersion = "search-corpus-2"

// benchSize is the number of contributions of the search benchmark.
const benchSize = 100_000

// benchWorld is what the generated contributions refer to.
type benchWorld struct {
	meetings  []string // 12, in 3 processes of 4
	process   map[string]string
	questions map[string][]string // by meeting
	bodies    []string
	authors   []string
	tags      []string // the GCM items
	delegate  *domain.Actor
	admin     *domain.User
}

func newBenchWorld(tb testing.TB, db *store.DB) *benchWorld {
	tb.Helper()
	ctx := context.Background()
	w := &benchWorld{process: map[string]string{}, questions: map[string][]string{}}
	w.admin = &domain.User{Email: "admin@bench.example", Name: "Admin", Admin: true}
	if err := db.CreateUser(ctx, w.admin, ""); err != nil {
		tb.Fatal(err)
	}
	actx := actorCtx(w.admin)
	var procs []string
	for p := range 3 {
		pr := &domain.Process{Name: fmt.Sprintf("Process %d", p+1)}
		if err := db.CreateProcess(actx, pr); err != nil {
			tb.Fatal(err)
		}
		procs = append(procs, pr.ID)
		for m := range 4 {
			var items []*domain.ItemNode
			for q := range 5 {
				items = append(items, &domain.ItemNode{AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Text: fmt.Sprintf("Guiding question %d?", q+1)}})
			}
			a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: pr.ID, Title: fmt.Sprintf("Meeting %d.%d", p+1, m+1), NonAttribution: m == 3},
				Sessions: []*domain.SessionNode{{Session: domain.Session{Number: 2, Title: "Inputs"}, Items: items}}}
			if err := db.CreateMeetingWithAgenda(actx, a); err != nil {
				tb.Fatal(err)
			}
			w.meetings = append(w.meetings, a.Meeting.ID)
			w.process[a.Meeting.ID] = pr.ID
			qs, err := db.GuidingQuestions(ctx, a.Meeting.ID)
			if err != nil {
				tb.Fatal(err)
			}
			for _, q := range qs {
				w.questions[a.Meeting.ID] = append(w.questions[a.Meeting.ID], q.ID)
			}
		}
	}
	for i := range 40 {
		b := &domain.Body{Name: fmt.Sprintf("Body %d", i+1), Kind: domain.BodyRCP, Region: storetest.CorpusRegions[i%len(storetest.CorpusRegions)]}
		if err := db.CreateBody(actx, b); err != nil {
			tb.Fatal(err)
		}
		w.bodies = append(w.bodies, b.ID)
	}
	for i := range 60 {
		u := &domain.User{Email: fmt.Sprintf("delegate%d@bench.example", i), Name: fmt.Sprintf("Delegate %d", i)}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			tb.Fatal(err)
		}
		m := &domain.Membership{UserID: u.ID, ProcessID: procs[i%3], Role: domain.RoleDelegate, BodyID: w.bodies[i%len(w.bodies)]}
		if err := db.AddMembership(actx, m); err != nil {
			tb.Fatal(err)
		}
		w.authors = append(w.authors, u.ID)
	}
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		tb.Fatal(err)
	}
	fs, err := db.Frameworks(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		tb.Fatal(err)
	}
	for _, it := range gcm.Items {
		w.tags = append(w.tags, it.ID)
	}
	return w
}

// reload fills the world's IDs from a database built earlier.
func reloadBenchWorld(tb testing.TB, db *store.DB) *benchWorld {
	tb.Helper()
	ctx := context.Background()
	w := &benchWorld{process: map[string]string{}, questions: map[string][]string{}}
	u, _, err := db.UserByEmail(ctx, "admin@bench.example")
	if err != nil {
		tb.Fatal(err)
	}
	w.admin = u
	res, err := db.Search(ctx, store.Visibility{All: true}, store.SearchQuery{Facets: true, Limit: 1})
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range res.Facets["meeting"] {
		w.meetings = append(w.meetings, f.Value)
	}
	for _, f := range res.Facets["body"] {
		w.bodies = append(w.bodies, f.Value)
	}
	for _, f := range res.Facets["objective"] {
		w.tags = append(w.tags, f.Value)
	}
	for _, f := range res.Facets["question"] {
		w.questions[""] = append(w.questions[""], f.Value)
	}
	return w
}

// benchContributions generates contributions from..to of the corpus, the
// same ones every time.
func benchContributions(w *benchWorld, from, to int) []*domain.Contribution {
	return storetest.Contributions(storetest.CorpusRefs{Meetings: w.meetings, Questions: w.questions, Bodies: w.bodies,
		Authors: w.authors, Tags: w.tags}, from, to)
}

// benchHash names the cached databases after the data version and the
// migrations.
func benchHash(tb testing.TB) string {
	tb.Helper()
	h := sha256.New()
	h.Write([]byte(benchDataVersion))
	for _, engine := range []string{"sqlite", "postgres"} {
		files, err := filepath.Glob(filepath.Join("migrations", engine, "*.sql"))
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

// benchSQLite returns the benchmark's SQLite database, built once and kept
// in the temporary directory (a few minutes the first time).
func benchSQLite(tb testing.TB) *store.DB {
	tb.Helper()
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), "plenary-bench-"+benchHash(tb)+".db")
	if _, err := os.Stat(path); err != nil {
		tmp := path + ".building"
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
		db := openURL(tb, tmp)
		w := newBenchWorld(tb, db)
		t0 := time.Now()
		for from := 0; from < benchSize; from += 2000 {
			if err := db.CreateContributions(actorCtx(w.admin), benchContributions(w, from, min(from+2000, benchSize))); err != nil {
				tb.Fatal(err)
			}
		}
		tb.Logf("built %d contributions on SQLite in %s", benchSize, time.Since(t0).Round(time.Second))
		if err := db.Close(); err != nil {
			tb.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			tb.Fatal(err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			os.Remove(tmp + suffix)
		}
	}
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// benchPostgres returns the benchmark's PostgreSQL database: a schema kept
// between runs, filled once from the SQLite one by dump and restore. It
// skips without PLENARY_TEST_DATABASE_URL.
func benchPostgres(tb testing.TB, src *store.DB) *store.DB {
	tb.Helper()
	base := os.Getenv(storetest.EnvURL)
	if base == "" {
		tb.Skipf("set %s to run on PostgreSQL", storetest.EnvURL)
	}
	ctx := context.Background()
	schema := "plenary_bench_" + benchHash(tb)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	url := base + sep + "search_path=" + schema
	var n int
	if err := admin.QueryRow(`SELECT COUNT(*) FROM ` + schema + `.contribution_search`).Scan(&n); err != nil || n != benchSize {
		admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
		if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
			tb.Fatal(err)
		}
		t0 := time.Now()
		var buf bytes.Buffer
		if _, err := src.Dump(ctx, &buf); err != nil {
			tb.Fatal(err)
		}
		db := openURL(tb, url)
		if _, err := db.Restore(ctx, &buf, false); err != nil {
			tb.Fatal(err)
		}
		// As autovacuum would in time: statistics, and the visibility map
		// that lets PostgreSQL answer from an index alone.
		for _, table := range []string{"contributions", "contribution_search", "contribution_regions", "contribution_tags"} {
			if _, err := admin.Exec(`VACUUM ANALYZE ` + schema + `.` + table); err != nil {
				tb.Fatal(err)
			}
		}
		tb.Logf("restored %d contributions into PostgreSQL in %s", benchSize, time.Since(t0).Round(time.Second))
		db.Close()
	}
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// benchQuery is one search of the benchmark's mix.
type benchQuery struct {
	name     string
	delegate bool // as a delegate of one process rather than an administrator
	q        store.SearchQuery
}

// benchMix is the benchmark's mix of searches: words in each language
// with one or two filters, and browsing by filters alone; every one asks
// for the facets and the first page, as the list page does.
func benchMix(w *benchWorld) []benchQuery {
	pub := []domain.Status{domain.StatusPublished}
	gp := []domain.ContributionKind{domain.KindGoodPractice}
	rec := []domain.ContributionKind{domain.KindRecommendation, domain.KindCommitment}
	mix := []benchQuery{
		{"en words", false, store.SearchQuery{Text: "migrant workers", Lang: "en"}},
		{"en words+kind", false, store.SearchQuery{Text: "ethical recruitment", Lang: "en", Kinds: gp}},
		{"en phrase+region", true, store.SearchQuery{Text: `"regular pathways"`, Lang: "en", Regions: []string{"Americas"}}},
		{"en exclusion+status", false, store.SearchQuery{Text: "remittances -diaspora", Lang: "en", Statuses: pub}},
		{"fr words+meeting", false, store.SearchQuery{Text: "réintégration des migrants", Lang: "fr", MeetingIDs: w.meetings[:1]}},
		{"fr words", true, store.SearchQuery{Text: "traite des migrants", Lang: "fr"}},
		{"es words+objective", false, store.SearchQuery{Text: "niños migrantes", Lang: "es", Objectives: w.tags[:1]}},
		{"es words+kind+region", true, store.SearchQuery{Text: "remesas", Lang: "es", Kinds: rec, Regions: []string{"South America"}}},
		{"ru words", false, store.SearchQuery{Text: "трудовых мигрантов", Lang: "ru"}},
		{"ar words+status", true, store.SearchQuery{Text: "العمال المهاجرين", Lang: "ar", Statuses: pub}},
		{"zh words", false, store.SearchQuery{Text: "移民 劳工", Lang: "zh"}},
		{"zh words+lang", true, store.SearchQuery{Text: "伙伴关系", Lang: "zh", Langs: []string{"zh"}}},
		{"common word", false, store.SearchQuery{Text: "migration", Lang: "en"}},
		{"browse all", false, store.SearchQuery{}},
		{"browse all as delegate", true, store.SearchQuery{}},
		{"browse kind", false, store.SearchQuery{Kinds: gp}},
		{"browse region+status", true, store.SearchQuery{Regions: []string{"West Africa"}, Statuses: pub}},
		{"browse meeting", false, store.SearchQuery{MeetingIDs: w.meetings[2:3]}},
		{"browse objective+lang", false, store.SearchQuery{Objectives: w.tags[2:3], Langs: []string{"fr", "es"}}},
		{"browse body by title", true, store.SearchQuery{BodyIDs: w.bodies[:2], Sort: store.SortTitle}},
	}
	for i := range mix {
		mix[i].q.Facets = true
		mix[i].q.Limit = 20
	}
	return mix
}

// BenchmarkSearch100k runs the mix of searches over 100,000 contributions
// on SQLite and, with PLENARY_TEST_DATABASE_URL, on PostgreSQL. Each
// iteration is one search of the mix; ms/median and ms/p95 are over every
// search timed.
//
//	go test ./internal/store/ -run '^$' -bench BenchmarkSearch100k -benchtime 200x
func BenchmarkSearch100k(b *testing.B) {
	lite := benchSQLite(b)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := lite
			if engine == "postgres" {
				db = benchPostgres(b, lite)
			}
			// cold: every search computed in full (the cache emptied
			// before each); pages: the next page of a search made before,
			// as people page through results (counts from the cache).
			for _, mode := range []string{"cold", "pages"} {
				b.Run(mode, func(b *testing.B) { runBenchMix(b, db, mode == "cold") })
			}
		})
	}
}

func runBenchMix(b *testing.B, db *store.DB, cold bool) {
	ctx := context.Background()
	w := benchWorldFromDB(b, db)
	mix := benchMix(w)
	adminVis := store.Visibility{All: true}
	delegateVis, err := db.VisibilityFor(ctx, w.delegate)
	if err != nil {
		b.Fatal(err)
	}
	// Warm the caches with one round of the mix.
	for _, m := range mix {
		v := adminVis
		if m.delegate {
			v = delegateVis
		}
		if _, err := db.Search(ctx, v, m.q); err != nil {
			b.Fatalf("%s: %v", m.name, err)
		}
	}
	times := make([]time.Duration, 0, b.N)
	perQuery := map[string][]time.Duration{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := mix[i%len(mix)]
		v := adminVis
		if m.delegate {
			v = delegateVis
		}
		q := m.q
		if cold {
			db.ClearSearchCacheForTest()
		} else {
			q.Offset = (1 + i/len(mix)) * max(q.Limit, 20) % 200
		}
		t0 := time.Now()
		res, err := db.Search(ctx, v, q)
		d := time.Since(t0)
		if err != nil {
			b.Fatalf("%s: %v", m.name, err)
		}
		if res.Total == 0 && !strings.Contains(m.name, "phrase") {
			b.Fatalf("%s found nothing", m.name)
		}
		times = append(times, d)
		perQuery[m.name] = append(perQuery[m.name], d)
	}
	b.StopTimer()
	b.ReportMetric(ms(quantile(times, 0.5)), "ms/median")
	b.ReportMetric(ms(quantile(times, 0.95)), "ms/p95")
	if testing.Verbose() {
		for _, m := range mix {
			if ts := perQuery[m.name]; len(ts) > 0 {
				b.Logf("%-26s median %6.1f ms", m.name, ms(quantile(ts, 0.5)))
			}
		}
	}
}

// benchWorldFromDB finds the IDs the mix needs in a built database.
func benchWorldFromDB(tb testing.TB, db *store.DB) *benchWorld {
	tb.Helper()
	ctx := context.Background()
	w := reloadBenchWorld(tb, db)
	slices.Sort(w.meetings)
	slices.Sort(w.bodies)
	u, _, err := db.UserByEmail(ctx, "delegate0@bench.example")
	if err != nil {
		tb.Fatal(err)
	}
	ms, err := db.MembershipsOf(ctx, u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	w.delegate = &domain.Actor{User: u, Memberships: ms}
	return w
}

func quantile(ts []time.Duration, q float64) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	s := slices.Clone(ts)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
