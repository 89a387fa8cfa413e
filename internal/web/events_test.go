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

	// Under the non-attribution rule the stream does not say who wrote a
	// contribution, live or replayed, and still not once the rule is
	// switched off; the secretariat's changes are named.
	f.setNonAttribution(t, true)
	rec = f.do(t, "delegate", "POST", "/meetings/{meeting}/contributions",
		url.Values{"kind": {"recommendation"}, "title": {"Written under the rule"}, "text": {"Text"}, "lang": {"en"}, "body": {f.ids["body"]}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create contribution: %d", rec.Code)
	}
	f.setNonAttribution(t, false)
	var contribution string
	for i := 0; i < 3 && contribution == ""; i++ {
		if d := nextData(t, lines, 2*time.Second); strings.Contains(d, `"object_type":"contribution"`) {
			contribution = d
		}
	}
	if contribution == "" || strings.Contains(contribution, "actor_name") {
		t.Fatalf("the live event of a contribution written under the rule: %q", contribution)
	}
	id := between(contribution, `"object_id":"`, `"`)
	replayed := openStream(t, f, srv, "observer", "1")
	for i := 0; ; i++ {
		d = nextData(t, replayed, 2*time.Second)
		if strings.Contains(d, `"object_id":"`+id+`"`) {
			if strings.Contains(d, "actor_name") {
				t.Fatalf("a replayed event names the author of a contribution written under the rule: %s", d)
			}
			break
		}
		if i > 100 {
			t.Fatal("the contribution's event is not replayed")
		}
	}
}
