package store_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/store"
)

// BenchmarkMeetingCount100k measures what the meeting page spends on its
// number of contributions, over the 100,000 of BenchmarkSearch100k: the
// search it ran before (a page of one, sorted from every contribution)
// and CountContributions, by 1 and 50 concurrent users, warm (the count
// cached) and cold (the cache emptied before each). ms/median and ms/p99
// are per request.
//
//	go test ./internal/store/ -run '^$' -bench BenchmarkMeetingCount100k -benchtime 200x
func BenchmarkMeetingCount100k(b *testing.B) {
	lite := benchSQLite(b)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			db := lite
			if engine == "postgres" {
				db = benchPostgres(b, lite)
			}
			w := benchWorldFromDB(b, db)
			ctx := context.Background()
			vis, err := db.VisibilityFor(ctx, w.delegate)
			if err != nil {
				b.Fatal(err)
			}
			q := store.SearchQuery{MeetingIDs: w.meetings[2:3]}
			ways := map[string]func() (int, error){
				"search": func() (int, error) {
					q := q
					q.Limit = 1
					res, err := db.Search(ctx, vis, q)
					if err != nil {
						return 0, err
					}
					return res.Total, nil
				},
				"count": func() (int, error) { return db.CountContributions(ctx, vis, q) },
			}
			for _, way := range []string{"search", "count"} {
				for _, users := range []int{1, 50} {
					for _, cache := range []string{"warm", "cold"} {
						b.Run(way+"/"+cache+"/users="+itoa(users), func(b *testing.B) {
							runConcurrent(b, users, cache == "cold", db, ways[way])
						})
					}
				}
			}
		})
	}
}

func itoa(n int) string {
	if n == 1 {
		return "1"
	}
	return "50"
}

// runConcurrent runs fn b.N times from users goroutines.
func runConcurrent(b *testing.B, users int, cold bool, db *store.DB, fn func() (int, error)) {
	if _, err := fn(); err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	times := make([]time.Duration, 0, b.N)
	next := make(chan struct{}, b.N)
	for range b.N {
		next <- struct{}{}
	}
	close(next)
	b.ResetTimer()
	var wg sync.WaitGroup
	for range users {
		wg.Go(func() {
			for range next {
				if cold {
					db.ClearSearchCacheForTest()
				}
				t0 := time.Now()
				n, err := fn()
				d := time.Since(t0)
				if err != nil || n == 0 {
					b.Error(n, err)
					return
				}
				mu.Lock()
				times = append(times, d)
				mu.Unlock()
				runtime.Gosched()
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(ms(quantile(times, 0.5)), "ms/median")
	b.ReportMetric(ms(quantile(times, 0.99)), "ms/p99")
}
