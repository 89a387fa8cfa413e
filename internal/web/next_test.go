package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, next, want string
	}{
		{"root", "/", "/"},
		{"page", "/meetings/01h/edit", "/meetings/01h/edit"},
		{"query", "/contributions?q=caf%C3%A9&kind=good_practice", "/contributions?q=caf%C3%A9&kind=good_practice"},
		{"fragment", "/groups/g#s1", "/groups/g#s1"},
		{"non-ASCII path", "/groups/é", "/groups/é"},
		{"empty", "", "/"},
		{"relative", "meetings/1", "/"},
		{"scheme", "https://evil.example/", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"protocol-relative", "//evil.example", "/"},
		{"backslash", "/\\evil.example", "/"},
		{"backslash later", "/a\\b", "/"},
		{"tab", "/\t/evil.example", "/"},
		{"newline", "/\n/evil.example", "/"},
		{"carriage return", "/\r/evil.example", "/"},
		{"space", "/ /evil.example", "/"},
		{"NUL", "/\x00/evil.example", "/"},
		{"DEL", "/\x7f/evil.example", "/"},
		{"C1 control", "/\u0085/evil.example", "/"},
		{"no-break space", "/\u00a0/evil.example", "/"},
		{"ideographic space", "/\u3000/evil.example", "/"},
		{"invalid UTF-8", "/\xff/evil.example", "/"},
		{"escaped slash", "/%2F/evil.example", "/"},
		{"escaped tab stays local", "/%09/x", "/%09/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeNext(tt.next); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}

// FuzzSafeNext checks that whatever safeNext lets through is a path a
// browser resolves on this site: after the browser's own clean-up (tabs
// and newlines dropped, backslashes read as slashes, leading and trailing
// spaces and controls trimmed), it still has no host and begins with a
// single slash.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/a/b?c=d#e", "//x", "/\\x", "/\t/x", "https://x/", "/%2F/x", " /x", "/\x00", "/\u3000/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the input nor /", next, got)
		}
		browser := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\r':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, strings.Trim(got, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
		u, err := url.Parse(browser)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(browser, "/") || strings.HasPrefix(browser, "//") {
			t.Fatalf("safeNext(%q) = %q, which a browser reads as %q: not a local path", next, got, browser)
		}
	})
}

// TestNextOffSite sends next=/\t/evil.example to every form that takes
// one and checks that each answers with a redirect that stays on the site.
func TestNextOffSite(t *testing.T) {
	t.Parallel()
	r := newVoteRoom(t, 1, 1, 0)
	const evil = "/\t/evil.example"
	tests := []struct {
		name, target, body, token string
	}{
		{"vote", "/statements/" + r.stmts[0] + "/vote", url.Values{"value": {"agree"}, "next": {evil}}.Encode(), r.tokens[0]},
		{"language", "/language", url.Values{"lang": {"fr"}, "next": {evil}}.Encode(), ""},
		{"login", "/login", url.Values{"email": {"v0@example.org"}, "password": {"wrong"}, "next": {evil}}.Encode(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, tt.target, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.token != "" {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tt.token})
			}
			rec := httptest.NewRecorder()
			r.h.ServeHTTP(rec, req)
			if loc := rec.Header().Get("Location"); strings.Contains(loc, "evil") {
				t.Fatalf("status %d, Location %q", rec.Code, loc)
			}
			if strings.Contains(rec.Body.String(), evil) {
				t.Fatalf("status %d: the page carries the address on:\n%s", rec.Code, rec.Body)
			}
		})
	}
	req := httptest.NewRequest(http.MethodGet, "/login?next="+url.QueryEscape(evil), nil)
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	if strings.Contains(rec.Body.String(), evil) {
		t.Fatalf("the login form carries next=%q on", evil)
	}
}
