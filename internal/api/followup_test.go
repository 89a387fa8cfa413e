package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// withCommitment adds to f a commitment of process A owned by Budapest
// (the delegate's body) with one indicator, made by the secretariat, as
// {commitment} and {indicator}.
func (f *fixture) withCommitment(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	sec, err := f.db.UserByID(ctx, f.ids["user:secretariat"])
	if err != nil {
		t.Fatal(err)
	}
	ms, err := f.db.MembershipsOf(ctx, sec.ID)
	if err != nil {
		t.Fatal(err)
	}
	a := &domain.Actor{User: sec, Memberships: ms}
	svc := followup.New(f.db)
	c := &domain.Commitment{ProcessID: f.ids["processA"], Title: "Migrant resource centres", Text: "Open three centres by 2025.", Lang: "en",
		OwnerBodyID: f.ids["body"], Objectives: []string{"O5"}, DueOn: "2025-12-31"}
	if _, err := svc.Create(ctx, a, c); err != nil {
		t.Fatal(err)
	}
	base, target := 0.0, 3.0
	ind, err := svc.AddIndicator(ctx, a, followup.IndicatorInput{CommitmentID: c.ID, Name: "Centres open", Baseline: &base, BaselineOn: "2018-01-01", Target: &target, TargetOn: "2025-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["commitment"], f.ids["indicator"] = c.ID, ind.ID
}

// TestFollowUpRoleMatrix asks every route of commitments and indicators
// as every role: members of process A read them (the delegate too, whose
// meeting is A1), its secretariat and administrators change them; others
// get 404, anonymous callers 401.
func TestFollowUpRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		del  = http.StatusNoContent
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	tests := []struct {
		name         string
		method, url  string
		body         string
		want         [8]int // per matrixRoles: anonymous, nobody, observer, delegate, rapporteur, outsider, secretariat, admin
		wantContains string
	}{
		{"list", "GET", "/api/v1/processes/{processA}/commitments", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"Migrant resource centres"`},
		{"create", "POST", "/api/v1/processes/{processA}/commitments", `{"title":"T","text":"X","lang":"en","owner_body_id":"{body}"}`, [8]int{anon, hid, no, no, no, hid, new, new}, `"status":"planned"`},
		{"read", "GET", "/api/v1/commitments/{commitment}", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"indicators":[{`},
		{"update", "PUT", "/api/v1/commitments/{commitment}", `{"version":1,"title":"T2","text":"X","lang":"en","owner_body_id":"{body}"}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"title":"T2"`},
		{"change status", "POST", "/api/v1/commitments/{commitment}/status", `{"version":1,"status":"on_track","note":"Started."}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"note":"Started."`},
		{"translate", "PUT", "/api/v1/commitments/{commitment}/translations/fr", `{"title":"Centres","text":"Ouvrir trois centres."}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"lang":"fr"`},
		{"delete", "DELETE", "/api/v1/commitments/{commitment}?version=1", "", [8]int{anon, hid, no, no, no, hid, del, del}, ""},
		{"list indicators", "GET", "/api/v1/commitments/{commitment}/indicators", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"Centres open"`},
		{"add indicator", "POST", "/api/v1/commitments/{commitment}/indicators", `{"name":"Staff trained","direction":"up_is_good"}`, [8]int{anon, hid, no, no, no, hid, new, new}, `"position":1`},
		{"read indicator", "GET", "/api/v1/indicators/{indicator}", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"baseline":0`},
		{"update indicator", "PUT", "/api/v1/indicators/{indicator}", `{"version":1,"name":"Centres opened","baseline":0,"baseline_on":"2018-01-01","target":4,"target_on":"2025-12-31"}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"target":4`},
		{"delete indicator", "DELETE", "/api/v1/indicators/{indicator}?version=1", "", [8]int{anon, hid, no, no, no, hid, del, del}, ""},
		{"commitments of a contribution", "GET", "/api/v1/contributions/{contribPublished}/commitments", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"items":[]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i, role := range matrixRoles {
				f := newFixture(t)
				f.withCommitment(t)
				w := f.do(t, tt.method, f.url(t, tt.url), role, f.url(t, tt.body))
				if w.Code != tt.want[i] {
					t.Errorf("as %q: status %d, want %d; body: %s", role, w.Code, tt.want[i], w.Body)
				}
				checkWellFormed(t, w)
				if w.Code < 300 && tt.wantContains != "" && !strings.Contains(w.Body.String(), tt.wantContains) {
					t.Errorf("as %q: body lacks %s: %s", role, tt.wantContains, w.Body)
				}
			}
		})
	}
}

// TestFollowUpAnswers checks what the API says to a caller who gets
// something wrong: a stale version, a deletion without its version, a
// filter that is not one, an unknown body.
func TestFollowUpAnswers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.withCommitment(t)
	f.run(t, []scenario{
		{name: "stale update", method: "PUT", url: "/api/v1/commitments/{commitment}", as: "secretariat",
			body: `{"version":7,"title":"T","text":"X","lang":"en","owner_body_id":"{body}"}`, status: http.StatusConflict, want: []string{`"conflict"`}},
		{name: "update without a version", method: "PUT", url: "/api/v1/commitments/{commitment}", as: "secretariat",
			body: `{"title":"T","text":"X","lang":"en","owner_body_id":"{body}"}`, status: http.StatusUnprocessableEntity, want: []string{`"version"`}},
		{name: "delete without a version", method: "DELETE", url: "/api/v1/commitments/{commitment}", as: "secretariat", status: http.StatusUnprocessableEntity},
		{name: "stale translation", method: "PUT", url: "/api/v1/commitments/{commitment}/translations/fr", as: "secretariat",
			body: `{"version":7,"title":"Centres","text":"Ouvrir."}`, status: http.StatusConflict, want: []string{`"conflict"`}},
		{name: "stale removal of a translation", method: "DELETE", url: "/api/v1/commitments/{commitment}/translations/fr?version=7", as: "secretariat",
			status: http.StatusConflict, want: []string{`"conflict"`}},
		{name: "translation at the version read", method: "PUT", url: "/api/v1/commitments/{commitment}/translations/fr", as: "secretariat",
			body: `{"version":1,"title":"Centres","text":"Ouvrir."}`, status: http.StatusOK, want: []string{`"lang":"fr"`, `"version":2`}},
		{name: "unknown status filter", method: "GET", url: "/api/v1/processes/{processA}/commitments?status=finished", as: "observer", status: http.StatusUnprocessableEntity,
			want: []string{`"status"`}},
		{name: "filter by objective", method: "GET", url: "/api/v1/processes/{processA}/commitments?objective=O5", as: "observer", status: http.StatusOK,
			want: []string{`"total":1`}},
		{name: "filter by another objective", method: "GET", url: "/api/v1/processes/{processA}/commitments?objective=O6", as: "observer", status: http.StatusOK,
			want: []string{`"total":0`}},
		{name: "unknown owner", method: "POST", url: "/api/v1/processes/{processA}/commitments", as: "secretariat",
			body: `{"title":"T","text":"X","lang":"en","owner_body_id":"nobody"}`, status: http.StatusUnprocessableEntity, want: []string{`"owner"`}},
		{name: "a target worse than the baseline", method: "POST", url: "/api/v1/commitments/{commitment}/indicators", as: "secretariat",
			body:   `{"name":"Waiting days","baseline":10,"baseline_on":"2018-01-01","target":20,"target_on":"2025-01-01","direction":"down_is_good"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"target"`}},
		{name: "an unknown objective", method: "POST", url: "/api/v1/processes/{processA}/commitments", as: "secretariat",
			body: `{"title":"T","text":"X","lang":"en","owner_body_id":"{body}","objectives":["O99"]}`, status: http.StatusUnprocessableEntity,
			want: []string{"O99"}},
	})
	// The delegate of the owner body reports on it; the observer does not.
	for role, want := range map[string]bool{"delegate": true, "observer": false} {
		w := f.do(t, "GET", f.url(t, "/api/v1/commitments/{commitment}"), role, "")
		var got commitmentDetailJSON
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Can.Report != want || got.Can.Manage {
			t.Errorf("%s can %+v", role, got.Can)
		}
	}
}

func TestCommitmentsFileRoutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.withCommitment(t)
	w := f.do(t, "GET", f.url(t, "/api/v1/processes/{processA}/commitments/export?format=csv"), "observer", "")
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Migrant resource centres") || !strings.Contains(w.Body.String(), "Centres open") {
		t.Fatalf("export: %d %s", w.Code, w.Body)
	}
	if got := w.Header().Get("Content-Disposition"); !strings.Contains(got, "commitments.csv") {
		t.Errorf("Content-Disposition %q", got)
	}
	file := w.Body.String()
	for role, want := range map[string]int{"observer": http.StatusForbidden, "outsider": http.StatusNotFound, "": http.StatusUnauthorized, "secretariat": http.StatusCreated} {
		w := f.doWith(t, "POST", f.url(t, "/api/v1/processes/{processA}/commitments/import"), role, "text/csv", file, nil)
		if w.Code != want {
			t.Errorf("import as %q: %d, want %d: %s", role, w.Code, want, w.Body)
		}
		if want == http.StatusCreated && !strings.Contains(w.Body.String(), `"commitments":1,"indicators":1`) {
			t.Errorf("import answers %s", w.Body)
		}
	}
	w = f.doWith(t, "POST", f.url(t, "/api/v1/processes/{processA}/commitments/import"), "secretariat", "text/csv", "title,text,lang,owner\nT,X,en,Nobody\n", nil)
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"owner"`) {
		t.Errorf("import of a bad file: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "GET", f.url(t, "/api/v1/processes/{processA}/commitments/export?format=csv"), "outsider", ""); w.Code != http.StatusNotFound {
		t.Errorf("export as an outsider: %d", w.Code)
	}
}
