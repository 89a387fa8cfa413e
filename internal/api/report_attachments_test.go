package api

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestReportAttachmentsAPI: the owners add a document to a draft, list it,
// download it and remove it, as on the report's page; a draft's documents
// are not found by anyone else, the secretariat included; a submitted
// report takes no more documents; a document is reached through its own
// report only; the upload's kind and size are checked.
func TestReportAttachmentsAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.withCommitment(t)
	f.withReports(t)
	csv := []byte("year,centres\n2024,2\n")
	upload := func(role, report, name string, data []byte) *bytes.Buffer {
		t.Helper()
		body, ct := multipartFile("file", name, data)
		w := f.doWith(t, "POST", f.url(t, "/api/v1/reports/{"+report+"}/attachments"), role, ct, body, nil)
		return bytes.NewBufferString(strings.TrimSpace(w.Body.String()) + "\n" + http.StatusText(w.Code))
	}
	status := func(b *bytes.Buffer) string {
		s := b.String()
		return s[strings.LastIndex(s, "\n")+1:]
	}
	for _, c := range []struct{ role, report, want string }{
		{"secretariat", "draft", "Not Found"},  // a draft is its owners' alone
		{"observer", "report", "Not Found"},    // a submitted report is the reviewers'
		{"secretariat", "report", "Forbidden"}, // reviewers do not report
		{"delegate", "report", "Conflict"},     // submitted: it changes once returned
		{"", "draft", "Unauthorized"},
	} {
		if got := status(upload(c.role, c.report, "figures.csv", csv)); got != c.want {
			t.Errorf("upload to %s as %q: %s, want %s", c.report, c.role, got, c.want)
		}
	}
	body, ct := multipartFile("file", "figures.csv", csv)
	w := f.doWith(t, "POST", f.url(t, "/api/v1/reports/{draft}/attachments"), "delegate", ct, body, nil)
	if w.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	var a attachmentJSON
	decodeBody(t, w, &a)
	if a.Name != "figures.csv" || a.Size != int64(len(csv)) || w.Header().Get("Location") != a.URL || !strings.Contains(a.URL, "/reports/"+f.ids["draft"]+"/attachments/") {
		t.Fatalf("attachment %+v, Location %q", a, w.Header().Get("Location"))
	}
	var l list[attachmentJSON]
	decodeBody(t, f.do(t, "GET", f.url(t, "/api/v1/reports/{draft}/attachments"), "delegate", ""), &l)
	if len(l.Items) != 1 || l.Items[0].URL != a.URL {
		t.Fatalf("list = %+v", l)
	}
	var rep progressReportJSON
	decodeBody(t, f.do(t, "GET", f.url(t, "/api/v1/reports/{draft}"), "delegate", ""), &rep)
	if len(rep.Attachments) != 1 || rep.Attachments[0].URL != a.URL {
		t.Fatalf("the report's attachments = %+v", rep.Attachments)
	}
	d := f.do(t, "GET", a.URL, "delegate", "")
	if d.Code != http.StatusOK || !bytes.Equal(d.Body.Bytes(), csv) || !strings.HasPrefix(d.Header().Get("Content-Disposition"), "attachment") || d.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("download: %d %q", d.Code, d.Header().Get("Content-Disposition"))
	}
	for _, role := range []string{"secretariat", "admin", "observer", "outsider"} {
		for _, u := range []string{a.URL, f.url(t, "/api/v1/reports/{draft}/attachments")} {
			if w := f.do(t, "GET", u, role, ""); w.Code != http.StatusNotFound {
				t.Errorf("GET %s as %s: %d, want 404", u, role, w.Code)
			}
		}
	}
	// Through another report, the document is not found.
	other := strings.Replace(a.URL, f.ids["draft"], f.ids["report"], 1)
	if w := f.do(t, "GET", other, "delegate", ""); w.Code != http.StatusNotFound {
		t.Errorf("the document through another report: %d", w.Code)
	}
	if w := f.do(t, "DELETE", other, "delegate", ""); w.Code != http.StatusNotFound && w.Code != http.StatusConflict {
		t.Errorf("removal through another report: %d", w.Code)
	}
	// Kind and size.
	if got := status(upload("delegate", "draft", "tool.exe", []byte("MZ\x90\x00 not a document"))); got != "Unprocessable Entity" {
		t.Errorf("an executable: %s", got)
	}
	if got := status(upload("delegate", "draft", "big.csv", bytes.Repeat([]byte("1,2\n"), 3<<20))); got != "Request Entity Too Large" {
		t.Errorf("a 12 MB file: %s", got)
	}
	if w := f.do(t, "POST", f.url(t, "/api/v1/reports/{draft}/attachments"), "delegate", `{"file":"x"}`); w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("JSON instead of multipart: %d", w.Code)
	}
	if w := f.do(t, "DELETE", a.URL, "secretariat", ""); w.Code != http.StatusNotFound {
		t.Errorf("removal by the secretariat: %d", w.Code)
	}
	if w := f.do(t, "DELETE", a.URL, "delegate", ""); w.Code != http.StatusNoContent {
		t.Fatalf("removal: %d %s", w.Code, w.Body)
	}
	decodeBody(t, f.do(t, "GET", f.url(t, "/api/v1/reports/{draft}/attachments"), "delegate", ""), &l)
	if len(l.Items) != 0 {
		t.Fatalf("list after removal = %+v", l)
	}
}
