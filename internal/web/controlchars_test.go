package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// firstAllowed is the role a route case is sent as: one that may use it,
// logged in when one can.
func firstAllowed(c routeCase) string {
	for _, r := range c.allowed {
		if r != "anonymous" {
			return r
		}
	}
	return "anonymous"
}

// TestEveryFormRefusesNUL sends every page form with a NUL byte in each of
// its values, as a role allowed to send it: each answers 422 with a page
// that names the field, on SQLite as on PostgreSQL (which used to answer
// 500), and stores nothing.
func TestEveryFormRefusesNUL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, c := range routeCases() {
		method, _, _ := strings.Cut(c.pattern, " ")
		if method != http.MethodPost {
			continue
		}
		t.Run(c.pattern, func(t *testing.T) {
			form := url.Values{}
			for k, vs := range c.form {
				for _, v := range vs {
					form.Add(k, v+"\x00")
				}
			}
			if len(form) == 0 {
				form.Set("note", "a\x00b")
			}
			rec := f.do(t, firstAllowed(c), method, c.path, form)
			want := "control character (U&#43;0000)"
			if c.pattern == "POST /statements/{id}/vote" {
				// Read on the hot path without the form check: its value is
				// one of three words, its next a clean local path.
				want = "Vote agree, disagree or pass."
			}
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), want) {
				t.Fatalf("status %d, want 422 naming the control character:\n%.2000s", rec.Code, rec.Body.String())
			}
		})
	}
}

// TestEveryPageRefusesNULInQuery asks every page with a NUL byte in a query
// parameter (the search filters among them): 422, never 500.
func TestEveryPageRefusesNULInQuery(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, c := range routeCases() {
		method, _, _ := strings.Cut(c.pattern, " ")
		if method != http.MethodGet {
			continue
		}
		t.Run(c.pattern, func(t *testing.T) {
			path := c.path + "?q=a%00b"
			if strings.Contains(c.path, "?") {
				path = c.path + "&q=a%00b"
			}
			rec := f.do(t, firstAllowed(c), method, path, nil)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422:\n%.2000s", rec.Code, rec.Body.String())
			}
		})
	}
	rec := f.do(t, "admin", http.MethodGet, "/contributions/a%00b", nil)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("a path with NUL: status %d, want 404", rec.Code)
	}
}

// TestLoginWithNUL is the anonymous case of the probe: POST /login with
// email=a%00b@x.org answers 422 in the visitor's language.
func TestLoginWithNUL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tt := range []struct{ lang, want string }{
		{"en", "The field email holds a control character (U&#43;0000)"},
		{"fr", "Le champ email contient un caractère de contrôle (U&#43;0000)"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("email=a%00b@x.org&password=whatever"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", tt.lang)
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tt.want) {
				t.Fatalf("status %d, want 422 with %q:\n%.2000s", rec.Code, tt.want, rec.Body.String())
			}
		})
	}
}

// TestFormLineBreaks: a textarea's CR LF is stored as LF; a one-line field
// refuses a line break.
func TestFormLineBreaks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "admin", http.MethodPost, "/processes", url.Values{"name": {"Multi-line"}, "description": {"one\r\ntwo\tthree"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d:\n%.2000s", rec.Code, rec.Body.String())
	}
	ps, err := f.db.Processes(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		if p.Name == "Multi-line" {
			found = true
			if p.Description != "one\ntwo\tthree" {
				t.Fatalf("description stored as %q", p.Description)
			}
		}
	}
	if !found {
		t.Fatal("the process was not created")
	}
	rec = f.do(t, "admin", http.MethodPost, "/processes", url.Values{"name": {"Two\r\nlines"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Must be one line") {
		t.Fatalf("a name of two lines: status %d:\n%.2000s", rec.Code, rec.Body.String())
	}
}

// TestAgendaUploadControlCharacter: an uploaded agenda file is not a form
// value; the agenda's own check of the whole file names the line of the
// control character, in the reader's language.
func TestAgendaUploadControlCharacter(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile("file", "agenda.md")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("**A meeting**\n\n%PDF\x00\x01"))
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/processes/"+f.ids["process"]+"/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", "fr")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["secretariat"]})
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if want := "Ligne 3 : le fichier contient un caractère de contrôle"; rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), want) {
		t.Fatalf("status %d, want 422 with %q:\n%.2000s", rec.Code, want, rec.Body.String())
	}
}
