package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestBodies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		want        string
	}{
		{name: "no content type", body: `{"name":"X","kind":"ngo"}`, status: 415, want: `"code":"unsupported_media_type"`},
		{name: "form content type", contentType: "application/x-www-form-urlencoded", body: `name=X`, status: 415, want: `application/x-www-form-urlencoded`},
		{name: "bad content type", contentType: ";;", body: `{}`, status: 415},
		{name: "JSON with charset", contentType: "application/json; charset=utf-8", body: `{"name":"X","kind":"ngo"}`, status: 201},
		{name: "empty body", contentType: "application/json", body: ``, status: 400, want: `the request body is empty`},
		{name: "broken JSON", contentType: "application/json", body: `{"name": "X",`, status: 400, want: `"code":"bad_request"`},
		{name: "syntax error", contentType: "application/json", body: `{"name" "X"}`, status: 400, want: `not valid JSON (at byte`},
		{name: "unknown field", contentType: "application/json", body: `{"name":"X","kind":"ngo","colour":"red"}`, status: 400,
			want: `"fields":{"colour":"unknown field"}`},
		{name: "wrong type", contentType: "application/json", body: `{"name":"X","kind":"ngo","established":"1996"}`, status: 422,
			want: `"fields":{"established":"must be a number"}`},
		{name: "wrong element type", contentType: "application/json", body: `{"name":"X","kind":"ngo","countries":[1]}`, status: 422,
			want: `"countries":"must be a string"`},
		{name: "array instead of object", contentType: "application/json", body: `[{"name":"X"}]`, status: 400, want: `must be a JSON object`},
		{name: "two objects", contentType: "application/json", body: `{"name":"X","kind":"ngo"} {"name":"Y"}`, status: 400, want: `a single JSON object`},
		{name: "trailing garbage", contentType: "application/json", body: `{"name":"X","kind":"ngo"}x`, status: 400},
		{name: "null", contentType: "application/json", body: `null`, status: 422, want: `"name":"this field is required"`},
		{name: "too large", contentType: "application/json", body: `{"name":"` + strings.Repeat("a", maxBody) + `"}`, status: 413, want: `"code":"too_large"`},
		{name: "too large after a value", contentType: "application/json", body: `{"name":"X","kind":"ngo"}` + strings.Repeat(" ", maxBody), status: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/bodies", strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			r.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
			w := serve(f.h, r)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			checkWellFormed(t, w)
			if !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("body lacks %s: %s", tt.want, w.Body)
			}
		})
	}
}

func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name   string
		method string
		url    string
		status int
		allow  string
	}{
		{name: "unknown path", method: "GET", url: "/api/v1/nothing", status: 404},
		{name: "unknown path without a token", method: "GET", url: "/api/v1/bodies/x/y", status: 404},
		{name: "method not allowed", method: "PATCH", url: "/api/v1/bodies/x", status: 405, allow: "GET, HEAD, PUT"},
		{name: "delete a collection", method: "DELETE", url: "/api/v1/bodies", status: 405, allow: "GET, HEAD, POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(f.h, httptest.NewRequest(tt.method, tt.url, nil))
			if w.Code != tt.status || w.Header().Get("Allow") != tt.allow {
				t.Fatalf("status %d Allow %q, want %d %q: %s", w.Code, w.Header().Get("Allow"), tt.status, tt.allow, w.Body)
			}
			checkWellFormed(t, w)
		})
	}
	// In the language the client asks for: 404, 405 and 401 alike.
	for _, tt := range []struct {
		method, url, lang string
		status            int
		want              string
	}{
		{"GET", "/api/v1/nothing", "fr-CH", 404, "Ce chemin n'existe pas dans l'API : /api/v1/nothing"},
		{"PATCH", "/api/v1/bodies/x", "ru", 405, "Метод PATCH недоступен для этого пути; доступны: GET, HEAD, PUT"},
		{"GET", "/api/v1/bodies", "ar", 401, "سجّل الدخول أولًا."},
		{"GET", "/api/v1/bodies", "zh", 401, "请先登录。"},
		{"GET", "/api/v1/nothing", "", 404, "no such API path: /api/v1/nothing"},
	} {
		r := httptest.NewRequest(tt.method, tt.url, nil)
		if tt.lang != "" {
			r.Header.Set("Accept-Language", tt.lang)
		}
		w := serve(f.h, r)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("%s %s in %q: %d %s, want %d with %q", tt.method, tt.url, tt.lang, w.Code, w.Body, tt.status, tt.want)
		}
	}
}

// TestInternalErrorsAreLogged checks that an internal error is logged with
// its cause and answered without it (httperr's tests check the bodies).
func TestInternalErrorsAreLogged(t *testing.T) {
	t.Parallel()
	var logged strings.Builder
	s := &Server{log: slogTo(&logged)}
	w := httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest("GET", "/api/v1/x", nil), errors.New("disk on fire"))
	if w.Code != http.StatusInternalServerError || !strings.Contains(logged.String(), "disk on fire") || strings.Contains(w.Body.String(), "fire") {
		t.Errorf("status %d, log %q, body %s", w.Code, logged.String(), w.Body)
	}
}
