package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// TestEndorsementRoleMatrix: only the delegate, who acts for a body in the
// meeting, endorses; the secretariat and administrators act for no body.
func TestEndorsementRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		del  = http.StatusNoContent
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	for _, row := range []matrixRow{
		{method: "PUT", url: "/api/v1/contributions/{practiceWA}/endorsement", body: `{"conditions":"Funding.","version":0}`, want: [8]int{anon, hid, no, new, no, hid, no, no}},
		{method: "PUT", url: "/api/v1/contributions/{endorsedWA}/endorsement", body: `{"conditions":"Funding.","version":1}`, want: [8]int{anon, hid, no, ok, no, hid, no, no}},
		{method: "DELETE", url: "/api/v1/contributions/{endorsedWA}/endorsement?version=1", want: [8]int{anon, hid, no, del, no, hid, no, no}},
		{method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}},
	} {
		t.Run(row.method+" "+row.url, func(t *testing.T) {
			t.Parallel()
			for i, role := range matrixRoles {
				f := endorseFixture(t)
				w := f.do(t, row.method, f.url(t, row.url), role, row.body)
				if w.Code != row.want[i] {
					t.Errorf("as %q: status %d, want %d; body: %s", role, w.Code, row.want[i], w.Body)
				}
				checkWellFormed(t, w)
			}
		})
	}
}

func TestEndorsementScenarios(t *testing.T) {
	t.Parallel()
	f := endorseFixture(t)
	f.run(t, []scenario{
		{name: "own region refused", method: "PUT", url: "/api/v1/contributions/{contribPublished}/endorsement", as: "delegate", body: `{"version":0}`,
			status: http.StatusUnprocessableEntity, want: []string{`"region"`, "endorsements say which other regions"}},
		{name: "not a practice", method: "PUT", url: "/api/v1/contributions/{contribSubmitted}/endorsement", as: "delegate", body: `{"region":"Asia","version":0}`,
			status: http.StatusUnprocessableEntity},
		{name: "version required", method: "PUT", url: "/api/v1/contributions/{practiceWA}/endorsement", as: "delegate", body: `{"region":"Asia"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"version"`}},
		{name: "another body", method: "PUT", url: "/api/v1/contributions/{practiceWA}/endorsement", as: "delegate", body: `{"body_id":"someone-else","version":0}`,
			status: http.StatusForbidden},
		{name: "create with the body's region", method: "PUT", url: "/api/v1/contributions/{practiceWA}/endorsement", as: "delegate", body: `{"conditions":"EU funding.","version":0}`,
			status: http.StatusCreated, want: []string{`"region":"Europe"`, `"body_name":"Budapest Process"`, `"version":1`}},
		{name: "second create conflicts", method: "PUT", url: "/api/v1/contributions/{practiceWA}/endorsement", as: "delegate", body: `{"version":0}`,
			status: http.StatusConflict},
		{name: "stale edit", method: "PUT", url: "/api/v1/contributions/{practiceWA}/endorsement", as: "delegate", body: `{"version":4}`,
			status: http.StatusConflict},
		{name: "ranked list", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements", as: "observer",
			status: http.StatusOK, want: []string{`"total":2`, `"endorsing_regions":1`, `"body_name":"Budapest Process"`, "A bilateral labour agreement."}},
		{name: "filter by type", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements?practice_type=fund", as: "observer",
			status: http.StatusOK, want: []string{`"total":0`, `"items":[]`}},
		{name: "bad type", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements?practice_type=x", as: "observer",
			status: http.StatusUnprocessableEntity},
		{name: "stale withdrawal", method: "DELETE", url: "/api/v1/contributions/{endorsedWA}/endorsement?version=3", as: "delegate",
			status: http.StatusConflict},
	})
}

// An endorsement changed while the meeting is held without attribution
// is named to the body's delegate only, also once the rule is switched
// off.
func TestEndorsementsWithoutAttributionAPI(t *testing.T) {
	t.Parallel()
	f := endorseFixture(t)
	f.setNonAttribution(t, true)
	if w := f.do(t, "PUT", f.url(t, "/api/v1/contributions/{endorsedWA}/endorsement"), "delegate", `{"conditions":"A bilateral labour agreement, renewed.","version":1}`); w.Code != http.StatusOK {
		t.Fatalf("endorse under the rule: %d %s", w.Code, w.Body)
	}
	f.setNonAttribution(t, false)
	m, err := f.db.Meeting(context.Background(), f.ids["meetingA1"])
	if err != nil {
		t.Fatal(err)
	}
	// Budapest is the meeting's only participant: its kind is not told.
	f.run(t, []scenario{
		{name: "the kind of the only participant", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements", as: "observer", status: http.StatusOK,
			want: []string{`"body_kind":""`, `"region":"Europe"`}, notWant: []string{"Budapest", `"body_id"`, `"irf"`}},
	})
	// With two more inter-regional forums of Europe taking part, three
	// bodies share the kind and the region: the kind is told.
	f.addParticipants(t, m, domain.BodyIRF, "Europe", "Prague Process", "Rabat Process")
	f.run(t, []scenario{
		{name: "observer", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements", as: "observer", status: http.StatusOK,
			want: []string{`"body_kind":"irf"`, `"region":"Europe"`}, notWant: []string{"Budapest", `"body_id"`}},
		{name: "secretariat", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements", as: "secretariat", status: http.StatusOK,
			notWant: []string{"Budapest", `"body_id"`}},
		{name: "the body's delegate", method: "GET", url: "/api/v1/meetings/{meetingA1}/endorsements", as: "delegate", status: http.StatusOK,
			want: []string{`"body_name":"Budapest Process"`}},
	})
}
