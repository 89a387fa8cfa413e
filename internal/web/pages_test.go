package web

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

func body(rec *httptest.ResponseRecorder) string { return html.UnescapeString(rec.Body.String()) }

func TestMalformedAgendaUploadShowsLineAndStoresNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before, _ := f.db.Meetings(context.Background(), f.ids["process"], "")
	bad := "**A meeting**\n\n## Session 1. Opening\n\n### Guiding questions\n\n- What?\n\n## Session 1. Again\n"
	rec := f.do(t, "secretariat", "POST", "/processes/{process}/import", url.Values{"text": {bad}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "Line 9:") {
		t.Fatalf("status %d; body lacks the line number:\n%s", rec.Code, body(rec))
	}
	if !strings.Contains(body(rec), "Session 1. Again") {
		t.Fatal("the pasted agenda was not kept in the form")
	}
	after, _ := f.db.Meetings(context.Background(), f.ids["process"], "")
	if len(after) != len(before) {
		t.Fatalf("meetings: %d before, %d after a failed import", len(before), len(after))
	}
	rec = f.do(t, "secretariat", "POST", "/processes/{process}/import", url.Values{"text": {testAgenda}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/meetings/") {
		t.Fatalf("valid import: status %d, location %q", rec.Code, rec.Header().Get("Location"))
	}
}

// A person importing an agenda reads what is wrong with it in their own
// language, for Markdown and for JSON.
func TestAgendaImportErrorsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	post := func(lang, text string) string {
		t.Helper()
		path := strings.ReplaceAll("/processes/{process}/import", "{process}", f.ids["process"])
		req := httptest.NewRequest("POST", path, strings.NewReader(url.Values{"text": {text}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", lang)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["secretariat"]})
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", lang, rec.Code)
		}
		return body(rec)
	}
	repeated := "**A meeting**\n\n## Session 1. Opening\n\n## Session 1. Again\n"
	tests := []struct{ lang, text, want string }{
		{"en", repeated, "Line 5: session 1 is repeated (first at line 3)"},
		{"fr", repeated, "Ligne 5 : la séance 1 est répétée (d'abord à la ligne 3)"},
		{"es", repeated, "la sesión 1 está repetida (primero en la línea 3)"},
		{"ar", repeated, "الجلسة 1 مكررة"},
		{"ru", repeated, "заседание 1 повторяется (впервые в строке 3)"},
		{"zh", repeated, "会议环节 1 重复（首次在第 3 行）"},
		{"fr", `{"organization":["IOM"]}`, "À title : pas de titre"},
		{"es", `{"title":"T","sessions":[{"number":0,"title":"A"}]}`, "En sessions[0].number: el número de sesión 0 no es 1 o más"},
		// Pasted into the form, the text meets the pages' check of every
		// form value first (an uploaded file is checked by ParseAny, with
		// its line: TestAgendaUploadControlCharacter).
		{"fr", "**A meeting**\n\n%PDF\x00\x01", "Le champ text contient un caractère de contrôle (U+0000)"},
		{"en", "**A meeting**\n\n" + strings.Repeat("x", 2<<20), "The agenda is larger than 2 MB."},
	}
	for _, tc := range tests {
		if got := post(tc.lang, tc.text); !strings.Contains(got, tc.want) {
			t.Errorf("%s: the page lacks %q", tc.lang, tc.want)
		}
	}
}

func TestStaleEditIsAConflictNotAnOverwrite(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}", url.Values{"title": {"First edit"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("first edit: status %d: %s", rec.Code, body(rec))
	}
	rec = f.do(t, "admin", "POST", "/meetings/{meeting}", url.Values{"title": {"Second edit from an old page"}, "version": {"1"}})
	if rec.Code != http.StatusConflict || !strings.Contains(body(rec), "Someone else changed this") {
		t.Fatalf("stale edit: status %d:\n%s", rec.Code, body(rec))
	}
	m, _ := f.db.Meeting(context.Background(), f.ids["meeting"])
	if m.Title != "First edit" {
		t.Fatalf("title = %q: the stale edit overwrote the first", m.Title)
	}
	// The history shows who changed what, with before and after.
	rec = f.do(t, "secretariat", "GET", "/meetings/{meeting}/audit", nil)
	if !strings.Contains(body(rec), "<dt>Title</dt><dd><del dir=\"auto\">Test Meeting</del> → <ins dir=\"auto\">First edit</ins></dd>") || !strings.Contains(body(rec), "Secretariat") {
		t.Fatalf("the history lacks the change:\n%s", body(rec))
	}
}

func TestValidationMessagesInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
		t.Run(lang, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/processes", strings.NewReader("name="))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", lang)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["admin"]})
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			want := f.srv.cat.Printer(lang).T("error.required")
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), want) {
				t.Fatalf("status %d; want the message %q in the page", rec.Code, want)
			}
			if !strings.Contains(body(rec), `lang="`+lang+`"`) {
				t.Fatalf("the page is not marked lang=%q", lang)
			}
			if lang == "ar" && !strings.Contains(body(rec), `dir="rtl"`) {
				t.Fatal("the Arabic page is not right-to-left")
			}
		})
	}
}

func TestSecurityHeadersAndHashedAssets(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "anonymous", "GET", "/login", nil)
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	css, _ := f.srv.assets.url("style.css")
	if !strings.Contains(rec.Body.String(), css) {
		t.Fatalf("the page does not link the hashed stylesheet %s", css)
	}
	rec = f.do(t, "anonymous", "GET", css, nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("asset: status %d, cache %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	// A cross-origin form post from a browser is refused (CSRF).
	req := httptest.NewRequest("POST", "/processes", strings.NewReader("name=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["admin"]})
	rec2 := httptest.NewRecorder()
	f.h.ServeHTTP(rec2, req)
	if rec2.Code != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", rec2.Code)
	}
}

func TestInvitationCreatesAnAccountOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "anonymous", "POST", "/invite/{invite_token}", url.Values{"name": {"Nadia New"}, "password": {"short"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("short password: status %d", rec.Code)
	}
	rec = f.do(t, "anonymous", "POST", "/invite/{invite_token}", url.Values{"name": {"Nadia New"}, "password": {"a long enough password"}})
	if rec.Code != http.StatusSeeOther || len(rec.Result().Cookies()) == 0 {
		t.Fatalf("accept: status %d: %s", rec.Code, body(rec))
	}
	u, _, err := f.db.UserByEmail(context.Background(), "new@example.org")
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := f.db.MembershipsOf(context.Background(), u.ID)
	if len(ms) != 1 || ms[0].Role != domain.RoleObserver || ms[0].MeetingID != f.ids["meeting"] {
		t.Fatalf("memberships after accepting: %+v", ms)
	}
	rec = f.do(t, "anonymous", "GET", "/invite/{invite_token}", nil)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("a used invitation still opens: status %d", rec.Code)
	}
}

func TestSecretariatCreatesInvitationLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}/invitations",
		url.Values{"email": {"guest@example.org"}, "role": {"delegate"}, "body": {f.ids["body"]}, "group": {f.ids["group"]}, "days": {"7"}})
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), "/invite/") {
		t.Fatalf("status %d: no invitation link shown", rec.Code)
	}
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/invitations", url.Values{"email": {"guest@example.org"}, "role": {"delegate"}, "days": {"7"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "on behalf of a body") {
		t.Fatalf("a delegate without a body: status %d", rec.Code)
	}
	invs, _ := f.db.Invitations(context.Background(), f.ids["process"], f.ids["meeting"])
	if len(invs) != 2 { // the fixture's and the new one
		t.Fatalf("invitations: %d", len(invs))
	}
}

func TestBodyWithLocalisedCountries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "secretariat", "POST", "/bodies", url.Values{"name": {"Rabat Process"}, "kind": {"irf"}, "country_codes": {"ma, sn, XX"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "XX") {
		t.Fatalf("unknown country accepted: status %d", rec.Code)
	}
	rec = f.do(t, "secretariat", "POST", "/bodies", url.Values{"name": {"Rabat Process"}, "kind": {"irf"}, "country_codes": {"ma, sn"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create: status %d: %s", rec.Code, body(rec))
	}
	bs, _, _ := f.db.Bodies(context.Background(), store.BodyFilter{Query: "rabat"})
	if len(bs) != 1 || strings.Join(bs[0].Countries, ",") != "MA,SN" {
		t.Fatalf("bodies: %+v", bs)
	}
	req := httptest.NewRequest("GET", "/bodies/"+bs[0].ID, nil)
	req.Header.Set("Accept-Language", "fr")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["delegate"]})
	rec = httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if !strings.Contains(body(rec), "Maroc") || !strings.Contains(body(rec), "Sénégal") {
		t.Fatalf("country names are not in French:\n%s", body(rec))
	}
}

func TestSecretariatMakesAnAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	form := url.Values{"email": {"made@example.org"}, "role": {"delegate"}, "body": {f.ids["body"]}}
	rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}/members", form)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "give the person's name") {
		t.Fatalf("no account, no name: status %d", rec.Code)
	}
	form.Set("name", "Made Byhand")
	form.Set("role", "delegate")
	form.Del("body")
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/members", form)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a delegate without a body: status %d", rec.Code)
	}
	if _, _, err := f.db.UserByEmail(context.Background(), "made@example.org"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a refused role left an account behind: %v", err)
	}
	form.Set("body", f.ids["body"])
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/members", form)
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), "Account created for made@example.org") {
		t.Fatalf("create: status %d:\n%s", rec.Code, body(rec))
	}
	u, hash, err := f.db.UserByEmail(context.Background(), "made@example.org")
	if err != nil || hash == "" || u.Name != "Made Byhand" {
		t.Fatalf("account: %+v, %v", u, err)
	}
	// The password shown on the page is the account's password.
	page := body(rec)
	i := strings.Index(page, `<code class="token">`) + len(`<code class="token">`)
	pw := page[i : i+strings.Index(page[i:], "<")]
	if !auth.CheckPassword(hash, pw) {
		t.Fatalf("the password shown (%q) does not open the account", pw)
	}
}

// TestEveryActionAndObjectHasWords checks that the history and live
// activity can name every change the store records.
func TestEveryActionAndObjectHasWords(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "admin", "POST", "/meetings/{meeting}", url.Values{"title": {"X"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatal(rec.Code)
	}
	evs, err := f.db.AuditEvents(context.Background(), store.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		for _, key := range []string{"history.action." + e.Action, "object." + e.ObjectType} {
			if !f.srv.cat.Has(key) {
				t.Errorf("no catalogue key %q", key)
			}
		}
	}
	page := body(f.do(t, "admin", "GET", "/meetings/{meeting}/audit", nil))
	if !strings.Contains(page, "Changed · meeting") {
		t.Fatalf("the history does not name the change in words:\n%s", page)
	}
}

func TestClientAddressBehindTrustedProxies(t *testing.T) {
	t.Parallel()
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")}}}
	tests := []struct {
		name, remote, xff, want string
	}{
		{"direct client", "203.0.113.7:5000", "", "203.0.113.7"},
		{"direct client cannot claim another address", "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"through the local proxy", "127.0.0.1:40000", "198.51.100.1", "198.51.100.1"},
		{"through two trusted proxies", "127.0.0.1:40000", "198.51.100.1, 10.1.2.3", "198.51.100.1"},
		{"spoofed first hop is ignored", "127.0.0.1:40000", "1.2.3.4, 198.51.100.1", "198.51.100.1"},
		{"proxy without header", "127.0.0.1:40000", "", "127.0.0.1"},
		{"garbage header", "127.0.0.1:40000", "not-an-ip", "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != "" {
				r.Header.Set("X-Forwarded-For", tt.xff)
			}
			if got := s.clientIP(r); got != tt.want {
				t.Fatalf("clientIP = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFrameworkImportAndLabels(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	bad := "code,title\n10.7,Facilitate orderly migration\n,No code\n10.7,Duplicate\n"
	rec := f.do(t, "secretariat", "POST", "/frameworks", url.Values{"code": {"sdg"}, "name": {"SDG targets"}, "lang": {"en"}, "text": {bad}})
	page := body(rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(page, "Row 3, column code: is empty") || !strings.Contains(page, `Row 4, column code: "10.7" is used already on row 2`) {
		t.Fatalf("status %d; the row errors are not listed:\n%s", rec.Code, page)
	}
	if !strings.Contains(page, "2 problems in the table: nothing was imported.") {
		t.Fatal("the summary does not say nothing was imported")
	}
	if fs, _ := f.db.Frameworks(context.Background()); len(fs) != 1 {
		t.Fatalf("%d frameworks after a refused import", len(fs))
	}
	good := "code\ttitle\tshort_label\n10.7\tFacilitate orderly, safe, regular and responsible migration\tMigration policies\n10.c\tReduce remittance costs\tRemittances\n"
	rec = f.do(t, "secretariat", "POST", "/frameworks", url.Values{"code": {"sdg"}, "name": {"SDG targets"}, "lang": {"en"}, "text": {good}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("import: status %d:\n%s", rec.Code, body(rec))
	}
	loc := rec.Header().Get("Location")
	rec = f.do(t, "secretariat", "POST", loc+"/labels", url.Values{"lang": {"es"}, "text": {"code,title,short_label\n10.7,Facilitar la migración ordenada,Políticas migratorias\n"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("labels: status %d:\n%s", rec.Code, body(rec))
	}
	req := httptest.NewRequest("GET", loc, nil)
	req.Header.Set("Accept-Language", "es")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["delegate"]})
	rr := httptest.NewRecorder()
	f.h.ServeHTTP(rr, req)
	page = body(rr)
	if !strings.Contains(page, "Políticas migratorias") || !strings.Contains(page, `lang="en" dir="auto">Remittances`) {
		t.Fatalf("the Spanish page does not show Spanish titles with English as the marked fallback:\n%s", page)
	}
}

func TestSecretariatEditsTheAgenda(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	steps := []struct {
		name, path string
		form       url.Values
		status     int
	}{
		{"add a session", "/meetings/{meeting}/sessions", url.Values{"number": {"2"}, "title": {"Follow-up"}}, http.StatusSeeOther},
		{"session without a title", "/meetings/{meeting}/sessions", url.Values{"number": {"3"}}, http.StatusUnprocessableEntity},
		{"add a meeting objective", "/meetings/{meeting}/items", url.Values{"kind": {"objective"}, "label": {"ii"}, "text": {"to **review** practices"}}, http.StatusSeeOther},
		{"add a question to the part", "/meetings/{meeting}/items", url.Values{"kind": {"question"}, "part": {"{part}"}, "text": {"Who follows up?"}}, http.StatusSeeOther},
		{"item in another meeting's part", "/meetings/{meeting}/items", url.Values{"kind": {"question"}, "part": {"nope"}, "text": {"x"}}, http.StatusUnprocessableEntity},
		{"footnote", "/meetings/{meeting}/footnotes", url.Values{"number": {"1"}, "text": {"New York Declaration"}}, http.StatusSeeOther},
		{"delete without confirming", "/items/{item}/delete", nil, http.StatusUnprocessableEntity},
	}
	for _, s := range steps {
		form := url.Values{}
		for k, v := range s.form {
			form[k] = append([]string(nil), v...)
		}
		if rec := f.do(t, "secretariat", "POST", s.path, form); rec.Code != s.status {
			t.Fatalf("%s: status %d, want %d\n%s", s.name, rec.Code, s.status, body(rec))
		}
	}
	a, err := f.db.Agenda(ctx, f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sessions) != 2 || a.Sessions[1].Title != "Follow-up" {
		t.Fatalf("sessions: %+v", a.Sessions)
	}
	objs := a.Objectives()
	if len(objs) != 2 || objs[1].Label != "ii" {
		t.Fatalf("meeting objectives: %+v", objs)
	}
	qs := a.Sessions[0].Parts[0].Questions()
	if len(qs) != 2 || qs[1].Text != "Who follows up?" {
		t.Fatalf("part questions: %+v", qs)
	}
	// Move the new question up, then the page shows it first.
	if rec := f.do(t, "secretariat", "POST", "/items/"+qs[1].ID+"/move", url.Values{"dir": {"up"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("move: %d", rec.Code)
	}
	a, _ = f.db.Agenda(ctx, f.ids["meeting"])
	if got := a.Sessions[0].Parts[0].Questions()[0].Text; got != "Who follows up?" {
		t.Fatalf("after moving up, the first question is %q", got)
	}
	page := body(f.do(t, "observer", "GET", "/meetings/{meeting}", nil))
	if !strings.Contains(page, "to <strong>review</strong> practices") || !strings.Contains(page, "New York Declaration") {
		t.Fatalf("the agenda page does not show the edits:\n%s", page)
	}
	if rec := f.do(t, "secretariat", "POST", "/items/{item}/delete", url.Values{"confirm": {"on"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("confirmed delete: %d", rec.Code)
	}
	if _, err := f.db.Item(ctx, f.ids["item"]); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the deleted item is still there: %v", err)
	}
}

// TestMeetingFormSetsK: the secretariat sets how many participants a
// description of a body must fit; below 2 or not a number is refused with
// a message next to the field.
func TestMeetingFormSetsK(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct{ k, want string }{{"1", "Must be a whole number from 2 to 100."}, {"three", "Must be a whole number."}} {
		rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}", url.Values{"title": {"Test Meeting"}, "non_attribution_min_bodies": {tc.k}, "version": {"1"}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), tc.want) {
			t.Fatalf("k=%s: status %d, want 422 with %q:\n%s", tc.k, rec.Code, tc.want, body(rec))
		}
	}
	rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}", url.Values{"title": {"Test Meeting"}, "non_attribution_min_bodies": {"4"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("k=4: status %d:\n%s", rec.Code, body(rec))
	}
	m, err := f.db.Meeting(context.Background(), f.ids["meeting"])
	if err != nil || m.MinDescribed() != 4 {
		t.Fatalf("k = %d, %v; want 4", m.MinDescribed(), err)
	}
	if page := body(f.do(t, "secretariat", "GET", "/meetings/{meeting}/edit", nil)); !strings.Contains(page, `name="non_attribution_min_bodies" type="number" min="2" max="100" value="4"`) {
		t.Errorf("the form does not show k = 4:\n%s", page)
	}
}
