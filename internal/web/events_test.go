package web

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// openStream connects a member's browser to a meeting's event stream and
// returns its lines.
func openStream(t *testing.T, f *fixture, srv *httptest.Server, role, lastID string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/meetings/"+f.ids["meeting"]+"/events", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies[role]})
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines
}

func nextData(t *testing.T, lines <-chan string, within time.Duration) string {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended")
			}
			if strings.HasPrefix(l, "data: ") {
				return l
			}
		case <-deadline:
			t.Fatalf("no event within %v", within)
		}
	}
}

func TestLiveActivityReachesMembers(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.h)
	// Registered first, so it runs after the streams' own cleanups have
	// closed them: Close waits for open connections.
	t.Cleanup(srv.Close)
	lines := openStream(t, f, srv, "observer", "")
	for l := range lines {
		if l == ": connected" {
			break
		}
	}
	rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}/sessions", url.Values{"number": {"2"}, "title": {"Second"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create session: %d", rec.Code)
	}
	d := nextData(t, lines, 2*time.Second)
	if !strings.Contains(d, `"action":"create"`) || !strings.Contains(d, `"object_type":"session"`) || !strings.Contains(d, `"actor_name":"Secretariat"`) {
		t.Fatalf("event = %s", d)
	}

	// Under the non-attribution rule the stream does not say who.
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}", url.Values{"title": {"Test Meeting"}, "non_attribution": {"on"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("edit meeting: %d", rec.Code)
	}
	hidden := openStream(t, f, srv, "observer", "1")
	for i := 0; i < 3; i++ {
		d = nextData(t, hidden, 2*time.Second)
		if strings.Contains(d, "actor_name") {
			t.Fatalf("a replayed event names its author under the non-attribution rule: %s", d)
		}
	}
}
