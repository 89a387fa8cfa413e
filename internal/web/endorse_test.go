package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

func TestEndorsedList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addPractice(t, f.adminCtx(t), f.ids["meeting"], "practice")
	for _, tc := range []struct {
		name, role, query string
		status            int
		want, not         []string
	}{
		{"ranked", "observer", "", http.StatusOK,
			[]string{"A endorsed good practice", "Endorsed by 1 region", "1 body", `<td dir="auto">Europe</td>`, `<td dir="auto">Body</td>`, "Funding for the first two years."},
			[]string{"A practice good practice"}},
		{"filtered by type", "delegate", "?type=fund", http.StatusOK, []string{"No endorsed practice matches these filters."}, []string{"A endorsed good practice"}},
		{"filtered by endorsing region", "delegate", "?by=Europe", http.StatusOK, []string{"A endorsed good practice"}, nil},
		{"filtered by practice region", "delegate", "?region=Asia", http.StatusOK, []string{"No endorsed practice matches"}, nil},
		{"bad type", "delegate", "?type=bogus", http.StatusUnprocessableEntity, nil, nil},
		{"french", "chair", "", http.StatusOK, []string{"Reprise par 1 région"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lang := "en"
			if tc.name == "french" {
				lang = "fr"
			}
			rec := f.get(t, tc.role, "/meetings/{meeting}/endorsements"+tc.query, lang)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			body := rec.Body.String()
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("should not show %q", n)
				}
			}
		})
	}
}

func TestEndorsedListEmpty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "delegate", http.MethodPost, "/contributions/{endorsed}/endorsement/delete", url.Values{"confirm": {"on"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", rec.Code, rec.Body)
	}
	rec = f.get(t, "observer", "/meetings/{meeting}/endorsements", "en")
	if !strings.Contains(rec.Body.String(), "No good practice of this meeting has been endorsed by another region yet.") {
		t.Fatalf("no empty state:\n%s", rec.Body)
	}
}

// Of an endorsement made without attribution, only the endorsing delegate
// sees their body's name, though the meeting attributes again; the others
// see its kind when at least three participants share its kind and
// region, else "A participant".
func TestEndorsementsWithoutAttribution(t *testing.T) {
	t.Parallel()
	f := newFixtureUnattributed(t)
	actx := f.adminCtx(t)
	b, err := f.db.Body(actx, f.ids["body"])
	if err != nil {
		t.Fatal(err)
	}
	b.Region = "Europe"
	if err := f.db.UpdateBody(actx, b); err != nil {
		t.Fatal(err)
	}
	check := func(kindShown bool) {
		t.Helper()
		for _, path := range []string{"/meetings/{meeting}/endorsements", "/contributions/{endorsed}"} {
			for role, named := range map[string]bool{"observer": false, "secretariat": false, "chair": false, "delegate": true} {
				body := f.get(t, role, path, "en").Body.String()
				hasName := strings.Contains(body, `<td dir="auto">Body`)
				if hasName != named {
					t.Errorf("%s as %s: body named %v, want %v", path, role, hasName, named)
				}
				if named {
					continue
				}
				if got := strings.Contains(body, "Regional consultative process"); got != kindShown {
					t.Errorf("%s as %s: the body's kind shown %v, want %v", path, role, got, kindShown)
				}
				if !kindShown && !strings.Contains(body, "A participant") {
					t.Errorf("%s as %s: no \"A participant\"", path, role)
				}
			}
		}
	}
	// The only RCP of Europe: its kind beside the region would name it.
	check(false)
	f.addParticipants(t, domain.BodyRCP, "Europe", "Budapest Process", "Prague Process")
	check(true)
}

func TestEndorsementForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addPractice(t, f.adminCtx(t), f.ids["meeting"], "practice")
	page := f.get(t, "delegate", "/contributions/{practice}", "en").Body.String()
	if !strings.Contains(page, `action="/contributions/`+f.ids["practice"]+`/endorsement"`) || !strings.Contains(page, "Endorse for Body") {
		t.Fatalf("the delegate has no form:\n%s", page)
	}
	for _, role := range []string{"observer", "secretariat", "chair", "admin"} {
		if page := f.get(t, role, "/contributions/{practice}", "en").Body.String(); strings.Contains(page, "/endorsement\"") {
			t.Errorf("%s sees the endorsement form", role)
		}
	}
	for _, tc := range []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"own region", "/contributions/{practice}/endorsement", url.Values{"region": {"West Africa"}, "version": {"0"}}, http.StatusUnprocessableEntity, "This practice comes from West Africa"},
		{"no region", "/contributions/{practice}/endorsement", url.Values{"region": {" "}, "version": {"0"}}, http.StatusUnprocessableEntity, `<span class="field-error" id="f-e-region-err-` + f.ids["practice"] + `">Say which region the practice is workable for.</span>`},
		{"second endorsement", "/contributions/{endorsed}/endorsement", url.Values{"region": {"Europe"}, "version": {"0"}}, http.StatusConflict, "already endorsed"},
		{"stale edit", "/contributions/{endorsed}/endorsement", url.Values{"region": {"Europe"}, "version": {"5"}}, http.StatusConflict, "Someone else changed this"},
		{"not a practice", "/contributions/{contribution}/endorsement", url.Values{"region": {"Europe"}, "version": {"0"}}, http.StatusUnprocessableEntity, "Only good practices can be endorsed."},
		{"withdraw unconfirmed", "/contributions/{endorsed}/endorsement/delete", url.Values{"version": {"1"}}, http.StatusUnprocessableEntity, `<span class="field-error" id="f-e-del-err-` + f.ids["endorsed"] + `">Tick the box to confirm the withdrawal.</span>`},
		{"stale withdrawal", "/contributions/{endorsed}/endorsement/delete", url.Values{"version": {"3"}, "confirm": {"on"}}, http.StatusConflict, "Someone else changed this"},
		{"edit", "/contributions/{endorsed}/endorsement", url.Values{"region": {"Southern Europe"}, "conditions": {"A change of the labour code."}, "version": {"1"}}, http.StatusSeeOther, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := f.do(t, "delegate", http.MethodPost, tc.path, tc.form)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("status %d, want %d with %q:\n%s", rec.Code, tc.status, tc.want, rec.Body)
			}
		})
	}
	page = f.get(t, "observer", "/contributions/{endorsed}", "en").Body.String()
	if !strings.Contains(page, "Southern Europe") || !strings.Contains(page, "A change of the labour code.") {
		t.Fatalf("the edit does not show:\n%s", page)
	}
}
