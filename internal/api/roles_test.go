package api

import (
	"net/http"
	"testing"
)

// matrixRoles are the columns of TestRoleMatrix, "" being anonymous.
var matrixRoles = [8]string{"", "nobody", "observer", "delegate", "rapporteur", "outsider", "secretariat", "admin"}

// TestRoleMatrix sends every kind of request as every role and checks who
// is refused and how: anonymous 401; 404 for what the role may not see
// (another process's secretariat, people without a role there); 403 for
// writes the role may see but not make; success for the secretariat of the
// process and for administrators.
func TestRoleMatrix(t *testing.T) {
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
		name   string
		method string
		url    string
		body   string
		want   [8]int // per matrixRoles: anonymous, nobody, observer, delegate, rapporteur, outsider, secretariat, admin
	}{
		{"read process", "GET", "/api/v1/processes/{processA}", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"update process", "PUT", "/api/v1/processes/{processA}", `{"name":"X","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"list meetings", "GET", "/api/v1/processes/{processA}/meetings", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"create meeting", "POST", "/api/v1/processes/{processA}/meetings", `{"title":"M"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"list process members", "GET", "/api/v1/processes/{processA}/members", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"add process member", "POST", "/api/v1/processes/{processA}/members", `{"user_id":"{user:nobody}","role":"observer"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"read meeting", "GET", "/api/v1/meetings/{meetingA1}", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"read other meeting of the process", "GET", "/api/v1/meetings/{meetingA2}", "", [8]int{anon, hid, ok, hid, hid, hid, ok, ok}},
		{"update meeting", "PUT", "/api/v1/meetings/{meetingA1}", `{"title":"T","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"delete meeting", "DELETE", "/api/v1/meetings/{meetingA1}", "", [8]int{anon, hid, no, no, no, hid, del, del}},
		{"read agenda", "GET", "/api/v1/meetings/{meetingA1}/agenda", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"set schedule", "PUT", "/api/v1/meetings/{meetingA1}/schedule", `{"time_zone":"Europe/Zurich","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"create session", "POST", "/api/v1/meetings/{meetingA1}/sessions", `{"number":9,"title":"S"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"update session", "PUT", "/api/v1/sessions/{sessionS1}", `{"number":1,"title":"S","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"delete session", "DELETE", "/api/v1/sessions/{sessionS1}", "", [8]int{anon, hid, no, no, no, hid, del, del}},
		{"create part", "POST", "/api/v1/sessions/{sessionS1}/parts", `{"title":"P","kind":"plenary"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"update part", "PUT", "/api/v1/parts/{partP1}", `{"title":"P","kind":"plenary","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"delete part", "DELETE", "/api/v1/parts/{partP1}", "", [8]int{anon, hid, no, no, no, hid, del, del}},
		{"create item", "POST", "/api/v1/meetings/{meetingA1}/items", `{"kind":"issue","text":"I"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"update item", "PUT", "/api/v1/items/{itemI1}", `{"kind":"issue","text":"I","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"delete item", "DELETE", "/api/v1/items/{itemI1}", "", [8]int{anon, hid, no, no, no, hid, del, del}},
		{"list groups", "GET", "/api/v1/meetings/{meetingA1}/groups", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"list endorsed practices", "GET", "/api/v1/meetings/{meetingA1}/endorsements", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"read provenance", "GET", "/api/v1/meetings/{meetingA1}/overall/candidates/{candidateC1}/provenance", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"read provenance through another meeting", "GET", "/api/v1/meetings/{meetingA2}/overall/candidates/{candidateC1}/provenance", "", [8]int{anon, hid, hid, hid, hid, hid, hid, hid}},
		{"create group", "POST", "/api/v1/meetings/{meetingA1}/groups", `{"name":"G"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"update group", "PUT", "/api/v1/groups/{groupG1}", `{"name":"G","version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"delete group", "DELETE", "/api/v1/groups/{groupG1}", "", [8]int{anon, hid, no, no, no, hid, del, del}},
		{"list meeting members", "GET", "/api/v1/meetings/{meetingA1}/members", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
		{"add meeting member", "POST", "/api/v1/meetings/{meetingA1}/members", `{"user_id":"{user:nobody}","role":"observer"}`, [8]int{anon, hid, no, no, no, hid, new, new}},
		{"remove membership", "DELETE", "/api/v1/memberships/{msDelegate}", "", [8]int{anon, hid, no, no, no, hid, del, del}},
		{"meeting audit", "GET", "/api/v1/meetings/{meetingA1}/audit", "", [8]int{anon, hid, no, no, no, hid, ok, ok}},
		{"list bodies", "GET", "/api/v1/bodies", "", [8]int{anon, ok, ok, ok, ok, ok, ok, ok}},
		{"create body", "POST", "/api/v1/bodies", `{"name":"N","kind":"ngo"}`, [8]int{anon, no, no, no, no, new, new, new}},
		{"update body", "PUT", "/api/v1/bodies/{body}", `{"name":"N","kind":"ngo","version":1}`, [8]int{anon, no, no, no, no, ok, ok, ok}},
		{"create process", "POST", "/api/v1/processes", `{"name":"P"}`, [8]int{anon, no, no, no, no, no, no, new}},
		{"list users", "GET", "/api/v1/users", "", [8]int{anon, no, no, no, no, no, no, ok}},
		{"update user", "PUT", "/api/v1/users/{user:nobody}", `{"email":"n@example.org","name":"N","version":1}`, [8]int{anon, no, no, no, no, no, no, ok}},
		{"read me", "GET", "/api/v1/me", "", [8]int{anon, ok, ok, ok, ok, ok, ok, ok}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatrixRow(t, matrixRow{method: tt.method, url: tt.url, body: tt.body, want: tt.want})
		})
	}
	t.Run("read calendar", func(t *testing.T) {
		t.Parallel()
		runMatrixRow(t, matrixRow{method: "GET", url: "/api/v1/meetings/{meetingA1}/calendar", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, document: true})
	})
}

// matrixRow is one request of a role matrix and the status each role gets.
type matrixRow struct {
	method      string
	url         string
	body        string
	contentType string // of body; application/json when empty
	want        [8]int // per matrixRoles
	document    bool   // a success answers a document, not JSON
}

// runMatrixRow sends row's request as every role of matrixRoles and checks
// the statuses.
func runMatrixRow(t *testing.T, row matrixRow) {
	t.Helper()
	if row.contentType == "" {
		row.contentType = "application/json"
	}
	// Refused requests change nothing, so they share a fixture; each
	// allowed one gets its own so that it finds the version and the
	// objects it expects.
	shared := newFixture(t)
	for i, role := range matrixRoles {
		f := shared
		if row.want[i] < 300 {
			f = newFixture(t)
		}
		w := f.doWith(t, row.method, f.url(t, row.url), role, row.contentType, f.url(t, row.body), nil)
		if w.Code != row.want[i] {
			t.Errorf("as %q: status %d, want %d; body: %s", role, w.Code, row.want[i], w.Body)
		}
		if !row.document || w.Code >= 300 {
			checkWellFormed(t, w)
		}
	}
}

// TestContributionRoleMatrix is TestRoleMatrix for contributions. The
// fixture's contributions are the delegate's: a draft (private to them,
// even from the secretariat and administrators), a submitted one (theirs
// and the secretariat's) and a published one (seen by every member of the
// meeting, changed by the secretariat only).
func TestContributionRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		del  = http.StatusNoContent
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	upload, uploadType := multipartFile("file", "note.txt", []byte("Notes from the regional consultation.\n"))
	tests := []struct {
		name string
		row  matrixRow
	}{
		{"search", matrixRow{method: "GET", url: "/api/v1/contributions", want: [8]int{anon, ok, ok, ok, ok, ok, ok, ok}}},
		{"create", matrixRow{method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions", body: `{"kind":"recommendation","title":"T","text":"Share data."}`,
			want: [8]int{anon, hid, no, new, new, hid, new, new}}},
		{"create in another meeting of the process", matrixRow{method: "POST", url: "/api/v1/meetings/{meetingA2}/contributions", body: `{"kind":"recommendation","title":"T","text":"Share data."}`,
			want: [8]int{anon, hid, no, hid, hid, hid, new, new}}},
		{"create for the delegate's body", matrixRow{method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions", body: `{"kind":"recommendation","title":"T","text":"Share data.","body_id":"{body}"}`,
			want: [8]int{anon, hid, no, new, no, hid, new, new}}},
		{"read published", matrixRow{method: "GET", url: "/api/v1/contributions/{contribPublished}", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}}},
		{"read draft", matrixRow{method: "GET", url: "/api/v1/contributions/{contribDraft}", want: [8]int{anon, hid, hid, ok, hid, hid, hid, hid}}},
		{"read submitted", matrixRow{method: "GET", url: "/api/v1/contributions/{contribSubmitted}", want: [8]int{anon, hid, hid, ok, hid, hid, ok, ok}}},
		{"patch draft", matrixRow{method: "PATCH", url: "/api/v1/contributions/{contribDraft}", body: `{"title":"T2","version":1}`,
			want: [8]int{anon, hid, hid, ok, hid, hid, hid, hid}}},
		{"patch published", matrixRow{method: "PATCH", url: "/api/v1/contributions/{contribPublished}", body: `{"title":"T2","version":1}`,
			want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"submit draft", matrixRow{method: "POST", url: "/api/v1/contributions/{contribDraft}/transition", body: `{"action":"submit","version":1}`,
			want: [8]int{anon, hid, hid, ok, hid, hid, hid, hid}}},
		{"publish submitted", matrixRow{method: "POST", url: "/api/v1/contributions/{contribSubmitted}/transition", body: `{"action":"publish","version":1}`,
			want: [8]int{anon, hid, hid, no, hid, hid, ok, ok}}},
		{"return published", matrixRow{method: "POST", url: "/api/v1/contributions/{contribPublished}/transition", body: `{"action":"return","version":1,"reason":"Add the results."}`,
			want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"withdraw published", matrixRow{method: "POST", url: "/api/v1/contributions/{contribPublished}/transition", body: `{"action":"withdraw","version":1}`,
			want: [8]int{anon, hid, no, ok, no, hid, ok, ok}}},
		{"versions", matrixRow{method: "GET", url: "/api/v1/contributions/{contribPublished}/versions", want: [8]int{anon, hid, no, ok, no, hid, ok, ok}}},
		{"one version", matrixRow{method: "GET", url: "/api/v1/contributions/{contribPublished}/versions/1", want: [8]int{anon, hid, no, ok, no, hid, ok, ok}}},
		{"versions of a draft", matrixRow{method: "GET", url: "/api/v1/contributions/{contribDraft}/versions", want: [8]int{anon, hid, hid, ok, hid, hid, hid, hid}}},
		{"translate published", matrixRow{method: "PUT", url: "/api/v1/contributions/{contribPublished}/translations/fr", body: `{"title":"Titre","text":"Texte","version":1}`,
			want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"translate draft", matrixRow{method: "PUT", url: "/api/v1/contributions/{contribDraft}/translations/fr", body: `{"title":"Titre","text":"Texte","version":1}`,
			want: [8]int{anon, hid, hid, ok, hid, hid, hid, hid}}},
		{"delete translation", matrixRow{method: "DELETE", url: "/api/v1/contributions/{contribPublished}/translations/es?version=1",
			want: [8]int{anon, hid, no, no, no, hid, del, del}}},
		{"attach to draft", matrixRow{method: "POST", url: "/api/v1/contributions/{contribDraft}/attachments", body: upload, contentType: uploadType,
			want: [8]int{anon, hid, hid, new, hid, hid, hid, hid}}},
		{"attach to published", matrixRow{method: "POST", url: "/api/v1/contributions/{contribPublished}/attachments", body: upload, contentType: uploadType,
			want: [8]int{anon, hid, no, no, no, hid, new, new}}},
		{"download from published", matrixRow{method: "GET", url: "/api/v1/attachments/{attPublished}", document: true,
			want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}}},
		{"download from draft", matrixRow{method: "GET", url: "/api/v1/attachments/{attDraft}", document: true,
			want: [8]int{anon, hid, hid, ok, hid, hid, hid, hid}}},
		{"detach from draft", matrixRow{method: "DELETE", url: "/api/v1/attachments/{attDraft}", want: [8]int{anon, hid, hid, del, hid, hid, hid, hid}}},
		{"import", matrixRow{method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions/import", contentType: "text/csv",
			body: "kind,title,text\nrecommendation,Share data,Regional processes should share data.\n",
			want: [8]int{anon, hid, no, no, no, hid, new, new}}},
		{"export", matrixRow{method: "GET", url: "/api/v1/contributions/export?format=csv", document: true, want: [8]int{anon, ok, ok, ok, ok, ok, ok, ok}}},
		{"template", matrixRow{method: "GET", url: "/api/v1/contributions/template?format=xlsx", document: true, want: [8]int{anon, ok, ok, ok, ok, ok, ok, ok}}},
		{"detach from published", matrixRow{method: "DELETE", url: "/api/v1/attachments/{attPublished}", want: [8]int{anon, hid, no, no, no, hid, del, del}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatrixRow(t, tt.row)
		})
	}
}

// TestDeliberationRoleMatrix is TestRoleMatrix for a breakout group's
// conversation: its members (the rapporteur of G1) add statements and
// rank; the secretariat adds statements but does not rank; everyone in the
// meeting sees the totals; the rapporteur and the secretariat write the
// report. Observers and delegates outside the group are refused.
func TestDeliberationRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
		late = http.StatusConflict
	)
	conv := "/api/v1/groups/{groupG1}"
	tests := []struct {
		name string
		row  matrixRow
	}{
		{"list statements", matrixRow{method: "GET", url: conv + "/statements?part={partP1}", want: [8]int{anon, hid, no, no, ok, hid, ok, ok}}},
		{"add a statement", matrixRow{method: "POST", url: conv + "/statements?part={partP1}", body: `{"kind":"recommendation","text":"Share data.","lang":"en"}`,
			want: [8]int{anon, hid, no, no, new, hid, new, new}}},
		{"cast a ballot", matrixRow{method: "PUT", url: conv + "/ballot?part={partP1}", body: `{"method":"schulze"}`, want: [8]int{anon, hid, no, no, ok, hid, no, no}}},
		{"results", matrixRow{method: "GET", url: conv + "/results?part={partP1}", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}}},
		{"write the report", matrixRow{method: "PUT", url: conv + "/report?part={partP1}", body: `{"lang":"en","texts":{"en":{"follow_up":"The Bali Process.","rcp_role":""}},"version":0}`,
			want: [8]int{anon, hid, no, no, new, hid, new, new}}},
		{"submit a report never saved", matrixRow{method: "POST", url: conv + "/report/submit?part={partP1}", body: `{"version":1}`,
			want: [8]int{anon, hid, no, no, late, hid, late, late}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatrixRow(t, tt.row)
		})
	}
}
