package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/demoidp"
)

// ssoBrowser is a browser's cookies for the SSO tests, which go through
// the handler and a real provider (testIdP).
type ssoBrowser struct {
	f       *fixture
	cookies map[string]string
}

func (b *ssoBrowser) do(t *testing.T, method, target string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	var req *http.Request
	if method == http.MethodPost {
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	b.f.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return rec
}

// signIn clicks "Log in with" on the login page (with next), signs in at
// the provider as email, and returns plenary's answer to the return.
func (b *ssoBrowser) signIn(t *testing.T, next, email string) *httptest.ResponseRecorder {
	t.Helper()
	rec := b.do(t, "GET", "/login/sso/demo?next="+url.QueryEscape(next), nil)
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), testIdP()) {
		t.Fatalf("start: status %d, location %q", rec.Code, rec.Header().Get("Location"))
	}
	back, err := demoidp.SignIn(context.Background(), rec.Header().Get("Location"), email, "idp-pw")
	if err != nil {
		t.Fatal(err)
	}
	return b.do(t, "GET", back.RequestURI(), nil)
}

func TestSSOPages(t *testing.T) {
	f := newFixture(t)
	t.Run("the login page offers the provider", func(t *testing.T) {
		rec := f.do(t, "anonymous", "GET", "/login?next=/account", nil)
		body := rec.Body.String()
		if !strings.Contains(body, `href="/login/sso/demo?next=%2faccount"`) || !strings.Contains(body, "Log in with Test identity provider") {
			t.Fatalf("no provider's button:\n%s", body)
		}
	})
	t.Run("signing in lands where the login was asked for", func(t *testing.T) {
		b := &ssoBrowser{f: f, cookies: map[string]string{}}
		next := "/meetings/" + f.ids["meeting"]
		rec := b.signIn(t, next, "delegate@example.org")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != next {
			t.Fatalf("return: status %d, location %q: %s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
		if b.cookies[sessionCookie] == "" || b.cookies[ssoCookie] != "" {
			t.Fatalf("cookies after the return: %v", b.cookies)
		}
		page := b.do(t, "GET", "/account", nil).Body.String()
		if !strings.Contains(page, "delegate@example.org") || !strings.Contains(page, `id="identities"`) || !strings.Contains(page, "<td>Test identity provider</td>") ||
			strings.Contains(page, `href="/account/identities/link/demo"`) {
			t.Fatalf("the account page does not show the linked identity:\n%s", page)
		}
		// The fixture's accounts have no password: the identity is the
		// delegate's only way in, and stays.
		i := strings.Index(page, `action="/account/identities/`)
		id := strings.TrimPrefix(page[i:], `action="/account/identities/`)
		id = id[:strings.Index(id, "/")]
		rec = b.do(t, "POST", "/account/identities/"+id+"/delete", nil)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "This is your only way to log in") {
			t.Fatalf("unlinking the last way in: status %d", rec.Code)
		}
		// With a password, it may go.
		u, _, err := f.db.UserByEmail(context.Background(), "delegate@example.org")
		if err != nil {
			t.Fatal(err)
		}
		hash, err := auth.HashPassword("a password of the delegate", testParams)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.db.SetPasswordHash(context.Background(), u.ID, hash, auth.HashToken(b.cookies[sessionCookie])); err != nil {
			t.Fatal(err)
		}
		rec = b.do(t, "POST", "/account/identities/"+id+"/delete", nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("unlink: status %d: %s", rec.Code, rec.Body.String())
		}
		if page := b.do(t, "GET", "/account", nil).Body.String(); strings.Contains(page, `action="/account/identities/`+id) || !strings.Contains(page, `href="/account/identities/link/demo"`) {
			t.Fatal("the identity is still shown, or the provider is not offered to link again")
		}
	})
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example"} {
		t.Run("no open redirect to "+next, func(t *testing.T) {
			b := &ssoBrowser{f: f, cookies: map[string]string{}}
			rec := b.signIn(t, next, "chair@example.org")
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
				t.Fatalf("return: status %d, location %q", rec.Code, rec.Header().Get("Location"))
			}
		})
	}
	t.Run("a return without the browser's state", func(t *testing.T) {
		b := &ssoBrowser{f: f, cookies: map[string]string{}}
		rec := b.do(t, "GET", "/login/sso/demo?next=/", nil)
		back, err := demoidp.SignIn(context.Background(), rec.Header().Get("Location"), "chair@example.org", "idp-pw")
		if err != nil {
			t.Fatal(err)
		}
		// Another browser (no cookie) brings the answer back: a login
		// forced on a victim's browser is refused.
		other := &ssoBrowser{f: f, cookies: map[string]string{}}
		rec = other.do(t, "GET", back.RequestURI(), nil)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "could not be checked") || other.cookies[sessionCookie] != "" {
			t.Fatalf("status %d, cookies %v:\n%s", rec.Code, other.cookies, rec.Body.String())
		}
	})
	t.Run("an address without an account", func(t *testing.T) {
		b := &ssoBrowser{f: f, cookies: map[string]string{}}
		rec := b.signIn(t, "/", "stranger@example.org")
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "There is no account for stranger@example.org") || b.cookies[sessionCookie] != "" {
			t.Fatalf("status %d:\n%s", rec.Code, rec.Body.String())
		}
	})
	t.Run("an invited address gets its account and its role", func(t *testing.T) {
		// new@example.org is invited to the meeting as an observer; the
		// invitation's page offers the provider, and a first log-in there
		// accepts it.
		b := &ssoBrowser{f: f, cookies: map[string]string{}}
		invite := "/invite/" + f.ids["invite_token"]
		if page := b.do(t, "GET", invite, nil).Body.String(); !strings.Contains(page, `href="/login/sso/demo?next=%2finvite%2f`+f.ids["invite_token"]+`"`) {
			t.Fatalf("the invitation's page does not offer the provider:\n%s", page)
		}
		rec := b.signIn(t, invite, "new@example.org")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" || b.cookies[sessionCookie] == "" {
			t.Fatalf("status %d, location %q:\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
		}
		u, _, err := f.db.UserByEmail(context.Background(), "new@example.org")
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := f.db.MembershipsOf(context.Background(), u.ID)
		if len(ms) != 1 || ms[0].Role != "observer" || ms[0].MeetingID != f.ids["meeting"] {
			t.Fatalf("roles of the new account: %+v", ms)
		}
	})
}
