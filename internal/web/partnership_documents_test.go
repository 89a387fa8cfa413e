package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestPartnershipDocumentsPage: the secretariat uploads a document on the
// partnership's page; a member downloads it as a file (never shown inline,
// never sniffed); a file of the wrong type is refused on the page with its
// message; removing one asks for confirmation.
func TestPartnershipDocumentsPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	upload := func(role, name string, data []byte) *httptest.ResponseRecorder {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
		mw.Close()
		req := httptest.NewRequest("POST", "/partnerships/"+f.ids["partnership"]+"/documents", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies[role]})
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		return rec
	}
	csv := []byte("party,role\nIOM,technical support\n")
	if rec := upload("secretariat", "work-plan.csv", csv); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body.String())
	}
	if rec := upload("delegate", "work-plan.csv", csv); rec.Code != http.StatusForbidden {
		t.Errorf("a delegate uploads: %d", rec.Code)
	}
	rec := upload("secretariat", "mou.pdf", []byte("<html><script>alert(1)</script>"))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-file-err"`) {
		t.Errorf("an HTML page named .pdf: %d, want 422 with the error at the field", rec.Code)
	}
	page := f.get(t, "observer", "/partnerships/"+f.ids["partnership"], "fr").Body.String()
	if !strings.Contains(page, "work-plan.csv") || !strings.Contains(page, "mou.txt") || strings.Contains(page, `action="/partnerships/`+f.ids["partnership"]+`/documents"`) {
		t.Fatalf("the observer's page lists the documents without the forms: %v", strings.Contains(page, "work-plan.csv"))
	}
	dl := f.get(t, "observer", "/partnerships/"+f.ids["partnership"]+"/documents/"+f.ids["partnership_document"], "en")
	if dl.Code != http.StatusOK || dl.Body.String() != "Memorandum of understanding.\n" || !strings.HasPrefix(dl.Header().Get("Content-Disposition"), "attachment") ||
		dl.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: %d %q %v", dl.Code, dl.Body.String(), dl.Header())
	}
	del := "/partnerships/" + f.ids["partnership"] + "/documents/" + f.ids["partnership_document"] + "/delete"
	if rec := f.do(t, "secretariat", "POST", del, url.Values{}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("removal without confirmation: %d", rec.Code)
	}
	if rec := f.do(t, "secretariat", "POST", del, url.Values{"confirm": {"on"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("removal: %d", rec.Code)
	}
	if rec := f.get(t, "observer", "/partnerships/"+f.ids["partnership"]+"/documents/"+f.ids["partnership_document"], "en"); rec.Code != http.StatusNotFound {
		t.Errorf("a removed document: %d", rec.Code)
	}
}
