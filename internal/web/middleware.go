package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
)

const (
	sessionCookie = "plenary_session"
	langCookie    = "plenary_lang"
	flashCookie   = "plenary_flash"
)

// withActor loads the logged-in user and their memberships, and picks the
// interface language: the user's saved choice, then the language cookie,
// then the browser's Accept-Language.
func (s *Server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if noActorNeeded(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		var a *domain.Actor
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			hash := auth.HashToken(c.Value)
			now := time.Now()
			a = s.actors.get(hash, now)
			if a == nil {
				var err error
				a, err = s.loadActor(ctx, hash, now)
				switch domain.ErrorCode(err) {
				case "":
				case domain.ENOTFOUND:
					s.clearCookie(w, sessionCookie)
				default:
					s.serverError(w, r, err)
					return
				}
			}
			if a != nil {
				ctx = context.WithValue(ctx, keySession, hash)
			}
		}
		var prefs []string
		if a != nil && a.User.Locale != "" {
			prefs = append(prefs, a.User.Locale)
		}
		if c, err := r.Cookie(langCookie); err == nil {
			prefs = append(prefs, c.Value)
		}
		if r.URL.RawQuery != "" {
			if q := r.URL.Query().Get("lang"); q != "" {
				prefs = append([]string{q}, prefs...)
			}
		}
		ctx = context.WithValue(ctx, keyLang, s.cat.Negotiate(r.Header.Get("Accept-Language"), prefs...))
		ctx = domain.NewContextWithActor(ctx, a)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loadActor reads who is behind a session and caches it. The requests of
// one session that miss the cache together (a delegate voting from a
// phone that sends the next vote before the last is answered, when the
// entry has just expired) share one read: under load, each would
// otherwise take a database connection for the same rows. Each caller
// gets a copy of its own, which handlers may change.
func (s *Server) loadActor(ctx context.Context, hash string, now time.Time) (*domain.Actor, error) {
	v, err, shared := s.actorLoads.Do(hash, func() (any, error) {
		// Read for every caller: the first one's leaving does not fail
		// the others.
		ctx := context.WithoutCancel(ctx)
		u, ms, err := s.db.WebSessionActor(ctx, hash)
		if err != nil {
			return nil, err
		}
		a := &domain.Actor{User: u, Memberships: ms}
		s.actors.put(hash, a, now)
		return a, nil
	})
	if err != nil {
		return nil, err
	}
	a := v.(*domain.Actor)
	if shared {
		u := *a.User
		a = &domain.Actor{User: &u, Memberships: slices.Clone(a.Memberships)}
	}
	return a, nil
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// securityHeaders sets headers that keep pages from being framed, sniffed
// or made to load scripts from elsewhere. The values are built once and
// set under their canonical names: this runs on every request, the vote
// path included.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaderValues {
			h[kv.name] = kv.value
		}
		if r.TLS != nil {
			h["Strict-Transport-Security"] = hstsValue
		}
		next.ServeHTTP(w, r)
	})
}

// securityHeaderValues are shared by every response: each slice holds one
// value, so a handler that adds a value gets a new slice and never writes
// into these.
var securityHeaderValues = []struct {
	name  string
	value []string
}{
	{"Content-Security-Policy", []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Referrer-Policy", []string{"same-origin"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=()"}},
}

var hstsValue = []string{"max-age=31536000"}

// limitBody caps request bodies; forms and uploads larger than n fail.
func limitBody(next http.Handler, n int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, n)
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverAndLog logs every request and turns a panic into a 500 page.
func (s *Server) recoverAndLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "internal error", http.StatusInternalServerError)
				}
			}
			if s.cfg.Observe != nil {
				s.cfg.Observe(r.Method, sw.status, time.Since(start))
			}
			level := slog.LevelInfo
			if sw.status < 400 && isVote(r) {
				// A vote acknowledged is counted by the metrics; a line
				// each would cost more than the vote (thousands a second
				// in a plenary). Failed votes are logged like any request.
				level = slog.LevelDebug
				if !s.log.Enabled(r.Context(), level) {
					return
				}
			}
			s.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes, "duration_ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

// isVote reports whether r is a vote: POST /statements/{id}/vote.
func isVote(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/statements/") && strings.HasSuffix(r.URL.Path, "/vote")
}

// noActorNeeded reports whether a path is served without looking up the
// visitor: static files, the API (which authenticates its own tokens) and
// the operational endpoints, so that they cost no database query.
func noActorNeeded(path string) bool {
	return strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/api/") ||
		path == "/healthz" || path == "/readyz"
}
