package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestServeHealthMetricsAPIAndShutdown starts the real server, checks its
// operational endpoints (metrics on their own listener, not on the pages'
// address), and stops it the way a supervisor would.
func TestServeHealthMetricsAPIAndShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	env := &Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, env, []string{"serve", "-db", filepath.Join(t.TempDir(), "p.db"), "-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0"})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base, hint, metrics string
	re := regexp.MustCompile(`serving (http://\S+)`)
	mre := regexp.MustCompile(`metrics at (http://\S+)`)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "plenary user add") {
			hint = line
		}
		if m := mre.FindStringSubmatch(line); m != nil {
			metrics = m[1]
		}
		if m := re.FindStringSubmatch(line); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatal("the server did not say where it serves")
	}
	if hint == "" {
		t.Error("an empty database did not get the hint to create the first administrator")
	}
	tests := []struct {
		name, path string
		status     int
		want       string
	}{
		{"liveness", "/healthz", 200, "ok"},
		{"readiness", "/readyz", 200, "ready"},
		{"no metrics for the public", "/metrics", 404, ""},
		{"openapi", "/api/v1/openapi.json", 200, `"openapi"`},
		{"api needs a token", "/api/v1/me", 401, "unauthorized"},
		{"pages need a login", "/", 200, "Log in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.want) {
				t.Fatalf("GET %s: %d %q", tt.path, resp.StatusCode, string(b[:min(len(b), 200)]))
			}
		})
	}
	if metrics == "" {
		t.Fatal("the server did not say where its metrics are")
	}
	resp, err := http.Get(metrics)
	if err != nil {
		t.Errorf("metrics: %v", err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// Every request is counted by method and status code (the labels
		// promhttp gave), with its duration: the 404 and the 401 above
		// once each, the answers of 200 four times.
		for _, m := range []string{`plenary_http_requests_total{code="404",method="get"} 1` + "\n", `plenary_http_requests_total{code="401",method="get"} 1` + "\n",
			`plenary_http_request_duration_seconds_count{code="404",method="get"} 1` + "\n", `plenary_http_requests_total{code="200",method="get"} 4` + "\n",
			`plenary_http_request_duration_seconds_count{code="200",method="get"} 4` + "\n"} {
			if !strings.Contains(string(b), m) {
				t.Errorf("/metrics lacks %s", m)
			}
		}
		for _, m := range []string{"plenary_votes_written_total 0", "plenary_vote_commits_total 0", "plenary_vote_writer_busy_seconds_total 0", "plenary_db_connections_opened_total", "plenary_db_connection_waits_total"} {
			if !strings.Contains(string(b), m) {
				t.Errorf("/metrics lacks %s", m)
			}
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited with %d after a graceful stop", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20 s")
	}
}

// TestShutdownEndsEventStreams checks that a browser listening to a meeting
// does not hold a graceful shutdown up.
func TestShutdownEndsEventStreams(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	env := &Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, env, []string{"serve", "-demo", "-db", filepath.Join(t.TempDir(), "p.db"), "-addr", "127.0.0.1:0"})
		pw.Close()
	}()
	re := regexp.MustCompile(`serving (http://\S+)`)
	sc := bufio.NewScanner(pr)
	var base string
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/login", map[string][]string{"email": {"observer@demo.plenary.local"}, "password": {"plenary-demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookie := resp.Cookies()[0]
	_, home := get(t, c, base+"/", cookie.Value)
	meeting := regexp.MustCompile(`/meetings/([0-9a-z]+)`).FindStringSubmatch(home)[1]
	req, _ := http.NewRequest("GET", base+"/meetings/"+meeting+"/events", nil)
	req.AddCookie(cookie)
	stream, err := http.DefaultClient.Do(req)
	if err != nil || stream.StatusCode != 200 {
		t.Fatalf("stream: %v %v", err, stream)
	}
	defer stream.Body.Close()
	start := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != 0 || time.Since(start) > 5*time.Second {
			t.Fatalf("serve exited with %d after %v", code, time.Since(start))
		}
	case <-time.After(25 * time.Second):
		t.Fatal("an open event stream held the shutdown up")
	}
}

// TestSettleOutcomes: the server's periodic work adopts a document whose
// round under silence passed its deadline unbroken, without a request,
// and logs it; the loop ends with its context.
func TestMinuteJobsSettleOutcomes(t *testing.T) {
	ctx := context.Background()
	m := &domain.Meeting{Title: "GRCP 7"}
	text := domain.OutcomeText{Language: "en", Title: "Outcome", Sections: []domain.OutcomeSection{{Key: "k", Heading: "H", Blocks: []domain.OutcomeBlock{{ID: "p1", Kind: domain.BlockParagraph, Text: "One."}}}}}
	// A round under silence whose deadline passed a minute ago.
	url := outcomeDB(t, text, func(o *store.OutcomeTx) error {
		o.Doc.Status, o.Doc.Round, o.Doc.RoundVersion, o.Doc.Deadline, o.Doc.Silence = domain.OutcomeOpen, 1, 1, time.Now().Add(-time.Minute), true
		return nil
	}, m)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var logs syncBuffer
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		minuteJobs(lctx, outcomes(db), deliberation.New(db, nil), time.Hour, slog.New(slog.NewTextHandler(&logs, nil)), 10*time.Millisecond)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := db.OutcomeDocument(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status == domain.OutcomeAdopted {
			if d.AdoptedVersion != 1 || d.AdoptedHash != text.Hash() || d.AdoptedBy != "" {
				t.Fatalf("adopted %+v", d)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not adopted: %s", d.Status)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the loop did not end with its context")
	}
	if s := logs.String(); !strings.Contains(s, "outcome document adopted by silence") || !strings.Contains(s, m.ID) {
		t.Errorf("log: %s", s)
	}
}

// syncBuffer is a bytes.Buffer safe for a logger's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestClosingLeadOf reads -voting-closing-lead: a minute to a week, or off.
func TestClosingLeadOf(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{"1h", time.Hour, false}, {"off", 0, false}, {"90m", 90 * time.Minute, false}, {"168h", 7 * 24 * time.Hour, false},
		{"30s", 0, true}, {"169h", 0, true}, {"soon", 0, true}, {"", 0, true}, {"-1h", 0, true},
	} {
		got, err := closingLeadOf(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("closingLeadOf(%q) = %v, %v", c.in, got, err)
		}
	}
}
