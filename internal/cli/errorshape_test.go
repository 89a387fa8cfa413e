package cli

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/web"
)

// TestPageAndAPIErrorsHaveOneShape votes through the voting page's JSON
// answer and through the API, as the same people on the same statements,
// and expects the same status and the same error body from both.
func TestPageAndAPIErrorsHaveOneShape(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := &domain.Process{Name: "ISCM contributions"}
	must(db.CreateProcess(ctx, p))
	b := &domain.Body{Name: "A state", Kind: domain.BodyState}
	must(db.CreateBody(ctx, b))
	stmts := map[string]string{}
	for _, name := range []string{"ours", "theirs"} {
		m := &domain.Meeting{ProcessID: p.ID, Title: "Meeting " + name}
		must(db.CreateMeeting(ctx, m))
		g := &domain.Group{MeetingID: m.ID, Name: "Africa"}
		must(db.CreateGroup(ctx, g))
		s := &domain.Statement{MeetingID: m.ID, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en", Text: "A statement of " + name}
		must(db.CreateStatement(ctx, s))
		stmts[name] = s.ID
		stmts["meeting:"+name], stmts["group:"+name] = m.ID, g.ID
	}
	type person struct{ session, token string }
	people := map[string]person{"anonymous": {}}
	for _, role := range []string{"delegate", "observer"} {
		u := &domain.User{Email: role + "@example.org", Name: role}
		must(db.CreateUser(ctx, u, ""))
		m := &domain.Membership{UserID: u.ID, ProcessID: p.ID, MeetingID: stmts["meeting:ours"], Role: domain.RoleObserver}
		if role == "delegate" {
			m.Role, m.BodyID, m.GroupID = domain.RoleDelegate, b.ID, stmts["group:ours"]
		}
		must(db.AddMembership(ctx, m))
		session, hash := auth.NewToken()
		must(db.CreateWebSession(ctx, hash, u.ID, time.Hour))
		token, hash := auth.NewToken()
		_, err := db.CreateAPIToken(ctx, u.ID, "test", hash, time.Hour)
		must(err)
		people[role] = person{session, token}
	}
	lv := live.New(db, live.Options{})
	t.Cleanup(lv.Close)
	h, _, _, err := buildHandler(db, slog.New(slog.DiscardHandler), web.Config{Live: lv, ActorCacheTTL: time.Second})
	must(err)

	answer := func(t *testing.T, req *http.Request) (int, httperr.Body) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		b, _ := io.ReadAll(res.Body)
		if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Fatalf("%s %s: Content-Type %q: %s", req.Method, req.URL, ct, b)
		}
		var body httperr.Body
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			t.Fatalf("%s %s: %v: %s", req.Method, req.URL, err, b)
		}
		return res.StatusCode, body
	}
	page := func(who person, stmt, value, lang string) *http.Request {
		req := httptest.NewRequest("POST", "/statements/"+stmt+"/vote", strings.NewReader(url.Values{"value": {value}, "next": {"/"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Accept-Language", lang)
		if who.session != "" {
			req.AddCookie(&http.Cookie{Name: "plenary_session", Value: who.session})
		}
		return req
	}
	apiReq := func(who person, stmt, value, lang string) *http.Request {
		req := httptest.NewRequest("POST", "/api/v1/statements/"+stmt+"/vote", strings.NewReader(`{"value":"`+value+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", lang)
		if who.token != "" {
			req.Header.Set("Authorization", "Bearer "+who.token)
		}
		return req
	}
	tests := []struct {
		name, who, stmt, value, lang string
		status                       int
		code                         string
	}{
		{"another meeting's statement", "delegate", "theirs", "agree", "en", http.StatusNotFound, domain.ENOTFOUND},
		{"another meeting's statement, in French", "delegate", "theirs", "agree", "fr", http.StatusNotFound, domain.ENOTFOUND},
		{"a role that may not vote", "observer", "ours", "agree", "en", http.StatusForbidden, domain.EFORBIDDEN},
		{"a role that may not vote, in Arabic", "observer", "ours", "agree", "ar", http.StatusForbidden, domain.EFORBIDDEN},
		{"a bad value", "delegate", "ours", "maybe", "en", http.StatusUnprocessableEntity, domain.EINVALID},
		{"a bad value, in Spanish", "delegate", "ours", "maybe", "es", http.StatusUnprocessableEntity, domain.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			who := people[tt.who]
			pageStatus, pageBody := answer(t, page(who, stmts[tt.stmt], tt.value, tt.lang))
			apiStatus, apiBody := answer(t, apiReq(who, stmts[tt.stmt], tt.value, tt.lang))
			if pageStatus != tt.status || apiStatus != tt.status || pageBody.Error.Code != tt.code {
				t.Fatalf("page %d %+v, API %d %+v; want %d %q", pageStatus, pageBody, apiStatus, apiBody, tt.status, tt.code)
			}
			if !reflect.DeepEqual(pageBody, apiBody) {
				t.Errorf("the page answers %+v\nthe API answers %+v", pageBody, apiBody)
			}
			if tt.lang != "en" {
				if _, en := answer(t, page(who, stmts[tt.stmt], tt.value, "en")); en.Error.Message == pageBody.Error.Message {
					t.Errorf("the message is not translated: %q", pageBody.Error.Message)
				}
			}
		})
	}
	// No one logged in: the same code and key; the page says to log in,
	// the API how to send a token.
	pageStatus, pageBody := answer(t, page(people["anonymous"], stmts["ours"], "agree", "en"))
	apiStatus, apiBody := answer(t, apiReq(people["anonymous"], stmts["ours"], "agree", "en"))
	pageBody.Error.Message, apiBody.Error.Message = "", ""
	if pageStatus != http.StatusUnauthorized || apiStatus != http.StatusUnauthorized || pageBody.Error.Code != domain.EUNAUTHORIZED || !reflect.DeepEqual(pageBody, apiBody) {
		t.Errorf("no one logged in: the page answers %d %+v, the API %d %+v", pageStatus, pageBody, apiStatus, apiBody)
	}
}
