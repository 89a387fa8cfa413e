package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
)

// request is one request to a handler: a form posted (or a GET when form
// is nil), from a client address, with a session cookie, a bearer token
// and a language when given.
type request struct {
	method, path string
	form         url.Values
	json         string
	addr         string
	cookie       string
	bearer       string
	lang         string
}

func (rq request) do(t *testing.T, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	var req *http.Request
	switch {
	case rq.json != "":
		req = httptest.NewRequest(rq.method, rq.path, strings.NewReader(rq.json))
		req.Header.Set("Content-Type", "application/json")
	case rq.method == http.MethodPost:
		req = httptest.NewRequest(rq.method, rq.path, strings.NewReader(rq.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	default:
		req = httptest.NewRequest(rq.method, rq.path, nil)
	}
	if rq.addr != "" {
		req.RemoteAddr = rq.addr + ":40000"
	}
	if rq.cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: rq.cookie})
	}
	if rq.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+rq.bearer)
	}
	if rq.lang != "" {
		req.Header.Set("Accept-Language", rq.lang)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func loginForm(email, pw string) url.Values { return url.Values{"email": {email}, "password": {pw}} }

// Wrong passwords slow an account down at the address they came from, with
// a wait the page states, and do not lock the person out: the right
// password from another address logs in at once.
func TestLoginPageSlowsAnAccountAtAnAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.person(t, "target@example.org", "the right password")
	const hall, phone = "198.51.100.7", "203.0.113.9"
	post := func(addr, pw, lang string) *httptest.ResponseRecorder {
		return request{method: "POST", path: "/login", form: loginForm("target@example.org", pw), addr: addr, lang: lang}.do(t, f.h)
	}
	if rec := post(hall, "the right password", ""); rec.Code != http.StatusSeeOther {
		t.Fatalf("right password: status %d", rec.Code)
	} else if c := rec.Result().Cookies(); len(c) == 0 || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie flags: %+v", c)
	}
	for i := range 5 {
		if rec := post(hall, "wrong", ""); rec.Code != http.StatusUnauthorized || !strings.Contains(body(rec), "The e-mail address or password is not right.") {
			t.Fatalf("failure %d: status %d", i+1, rec.Code)
		}
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "Try again in 1 second."},
		{"fr", "Réessayez dans 1 seconde."},
		{"ru", "Повторите попытку через 1 секунду."},
	} {
		rec := post(hall, "the right password", tc.lang)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || !strings.Contains(body(rec), tc.want) {
			t.Fatalf("%s: after 5 failures: status %d, Retry-After %q; want 429 saying %q:\n%s", tc.lang, rec.Code, rec.Header().Get("Retry-After"), tc.want, body(rec))
		}
	}
	if rec := post(phone, "the right password", ""); rec.Code != http.StatusSeeOther || len(rec.Result().Cookies()) == 0 {
		t.Fatalf("the right password from an address that has not failed: status %d", rec.Code)
	}
}

// An e-mail address with a control character is refused, never a 500, on
// either engine (PostgreSQL refuses NUL in text): the pages' check of every
// form value answers 422 for NUL, other control characters and invalid
// UTF-8 (TestLoginWithNUL), and what gets past it, a line break, fails as
// a wrong address.
func TestLoginPageWithControlCharacters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		email string
		want  int
	}{
		{"a\x00b@x.org", http.StatusUnprocessableEntity},
		{"delegate@example.org\x00", http.StatusUnprocessableEntity},
		{"delegate\r\n@example.org", http.StatusUnauthorized},
		{"\xff@example.org", http.StatusUnprocessableEntity},
	} {
		rec := request{method: "POST", path: "/login", form: loginForm(tc.email, "whatever password")}.do(t, f.h)
		if rec.Code != tc.want {
			t.Errorf("login as %q: status %d, want %d", tc.email, rec.Code, tc.want)
		}
	}
}

// When every hashing slot is taken, the login page and the API answer 503
// with Retry-After, without hashing.
func TestBusyHashingAnswers503(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ac := account.New(f.db, account.Options{Hashing: auth.HasherOptions{Params: testParams, Slots: 1, Queue: -1}})
	h := f.accountsServer(t, ac)
	slow, err := auth.HashPassword("the right password", auth.Params{Memory: 64 * 1024, Time: 8, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.CreateUser(ctx, &domain.User{Email: "slow@example.org", Name: "Slow"}, slow); err != nil {
		t.Fatal(err)
	}
	admin, _, err := f.db.UserByEmail(ctx, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	apiToken, apiHash := auth.NewToken()
	if _, err := f.db.CreateAPIToken(ctx, admin.ID, "t", apiHash, time.Hour); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		request{method: "POST", path: "/login", form: loginForm("slow@example.org", "the right password"), addr: "192.0.2.200"}.do(t, h)
	}()
	for ac.HashStats().Hashes == 0 {
		select {
		case <-done:
			t.Fatal("the slow login ended before it was seen hashing")
		case <-time.After(time.Millisecond):
		}
	}
	rec := request{method: "POST", path: "/login", form: loginForm("delegate@example.org", "whatever password"), lang: "es"}.do(t, h)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(body(rec), "El servidor está ocupado comprobando contraseñas.") {
		t.Fatalf("page login while hashing is full: status %d, Retry-After %q:\n%s", rec.Code, rec.Header().Get("Retry-After"), body(rec))
	}
	rec = request{method: "POST", path: "/api/v1/users", json: `{"email":"made@example.org","name":"Made","password":"long enough password"}`, bearer: apiToken}.do(t, h)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), `"code":"unavailable"`) {
		t.Fatalf("API account with a password while hashing is full: status %d, Retry-After %q: %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
	}
	if _, _, err := f.db.UserByEmail(ctx, "made@example.org"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the refused account was created: %v", err)
	}
	<-done
	if st := ac.HashStats(); st.Hashes != 1 || st.Refused != 2 {
		t.Fatalf("hash stats %+v, want the slow login's hash and 2 refusals", st)
	}
}

var inviteLink = regexp.MustCompile(`/invite/([A-Za-z0-9_-]+)`)

// An invitation is bound to its address, through the page and the API
// alike: the secretariat invites newsec2@example.org; another logged-in
// account is refused and gets nothing; the invited account accepts.
func TestInvitationIsForItsAddressOnPageAndAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	ac := account.New(f.db, account.Options{Hashing: auth.HasherOptions{Params: testParams}})
	h := f.accountsServer(t, ac)
	invite := func(where, role string) string {
		t.Helper()
		rec := request{method: "POST", path: where + "/invitations", cookie: f.cookies["secretariat"],
			form: url.Values{"email": {"newsec2@example.org"}, "role": {role}, "days": {"7"}}}.do(t, h)
		m := inviteLink.FindStringSubmatch(body(rec))
		if rec.Code != http.StatusOK || m == nil {
			t.Fatalf("invite: status %d, no link:\n%s", rec.Code, body(rec))
		}
		return m[1]
	}
	tok := invite("/processes/"+f.ids["process"], "secretariat")
	other, otherCookie := f.person(t, "other@example.org", "the right password")
	otherToken, otherHash := auth.NewToken()
	if _, err := f.db.CreateAPIToken(ctx, other.ID, "t", otherHash, time.Hour); err != nil {
		t.Fatal(err)
	}
	// The page says whose invitation it is and offers no way to accept.
	rec := request{method: "GET", path: "/invite/" + tok, cookie: otherCookie}.do(t, h)
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), "This invitation is for newsec2@example.org, and you are logged in as other@example.org.") ||
		strings.Contains(body(rec), "Accept as") {
		t.Fatalf("the invitation page for another account: status %d:\n%s", rec.Code, body(rec))
	}
	rec = request{method: "POST", path: "/invite/" + tok, cookie: otherCookie, lang: "fr"}.do(t, h)
	if rec.Code != http.StatusForbidden || !strings.Contains(body(rec), "Cette invitation est destinée à newsec2@example.org") {
		t.Fatalf("page: another account accepting: status %d:\n%s", rec.Code, body(rec))
	}
	rec = request{method: "POST", path: "/api/v1/invitations/accept", json: `{"token":"` + tok + `"}`, bearer: otherToken}.do(t, h)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"key":"invite.wrong_account"`) {
		t.Fatalf("API: another account accepting: status %d: %s", rec.Code, rec.Body.String())
	}
	if ms, _ := f.db.MembershipsOf(ctx, other.ID); len(ms) != 0 {
		t.Fatalf("the other account got %d roles", len(ms))
	}
	// The invited account, its address written in capitals, accepts: on
	// the page, and a second invitation through the API.
	invited, invitedCookie := f.person(t, "NewSec2@Example.org", "the right password")
	rec = request{method: "POST", path: "/invite/" + tok, cookie: invitedCookie}.do(t, h)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("page: the invited account accepting: status %d:\n%s", rec.Code, body(rec))
	}
	invitedToken, invitedHash := auth.NewToken()
	if _, err := f.db.CreateAPIToken(ctx, invited.ID, "t", invitedHash, time.Hour); err != nil {
		t.Fatal(err)
	}
	rec = request{method: "POST", path: "/api/v1/invitations/accept", json: `{"token":"` + invite("/meetings/"+f.ids["meeting"], "observer") + `"}`, bearer: invitedToken}.do(t, h)
	var m struct {
		Role      string `json:"role"`
		ProcessID string `json:"process_id"`
		UserID    string `json:"user_id"`
	}
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &m) != nil || m.Role != "observer" || m.UserID != invited.ID {
		t.Fatalf("API: the invited account accepting: status %d: %s", rec.Code, rec.Body.String())
	}
	ms, _ := f.db.MembershipsOf(ctx, invited.ID)
	secretariat := slices.ContainsFunc(ms, func(m domain.Membership) bool {
		return m.Role == domain.RoleSecretariat && m.ProcessID == f.ids["process"] && m.MeetingID == ""
	})
	if len(ms) != 2 || !secretariat {
		t.Fatalf("the invited account's roles: %+v", ms)
	}
}

// Changing one's password on the account page ends one's other sessions
// and revokes every API token; the page says so beforehand.
func TestPasswordChangeRevokesTokensAndSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, cookie := f.person(t, "changer@example.org", "the old password")
	_, otherCookie := f.login(t, "changer@example.org", "the old password")
	rec := request{method: "GET", path: "/account", cookie: cookie}.do(t, f.h)
	if !strings.Contains(body(rec), "Changing your password ends your other sessions and revokes all your API tokens.") {
		t.Fatalf("the account page does not say what a new password does:\n%s", body(rec))
	}
	rec = request{method: "POST", path: "/account/tokens", cookie: cookie, form: url.Values{"name": {"reports"}, "days": {"30"}}}.do(t, f.h)
	m := regexp.MustCompile(`<code class="token">([^<]+)</code>`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("create a token: status %d", rec.Code)
	}
	if _, err := f.db.APITokenUser(ctx, auth.HashToken(m[1])); err != nil {
		t.Fatalf("the new token does not work: %v", err)
	}
	rec = request{method: "POST", path: "/account/password", cookie: cookie,
		form: url.Values{"current": {"the old password"}, "password": {"the new password"}, "password2": {"the new password"}}}.do(t, f.h)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("change the password: status %d:\n%s", rec.Code, body(rec))
	}
	if _, err := f.db.APITokenUser(ctx, auth.HashToken(m[1])); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the API token works after the password change: %v", err)
	}
	if rec := (request{method: "GET", path: "/account", cookie: otherCookie}).do(t, f.h); !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
		t.Fatalf("the other session still opens the account page: status %d", rec.Code)
	}
	if rec := (request{method: "GET", path: "/account", cookie: cookie}).do(t, f.h); rec.Code != http.StatusOK {
		t.Fatalf("the session that changed the password was ended: status %d", rec.Code)
	}
	if ts, _ := f.db.APITokens(ctx, u.ID); len(ts) != 0 {
		t.Fatalf("%d tokens listed after the change", len(ts))
	}
}

// The account page revokes all of one's tokens in one go, after a
// confirmation.
func TestRevokeAllTokensAsksFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	u, cookie := f.person(t, "tokens@example.org", "the right password")
	for _, name := range []string{"one", "two", "three"} {
		rec := request{method: "POST", path: "/account/tokens", cookie: cookie, form: url.Values{"name": {name}, "days": {"30"}}}.do(t, f.h)
		if rec.Code != http.StatusOK {
			t.Fatalf("create %s: status %d", name, rec.Code)
		}
	}
	rec := request{method: "GET", path: "/account", cookie: cookie}.do(t, f.h)
	if !strings.Contains(body(rec), `href="/account/tokens/revoke"`) {
		t.Fatalf("the account page offers no way to revoke every token:\n%s", body(rec))
	}
	rec = request{method: "GET", path: "/account/tokens/revoke", cookie: cookie, lang: "ru"}.do(t, f.h)
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), "Отозвать 3 токена API?") || !strings.Contains(body(rec), `name="confirm"`) {
		t.Fatalf("confirmation page: status %d:\n%s", rec.Code, body(rec))
	}
	rec = request{method: "POST", path: "/account/tokens/revoke", cookie: cookie, form: url.Values{}}.do(t, f.h)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("revoking without confirming: status %d", rec.Code)
	}
	if ts, _ := f.db.APITokens(ctx, u.ID); len(ts) != 3 {
		t.Fatalf("%d tokens left after an unconfirmed revocation, want 3", len(ts))
	}
	rec = request{method: "POST", path: "/account/tokens/revoke", cookie: cookie, form: url.Values{"confirm": {"on"}}}.do(t, f.h)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("revoke all: status %d", rec.Code)
	}
	if ts, _ := f.db.APITokens(ctx, u.ID); len(ts) != 0 {
		t.Fatalf("%d tokens left after revoking all", len(ts))
	}
	admin, _, err := f.db.UserByEmail(ctx, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if ts, _ := f.db.APITokens(ctx, admin.ID); len(ts) != 1 {
		t.Fatalf("the administrator's token was revoked too (%d left)", len(ts))
	}
}
