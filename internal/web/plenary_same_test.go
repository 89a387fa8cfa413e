package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// The plenary through the page and through the API: the same case gives
// the same result (both call package synthesis).

// TestThemeEditsSameThroughPageAndAPI: the chair renames the pathways
// theme, moves the data statement into it and splits it out again, on one
// fresh fixture through the page and on another through the API; the
// themes that result are the same.
func TestThemeEditsSameThroughPageAndAPI(t *testing.T) {
	t.Parallel()
	page, pageIDs := plenaryFixture(t)
	apiF, apiIDs := plenaryFixture(t)
	if got, want := page.themesSignature(t), apiF.themesSignature(t); !slices.Equal(got, want) {
		t.Fatalf("the fixtures differ before any edit:\n%q\n%q", got, want)
	}
	type edit struct{ op, theme, label, statement, to string }
	edits := []func(f *fixture, ids map[string]string) edit{
		func(f *fixture, ids map[string]string) edit {
			th, _ := f.themeOf(t, ids["asia_pathways"])
			return edit{op: themes.EditRename, theme: th, label: "Regular pathways"}
		},
		func(f *fixture, ids map[string]string) edit {
			th, _ := f.themeOf(t, ids["asia_pathways"])
			return edit{op: themes.EditMove, statement: ids["asia_data"], to: th}
		},
		func(f *fixture, ids map[string]string) edit {
			return edit{op: themes.EditSplit, statement: ids["africa_pathways"]}
		},
	}
	for i, mk := range edits {
		e := mk(page, pageIDs)
		form := url.Values{"part": {"{part}"}, "version": {itoa64(int64(i))}, "op": {e.op}, "theme": {e.theme}, "label": {e.label}, "statement": {e.statement}, "to": {e.to}}
		if rec := page.do(t, "chair", "POST", "/meetings/{meeting}/plenary/themes", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("page, edit %d (%s): status %d", i, e.op, rec.Code)
		}
		e = mk(apiF, apiIDs)
		body, _ := json.Marshal(map[string]any{"op": e.op, "theme": e.theme, "label": e.label, "statement": e.statement, "to": e.to, "version": i})
		if code := apiF.callAPI(t, "chair", "POST", "/api/v1/meetings/{meeting}/plenary/themes?part={part}", string(body), nil); code != http.StatusOK {
			t.Fatalf("API, edit %d (%s): status %d", i, e.op, code)
		}
		if got, want := page.themesSignature(t), apiF.themesSignature(t); !slices.Equal(got, want) {
			t.Fatalf("after edit %d (%s) the page's themes are\n%q\nthe API's\n%q", i, e.op, got, want)
		}
	}
}

// TestReportLanguageSameThroughPageAndAPI: a group's report is read in the
// language asked for (the page's, the API's ?lang=) when it has a text in
// it, else in its own; the API without ?lang= gives its own language.
// (The API used to give the report's own language only.)
func TestReportLanguageSameThroughPageAndAPI(t *testing.T) {
	t.Parallel()
	f, _ := plenaryFixture(t)
	ctx := context.Background()
	rep := &store.Report{MeetingID: f.ids["meeting"], GroupID: f.ids["asia"], PartID: f.ids["part"], Lang: "en", Texts: map[string]store.ReportText{
		"en": {FollowUp: "The Colombo Process follows up.", RCPRole: "RCPs share data."},
		"fr": {FollowUp: "Le Processus de Colombo assure le suivi.", RCPRole: "Les PCR partagent les données."},
	}}
	if err := f.db.SaveReport(ctx, rep); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, want, wantLang string
	}{
		{"en", "The Colombo Process follows up.", "en"},
		{"fr", "Le Processus de Colombo assure le suivi.", "fr"},
		{"ar", "The Colombo Process follows up.", "en"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			body := f.get(t, "observer", "/meetings/{meeting}/plenary?part={part}", c.lang).Body.String()
			if !strings.Contains(body, `<p lang="`+c.wantLang+`" dir="auto">`+c.want+`</p>`) {
				t.Errorf("the page in %s lacks %q in %s", c.lang, c.want, c.wantLang)
			}
			var pl struct {
				Columns []struct {
					GroupID  string `json:"group_id"`
					FollowUp string `json:"follow_up"`
					TextLang string `json:"text_lang"`
				} `json:"columns"`
			}
			if code := f.callAPI(t, "observer", "GET", "/api/v1/meetings/{meeting}/plenary?part={part}&lang="+c.lang, "", &pl); code != http.StatusOK {
				t.Fatalf("API: status %d", code)
			}
			for _, col := range pl.Columns {
				if col.GroupID == f.ids["asia"] && (col.FollowUp != c.want || col.TextLang != c.wantLang) {
					t.Errorf("the API with lang=%s gives %q in %s, want %q in %s", c.lang, col.FollowUp, col.TextLang, c.want, c.wantLang)
				}
			}
		})
	}
	var pl struct {
		Columns []struct {
			GroupID  string `json:"group_id"`
			FollowUp string `json:"follow_up"`
		} `json:"columns"`
	}
	if code := f.callAPI(t, "observer", "GET", "/api/v1/meetings/{meeting}/plenary?part={part}", "", &pl); code != http.StatusOK {
		t.Fatalf("API without lang: status %d", code)
	}
	for _, col := range pl.Columns {
		if col.GroupID == f.ids["asia"] && col.FollowUp != "The Colombo Process follows up." {
			t.Errorf("the API without lang gives %q", col.FollowUp)
		}
	}
	if code := f.callAPI(t, "observer", "GET", "/api/v1/meetings/{meeting}/plenary?part={part}&lang=de", "", nil); code != http.StatusUnprocessableEntity {
		t.Errorf("an unknown language: status %d", code)
	}
}
