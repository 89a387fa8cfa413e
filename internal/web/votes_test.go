package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// voteRoom is a meeting with one breakout group of n voters (each with a
// session token) and k statements, served with voting on.
type voteRoom struct {
	db      *store.DB
	h       http.Handler
	tokens  []string
	users   []string
	stmts   []string
	outside string // a token of someone in no group
	live    *live.Service
}

func newVoteRoom(t testing.TB, n, k int, cacheTTL time.Duration) *voteRoom {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	p := &domain.Process{Name: "ISCM contributions"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	g := &domain.Group{MeetingID: m.ID, Name: "Africa"}
	if err := db.CreateGroup(ctx, g); err != nil {
		t.Fatal(err)
	}
	b := &domain.Body{Name: "A state", Kind: domain.BodyState}
	if err := db.CreateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	r := &voteRoom{db: db}
	for i := range n + 1 {
		u := &domain.User{Email: fmt.Sprintf("v%d@example.org", i), Name: fmt.Sprintf("V%d", i)}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		tok, hash := auth.NewToken()
		if err := db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		if i == n {
			if err := db.AddMembership(ctx, &domain.Membership{UserID: u.ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleObserver}); err != nil {
				t.Fatal(err)
			}
			r.outside = tok
			break
		}
		if err := db.AddMembership(ctx, &domain.Membership{UserID: u.ID, ProcessID: p.ID, MeetingID: m.ID, Role: domain.RoleDelegate, BodyID: b.ID, GroupID: g.ID}); err != nil {
			t.Fatal(err)
		}
		r.tokens, r.users = append(r.tokens, tok), append(r.users, u.ID)
	}
	for i := range k {
		s := &domain.Statement{MeetingID: m.ID, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en", Text: fmt.Sprintf("Statement %d", i)}
		if err := db.CreateStatement(ctx, s); err != nil {
			t.Fatal(err)
		}
		r.stmts = append(r.stmts, s.ID)
	}
	lv := live.New(db, live.Options{})
	t.Cleanup(lv.Close)
	r.live = lv
	srv, err := New(Config{DB: db, Catalog: locale.MustLoad(), Live: lv, ActorCacheTTL: cacheTTL})
	if err != nil {
		t.Fatal(err)
	}
	r.h = srv.Handler()
	return r
}

func (r *voteRoom) post(token, stmt, value string, json bool) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/statements/"+stmt+"/vote", strings.NewReader(url.Values{"value": {value}, "next": {"/groups/x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if json {
		req.Header.Set("Accept", "application/json")
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	}
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	return rec
}

func TestVoteOverHTTP(t *testing.T) {
	t.Parallel()
	r := newVoteRoom(t, 2, 1, time.Second)
	tests := []struct {
		name, token, stmt, value string
		json                     bool
		status                   int
	}{
		{"member, JSON", r.tokens[0], r.stmts[0], "agree", true, http.StatusNoContent},
		{"member, form", r.tokens[1], r.stmts[0], "disagree", false, http.StatusSeeOther},
		{"bad value", r.tokens[0], r.stmts[0], "maybe", true, http.StatusUnprocessableEntity},
		{"no such statement", r.tokens[0], "nope", "agree", true, http.StatusNotFound},
		{"observer", r.outside, r.stmts[0], "agree", true, http.StatusForbidden},
		{"anonymous, JSON", "", r.stmts[0], "agree", true, http.StatusUnauthorized},
		{"anonymous, form", "", r.stmts[0], "agree", false, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := r.post(tt.token, tt.stmt, tt.value, tt.json)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.name == "anonymous, form" && !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
				t.Fatalf("anonymous form vote redirects to %q", rec.Header().Get("Location"))
			}
			if tt.name == "member, form" && rec.Header().Get("Location") != "/groups/x" {
				t.Fatalf("form vote redirects to %q", rec.Header().Get("Location"))
			}
		})
	}
	vs, err := r.db.ConversationVotes(context.Background(), mustMeeting(t, r), mustGroup(t, r), "")
	if err != nil || len(vs) != 2 {
		t.Fatalf("votes stored = %v, %v", vs, err)
	}
}

func mustStatement(t testing.TB, r *voteRoom) *domain.Statement {
	s, err := r.db.Statement(context.Background(), r.stmts[0])
	if err != nil {
		t.Fatal(err)
	}
	return s
}
func mustMeeting(t testing.TB, r *voteRoom) string { return mustStatement(t, r).MeetingID }
func mustGroup(t testing.TB, r *voteRoom) string   { return mustStatement(t, r).GroupID }

// BenchmarkVoteHandler measures acknowledged votes through the whole web
// handler (session, permission, group commit), without the network:
//
//	go test -run '^$' -bench VoteHandler -benchtime 100000x ./internal/web/
func BenchmarkVoteHandler(b *testing.B) {
	r := newVoteRoom(b, 1000, 40, 2*time.Second)
	var n atomic.Int64
	b.SetParallelism(500) // 1,000 goroutines on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := int(n.Add(1)) - 1
		for i := 0; pb.Next(); i++ {
			rec := r.post(r.tokens[w%len(r.tokens)], r.stmts[(w+i)%len(r.stmts)], []string{"agree", "disagree", "pass"}[i%3], true)
			if rec.Code != http.StatusNoContent {
				b.Errorf("status %d: %s", rec.Code, rec.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
}

func TestReadVoteForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, target, ctype, body string
		value, next               string
		invalid                   bool
	}{
		{"plain", "/s/1/vote", "application/x-www-form-urlencoded", "value=agree&next=/groups/g", "agree", "/groups/g", false},
		{"charset", "/s/1/vote", "application/x-www-form-urlencoded; charset=utf-8", "next=/x&value=pass", "pass", "/x", false},
		{"escaped", "/s/1/vote", "application/x-www-form-urlencoded", "value=dis%61gree&next=%2Fgroups%2Fg%3Fpart%3D2+x", "disagree", "/groups/g?part=2 x", false},
		{"first wins", "/s/1/vote", "application/x-www-form-urlencoded", "value=agree&value=pass", "agree", "", false},
		{"bad escape skipped", "/s/1/vote", "application/x-www-form-urlencoded", "value=%zz&value=pass", "pass", "", false},
		{"query when the body lacks it", "/s/1/vote?value=pass&next=/q", "application/x-www-form-urlencoded", "value=agree", "agree", "/q", false},
		{"multipart falls back", "/s/1/vote", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\nagree\r\n--b--\r\n", "agree", "", false},
		{"too big", "/s/1/vote", "application/x-www-form-urlencoded", "value=agree&x=" + strings.Repeat("a", maxVoteBody), "", "", true},
		{"empty", "/s/1/vote", "application/x-www-form-urlencoded", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, tt.target, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ctype)
			f, err := readVoteForm(req)
			if tt.invalid {
				if domain.ErrorCode(err) != domain.EINVALID {
					t.Fatalf("err = %v, want EINVALID", err)
				}
				return
			}
			if err != nil || f.value != tt.value || f.next != tt.next {
				t.Fatalf("got %+v, %v; want value %q next %q", f, err, tt.value, tt.next)
			}
			// The same as FormValue, which it replaces on the hot path.
			req2 := httptest.NewRequest(http.MethodPost, tt.target, strings.NewReader(tt.body))
			req2.Header.Set("Content-Type", tt.ctype)
			if v, n := req2.FormValue("value"), req2.FormValue("next"); v != f.value || n != f.next {
				t.Fatalf("FormValue gives value %q next %q, readVoteForm %q %q", v, n, f.value, f.next)
			}
		})
	}
}

func TestRedirectLocalAsHTTPRedirect(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"/", "/groups/g/vote?part=p1", "/a/../b", "/a//b", "/./x", "/groups/é", "/x?next=/a/./b"} {
		t.Run(p, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/statements/s/vote", nil)
			a, b := httptest.NewRecorder(), httptest.NewRecorder()
			redirectLocal(a, r, p, http.StatusSeeOther)
			http.Redirect(b, r, p, http.StatusSeeOther)
			if a.Code != b.Code || a.Header().Get("Location") != b.Header().Get("Location") || a.Body.String() != b.Body.String() {
				t.Fatalf("redirectLocal: %d %q %q; http.Redirect: %d %q %q", a.Code, a.Header().Get("Location"), a.Body, b.Code, b.Header().Get("Location"), b.Body)
			}
		})
	}
}

// TestVotesLeaveTheAccessLog: an acknowledged vote writes no access-log
// line at the default level (thousands a second would cost more than the
// votes); a refused one is logged like any request.
func TestVotesLeaveTheAccessLog(t *testing.T) {
	t.Parallel()
	r := newVoteRoom(t, 1, 1, time.Second)
	var buf strings.Builder
	var mu sync.Mutex
	srv, err := New(Config{DB: r.db, Catalog: locale.MustLoad(), Live: r.live, ActorCacheTTL: time.Second,
		Log: slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	r.h = srv.Handler()
	tests := []struct {
		name, token, stmt string
		status            int
		logged            bool
	}{
		{"acknowledged, JSON", r.tokens[0], r.stmts[0], http.StatusNoContent, false},
		{"refused", r.outside, r.stmts[0], http.StatusForbidden, true},
		{"no such statement", r.tokens[0], "nope", http.StatusNotFound, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			buf.Reset()
			mu.Unlock()
			rec := r.post(tt.token, tt.stmt, "agree", true)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if rec.Header().Get("Content-Security-Policy") == "" || rec.Header().Get("X-Frame-Options") != "DENY" {
				t.Fatalf("security headers missing: %v", rec.Header())
			}
			mu.Lock()
			got := strings.Contains(buf.String(), "msg=request")
			mu.Unlock()
			if got != tt.logged {
				t.Fatalf("logged = %v, want %v: %s", got, tt.logged, buf.String())
			}
		})
	}
	rec := r.post(r.tokens[0], r.stmts[0], "pass", false)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/groups/x" {
		t.Fatalf("form vote: %d %q", rec.Code, rec.Header().Get("Location"))
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
