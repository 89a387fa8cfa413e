package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestMailPreferencesAPI: a person reads and sets their own e-mail
// preferences; wrong topics and modes are refused, anonymous callers too.
func TestMailPreferencesAPI(t *testing.T) {
	f := newFixture(t)
	rec := f.do(t, "GET", "/api/v1/me/mail-preferences", "delegate", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `{"topic":"voting","mode":"immediate"}`) {
		t.Fatalf("GET: %d %s", rec.Code, rec.Body)
	}
	rec = f.do(t, "PUT", "/api/v1/me/mail-preferences", "delegate", `{"modes":{"voting":"digest","inputs":"never"}}`)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `{"topic":"voting","mode":"digest"}`) || !strings.Contains(rec.Body.String(), `{"topic":"inputs","mode":"never"}`) {
		t.Fatalf("PUT: %d %s", rec.Code, rec.Body)
	}
	for _, bad := range []string{`{"modes":{"voting":"hourly"}}`, `{"modes":{"gossip":"never"}}`, `{"modes":{}}`} {
		if rec := f.do(t, "PUT", "/api/v1/me/mail-preferences", "delegate", bad); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("PUT %s: %d %s", bad, rec.Code, rec.Body)
		}
	}
	if rec := f.do(t, "GET", "/api/v1/me/mail-preferences", "", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", rec.Code)
	}
	// Another person's preferences are untouched.
	if rec := f.do(t, "GET", "/api/v1/me/mail-preferences", "secretariat", ""); !strings.Contains(rec.Body.String(), `{"topic":"voting","mode":"immediate"}`) {
		t.Errorf("the secretariat's preferences changed: %s", rec.Body)
	}
}
