// Package loadgen sends closed-loop HTTP load: a number of simulated
// people, each on a connection of their own, each sending their next
// request as soon as the last is answered, and measures what came back.
// It measures plenary's vote path against a running server, and the
// ceiling of the same machine with a handler that does nothing.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one request a worker sends: a form POST to URL with Body.
type Request struct {
	URL    string
	Body   string
	Cookie string // "name=value", "" for none
}

// Next returns worker w's i-th request.
type Next func(w, i int) Request

// Config sets up a run.
type Config struct {
	Workers  int
	Duration time.Duration
	Warmup   time.Duration // sent but not counted
	Next     Next
	// OnAck, when set, is told of every acknowledged (2xx) request, in the
	// worker's goroutine.
	OnAck func(w, i int)
}

// Result is what a run measured.
type Result struct {
	Workers  int
	Duration time.Duration
	Acked    int64 // 2xx answers
	Failed   int64 // other answers and transport errors
	Statuses map[int]int64
	Errors   map[string]int64
	// Latencies of acknowledged requests.
	P50, P90, P99, P999, Max time.Duration
}

// Rate is the acknowledged requests per second.
func (r *Result) Rate() float64 { return float64(r.Acked) / r.Duration.Seconds() }

func (r *Result) String() string {
	return fmt.Sprintf("%d workers, %s: %d acknowledged (%.0f/s), %d failed; latency p50 %s p90 %s p99 %s p99.9 %s max %s",
		r.Workers, r.Duration.Round(time.Millisecond), r.Acked, r.Rate(), r.Failed,
		r.P50.Round(10*time.Microsecond), r.P90.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond),
		r.P999.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond))
}

// Run sends load until the duration is over or ctx ends.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Workers <= 0 || cfg.Duration <= 0 || cfg.Next == nil {
		return nil, fmt.Errorf("loadgen: workers, duration and requests are needed")
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        cfg.Workers * 2,
		MaxIdleConnsPerHost: cfg.Workers * 2,
		MaxConnsPerHost:     cfg.Workers * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	type workerStats struct {
		lat      []time.Duration
		failed   int64
		statuses map[int]int64
		errors   map[string]int64
	}
	stats := make([]workerStats, cfg.Workers)
	var started atomic.Int64
	start := time.Now()
	countFrom := start.Add(cfg.Warmup)
	end := countFrom.Add(cfg.Duration)
	var wg sync.WaitGroup
	for w := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := &stats[w]
			st.statuses, st.errors = map[int]int64{}, map[string]int64{}
			st.lat = make([]time.Duration, 0, 4096)
			started.Add(1)
			for i := 0; ; i++ {
				now := time.Now()
				if now.After(end) || ctx.Err() != nil {
					return
				}
				rq := cfg.Next(w, i)
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, rq.URL, strings.NewReader(rq.Body))
				if err != nil {
					st.errors[err.Error()]++
					st.failed++
					continue
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Accept", "application/json")
				if rq.Cookie != "" {
					req.Header.Set("Cookie", rq.Cookie)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				d := time.Since(t0)
				counted := t0.After(countFrom)
				if err != nil {
					if counted {
						st.failed++
						msg := err.Error()
						if i := strings.LastIndex(msg, ": "); i >= 0 {
							msg = msg[i+2:]
						}
						st.errors[msg]++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if !counted {
					if resp.StatusCode/100 == 2 && cfg.OnAck != nil {
						cfg.OnAck(w, i)
					}
					continue
				}
				st.statuses[resp.StatusCode]++
				if resp.StatusCode/100 == 2 {
					st.lat = append(st.lat, d)
					if cfg.OnAck != nil {
						cfg.OnAck(w, i)
					}
				} else {
					st.failed++
				}
			}
		}()
	}
	wg.Wait()
	res := &Result{Workers: cfg.Workers, Duration: time.Since(countFrom), Statuses: map[int]int64{}, Errors: map[string]int64{}}
	if res.Duration > cfg.Duration {
		// Requests in flight at the end are answered after it: count the
		// time they took, so that the rate is not overstated.
		res.Duration = min(res.Duration, cfg.Duration+5*time.Second)
	}
	var all []time.Duration
	for _, st := range stats {
		all = append(all, st.lat...)
		res.Failed += st.failed
		for k, v := range st.statuses {
			res.Statuses[k] += v
		}
		for k, v := range st.errors {
			res.Errors[k] += v
		}
	}
	res.Acked = int64(len(all))
	if len(all) > 0 {
		slices.Sort(all)
		q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		res.P50, res.P90, res.P99, res.P999, res.Max = q(0.50), q(0.90), q(0.99), q(0.999), all[len(all)-1]
	}
	return res, ctx.Err()
}
