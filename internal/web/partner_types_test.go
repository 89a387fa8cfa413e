package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPartnerTypesPage: everyone with an account reads the partner types
// in the six languages; the secretariat adds one (with a clear error for a
// bad ID and a missing English name) and renames it, a stale rename
// conflicts visibly, and an observer can neither see the forms nor post.
func TestPartnerTypesPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
		rec := f.get(t, "observer", "/registry/partner-types", lang)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", lang, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), "un_regional_commission") {
			t.Errorf("%s: the built-in types are not listed", lang)
		}
		if strings.Contains(rec.Body.String(), `action="/registry/partner-types"`) {
			t.Errorf("%s: an observer gets the forms", lang)
		}
	}
	add := url.Values{"version": {"0"}, "id": {"foundation"}, "name_en": {"Philanthropic foundation"}, "name_fr": {"Fondation philanthropique"}}
	if rec := f.do(t, "observer", "POST", "/registry/partner-types", add); rec.Code != http.StatusForbidden {
		t.Errorf("an observer adds a type: %d", rec.Code)
	}
	bad := url.Values{"version": {"0"}, "id": {"Foundation!"}, "name_fr": {"Fondation"}}
	rec := f.do(t, "secretariat", "POST", "/registry/partner-types", bad)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="n-id-err"`) || !strings.Contains(rec.Body.String(), `id="n-name_en-err"`) ||
		!strings.Contains(rec.Body.String(), `value="Fondation"`) {
		t.Fatalf("a bad ID and no English name: %d, want 422 with both errors and the typed name kept", rec.Code)
	}
	if rec := f.do(t, "secretariat", "POST", "/registry/partner-types", add); rec.Code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", rec.Code, rec.Body.String())
	}
	rec = f.get(t, "secretariat", "/registry/partner-types?edit=foundation", "fr")
	if !strings.Contains(rec.Body.String(), "Fondation philanthropique") || !strings.Contains(rec.Body.String(), `id="e-name_en"`) {
		t.Fatalf("the new type and its rename form are not shown")
	}
	rename := url.Values{"version": {"1"}, "id": {"foundation"}, "name_en": {"Foundation"}, "name_ar": {"مؤسسة خيرية"}}
	if rec := f.do(t, "secretariat", "POST", "/registry/partner-types", rename); rec.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d", rec.Code)
	}
	if rec := f.do(t, "secretariat", "POST", "/registry/partner-types", rename); rec.Code != http.StatusConflict {
		t.Errorf("a rename based on version 1 again: %d, want 409", rec.Code)
	}
	if rec := f.get(t, "observer", "/registry/partner-types", "ar"); !strings.Contains(rec.Body.String(), "مؤسسة خيرية") {
		t.Error("the Arabic name is not shown")
	}
}
