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

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestOverallBallotGroupPageAndAPI: someone in two breakout groups (a
// delegate in one, the rapporteur of the other) ranks once, for the group
// of their first membership, whether the ballot comes from the page or
// from the API.
func TestOverallBallotGroupPageAndAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mid, part, africa := f.ids["meeting"], f.ids["part"], f.ids["group"]
	asia := f.addGroup(t, "Asia")
	for _, name := range []string{"bypage", "byapi"} {
		f.addPerson(t, name,
			domain.Membership{ProcessID: f.ids["process"], MeetingID: mid, Role: domain.RoleDelegate, BodyID: f.ids["body"], GroupID: asia},
			domain.Membership{ProcessID: f.ids["process"], MeetingID: mid, Role: domain.RoleRapporteur, GroupID: africa})
	}
	path := "/meetings/" + mid + "/overall"
	mustStatus(t, f.do(t, "bypage", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"0"}, "rank_" + f.ids["overall_candidate"]: {"1"}}), http.StatusSeeOther, "page ballot")
	rec := f.apiDo(t, "byapi", http.MethodPut, "/api/v1"+path+"/ballot?part="+part, `{"ranks":[["{overall_candidate}"]],"version":0}`)
	mustStatus(t, rec, http.StatusOK, "API ballot")
	groups := map[string]string{}
	for _, name := range []string{"bypage", "byapi"} {
		u, _, err := f.db.UserByEmail(ctx, name+"@example.org")
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.db.MyOverallBallot(ctx, part, u.ID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		groups[name] = b.GroupID
	}
	if groups["bypage"] != asia || groups["byapi"] != asia {
		t.Fatalf("ballots counted for %v, want Asia (%s) through both", groups, asia)
	}
	if !strings.Contains(rec.Body.String(), `"group_id":"`+asia+`"`) {
		t.Errorf("the API does not answer the group: %s", rec.Body)
	}
	if b := f.get(t, "bypage", path+"?part="+part, "en").Body.String(); !strings.Contains(b, "Your ballot counts for the group Asia.") {
		t.Error("the page does not name the group the ballot counts for")
	}
}

// TestOverallRefusalsPageAndAPI: the same request, refused or not,
// answers the same status through the page and through the API.
func TestOverallRefusalsPageAndAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mid, part := f.ids["meeting"], f.ids["part"]
	base := "/meetings/" + mid + "/overall"
	for _, tc := range []struct {
		name              string
		role              string
		pagePath          string
		form              url.Values
		apiMethod         string
		apiPath, apiBody  string
		status, apiStatus int
	}{
		{name: "a rapporteur confirms", role: "rapporteur", pagePath: base + "/confirm", form: url.Values{"part": {part}, "selected": {"{overall_candidate}"}},
			apiMethod: "POST", apiPath: base + "/confirm?part=" + part, apiBody: `{"selected":["{overall_candidate}"]}`, status: http.StatusForbidden},
		{name: "a delegate confirms", role: "delegate", pagePath: base + "/confirm", form: url.Values{"part": {part}, "selected": {"{overall_candidate}"}},
			apiMethod: "POST", apiPath: base + "/confirm?part=" + part, apiBody: `{"selected":["{overall_candidate}"]}`, status: http.StatusForbidden},
		{name: "a rapporteur sets the method", role: "rapporteur", pagePath: base + "/settings",
			form:      url.Values{"part": {part}, "method": {"borda"}, "score_min": {"0"}, "score_max": {"5"}, "version": {"0"}},
			apiMethod: "PUT", apiPath: base + "/settings?part=" + part, apiBody: `{"method":"borda","score_min":0,"score_max":5,"version":0}`, status: http.StatusForbidden},
		{name: "a delegate draws a candidate", role: "delegate", pagePath: base + "/candidates", form: url.Values{"part": {part}, "theme": {"t0"}, "text": {"Widen pathways."}},
			apiMethod: "POST", apiPath: base + "/candidates?part=" + part, apiBody: `{"theme":"t0","text":"Widen pathways."}`, status: http.StatusForbidden},
		{name: "the chair draws from no theme", role: "chair", pagePath: base + "/candidates", form: url.Values{"part": {part}, "theme": {"t0"}, "text": {"Widen pathways."}},
			apiMethod: "POST", apiPath: base + "/candidates?part=" + part, apiBody: `{"theme":"t0","text":"Widen pathways."}`, status: http.StatusUnprocessableEntity},
		{name: "a rapporteur edits a candidate", role: "rapporteur", pagePath: base + "/candidates/{overall_candidate}", form: url.Values{"part": {part}, "text": {"Mine."}, "version": {"1"}},
			apiMethod: "PUT", apiPath: base + "/candidates/{overall_candidate}", apiBody: `{"text":"Mine.","version":1}`, status: http.StatusForbidden},
		{name: "an outsider edits a candidate", role: "outsider", pagePath: base + "/candidates/{overall_candidate}", form: url.Values{"part": {part}, "text": {"Mine."}, "version": {"1"}},
			apiMethod: "PUT", apiPath: base + "/candidates/{overall_candidate}", apiBody: `{"text":"Mine.","version":1}`, status: http.StatusNotFound},
		{name: "the chair edits a candidate with a stale version", role: "chair", pagePath: base + "/candidates/{overall_candidate}", form: url.Values{"part": {part}, "text": {"Mine."}, "version": {"7"}},
			apiMethod: "PUT", apiPath: base + "/candidates/{overall_candidate}", apiBody: `{"text":"Mine.","version":7}`, status: http.StatusConflict},
		{name: "an observer casts a ballot", role: "observer", pagePath: base + "/ballot", form: url.Values{"part": {part}, "version": {"0"}, "rank_" + f.ids["overall_candidate"]: {"1"}},
			apiMethod: "PUT", apiPath: base + "/ballot?part=" + part, apiBody: `{"ranks":[["{overall_candidate}"]],"version":0}`, status: http.StatusForbidden},
		{name: "the secretariat casts a ballot", role: "secretariat", pagePath: base + "/ballot", form: url.Values{"part": {part}, "version": {"0"}, "rank_" + f.ids["overall_candidate"]: {"1"}},
			apiMethod: "PUT", apiPath: base + "/ballot?part=" + part, apiBody: `{"ranks":[["{overall_candidate}"]],"version":0}`, status: http.StatusForbidden},
		{name: "the chair reopens", role: "chair", pagePath: base + "/reopen", form: url.Values{"part": {part}},
			apiMethod: "POST", apiPath: base + "/reopen?part=" + part, status: http.StatusForbidden},
		{name: "the secretariat reopens what is not confirmed", role: "secretariat", pagePath: base + "/reopen", form: url.Values{"part": {part}},
			apiMethod: "POST", apiPath: base + "/reopen?part=" + part, status: http.StatusConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.do(t, tc.role, http.MethodPost, tc.pagePath, tc.form).Code; got != tc.status {
				t.Errorf("page: %d, want %d", got, tc.status)
			}
			if got := f.apiDo(t, tc.role, tc.apiMethod, "/api/v1"+tc.apiPath, tc.apiBody).Code; got != tc.status {
				t.Errorf("API: %d, want %d", got, tc.status)
			}
		})
	}
}

// TestOverallConfirmPageAndAPI: the chair's confirmation of the same
// choice, ticked in another order, stores the same five in the tally's
// order with the same snapshot through the page and through the API.
func TestOverallConfirmPageAndAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mid, part, x := f.ids["meeting"], f.ids["part"], f.ids["overall_candidate"]
	y := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "ty", Text: "Share migration data."}
	if err := f.db.AddOverallCandidate(ctx, y); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + mid + "/overall"
	mustStatus(t, f.do(t, "rapporteur", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"0"}, "rank_" + y.ID: {"1"}, "rank_" + x: {"2"}}), http.StatusSeeOther, "ballot")

	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/confirm", url.Values{"part": {part}, "selected": {x, y.ID}}), http.StatusSeeOther, "page confirms")
	byPage, err := f.db.OverallConfirmation(ctx, mid, part)
	if err != nil {
		t.Fatal(err)
	}
	mustStatus(t, f.apiDo(t, "secretariat", "POST", "/api/v1"+path+"/reopen?part="+part, ""), http.StatusNoContent, "API reopens")
	mustStatus(t, f.apiDo(t, "chair", "POST", "/api/v1"+path+"/confirm?part="+part, `{"selected":["`+x+`","`+y.ID+`"]}`), http.StatusOK, "API confirms")
	byAPI, err := f.db.OverallConfirmation(ctx, mid, part)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{y.ID, x}; !slices.Equal(byPage.Selected, want) || !slices.Equal(byAPI.Selected, want) {
		t.Fatalf("selected through the page %v and the API %v, want %v (the tally's order)", byPage.Selected, byAPI.Selected, want)
	}
	var sp, sa map[string]any
	if err := json.Unmarshal(byPage.Snapshot, &sp); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(byAPI.Snapshot, &sa); err != nil {
		t.Fatal(err)
	}
	if string(byPage.Snapshot) != string(byAPI.Snapshot) || sp["equal_say"] != true || sa["ballots"] != float64(1) {
		t.Fatalf("snapshots differ or are incomplete:\npage %s\nAPI  %s", byPage.Snapshot, byAPI.Snapshot)
	}
}

// TestEndorsementBodyPageAndAPI: someone who acts for two bodies names the
// body an endorsement is for; naming none is refused through the page and
// through the API alike, and naming one makes it that body's through
// both.
func TestEndorsementBodyPageAndAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	actx := f.adminCtx(t)
	second := &domain.Body{Name: "Second body", Kind: domain.BodyIRF, Region: "Asia"}
	if err := f.db.CreateBody(actx, second); err != nil {
		t.Fatal(err)
	}
	f.ids["second"] = second.ID
	f.addPerson(t, "twobodies",
		domain.Membership{ProcessID: f.ids["process"], MeetingID: f.ids["meeting"], Role: domain.RoleDelegate, BodyID: f.ids["body"]},
		domain.Membership{ProcessID: f.ids["process"], MeetingID: f.ids["meeting"], Role: domain.RolePartner, BodyID: second.ID})
	f.addPractice(t, actx, f.ids["meeting"], "practice")
	page, apiPath := "/contributions/{practice}/endorsement", "/api/v1/contributions/{practice}/endorsement"

	mustStatus(t, f.do(t, "twobodies", http.MethodPost, page, url.Values{"region": {"Europe"}, "version": {"0"}}), http.StatusForbidden, "page, no body named")
	mustStatus(t, f.apiDo(t, "twobodies", "PUT", apiPath, `{"region":"Europe","version":0}`), http.StatusForbidden, "API, no body named")
	mustStatus(t, f.do(t, "twobodies", http.MethodPost, page, url.Values{"body": {"nope"}, "region": {"Europe"}, "version": {"0"}}), http.StatusForbidden, "page, another body")
	mustStatus(t, f.apiDo(t, "twobodies", "PUT", apiPath, `{"body_id":"nope","region":"Europe","version":0}`), http.StatusForbidden, "API, another body")
	if es, err := f.db.ContributionEndorsements(ctx, f.ids["practice"]); err != nil || len(es) != 0 {
		t.Fatalf("refusals left endorsements: %v %v", es, err)
	}

	endorser := func() string {
		t.Helper()
		es, err := f.db.ContributionEndorsements(ctx, f.ids["practice"])
		if err != nil || len(es) != 1 {
			t.Fatalf("endorsements: %v %v", es, err)
		}
		return es[0].BodyID
	}
	mustStatus(t, f.do(t, "twobodies", http.MethodPost, page, url.Values{"body": {second.ID}, "region": {"Europe"}, "version": {"0"}}), http.StatusSeeOther, "page, the second body")
	byPage := endorser()
	mustStatus(t, f.apiDo(t, "twobodies", "DELETE", apiPath+"?version=1", ""), http.StatusForbidden, "API withdrawal, no body named")
	mustStatus(t, f.apiDo(t, "twobodies", "DELETE", apiPath+"?version=1&body_id={second}", ""), http.StatusNoContent, "API withdrawal")
	mustStatus(t, f.apiDo(t, "twobodies", "PUT", apiPath, `{"body_id":"{second}","region":"Europe","version":0}`), http.StatusCreated, "API, the second body")
	byAPI := endorser()
	if byPage != second.ID || byAPI != second.ID {
		t.Fatalf("endorsed for %s through the page and %s through the API, want %s", byPage, byAPI, second.ID)
	}
	mustStatus(t, f.do(t, "twobodies", http.MethodPost, page+"/delete", url.Values{"version": {"1"}, "confirm": {"on"}}), http.StatusForbidden, "page withdrawal, no body named")
	mustStatus(t, f.do(t, "twobodies", http.MethodPost, page+"/delete", url.Values{"body": {second.ID}, "version": {"1"}, "confirm": {"on"}}), http.StatusSeeOther, "page withdrawal")
}

// TestExportRedactionPageAndAPI: the same export, through the page and
// the API, carries the same file, redacted for the one who asked (without
// attribution, the body and the author only for the author), and neither
// lets a shared cache keep it.
func TestExportRedactionPageAndAPI(t *testing.T) {
	t.Parallel()
	for _, nonAttribution := range []bool{false, true} {
		f := newFixture(t)
		if nonAttribution {
			// Written under the rule, since switched off.
			f = newFixtureUnattributed(t)
		}
		for _, tc := range []struct {
			role        string
			email, body bool // the file names the author's address, the body
		}{
			{"observer", false, !nonAttribution},
			{"chair", false, !nonAttribution},
			{"secretariat", !nonAttribution, !nonAttribution},
			{"delegate", true, true}, // the author
		} {
			for _, format := range []string{"csv", "json"} {
				query := "?format=" + format + "&meeting={meeting}"
				page := f.get(t, tc.role, "/contributions/export"+query, "en")
				viaAPI := f.apiDo(t, tc.role, "GET", "/api/v1/contributions/export"+query, "")
				what := tc.role + " " + format
				if nonAttribution {
					what += " without attribution"
				}
				if page.Code != http.StatusOK || viaAPI.Code != http.StatusOK {
					t.Fatalf("%s: page %d, API %d", what, page.Code, viaAPI.Code)
				}
				if page.Body.String() != viaAPI.Body.String() {
					t.Errorf("%s: the files differ:\npage %s\nAPI  %s", what, page.Body, viaAPI.Body)
				}
				for name, rec := range map[string]*httptest.ResponseRecorder{"page": page, "API": viaAPI} {
					if got := rec.Header().Get("Cache-Control"); got != "private, no-store" {
						t.Errorf("%s through the %s: Cache-Control %q", what, name, got)
					}
				}
				file := page.Body.String()
				if got := strings.Contains(file, "delegate@example.org"); got != tc.email {
					t.Errorf("%s: the author's address in the file: %v, want %v", what, got, tc.email)
				}
				if got := strings.Contains(file, `"Body"`); format == "json" && got != tc.body {
					t.Errorf("%s: the body in the file: %v, want %v", what, got, tc.body)
				}
			}
		}
	}
}
