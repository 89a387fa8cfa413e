package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNoRoute: an address with no route, or a method the route does not
// take, answers a page with the layout in the reader's language, not
// ServeMux's plain English "404 page not found".
func TestNoRoute(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		method, path, lang string
		status             int
		want               []string
	}{
		{"GET", "/no/such/page", "fr", 404, []string{`<html lang="fr"`, "pas de page à cette adresse", "<title>Introuvable"}},
		{"GET", "/no/such/page", "ar", 404, []string{`<html lang="ar" dir="rtl"`, "لا توجد صفحة بهذا العنوان"}},
		{"GET", "/meetings/x/y/z", "zh", 404, []string{"此地址没有页面"}},
		{"GET", "/no/such/page", "", 404, []string{"There is no page at this address"}},
		{"DELETE", "/login", "es", 405, []string{"Esta dirección no se puede usar así", "No es posible aquí"}},
		{"PUT", "/account", "ru", 405, []string{"Этот адрес нельзя использовать так"}},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		if tc.lang != "" {
			req.Header.Set("Accept-Language", tc.lang)
		}
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		page := rec.Body.String()
		if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s %s: %d %s, want %d as HTML", tc.method, tc.path, rec.Code, rec.Header().Get("Content-Type"), tc.status)
		}
		if strings.Contains(page, "page not found") {
			t.Errorf("%s %s: Go's plain answer: %s", tc.method, tc.path, page)
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s %s in %q lacks %q:\n%s", tc.method, tc.path, tc.lang, w, page)
			}
		}
		if tc.status == http.StatusMethodNotAllowed && rec.Header().Get("Allow") == "" {
			t.Errorf("%s %s: 405 without Allow", tc.method, tc.path)
		}
	}
}
