package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/texts"
)

// The secretariat translates a session's title and the group's name into
// Arabic through the form; the Arabic agenda shows them with lang and dir,
// and the texts left untranslated in English, marked "(English)" with
// lang="en"; the status view counts what is missing.
func TestTranslateTheAgenda(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	title := texts.FieldName(domain.TextKey{Kind: domain.TextSession, ID: f.ids["session"], Field: "title"}, "ar")
	group := texts.FieldName(domain.TextKey{Kind: domain.TextGroup, ID: f.ids["group"], Field: "name"}, "ar")
	form := url.Values{"lang": {"ar"}, "mark": {"unofficial"}, title: {"الافتتاح"}, "o." + title: {""}, "v." + title: {"0"},
		group: {"أفريقيا"}, "o." + group: {""}, "v." + group: {"0"}}
	if rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}/translations", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", rec.Code, body(rec))
	}
	page := body(f.get(t, "observer", "/meetings/{meeting}", "ar"))
	for _, want := range []string{
		`<span lang="ar" dir="rtl">الافتتاح</span>`,
		`<small class="tx-fallback" lang="en" dir="ltr">(English)</small>`,
		`<span lang="en" dir="ltr">Test Meeting</span>`,
		`id="tx-legend"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the Arabic agenda lacks %s", want)
		}
	}
	// In English nothing is marked: the texts are the originals.
	en := body(f.get(t, "observer", "/meetings/{meeting}", "en"))
	if strings.Contains(en, "tx-fallback") || strings.Contains(en, "الافتتاح") {
		t.Errorf("the English agenda shows translations or fallbacks")
	}
	groups := body(f.get(t, "observer", "/meetings/{meeting}/groups", "ar"))
	if !strings.Contains(groups, `<span lang="ar" dir="rtl">أفريقيا</span>`) {
		t.Errorf("the groups page does not show the Arabic name")
	}
	// The status view: Arabic has missing texts and a link to fill them in.
	status := body(f.get(t, "secretariat", "/meetings/{meeting}/translations", "en"))
	if !strings.Contains(status, "/translations/edit?lang=ar&missing=1") || !strings.Contains(status, "/translations/edit?lang=zh&missing=1") {
		t.Errorf("the status view has no links to fill in:\n%s", status)
	}
	// The form of missing Arabic texts no longer lists the saved ones.
	missing := body(f.get(t, "secretariat", "/meetings/{meeting}/translations/edit?lang=ar&missing=1", "en"))
	if strings.Contains(missing, `name="`+title+`"`) || !strings.Contains(missing, "to open") {
		t.Errorf("the form of missing texts is wrong:\n%s", missing)
	}
}

// Two people edit the same translation from the same form: the second
// save is refused, nothing of it is kept, and the page shows both texts
// and keeps what the second person typed.
func TestTranslationConflict(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	name := texts.FieldName(domain.TextKey{Kind: domain.TextSession, ID: f.ids["session"], Field: "title"}, "fr")
	other := texts.FieldName(domain.TextKey{Kind: domain.TextGroup, ID: f.ids["group"], Field: "name"}, "fr")
	first := url.Values{name: {"Ouverture"}, "o." + name: {""}, "v." + name: {"0"}}
	if rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}/translations", first); rec.Code != http.StatusSeeOther {
		t.Fatalf("first save: %d", rec.Code)
	}
	second := url.Values{name: {"Séance d'ouverture"}, "o." + name: {""}, "v." + name: {"0"}, other: {"Afrique"}, "o." + other: {""}, "v." + other: {"0"}}
	rec := f.do(t, "admin", "POST", "/meetings/{meeting}/translations", second)
	page := body(rec)
	if rec.Code != http.StatusConflict || !strings.Contains(page, "Ouverture") || !strings.Contains(page, "Séance d'ouverture") || !strings.Contains(page, `class="conflict`) {
		t.Fatalf("conflict: %d\n%s", rec.Code, page)
	}
	tx, err := texts.New(f.db).MeetingTexts(f.adminCtx(t), &domain.Actor{User: &domain.User{Admin: true, Name: "a"}}, f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range tx.Entries {
		if e.Kind == domain.TextGroup && e.Translations["fr"].Text != "" {
			t.Errorf("the refused save kept the group's name")
		}
	}
	// The form now carries the stored version: saving again replaces it.
	if !strings.Contains(page, `name="v.`+name+`" value="1"`) {
		t.Fatalf("the form does not carry the new version")
	}
	second.Set("v."+name, "1")
	second.Set("o."+name, "Ouverture")
	if rec := f.do(t, "admin", "POST", "/meetings/{meeting}/translations", second); rec.Code != http.StatusSeeOther {
		t.Fatalf("saving again: %d\n%s", rec.Code, body(rec))
	}
}

// A translation with a control character is refused, naming the field
// (the form's text check, before the use case's).
func TestTranslationRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	name := texts.FieldName(domain.TextKey{Kind: domain.TextSession, ID: f.ids["session"], Field: "title"}, "es")
	rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}/translations", url.Values{name: {"Aper\x01tura"}, "o." + name: {""}, "v." + name: {"0"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), name+" holds a control character") {
		t.Fatalf("control character: %d\n%s", rec.Code, body(rec))
	}
}
