package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsAnswers(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.FormValue("v") == "bad" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		if r.Header.Get("Cookie") != "s=1" {
			http.Error(w, "no cookie", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	var acks atomic.Int64
	res, err := Run(context.Background(), Config{Workers: 4, Duration: 300 * time.Millisecond, Next: func(w, i int) Request {
		v := "ok"
		if i%4 == 3 {
			v = "bad"
		}
		return Request{URL: srv.URL, Body: "v=" + v, Cookie: "s=1"}
	}, OnAck: func(w, i int) { acks.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Acked == 0 || res.Failed == 0 || res.Acked != acks.Load() || res.Statuses[204] != res.Acked || res.Statuses[403] != res.Failed {
		t.Fatalf("result %+v, %d acks seen", res, acks.Load())
	}
	if r := float64(res.Failed) / float64(res.Acked+res.Failed); r < 0.2 || r > 0.3 {
		t.Fatalf("a quarter of the requests should fail, %.2f did", r)
	}
	if res.P50 <= 0 || res.P99 < res.P50 || res.Max < res.P99 || res.Rate() <= 0 {
		t.Fatalf("latencies %+v", res)
	}
	if served.Load() < res.Acked+res.Failed {
		t.Fatalf("served %d < counted %d", served.Load(), res.Acked+res.Failed)
	}
}

func TestRunRefusesEmptyConfig(t *testing.T) {
	if _, err := Run(context.Background(), Config{}); err == nil {
		t.Fatal("an empty config ran")
	}
}

// TestPercentile checks the benchmarks' arithmetic: nearest rank, input
// left as it was, empty input.
func TestPercentile(t *testing.T) {
	t.Parallel()
	ds := make([]time.Duration, 200)
	for i := range ds {
		ds[i] = time.Duration(200-i) * time.Millisecond
	}
	for _, c := range []struct {
		p    int
		want time.Duration
	}{{50, 100 * time.Millisecond}, {99, 198 * time.Millisecond}, {100, 200 * time.Millisecond}, {0, time.Millisecond}} {
		if got := Percentile(ds, c.p); got != c.want {
			t.Errorf("p%d = %s, want %s", c.p, got, c.want)
		}
	}
	if ds[0] != 200*time.Millisecond {
		t.Error("Percentile reordered its input")
	}
	if Percentile(nil, 99) != 0 {
		t.Error("p99 of nothing is not 0")
	}
	if got := Millis(1500 * time.Microsecond); got != 1.5 {
		t.Errorf("Millis = %v, want 1.5", got)
	}
	if ProcessCPU() <= 0 {
		t.Error("no processor time used so far")
	}
}
