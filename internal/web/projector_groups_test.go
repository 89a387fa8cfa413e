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

	"github.com/plenary-org/plenary/internal/domain"
)

// sseEvent is one server-sent event as a test reads it.
type sseEvent struct{ name, data string }

// openProjectorStream opens the projector's event stream as role and
// returns its events as they come.
func openProjectorStream(t *testing.T, f *fixture, ctx context.Context, role, query string) <-chan sseEvent {
	t.Helper()
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/meetings/"+f.ids["meeting"]+"/projector/events?"+query, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies[role]})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("stream: %d %s", res.StatusCode, ct)
	}
	events := make(chan sseEvent, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		var b strings.Builder
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && b.Len() > 0:
				ev.data = b.String()
				events <- ev
				ev = sseEvent{}
				b.Reset()
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				b.WriteString(strings.TrimPrefix(line, "data: ") + "\n")
			}
		}
	}()
	return events
}

// waitEvent waits for a projector event whose content has every one of
// want, failing after d.
func waitEvent(t *testing.T, events <-chan sseEvent, d time.Duration, want ...string) string {
	t.Helper()
	deadline := time.After(d)
	last := ""
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			last = ev.data
			all := ev.name == "projector"
			for _, w := range want {
				all = all && strings.Contains(ev.data, w)
			}
			if all {
				return ev.data
			}
		case <-deadline:
			t.Fatalf("no update with %q within %v; the last one:\n%s", want, d, last)
		}
	}
}

// TestProjectorPicksUpNewGroups opens the projector's stream, then adds a
// breakout group to the meeting: the screen shows the new group's column
// without being reopened, and then follows the votes of that group too.
// Before the stream watched the meeting's groups as they change, it
// watched only those of the moment it opened and never showed the new one.
func TestProjectorPicksUpNewGroups(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	events := openProjectorStream(t, f, ctx, "observer", "lang=en&part="+url.QueryEscape(f.ids["part"]))
	first := waitEvent(t, events, 3*time.Second, ">Africa<")
	if strings.Contains(first, "Oceania") {
		t.Fatal("the group is on the screen before it exists")
	}

	g := &domain.Group{MeetingID: f.ids["meeting"], Name: "Oceania", Region: "Oceania"}
	created := time.Now()
	if err := f.db.CreateGroup(f.adminCtx(t), g); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, events, 3*time.Second, `id="pg-`+g.ID+`"`, ">Oceania<", ">Africa<")
	t.Logf("the new group reached the screen %v after it was created", time.Since(created).Round(time.Millisecond))

	// The new group's votes reach the screen like the others'.
	f.joinGroup(t, "islander", domain.RoleDelegate, g.ID)
	st := &domain.Statement{MeetingID: f.ids["meeting"], GroupID: g.ID, PartID: f.ids["part"], Kind: domain.KindRecommendation, Lang: "en",
		Text: "Plan the relocation of communities displaced by rising seas."}
	if err := f.db.CreateStatement(f.adminCtx(t), st); err != nil {
		t.Fatal(err)
	}
	if rec := f.do(t, "islander", "POST", "/statements/"+st.ID+"/vote", url.Values{"value": {"agree"}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("vote: %d", rec.Code)
	}
	deadline := time.After(4 * time.Second)
	for shown := false; !shown; {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			shown = strings.Contains(projectorColumn(ev.data, g.ID), "1 participant · 1 vote")
		case <-deadline:
			t.Fatal("the new group's vote did not reach the screen within 4 s")
		}
	}

	// A group removed leaves the screen.
	if err := f.db.DeleteGroup(f.adminCtx(t), g.ID); err != nil {
		t.Fatal(err)
	}
	deadline = time.After(4 * time.Second)
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("the stream ended")
			}
			if ev.name == "projector" && !strings.Contains(ev.data, ">Oceania<") {
				return
			}
		case <-deadline:
			t.Fatal("the removed group stays on the screen")
		}
	}
}

// projectorColumn returns a group's column in the projector's content.
func projectorColumn(data, groupID string) string {
	i := strings.Index(data, `id="pg-`+groupID+`"`)
	if i < 0 {
		return ""
	}
	col := data[i:]
	if j := strings.Index(col, "</article>"); j >= 0 {
		col = col[:j]
	}
	return col
}

// TestProjectorFollowsABallot: a ballot changes a group's provisional five,
// and the projector shows the new five without waiting for a vote or any
// other change.
func TestProjectorFollowsABallot(t *testing.T) {
	f, ids := rankFixture(t, "approval")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events := openProjectorStream(t, f, ctx, "observer", "lang=en&part="+f.ids["part"])
	bravoFirst := `<li value="1" lang="en" dir="auto">Bravo`
	if first := waitEvent(t, events, 3*time.Second); strings.Contains(first, bravoFirst) {
		t.Fatalf("Bravo leads before any ballot:\n%s", first)
	}
	rec := f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"approval"}, "version": {"0"}, "approve": {ids[1]}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("ballot: %d %s", rec.Code, rec.Body)
	}
	waitEvent(t, events, 3*time.Second, bravoFirst)
}
