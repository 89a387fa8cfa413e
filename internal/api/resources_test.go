package api

import (
	"fmt"
	"net/http"
	"testing"
)

func TestMe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "anonymous", method: "GET", url: "/api/v1/me", status: http.StatusUnauthorized, want: []string{`"code":"unauthorized"`}},
		{name: "delegate sees own memberships", method: "GET", url: "/api/v1/me", as: "delegate", status: http.StatusOK,
			want: []string{`"id":"{user:delegate}"`, `"role":"delegate"`, `"body_id":"{body}"`, `"meeting_id":"{meetingA1}"`}},
	})
	t.Run("bad tokens", func(t *testing.T) {
		for _, h := range []string{"Bearer nope", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + f.tokens["admin"] + "x", f.tokens["admin"]} {
			r := httptestRequest("GET", "/api/v1/me", h)
			w := serve(f.h, r)
			if w.Code != http.StatusUnauthorized || w.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("Authorization %q: status %d, WWW-Authenticate %q; want 401 with a challenge", h, w.Code, w.Header().Get("WWW-Authenticate"))
			}
		}
	})
}

func TestBodies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "create", method: "POST", url: "/api/v1/bodies", as: "secretariat",
			body:   `{"name":" Colombo Process ","acronym":"CP","kind":"rcp","region":"Asia","established":2003,"countries":["lk","IN"]}`,
			status: http.StatusCreated, want: []string{`"name":"Colombo Process"`, `"countries":["IN","LK"]`, `"version":1`, `"kind":"rcp"`}},
		{name: "create with the same name", method: "POST", url: "/api/v1/bodies", as: "secretariat", body: `{"name":"Colombo Process","kind":"rcp"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"fields":{"name":"a body with this name exists already"}`}},
		{name: "create invalid", method: "POST", url: "/api/v1/bodies", as: "admin", body: `{"name":"","kind":"club","established":12,"countries":["XX"]}`,
			status: http.StatusUnprocessableEntity,
			want: []string{`"code":"invalid"`, `"name":"this field is required"`, `"kind":"choose one of the kinds of body"`,
				`"established":"must be a year such as 1996"`, `"countries":"unknown ISO 3166 country codes: XX"`}},
		{name: "create by a delegate", method: "POST", url: "/api/v1/bodies", as: "delegate", body: `{"name":"X","kind":"ngo"}`, status: http.StatusForbidden},
		{name: "create anonymously", method: "POST", url: "/api/v1/bodies", body: `{"name":"X","kind":"ngo"}`, status: http.StatusUnauthorized},
		{name: "read", method: "GET", url: "/api/v1/bodies/{body}", as: "observer", status: http.StatusOK,
			want: []string{`"id":"{body}"`, `"name":"Budapest Process"`, `"countries":["HU","TR"]`, `"created_at":"20`}},
		{name: "read a missing body", method: "GET", url: "/api/v1/bodies/nope", as: "observer", status: http.StatusNotFound, want: []string{`"message":"body not found"`}},
		{name: "update", method: "PUT", url: "/api/v1/bodies/{body}", as: "outsider",
			body: `{"name":"Budapest Process","acronym":"BP","kind":"irf","region":"Europe","countries":["HU"],"version":1}`, status: http.StatusOK,
			want: []string{`"acronym":"BP"`, `"version":2`, `"countries":["HU"]`}},
		{name: "update on a stale version", method: "PUT", url: "/api/v1/bodies/{body}", as: "secretariat",
			body: `{"name":"Budapest","kind":"irf","version":1}`, status: http.StatusConflict, want: []string{`"code":"conflict"`}},
		{name: "the stale update changed nothing", method: "GET", url: "/api/v1/bodies/{body}", as: "secretariat", status: http.StatusOK,
			want: []string{`"name":"Budapest Process"`, `"version":2`}},
		{name: "update without a version", method: "PUT", url: "/api/v1/bodies/{body}", as: "secretariat", body: `{"name":"Budapest","kind":"irf"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"fields":{"version":`}},
		{name: "update by an observer", method: "PUT", url: "/api/v1/bodies/{body}", as: "observer", body: `{"name":"B","kind":"irf","version":2}`, status: http.StatusForbidden},
		{name: "update a missing body", method: "PUT", url: "/api/v1/bodies/nope", as: "admin", body: `{"name":"B","kind":"irf","version":1}`, status: http.StatusNotFound},
		{name: "filter by kind", method: "GET", url: "/api/v1/bodies?kind=rcp", as: "delegate", status: http.StatusOK,
			want: []string{`"name":"Colombo Process"`, `"total":1`}, notWant: []string{"Budapest"}},
		{name: "filter by text", method: "GET", url: "/api/v1/bodies?q=budap", as: "delegate", status: http.StatusOK,
			want: []string{`"name":"Budapest Process"`, `"total":1`}, notWant: []string{"Colombo"}},
		{name: "filter by region", method: "GET", url: "/api/v1/bodies?region=Asia", as: "delegate", status: http.StatusOK,
			want: []string{`"name":"Colombo Process"`, `"total":1`}},
		{name: "filter by an unknown kind", method: "GET", url: "/api/v1/bodies?kind=club", as: "delegate", status: http.StatusUnprocessableEntity,
			want: []string{`"kind":`}},
	})
}

func TestProcesses(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "admin creates", method: "POST", url: "/api/v1/processes", as: "admin", body: `{"name":"Follow-up and review","description":"IMRF"}`,
			status: http.StatusCreated, want: []string{`"name":"Follow-up and review"`, `"version":1`}},
		{name: "secretariat may not create", method: "POST", url: "/api/v1/processes", as: "secretariat", body: `{"name":"Mine"}`, status: http.StatusForbidden},
		{name: "create invalid", method: "POST", url: "/api/v1/processes", as: "admin", body: `{"name":"  "}`,
			status: http.StatusUnprocessableEntity, want: []string{`"fields":{"name":"this field is required"}`}},
		{name: "admin lists all", method: "GET", url: "/api/v1/processes", as: "admin", status: http.StatusOK,
			want: []string{"Process A", "Process B", "Follow-up and review"}},
		{name: "delegate lists own", method: "GET", url: "/api/v1/processes", as: "delegate", status: http.StatusOK,
			want: []string{`"id":"{processA}"`}, notWant: []string{"Process B", "Follow-up"}},
		{name: "nobody lists none", method: "GET", url: "/api/v1/processes", as: "nobody", status: http.StatusOK, want: []string{`{"items":[]}`}},
		{name: "read", method: "GET", url: "/api/v1/processes/{processA}", as: "observer", status: http.StatusOK,
			want: []string{`"description":"ISCM contributions to the GCM"`}},
		{name: "secretariat of another process sees nothing", method: "GET", url: "/api/v1/processes/{processA}", as: "outsider",
			status: http.StatusNotFound, want: []string{`"message":"process not found"`}},
		{name: "update", method: "PUT", url: "/api/v1/processes/{processA}", as: "secretariat", body: `{"name":"Process A2","description":"","version":1}`,
			status: http.StatusOK, want: []string{`"name":"Process A2"`, `"version":2`}},
		{name: "update on a stale version", method: "PUT", url: "/api/v1/processes/{processA}", as: "admin", body: `{"name":"Process A3","version":1}`,
			status: http.StatusConflict},
		{name: "update invalid", method: "PUT", url: "/api/v1/processes/{processA}", as: "admin", body: `{"name":"","version":2}`,
			status: http.StatusUnprocessableEntity, want: []string{`"name":"this field is required"`}},
		{name: "observer may not update", method: "PUT", url: "/api/v1/processes/{processA}", as: "observer", body: `{"name":"X","version":2}`,
			status: http.StatusForbidden},
		{name: "meetings of the process", method: "GET", url: "/api/v1/processes/{processA}/meetings", as: "observer", status: http.StatusOK,
			want: []string{`"id":"{meetingA1}"`, `"id":"{meetingA2}"`}, notWant: []string{"{meetingB1}"}},
		{name: "a delegate sees only their meeting", method: "GET", url: "/api/v1/processes/{processA}/meetings", as: "delegate", status: http.StatusOK,
			want: []string{`"id":"{meetingA1}"`}, notWant: []string{"{meetingA2}"}},
	})
}

func TestMeetings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "create", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "secretariat",
			body:   `{"title":"Ninth meeting","short_name":"GRCP 9","venue":"Geneva","starts_on":"2026-10-10","ends_on":"2026-10-11","organisation":["IOM"],"non_attribution":true}`,
			status: http.StatusCreated,
			want:   []string{`"process_id":"{processA}"`, `"short_name":"GRCP 9"`, `"organisation":["IOM"]`, `"non_attribution":true`, `"non_attribution_min_bodies":3`, `"version":1`}},
		{name: "create with k = 1", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "secretariat",
			body: `{"title":"T","non_attribution":true,"non_attribution_min_bodies":1}`, status: http.StatusUnprocessableEntity,
			want: []string{`"non_attribution_min_bodies":"must be a whole number from 2 to 100"`}},
		{name: "create with k = 101", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "secretariat",
			body: `{"title":"T","non_attribution_min_bodies":101}`, status: http.StatusUnprocessableEntity},
		{name: "create with k = 2", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "secretariat",
			body: `{"title":"T","non_attribution":true,"non_attribution_min_bodies":2}`, status: http.StatusCreated, want: []string{`"non_attribution_min_bodies":2`}},
		{name: "create invalid", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "secretariat",
			body: `{"title":"","starts_on":"2026-10-10","ends_on":"2026-10-01"}`, status: http.StatusUnprocessableEntity,
			want: []string{`"title":"this field is required"`, `"ends_on":"must not be before the start date"`}},
		{name: "create with a bad date", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "secretariat",
			body: `{"title":"T","starts_on":"10/10/2026"}`, status: http.StatusUnprocessableEntity, want: []string{`"starts_on":"must be a date like 2017-10-10"`}},
		{name: "observer may not create", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "observer", body: `{"title":"T"}`, status: http.StatusForbidden},
		{name: "other secretariat may not see", method: "POST", url: "/api/v1/processes/{processA}/meetings", as: "outsider", body: `{"title":"T"}`, status: http.StatusNotFound},
		{name: "read", method: "GET", url: "/api/v1/meetings/{meetingA1}", as: "delegate", status: http.StatusOK,
			want: []string{`"title":"Seventh Global Meeting of RCPs"`, `"starts_on":"2017-10-10"`}},
		{name: "delegate of A1 cannot see A2", method: "GET", url: "/api/v1/meetings/{meetingA2}", as: "delegate", status: http.StatusNotFound},
		{name: "update", method: "PUT", url: "/api/v1/meetings/{meetingA1}", as: "secretariat",
			body: `{"title":"GRCP 7","venue":"Geneva","starts_on":"2017-10-10","version":1}`, status: http.StatusOK,
			want: []string{`"title":"GRCP 7"`, `"venue":"Geneva"`, `"version":2`, `"short_name":""`}},
		{name: "update k", method: "PUT", url: "/api/v1/meetings/{meetingA1}", as: "secretariat",
			body: `{"title":"GRCP 7","non_attribution_min_bodies":5,"version":2}`, status: http.StatusOK, want: []string{`"non_attribution_min_bodies":5`, `"version":3`}},
		{name: "an update without k keeps it", method: "PUT", url: "/api/v1/meetings/{meetingA1}", as: "secretariat",
			body: `{"title":"GRCP 7","version":3}`, status: http.StatusOK, want: []string{`"non_attribution_min_bodies":5`, `"version":4`}},
		{name: "the delegate may not set k", method: "PUT", url: "/api/v1/meetings/{meetingA1}", as: "delegate",
			body: `{"title":"GRCP 7","non_attribution_min_bodies":2,"version":4}`, status: http.StatusForbidden},
		{name: "update on a stale version", method: "PUT", url: "/api/v1/meetings/{meetingA1}", as: "admin", body: `{"title":"X","version":1}`, status: http.StatusConflict},
		{name: "delegate may not update", method: "PUT", url: "/api/v1/meetings/{meetingA1}", as: "delegate", body: `{"title":"X","version":4}`, status: http.StatusForbidden},
		{name: "delegate may not delete", method: "DELETE", url: "/api/v1/meetings/{meetingA2}", as: "delegate", status: http.StatusNotFound},
		{name: "observer may not delete", method: "DELETE", url: "/api/v1/meetings/{meetingA2}", as: "observer", status: http.StatusForbidden},
		{name: "delete", method: "DELETE", url: "/api/v1/meetings/{meetingA2}", as: "secretariat", status: http.StatusNoContent},
		{name: "deleted", method: "GET", url: "/api/v1/meetings/{meetingA2}", as: "secretariat", status: http.StatusNotFound},
		{name: "agenda", method: "GET", url: "/api/v1/meetings/{meetingA1}/agenda", as: "rapporteur", status: http.StatusOK,
			want: []string{`"meeting":{"id":"{meetingA1}"`, `"footnotes":[{"number":1,"text":"See the GCM modalities resolution."}]`,
				`"sessions":[{"id":"{sessionS1}"`, `"parts":[{"id":"{partP1}"`, `"kind":"breakout"`,
				`"id":"{itemI1}"`, `"footnotes":[1]`, `"children":[{"id":"{itemI2}"`, `"parent_id":"{itemI1}"`}},
		{name: "agenda of another process", method: "GET", url: "/api/v1/meetings/{meetingB1}/agenda", as: "secretariat", status: http.StatusNotFound},
	})
}

func TestAgendaStructure(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "create session", method: "POST", url: "/api/v1/meetings/{meetingA1}/sessions", as: "secretariat", body: `{"number":2,"title":"Plenary"}`,
			status: http.StatusCreated, want: []string{`"meeting_id":"{meetingA1}"`, `"number":2`, `"position":2`, `"version":1`}},
		{name: "create invalid session", method: "POST", url: "/api/v1/meetings/{meetingA1}/sessions", as: "secretariat", body: `{"number":-1,"title":""}`,
			status: http.StatusUnprocessableEntity, want: []string{`"number":"must be a number from 1 to 999"`, `"title":"this field is required"`}},
		{name: "delegate may not create a session", method: "POST", url: "/api/v1/meetings/{meetingA1}/sessions", as: "delegate", body: `{"title":"X"}`, status: http.StatusForbidden},
		{name: "update session", method: "PUT", url: "/api/v1/sessions/{sessionS1}", as: "secretariat", body: `{"number":1,"title":"Good practices and gaps","version":1}`,
			status: http.StatusOK, want: []string{`"title":"Good practices and gaps"`, `"version":2`, `"meeting_id":"{meetingA1}"`}},
		{name: "update session on a stale version", method: "PUT", url: "/api/v1/sessions/{sessionS1}", as: "secretariat", body: `{"number":1,"title":"X","version":1}`, status: http.StatusConflict},
		{name: "update a session of another process", method: "PUT", url: "/api/v1/sessions/{sessionSB}", as: "secretariat", body: `{"number":1,"title":"X","version":1}`, status: http.StatusNotFound},
		{name: "create part", method: "POST", url: "/api/v1/sessions/{sessionS1}/parts", as: "secretariat", body: `{"title":"Report back","kind":"plenary"}`,
			status: http.StatusCreated, want: []string{`"session_id":"{sessionS1}"`, `"kind":"plenary"`, `"position":2`}},
		{name: "create invalid part", method: "POST", url: "/api/v1/sessions/{sessionS1}/parts", as: "secretariat", body: `{"title":"X","kind":"party"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"kind":"choose breakout, plenary or discussion"`}},
		{name: "create part in a missing session", method: "POST", url: "/api/v1/sessions/nope/parts", as: "secretariat", body: `{"title":"X","kind":"plenary"}`, status: http.StatusNotFound},
		{name: "update part", method: "PUT", url: "/api/v1/parts/{partP1}", as: "admin", body: `{"title":"Breakouts","kind":"breakout","version":1}`,
			status: http.StatusOK, want: []string{`"title":"Breakouts"`, `"version":2`, `"session_id":"{sessionS1}"`}},
		{name: "update part on a stale version", method: "PUT", url: "/api/v1/parts/{partP1}", as: "admin", body: `{"title":"B","kind":"breakout","version":1}`, status: http.StatusConflict},
		{name: "rapporteur may not update a part", method: "PUT", url: "/api/v1/parts/{partP1}", as: "rapporteur", body: `{"title":"B","kind":"breakout","version":2}`, status: http.StatusForbidden},
		{name: "create item in a part", method: "POST", url: "/api/v1/meetings/{meetingA1}/items", as: "secretariat",
			body:   `{"part_id":"{partP1}","kind":"objective","label":"(ii)","text":"Agree on five recommendations","footnotes":[1]}`,
			status: http.StatusCreated, want: []string{`"part_id":"{partP1}"`, `"session_id":"{sessionS1}"`, `"kind":"objective"`, `"footnotes":[1]`}},
		{name: "create sub-item", method: "POST", url: "/api/v1/meetings/{meetingA1}/items", as: "secretariat",
			body:   `{"parent_id":"{itemI1}","kind":"question","text":"And globally?"}`,
			status: http.StatusCreated, want: []string{`"parent_id":"{itemI1}"`, `"part_id":"{partP1}"`, `"footnotes":[]`}},
		{name: "create meeting-level item", method: "POST", url: "/api/v1/meetings/{meetingA1}/items", as: "secretariat",
			body: `{"kind":"issue","text":"Follow-up and review"}`, status: http.StatusCreated, want: []string{`"session_id":""`, `"part_id":""`}},
		{name: "create item in another meeting's session", method: "POST", url: "/api/v1/meetings/{meetingA1}/items", as: "admin",
			body:   `{"session_id":"{sessionSB}","kind":"issue","text":"X"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"fields":{"session_id":"the session is not in this meeting"}`}},
		{name: "create invalid item", method: "POST", url: "/api/v1/meetings/{meetingA1}/items", as: "secretariat", body: `{"kind":"wish","text":" "}`,
			status: http.StatusUnprocessableEntity, want: []string{`"kind":"choose objective, question or issue"`, `"text":"this field is required"`}},
		{name: "update item", method: "PUT", url: "/api/v1/items/{itemI1}", as: "secretariat", body: `{"kind":"question","label":"(i)","text":"Which practices work best?","version":1}`,
			status: http.StatusOK, want: []string{`"text":"Which practices work best?"`, `"version":2`, `"part_id":"{partP1}"`, `"footnotes":[]`}},
		{name: "update item on a stale version", method: "PUT", url: "/api/v1/items/{itemI1}", as: "secretariat", body: `{"kind":"question","text":"X","version":1}`, status: http.StatusConflict},
		{name: "delegate may not update an item", method: "PUT", url: "/api/v1/items/{itemI1}", as: "delegate", body: `{"kind":"question","text":"X","version":2}`, status: http.StatusForbidden},
		{name: "agenda shows the changes", method: "GET", url: "/api/v1/meetings/{meetingA1}/agenda", as: "delegate", status: http.StatusOK,
			want: []string{"Good practices and gaps", "Report back", "Agree on five recommendations", "And globally?", "Follow-up and review", "Which practices work best?"}},
		{name: "delete item", method: "DELETE", url: "/api/v1/items/{itemI2}", as: "secretariat", status: http.StatusNoContent},
		{name: "delete it again", method: "DELETE", url: "/api/v1/items/{itemI2}", as: "secretariat", status: http.StatusNotFound},
		{name: "delegate may not delete a part", method: "DELETE", url: "/api/v1/parts/{partP1}", as: "delegate", status: http.StatusForbidden},
		{name: "delete part", method: "DELETE", url: "/api/v1/parts/{partP1}", as: "secretariat", status: http.StatusNoContent},
		{name: "delete session", method: "DELETE", url: "/api/v1/sessions/{sessionS1}", as: "secretariat", status: http.StatusNoContent},
		{name: "agenda after deletes", method: "GET", url: "/api/v1/meetings/{meetingA1}/agenda", as: "delegate", status: http.StatusOK,
			want: []string{`"title":"Plenary"`, "Follow-up and review"}, notWant: []string{"{sessionS1}", "{partP1}", "{itemI2}", "Which practices"}},
	})
}

func TestGroups(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "create", method: "POST", url: "/api/v1/meetings/{meetingA1}/groups", as: "secretariat", body: `{"name":"Africa","region":"Africa"}`,
			status: http.StatusCreated, want: []string{`"name":"Africa"`, `"meeting_id":"{meetingA1}"`, `"version":1`}},
		{name: "create with a taken name", method: "POST", url: "/api/v1/meetings/{meetingA1}/groups", as: "secretariat", body: `{"name":"Africa"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"name":"a group with this name exists already in this meeting"`}},
		{name: "create invalid", method: "POST", url: "/api/v1/meetings/{meetingA1}/groups", as: "secretariat", body: `{"name":""}`,
			status: http.StatusUnprocessableEntity, want: []string{`"name":"this field is required"`}},
		{name: "rapporteur may not create", method: "POST", url: "/api/v1/meetings/{meetingA1}/groups", as: "rapporteur", body: `{"name":"Europe"}`, status: http.StatusForbidden},
		{name: "list", method: "GET", url: "/api/v1/meetings/{meetingA1}/groups", as: "delegate", status: http.StatusOK,
			want: []string{`"name":"Africa"`, `"name":"Asia and the Pacific"`}},
		{name: "list in another process", method: "GET", url: "/api/v1/meetings/{meetingA1}/groups", as: "outsider", status: http.StatusNotFound},
		{name: "update", method: "PUT", url: "/api/v1/groups/{groupG1}", as: "secretariat", body: `{"name":"Asia-Pacific","region":"Asia","version":1}`,
			status: http.StatusOK, want: []string{`"name":"Asia-Pacific"`, `"version":2`, `"meeting_id":"{meetingA1}"`}},
		{name: "update on a stale version", method: "PUT", url: "/api/v1/groups/{groupG1}", as: "secretariat", body: `{"name":"AP","version":1}`, status: http.StatusConflict},
		{name: "update to a taken name", method: "PUT", url: "/api/v1/groups/{groupG1}", as: "secretariat", body: `{"name":"Africa","version":2}`, status: http.StatusUnprocessableEntity},
		{name: "rapporteur may not rename", method: "PUT", url: "/api/v1/groups/{groupG1}", as: "rapporteur", body: `{"name":"AP","version":2}`, status: http.StatusForbidden},
		{name: "delete", method: "DELETE", url: "/api/v1/groups/{groupG1}", as: "secretariat", status: http.StatusNoContent},
		{name: "deleted", method: "PUT", url: "/api/v1/groups/{groupG1}", as: "secretariat", body: `{"name":"AP","version":2}`, status: http.StatusNotFound},
	})
}

func TestMembers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "add delegate by e-mail", method: "POST", url: "/api/v1/meetings/{meetingA1}/members", as: "secretariat",
			body:   `{"email":"nobody@example.org","role":"delegate","body_id":"{body}"}`,
			status: http.StatusCreated, want: []string{`"user_id":"{user:nobody}"`, `"meeting_id":"{meetingA1}"`, `"process_id":"{processA}"`, `"role":"delegate"`}},
		{name: "the new delegate sees the meeting", method: "GET", url: "/api/v1/meetings/{meetingA1}", as: "nobody", status: http.StatusOK},
		{name: "add the same role twice", method: "POST", url: "/api/v1/meetings/{meetingA1}/members", as: "secretariat",
			body: `{"user_id":"{user:nobody}","role":"delegate","body_id":"{body}"}`, status: http.StatusUnprocessableEntity, want: []string{`"role":`}},
		{name: "delegate without a body", method: "POST", url: "/api/v1/meetings/{meetingA1}/members", as: "secretariat",
			body:   `{"user_id":"{user:outsider}","role":"delegate"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"fields":{"body_id":"a delegate or partner acts on behalf of a body: choose one"}`}},
		{name: "unknown account", method: "POST", url: "/api/v1/meetings/{meetingA1}/members", as: "secretariat",
			body: `{"user_id":"nope","role":"observer"}`, status: http.StatusUnprocessableEntity, want: []string{`"user_id":"there is no account with this ID"`}},
		{name: "no account named", method: "POST", url: "/api/v1/meetings/{meetingA1}/members", as: "secretariat",
			body: `{"role":"observer"}`, status: http.StatusUnprocessableEntity, want: []string{`"user_id":`}},
		{name: "group of another meeting", method: "POST", url: "/api/v1/meetings/{meetingB1}/members", as: "outsider",
			body: `{"user_id":"{user:secretariat}","role":"rapporteur","group_id":"{groupG1}"}`, status: http.StatusUnprocessableEntity,
			want: []string{`"group_id":"the group is not in this meeting"`}},
		{name: "unknown role", method: "POST", url: "/api/v1/processes/{processA}/members", as: "secretariat",
			body: `{"user_id":"{user:outsider}","role":"king"}`, status: http.StatusUnprocessableEntity, want: []string{`"role":"choose one of the roles"`}},
		{name: "delegate may not add", method: "POST", url: "/api/v1/meetings/{meetingA1}/members", as: "delegate",
			body: `{"user_id":"{user:outsider}","role":"observer"}`, status: http.StatusForbidden},
		{name: "add process observer", method: "POST", url: "/api/v1/processes/{processA}/members", as: "secretariat",
			body: `{"user_id":"{user:delegate}","role":"observer"}`, status: http.StatusCreated, want: []string{`"role":"observer"`}, notWant: []string{"meeting_id"}},
		{name: "observer of A may not add to process A", method: "POST", url: "/api/v1/processes/{processA}/members", as: "observer",
			body: `{"user_id":"{user:nobody}","role":"observer"}`, status: http.StatusForbidden},
		{name: "secretariat lists members with e-mail", method: "GET", url: "/api/v1/meetings/{meetingA1}/members", as: "secretariat", status: http.StatusOK,
			want: []string{`"user_name":"User delegate"`, `"user_email":"delegate@example.org"`, `"body_name":"Budapest Process"`, `"group_name":"Asia and the Pacific"`}},
		{name: "delegate lists members without e-mail", method: "GET", url: "/api/v1/meetings/{meetingA1}/members", as: "delegate", status: http.StatusOK,
			want: []string{`"user_name":"User delegate"`}, notWant: []string{"@example.org"}},
		{name: "process members", method: "GET", url: "/api/v1/processes/{processA}/members", as: "observer", status: http.StatusOK,
			want: []string{`"id":"{msSecretariat}"`, `"id":"{msObserver}"`}, notWant: []string{"{msDelegate}", "@example.org"}},
		{name: "delegate may not remove", method: "DELETE", url: "/api/v1/memberships/{msRapporteur}", as: "delegate", status: http.StatusForbidden},
		{name: "other secretariat may not see", method: "DELETE", url: "/api/v1/memberships/{msRapporteur}", as: "outsider", status: http.StatusNotFound},
		{name: "remove", method: "DELETE", url: "/api/v1/memberships/{msRapporteur}", as: "secretariat", status: http.StatusNoContent},
		{name: "removed member loses access", method: "GET", url: "/api/v1/meetings/{meetingA1}", as: "rapporteur", status: http.StatusNotFound},
		{name: "remove again", method: "DELETE", url: "/api/v1/memberships/{msRapporteur}", as: "secretariat", status: http.StatusNotFound},
	})
}

func TestAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "make a change", method: "PUT", url: "/api/v1/groups/{groupG1}", as: "secretariat", body: `{"name":"Asia","version":1}`, status: http.StatusOK},
		{name: "meeting trail", method: "GET", url: "/api/v1/meetings/{meetingA1}/audit", as: "secretariat", status: http.StatusOK,
			want: []string{`"action":"update"`, `"object_type":"group"`, `"object_id":"{groupG1}"`, `"actor_id":"{user:secretariat}"`, `"actor_name":"User secretariat"`,
				`"after":{`, `"next_before_id":0`}},
		{name: "delegate may not read the trail", method: "GET", url: "/api/v1/meetings/{meetingA1}/audit", as: "delegate", status: http.StatusForbidden},
		{name: "other secretariat may not see it", method: "GET", url: "/api/v1/meetings/{meetingA1}/audit", as: "outsider", status: http.StatusNotFound},
		{name: "paged", method: "GET", url: "/api/v1/meetings/{meetingA1}/audit?limit=1", as: "admin", status: http.StatusOK,
			want: []string{`"action":"update"`}, notWant: []string{`"next_before_id":0`}},
		{name: "bad limit", method: "GET", url: "/api/v1/meetings/{meetingA1}/audit?limit=x&before_id=-2", as: "admin", status: http.StatusUnprocessableEntity,
			want: []string{`"limit":`, `"before_id":`}},
		{name: "object trail", method: "GET", url: "/api/v1/audit?object_type=group&object_id={groupG1}", as: "secretariat", status: http.StatusOK,
			want: []string{`"action":"update"`, `"action":"create"`}, notWant: []string{`"object_type":"meeting"`}},
		{name: "process trail", method: "GET", url: "/api/v1/audit?object_type=process&object_id={processA}", as: "secretariat", status: http.StatusOK,
			want: []string{`"object_type":"process"`, `"action":"create"`}},
		{name: "process trail for an observer", method: "GET", url: "/api/v1/audit?object_type=process&object_id={processA}", as: "observer", status: http.StatusForbidden},
		{name: "process trail of another process", method: "GET", url: "/api/v1/audit?object_type=process&object_id={processA}", as: "outsider", status: http.StatusNotFound},
		{name: "membership trail", method: "GET", url: "/api/v1/audit?object_type=membership&object_id={msDelegate}", as: "secretariat", status: http.StatusOK,
			want: []string{`"object_type":"membership"`}},
		{name: "body trail is for admins", method: "GET", url: "/api/v1/audit?object_type=body&object_id={body}", as: "secretariat", status: http.StatusForbidden},
		{name: "body trail for an admin", method: "GET", url: "/api/v1/audit?object_type=body&object_id={body}", as: "admin", status: http.StatusOK,
			want: []string{`"object_type":"body"`}},
		{name: "whole trail needs an object", method: "GET", url: "/api/v1/audit", as: "secretariat", status: http.StatusUnprocessableEntity,
			want: []string{`"object_type":"this field is required"`, `"object_id":"this field is required"`}},
		{name: "whole trail for an admin", method: "GET", url: "/api/v1/audit?limit=500", as: "admin", status: http.StatusOK,
			want: []string{`"object_type":"user"`, `"object_type":"process"`, `"object_type":"membership"`}},
	})
}

func TestUsers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.run(t, []scenario{
		{name: "create", method: "POST", url: "/api/v1/users", as: "admin", body: `{"email":"chair@example.org","name":"Chair","locale":"fr","password":"correct horse battery"}`,
			status: http.StatusCreated, want: []string{`"email":"chair@example.org"`, `"locale":"fr"`, `"admin":false`, `"version":1`}, notWant: []string{"password", "horse"}},
		{name: "create with a taken e-mail", method: "POST", url: "/api/v1/users", as: "admin", body: `{"email":"chair@example.org","name":"Chair 2"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"email":"an account with this e-mail address exists already"`}},
		{name: "create invalid", method: "POST", url: "/api/v1/users", as: "admin", body: `{"email":"not an address","name":"","locale":"de"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"email":`, `"name":"this field is required"`, `"locale":`}},
		{name: "create with a short password", method: "POST", url: "/api/v1/users", as: "admin", body: `{"email":"x@example.org","name":"X","password":"short"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"password":"must be at least 10 characters"`}},
		{name: "secretariat may not create", method: "POST", url: "/api/v1/users", as: "secretariat", body: `{"email":"y@example.org","name":"Y"}`, status: http.StatusForbidden},
		{name: "secretariat may not list", method: "GET", url: "/api/v1/users", as: "secretariat", status: http.StatusForbidden},
		{name: "list", method: "GET", url: "/api/v1/users?q=example.org&limit=2", as: "admin", status: http.StatusOK,
			want: []string{`"total":8`, `"limit":2`, `"offset":0`}},
		{name: "read", method: "GET", url: "/api/v1/users/{user:delegate}", as: "admin", status: http.StatusOK, want: []string{`"email":"delegate@example.org"`}},
		{name: "read a missing account", method: "GET", url: "/api/v1/users/nope", as: "admin", status: http.StatusNotFound},
		{name: "delegate may not read", method: "GET", url: "/api/v1/users/{user:delegate}", as: "delegate", status: http.StatusForbidden},
		{name: "update", method: "PUT", url: "/api/v1/users/{user:delegate}", as: "admin",
			body:   `{"email":"delegate@example.org","name":"Delegate of Hungary","locale":"en","admin":false,"disabled":true,"version":1}`,
			status: http.StatusOK, want: []string{`"name":"Delegate of Hungary"`, `"disabled":true`, `"version":2`}},
		{name: "a disabled account's token stops working", method: "GET", url: "/api/v1/me", as: "delegate", status: http.StatusUnauthorized},
		{name: "update on a stale version", method: "PUT", url: "/api/v1/users/{user:delegate}", as: "admin",
			body: `{"email":"delegate@example.org","name":"D","version":1}`, status: http.StatusConflict},
		{name: "admin may not demote themself", method: "PUT", url: "/api/v1/users/{user:admin}", as: "admin",
			body: `{"email":"admin@example.org","name":"User admin","admin":false,"version":1}`, status: http.StatusUnprocessableEntity, want: []string{`"admin":`}},
	})
}

func TestPagination(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, n := range []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"} {
		if w := f.do(t, "POST", "/api/v1/bodies", "admin", `{"name":"`+n+`","kind":"ngo"}`); w.Code != http.StatusCreated {
			t.Fatalf("create %s: %d %s", n, w.Code, w.Body)
		}
	}
	// With the fixture's "Budapest Process" there are 8 bodies, by name:
	// Alpha Bravo Budapest Charlie Delta Echo Foxtrot Golf.
	tests := []struct {
		name   string
		query  string
		status int
		names  []string
		total  int
		offset int
		limit  int
	}{
		{name: "first page", query: "?limit=3", status: 200, names: []string{"Alpha", "Bravo", "Budapest Process"}, total: 8, limit: 3},
		{name: "second page", query: "?limit=3&offset=3", status: 200, names: []string{"Charlie", "Delta", "Echo"}, total: 8, offset: 3, limit: 3},
		{name: "last page", query: "?limit=3&offset=6", status: 200, names: []string{"Foxtrot", "Golf"}, total: 8, offset: 6, limit: 3},
		{name: "past the end", query: "?offset=20", status: 200, names: []string{}, total: 8, offset: 20, limit: 50},
		{name: "default limit", query: "", status: 200, names: []string{"Alpha", "Bravo", "Budapest Process", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"}, total: 8, limit: 50},
		{name: "filtered page", query: "?kind=ngo&limit=2&offset=1", status: 200, names: []string{"Bravo", "Charlie"}, total: 7, offset: 1, limit: 2},
		{name: "zero limit", query: "?limit=0", status: 422},
		{name: "limit too large", query: "?limit=501", status: 422},
		{name: "negative offset", query: "?offset=-1", status: 422},
		{name: "offset not a number", query: "?offset=two", status: 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do(t, "GET", "/api/v1/bodies"+tt.query, "observer", "")
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tt.status, w.Body)
			}
			checkWellFormed(t, w)
			if tt.status != 200 {
				return
			}
			var p page[bodyJSON]
			decodeBody(t, w, &p)
			var names []string
			for _, b := range p.Items {
				names = append(names, b.Name)
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.names) || p.Total != tt.total || p.Offset != tt.offset || p.Limit != tt.limit {
				t.Errorf("got items %v total %d offset %d limit %d; want %v total %d offset %d limit %d",
					names, p.Total, p.Offset, p.Limit, tt.names, tt.total, tt.offset, tt.limit)
			}
		})
	}
}
