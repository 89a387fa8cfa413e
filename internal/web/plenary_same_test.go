package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/api"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/themes"
)

// The plenary through the page and through the API: the same case gives
// the same result (both call package synthesis).

// apiDo sends a request to the JSON API over the fixture's database as
// role (the account role@example.org, with a new API token), with the
// fixture's {names} in the path and the body replaced by their IDs.
func (f *fixture) apiDo(t *testing.T, role, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	ctx := context.Background()
	u, _, err := f.db.UserByEmail(ctx, role+"@example.org")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	if _, err := f.db.CreateAPIToken(ctx, u.ID, "test", hash, time.Hour); err != nil {
		t.Fatal(err)
	}
	for k, v := range f.ids {
		path, body = strings.ReplaceAll(path, "{"+k+"}", v), strings.ReplaceAll(body, "{"+k+"}", v)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	api.New(f.db, nil, api.WithLive(f.srv.cfg.Live)).ServeHTTP(rec, req)
	return rec
}

// callAPI sends a request to the JSON API (see apiDo) and decodes its
// answer into out.
func (f *fixture) callAPI(t *testing.T, role, method, path, body string, out any) int {
	t.Helper()
	rec := f.apiDo(t, role, method, path, body)
	if out != nil && rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	return rec.Code
}

// themesSignature describes a part's themes by their labels (when a
// person gave them) and their statements' texts, whatever the ids.
func (f *fixture) themesSignature(t *testing.T) []string {
	t.Helper()
	pt, err := f.srv.synth.PartThemes(context.Background(), &domain.Actor{User: &domain.User{ID: "admin", Admin: true}}, f.ids["meeting"], f.ids["part"])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, th := range pt.Result.Themes {
		var texts []string
		for _, m := range th.Members {
			texts = append(texts, pt.Statements[m.ID].Text)
		}
		slices.Sort(texts)
		label := ""
		if th.LabelEdited {
			label = th.Label
		}
		out = append(out, label+": "+strings.Join(texts, " | "))
	}
	slices.Sort(out)
	return out
}

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
