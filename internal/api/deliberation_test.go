package api

import (
	"net/http"
	"testing"

	"github.com/plenary-org/plenary/internal/httperr"
)

// TestDeliberationFlow walks a group's conversation through the API: votes,
// a ballot checked against a hand count, the report and its submission.
//
// The rapporteur's approval ballot approves A and C: A 1, B 0, C 1, so A
// and C share first place and B comes third.
func TestDeliberationFlow(t *testing.T) {
	t.Parallel()
	f := deliberationFixture(t)
	conv := "/api/v1/groups/{groupG1}"
	f.run(t, []scenario{
		{name: "the rapporteur agrees", method: "POST", url: "/api/v1/statements/{A}/vote", as: "rapporteur", body: `{"value":"agree"}`, status: http.StatusNoContent},
		{name: "a bad vote value", method: "POST", url: "/api/v1/statements/{A}/vote", as: "rapporteur", body: `{"value":"maybe"}`, status: http.StatusUnprocessableEntity, want: []string{`"value"`}},
		{name: "a delegate outside the group votes", method: "POST", url: "/api/v1/statements/{A}/vote", as: "delegate", body: `{"value":"agree"}`, status: http.StatusForbidden},
		{name: "an observer votes", method: "POST", url: "/api/v1/statements/{A}/vote", as: "observer", body: `{"value":"pass"}`, status: http.StatusForbidden},
		{name: "someone outside the process votes", method: "POST", url: "/api/v1/statements/{A}/vote", as: "nobody", body: `{"value":"pass"}`, status: http.StatusNotFound},
		{name: "the statements", method: "GET", url: conv + "/statements?part={partP1}", as: "rapporteur", status: http.StatusOK, want: []string{"{A}", "{B}", "{C}"}, notWant: []string{"author"}},
		{name: "a part is required", method: "GET", url: conv + "/statements", as: "rapporteur", status: http.StatusUnprocessableEntity, want: []string{`"part"`}},
		{name: "no ballot yet", method: "GET", url: conv + "/ballot?part={partP1}", as: "rapporteur", status: http.StatusNotFound},
		{name: "a ballot of the wrong method", method: "PUT", url: conv + "/ballot?part={partP1}", as: "rapporteur", body: `{"method":"approval","approved":["{A}"]}`, status: http.StatusUnprocessableEntity},
		{name: "a ballot naming a stranger", method: "PUT", url: conv + "/ballot?part={partP1}", as: "rapporteur", body: `{"method":"schulze","ranks":[["{contribDraft}"]]}`, status: http.StatusUnprocessableEntity},
		{name: "the rapporteur ranks", method: "PUT", url: conv + "/ballot?part={partP1}", as: "rapporteur", body: `{"method":"schulze","ranks":[["{C}"],["{A}","{B}"]]}`, status: http.StatusOK, want: []string{`"version":1`}},
		{name: "the rapporteur reads it back", method: "GET", url: conv + "/ballot?part={partP1}", as: "rapporteur", status: http.StatusOK, want: []string{`"ranks":[["{C}"],["{A}","{B}"]]`}},
		{name: "the results", method: "GET", url: conv + "/results?part={partP1}", as: "observer", status: http.StatusOK,
			want: []string{`"ballots":1`, `"selected":["{C}","{A}","{B}"]`, `"d":[[0,0,0],[0,0,0],[1,1,0]]`}, notWant: []string{"rapporteur"}},
		{name: "a delegate writes the report", method: "PUT", url: conv + "/report?part={partP1}", as: "delegate", body: `{"lang":"en","texts":{},"version":0}`, status: http.StatusForbidden},
		{name: "the rapporteur drafts", method: "PUT", url: conv + "/report?part={partP1}", as: "rapporteur",
			body: `{"lang":"en","texts":{"en":{"follow_up":"The Bali Process reviews commitments yearly.","rcp_role":"RCPs convene the states."}},"version":0}`, status: http.StatusCreated},
		{name: "a draft is hidden from a delegate outside the group", method: "GET", url: conv + "/report?part={partP1}", as: "delegate", status: http.StatusNotFound},
		{name: "a stale edit", method: "PUT", url: conv + "/report?part={partP1}", as: "rapporteur", body: `{"lang":"en","texts":{},"version":0}`, status: http.StatusConflict},
		{name: "a delegate submits", method: "POST", url: conv + "/report/submit?part={partP1}", as: "delegate", body: `{"version":1}`, status: http.StatusForbidden},
		{name: "the rapporteur submits", method: "POST", url: conv + "/report/submit?part={partP1}", as: "rapporteur", body: `{"version":1}`, status: http.StatusOK,
			want: []string{`"status":"submitted"`, `"selected":["{C}","{A}","{B}"]`}},
		{name: "ballots are closed", method: "PUT", url: conv + "/ballot?part={partP1}", as: "rapporteur", body: `{"method":"schulze","ranks":[["{A}"]]}`, status: http.StatusConflict},
		{name: "the delegate reads the submitted report", method: "GET", url: conv + "/report?part={partP1}", as: "delegate", status: http.StatusOK, want: []string{"The Bali Process"}},
		{name: "the results are frozen", method: "GET", url: conv + "/results?part={partP1}", as: "delegate", status: http.StatusOK, want: []string{`"frozen":true`}},
	})
}

// TestVoteWithoutLive: a server without the live service refuses votes
// with 503 rather than dropping them.
func TestVoteWithoutLive(t *testing.T) {
	t.Parallel()
	f := deliberationFixture(t)
	f.h = New(f.db, nil)
	w := f.do(t, "POST", f.url(t, "/api/v1/statements/{A}/vote"), "rapporteur", `{"value":"agree"}`)
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d", w.Code)
	}
	var e httperr.Body
	decodeBody(t, w, &e)
	if e.Error.Code != "unavailable" {
		t.Fatalf("body %s", w.Body)
	}
}
