package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCommitmentTranslationsPage: the secretariat translates a commitment
// into French on its page, a French reader then reads it in French, a
// Chinese reader reads the original marked as such, a save at a version
// read before is told as a conflict with the typed text kept, and a
// mistake is told at its field.
func TestCommitmentTranslationsPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	get := func(role, path string, want, notWant []string) string {
		t.Helper()
		rec := f.do(t, role, "GET", path, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s as %s: %d", path, role, rec.Code)
		}
		body := rec.Body.String()
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s as %s lacks %q", path, role, s)
			}
		}
		for _, s := range notWant {
			if strings.Contains(body, s) {
				t.Errorf("GET %s as %s has %q", path, role, s)
			}
		}
		return body
	}
	get("secretariat", "/commitments/{fu_commitment}", []string{`href="/commitments/` + f.ids["fu_commitment"] + `/translations"`}, nil)
	get("observer", "/commitments/{fu_commitment}", nil, []string{"/translations"})
	// The form opens on the first language not translated yet.
	get("secretariat", "/commitments/{fu_commitment}/translations", []string{"Translation into Français", "Publish comparable migration data every year.", "Not translated",
		`action="/commitments/` + f.ids["fu_commitment"] + `/translations/fr"`}, []string{"Remove the translation"})

	rec := f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/translations/fr", url.Values{"version": {"1"}, "title": {"Plateforme régionale de données"},
		"text": {"Publier chaque année des données comparables."}, "translator": {"Service de traduction"}})
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "into=fr") {
		t.Fatalf("save: %d %s", rec.Code, rec.Body)
	}
	get("secretariat", "/commitments/{fu_commitment}/translations?into=fr", []string{"Plateforme régionale de données", "By a person", "Service de traduction", "Remove the translation into Français"}, nil)

	// Readers: French reads French; Chinese reads the original, marked.
	get("observer", "/commitments/{fu_commitment}?lang=fr", []string{"Plateforme régionale de données", "Traduit de"}, []string{`id="not-translated"`})
	get("observer", "/commitments/{fu_commitment}?lang=zh", []string{"Regional data hub", `id="not-translated"`, "原文"}, []string{"Plateforme"})
	get("observer", "/commitments/{fu_commitment}", []string{"Regional data hub"}, []string{`id="not-translated"`, "Translated from"})

	// Another translator read version 1 too: told, their text kept.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/translations/fr", url.Values{"version": {"1"}, "title": {"Centre régional"}, "text": {"Autre texte."}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "Centre régional") || !strings.Contains(rec.Body.String(), `name="version" value="2"`) {
		t.Fatalf("stale save: %d, want 409 with the typed text and the new version", rec.Code)
	}
	// An empty title is told at its field, the version read kept.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/translations/es", url.Values{"version": {"2"}, "title": {""}, "text": {"Texto."}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="f-title-err"`) || !strings.Contains(rec.Body.String(), "Texto.") {
		t.Fatalf("empty title: %d", rec.Code)
	}
	// Control characters are refused.
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/translations/es", url.Values{"version": {"2"}, "title": {"A\x00B"}, "text": {"Texto."}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("NUL in the title: %d", rec.Code)
	}
	// Into the original's language, or a language that is not one: refused.
	for _, lang := range []string{"en", "xx"} {
		rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/translations/"+lang, url.Values{"version": {"2"}, "title": {"T"}, "text": {"X"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("translation into %s: %d", lang, rec.Code)
		}
	}
	rec = f.do(t, "secretariat", "POST", "/commitments/{fu_commitment}/translations/fr/delete", url.Values{"version": {"2"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	get("observer", "/commitments/{fu_commitment}?lang=fr", []string{"Regional data hub", `id="not-translated"`}, nil)
}
