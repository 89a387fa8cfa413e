package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/outcome/render"
)

// outcomeFixture is the API fixture with the chair of meeting A1, a
// second delegation (ECOWAS) and its delegate, and the first draft of
// meeting A1's outcome document, edited into version 2 with a section
// of two paragraphs, whose IDs are {p1} and {p2}.
func outcomeFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.addMember(t, "chair", domain.Membership{Role: domain.RoleChair})
	ecowas := &domain.Body{Name: "ECOWAS", Kind: domain.BodyREO, Region: "West Africa"}
	if err := f.db.CreateBody(context.Background(), ecowas); err != nil {
		t.Fatal(err)
	}
	f.ids["ecowas"] = ecowas.ID
	f.addMember(t, "ecowas", domain.Membership{Role: domain.RoleDelegate, BodyID: ecowas.ID})
	base := f.url(t, "/api/v1/meetings/{meetingA1}/outcome")
	if w := f.do(t, "POST", base, "secretariat", `{"lang":"en"}`); w.Code != http.StatusCreated || w.Header().Get("Location") != base+"/versions/1" {
		t.Fatalf("draft: %d %s %s", w.Code, w.Header().Get("Location"), w.Body)
	}
	var v1 outcomeTextJSON
	decodeBody(t, f.do(t, "GET", base+"/versions/1", "secretariat", ""), &v1)
	text := v1.Text
	text.Sections = append(text.Sections, domain.OutcomeSection{Heading: "Conclusions", Blocks: []domain.OutcomeBlock{
		{Kind: domain.BlockParagraph, Text: "Regional processes share migration data."},
		{Kind: domain.BlockParagraph, Text: "Regular pathways widen."}}})
	body, _ := json.Marshal(outcomeEditInput{readVersion: readVersion{Version: ptr(1)}, Text: text})
	if w := f.do(t, "POST", base+"/versions", "secretariat", string(body)); w.Code != http.StatusCreated {
		t.Fatalf("edit: %d %s", w.Code, w.Body)
	}
	var v2 outcomeTextJSON
	decodeBody(t, f.do(t, "GET", base+"/versions/2", "secretariat", ""), &v2)
	last := v2.Text.Sections[len(v2.Text.Sections)-1]
	if last.Heading != "Conclusions" || len(last.Blocks) != 2 || last.Blocks[0].ID == "" || !strings.HasPrefix(last.Key, "custom:") {
		t.Fatalf("edited section %+v", last)
	}
	f.ids["p1"], f.ids["p2"] = last.Blocks[0].ID, last.Blocks[1].ID
	return f
}

func ptr[T any](v T) *T { return &v }

// outcomeState reads the document's state as the secretariat.
func (f *fixture) outcomeState(t *testing.T) outcomeJSON {
	t.Helper()
	var o outcomeJSON
	decodeBody(t, f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/outcome"), "secretariat", ""), &o)
	return o
}

// TestOutcomeAPI goes from the first draft to a published document through
// the API: edits and a stale one, the difference, regenerating and
// freezing a section, a translation, a silence procedure broken, a round
// of amendments (proposed, supported, withdrawn, decided), adoption,
// publication, the public read without a token and the exports.
func TestOutcomeAPI(t *testing.T) {
	t.Parallel()
	f := outcomeFixture(t)
	deadline := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	f.run(t, []scenario{
		{name: "state", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome", as: "delegate", status: 200,
			want: []string{`"status":"draft"`, `"latest":2`, `"number":1`, `"note":"edit"`, `"bodies":["{body}"]`, `"adopt":false`}},
		{name: "observers see no versions of a draft", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome", as: "observer", status: 200,
			want: []string{`"status":"draft"`}, notWant: []string{`"versions"`}},
		{name: "a second draft", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome", as: "secretariat", body: `{}`, status: 409,
			want: []string{`"outcome.error_exists"`}},
		{name: "stale edit", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/versions", as: "secretariat",
			body: `{"version":1,"text":{"language":"en","title":"T","sections":[]}}`, status: 409,
			want: []string{`"code":"conflict"`, `you read version 1 but version 2 has been saved since`}},
		{name: "edit without the version read", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/versions", as: "secretariat",
			body: `{"text":{"language":"en","title":"T","sections":[]}}`, status: 422, want: []string{`"version"`}},
		{name: "difference", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/diff?from=1&to=2", as: "rapporteur", status: 200,
			want: []string{`"from":1`, `"to":2`, `"id":"{p1}","kind":"added"`, `"kind":"added"`}},
		{name: "difference without to", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/diff?from=1", as: "secretariat", status: 422,
			want: []string{`"to":"error.required"`}},
		{name: "difference from version 0", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/diff?from=0&to=2", as: "secretariat", status: 422,
			want: []string{`"from":"error.version_number"`}},
		{name: "freeze the participants", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/sections/participants/freeze", as: "secretariat",
			body: `{"version":2}`, status: 200, want: []string{`"number":3`, `"note":"freeze:participants"`}},
		{name: "regenerate the frozen section", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/sections/participants/regenerate", as: "secretariat",
			body: `{"version":3}`, status: 409, want: []string{`"outcome.error_frozen"`}},
		{name: "regenerate a section the synthesis does not make", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/sections/nothing/regenerate", as: "secretariat",
			body: `{"version":3}`, status: 422, want: []string{`"key"`}},
		{name: "translate", method: "PUT", url: "/api/v1/meetings/{meetingA1}/outcome/translations/fr", as: "secretariat",
			body:   `{"version":3,"status":"translated","blocks":[{"id":"title","text":"Document final"},{"id":"{p1}","text":"Les processus régionaux partagent leurs données."}]}`,
			status: 200, want: []string{`"blocks":2`, `"lang":"fr"`}},
		{name: "translate a block that is not there", method: "PUT", url: "/api/v1/meetings/{meetingA1}/outcome/translations/fr", as: "secretariat",
			body: `{"version":3,"status":"translated","blocks":[{"id":"nope","text":"x"}]}`, status: 422},
		{name: "read in French", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/versions/3?lang=fr", as: "delegate", status: 200,
			want: []string{`"title":"Document final"`, `"lang":"fr"`, `"original_lang":"en"`, `"{p1}":{"translated":true,"status":"translated","of_version":3}`,
				`"{p2}":{"translated":false}`, `"untranslated":[`, `"{p2}"`, `"tampered":false`}},
		{name: "read in a language that is not one of the six", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/versions/3?lang=de", as: "delegate", status: 422},
		{name: "open a silence procedure", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round", as: "secretariat",
			body: `{"version":3,"deadline":"` + deadline + `","silence":true}`, status: 200, want: []string{`"status":"open"`, `"silence":true`, `"round":1`}},
		{name: "no edit while open", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/versions", as: "secretariat",
			body: `{"version":3,"text":{"language":"en","title":"T","sections":[]}}`, status: 409, want: []string{`"outcome.error_open"`}},
		{name: "break silence", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/silence/break", as: "ecowas",
			body: `{"reason":"Paragraph on data needs work."}`, status: 200, want: []string{`"silence_broken_by":"{ecowas}"`, `"silence_reason":"Paragraph on data needs work."`},
			notWant: []string{`{user:ecowas}`}},
		{name: "close the broken round", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round/close", as: "secretariat", status: 200,
			want: []string{`"status":"draft"`, `"latest":3`}},
		{name: "open a round", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round", as: "secretariat",
			body: `{"version":3,"deadline":"` + deadline + `"}`, status: 200, want: []string{`"round":2`, `"silence":false`}},
		{name: "a deadline in the past", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round", as: "secretariat",
			body: `{"version":3,"deadline":"2020-01-01T00:00:00Z"}`, status: 422, want: []string{`"deadline"`}},
		{name: "propose", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "delegate",
			body:   `{"block_id":"{p1}","op":"replace","text":"Regional processes share reliable migration data.","lang":"en","justification":"Reliability matters."}`,
			status: 201, want: []string{`"label":"A1"`, `"status":"proposed"`, `"body_id":"{body}"`, `"based_on":3`}},
		{name: "propose to delete", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "ecowas",
			body: `{"block_id":"{p2}","op":"delete","lang":"en","justification":"Said elsewhere."}`, status: 201, want: []string{`"label":"A2"`}},
		{name: "propose to insert", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "ecowas",
			body: `{"block_id":"{p2}","op":"insert_after","text":"A new paragraph.","lang":"en","justification":"Missing."}`, status: 201, want: []string{`"label":"A3"`}},
		{name: "propose to a block that is not there", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "ecowas",
			body: `{"block_id":"nope","op":"delete","lang":"en","justification":"x"}`, status: 422, want: []string{`"block_id"`}},
		{name: "support", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A1}/support", as: "ecowas", body: `{}`, status: 200,
			want: []string{`"supports":[{"body_id":"{ecowas}"`}},
		{name: "support one's own", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A1}/support", as: "delegate", body: `{}`, status: 409},
		{name: "withdraw another's", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A3}/withdraw", as: "delegate", body: `{"version":1}`, status: 403},
		{name: "withdraw", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A3}/withdraw", as: "ecowas", body: `{"version":1}`, status: 200,
			want: []string{`"status":"withdrawn"`}},
		{name: "record", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "delegate", status: 200,
			want: []string{`"body_name":"Budapest Process"`, `"body_name":"ECOWAS"`, `"label":"A3"`}, notWant: []string{`{user:delegate}`, `{user:ecowas}`}},
		{name: "decide with a stale version", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A2}/decision", as: "secretariat",
			body: `{"version":9,"decision":"reject","reason":"No."}`, status: 409},
		{name: "reject without a reason", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A2}/decision", as: "chair",
			body: `{"version":1,"decision":"reject"}`, status: 422, want: []string{`"reason"`}},
		{name: "reject", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A2}/decision", as: "chair",
			body: `{"version":1,"decision":"reject","reason":"The paragraph stays."}`, status: 200, want: []string{`"status":"rejected"`}},
		{name: "close with one undecided", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round/close", as: "secretariat", status: 409},
		{name: "accept", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A1}/decision", as: "secretariat",
			body: `{"version":{A1version},"decision":"accept"}`, status: 200, want: []string{`"status":"accepted"`}},
		{name: "close the round", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round/close", as: "secretariat", status: 200,
			want: []string{`"status":"draft"`, `"latest":4`}},
		{name: "the accepted amendment made version 4", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/diff?from=3&to=4", as: "delegate", status: 200,
			want: []string{`"id":"{p1}","kind":"changed"`, `Regional processes share reliable migration data.`}, notWant: []string{`"{p2}"`}},
		{name: "adopt a stale version", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/adopt", as: "chair", body: `{"version":3}`, status: 409},
		{name: "publish a draft", method: "PUT", url: "/api/v1/meetings/{meetingA1}/outcome/publication", as: "secretariat", body: `{"published":true}`, status: 409},
		{name: "nothing public yet", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/published", status: 404},
		{name: "adopt", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/adopt", as: "chair", body: `{"version":4}`, status: 200,
			want: []string{`"status":"adopted"`, `"adopted_version":4`, `"adopted_hash":"`, `"short_hash":"`}},
		{name: "edit an adopted document", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/versions", as: "secretariat",
			body: `{"version":4,"text":{"language":"en","title":"T","sections":[]}}`, status: 409, want: []string{`"outcome.error_adopted"`}},
		{name: "observers read the adopted version", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/versions/4", as: "observer", status: 200,
			want: []string{`"adopted":true`}},
		{name: "an adopted document is not public until published", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/published", status: 404},
		{name: "publish", method: "PUT", url: "/api/v1/meetings/{meetingA1}/outcome/publication", as: "secretariat", body: `{"published":true}`, status: 200,
			want: []string{`"status":"published"`, `"published_at"`}},
		{name: "the public read without a token", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/published?lang=fr", status: 200,
			want: []string{`"adopted":true`, `"title":"Document final"`, `"version":{"number":4`}},
		{name: "the public read of another meeting", method: "GET", url: "/api/v1/meetings/{meetingA2}/outcome/published", status: 404},
	}, func() {
		// The amendments' IDs and versions as they stand.
		var rec amendmentRecordJSON
		decodeBody(t, f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/outcome/amendments"), "secretariat", ""), &rec)
		for _, am := range rec.Amendments {
			f.ids[am.Label], f.ids[am.Label+"version"] = am.ID, fmt.Sprint(am.Version)
		}
	})
	o := f.outcomeState(t)
	if o.Document == nil || o.Document.AdoptedHash == "" || o.Status != "published" {
		t.Fatalf("state %+v", o)
	}

	t.Run("exports", func(t *testing.T) {
		starts := map[string]string{"docx": "PK\x03\x04", "pdf": "%PDF-", "html": "<!DOCTYPE html>", "md": ""}
		for _, format := range render.FormatNames() {
			for _, c := range []struct{ url, as, name string }{
				{"/api/v1/meetings/{meetingA1}/outcome/export?format=" + format + "&lang=fr", "observer", "GRCP-7-outcome-v4-fr"},
				{"/api/v1/meetings/{meetingA1}/outcome/export?format=" + format + "&version=2", "delegate", "GRCP-7-outcome-v2-en"},
				{"/api/v1/meetings/{meetingA1}/outcome/published/export?format=" + format + "&lang=fr", "", "GRCP-7-outcome-v4-fr"},
			} {
				w := f.do(t, "GET", f.url(t, c.url), c.as, "")
				ff, _ := render.ByName(format)
				if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), starts[format]) {
					t.Fatalf("%s as %q: %d %.200q", c.url, c.as, w.Code, w.Body)
				}
				if ct, cd := w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"); ct != ff.MediaType || cd != `attachment; filename=`+c.name+ff.Extension {
					t.Errorf("%s: Content-Type %q, Content-Disposition %q", c.url, ct, cd)
				}
			}
		}
		md := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/outcome/export?format=md&version=2"), "delegate", "").Body.String()
		adopted := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/outcome/export?format=md"), "delegate", "").Body.String()
		if !strings.Contains(md, "**DRAFT**") || strings.Contains(adopted, "**DRAFT**") || !strings.Contains(adopted, o.Document.AdoptedHash) {
			t.Errorf("draft watermark or adopted hash missing:\n%s\n---\n%s", md, adopted)
		}
		for _, c := range []struct {
			url, as string
			status  int
			want    string
		}{
			{"/api/v1/meetings/{meetingA1}/outcome/export?format=odt", "delegate", 422, `"format":"outcome.error_format"`},
			{"/api/v1/meetings/{meetingA1}/outcome/export", "delegate", 422, `"format":"outcome.error_format"`},
			{"/api/v1/meetings/{meetingA1}/outcome/export?format=md&version=x", "delegate", 422, `"version":"error.version_number"`},
			{"/api/v1/meetings/{meetingA1}/outcome/export?format=md&version=2", "observer", 403, `"outcome.error_drafts_hidden"`},
			{"/api/v1/meetings/{meetingA1}/outcome/export?format=md", "outsider", 404, ""},
			{"/api/v1/meetings/{meetingA1}/outcome/export?format=md", "", 401, ""},
			{"/api/v1/meetings/{meetingA2}/outcome/published/export?format=md", "", 404, ""},
		} {
			w := f.do(t, "GET", f.url(t, c.url), c.as, "")
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("%s as %q: %d, want %d with %s: %s", c.url, c.as, w.Code, c.status, c.want, w.Body)
			}
			checkWellFormed(t, w)
		}
		if !slices.Contains(render.FormatNames(), "pdf") {
			w := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/outcome/export?format=pdf"), "delegate", "")
			if w.Code != 422 || !strings.Contains(w.Body.String(), "choose one of the formats: docx") {
				t.Errorf("pdf: %d %s", w.Code, w.Body)
			}
		}
	})
}

// TestOutcomeAPIRoles asks each family of outcome routes as roles that
// may not, and through another meeting's path: 401 anonymous, 404 to
// whom the meeting is hidden and for another meeting's IDs, 403 to a
// role that sees the meeting but may not act; and refuses control
// characters in every kind of body.
func TestOutcomeAPIRoles(t *testing.T) {
	t.Parallel()
	f := outcomeFixture(t)
	deadline := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	// Meeting A2 gets a draft of its own; meeting A1 a round with A1.
	if w := f.do(t, "POST", f.url(t, "/api/v1/meetings/{meetingA2}/outcome"), "secretariat", `{}`); w.Code != 201 {
		t.Fatalf("draft A2: %d %s", w.Code, w.Body)
	}
	if w := f.do(t, "POST", f.url(t, "/api/v1/meetings/{meetingA1}/outcome/round"), "secretariat", `{"version":2,"deadline":"`+deadline+`"}`); w.Code != 200 {
		t.Fatalf("round: %d %s", w.Code, w.Body)
	}
	w := f.do(t, "POST", f.url(t, "/api/v1/meetings/{meetingA1}/outcome/amendments"), "delegate", f.url(t, `{"block_id":"{p1}","op":"delete","lang":"en","justification":"x"}`))
	var am amendmentJSON
	decodeBody(t, w, &am)
	f.ids["A1"] = am.ID
	const (
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	f.run(t, []scenario{
		// Reading.
		{name: "state, anonymous", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome", status: anon},
		{name: "state, outsider", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome", as: "outsider", status: hid},
		{name: "state, nobody", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome", as: "nobody", status: hid},
		{name: "a draft, observer", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/versions/2", as: "observer", status: no},
		{name: "a draft, outsider", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/versions/2", as: "outsider", status: hid},
		{name: "difference, observer", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/diff?from=1&to=2", as: "observer", status: no},
		{name: "record, observer", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "observer", status: no},
		{name: "record, anonymous", method: "GET", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", status: anon},
		// Drafting.
		{name: "draft, delegate", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome", as: "delegate", body: `{}`, status: no},
		{name: "draft, outsider", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome", as: "outsider", body: `{}`, status: hid},
		{name: "edit, chair", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/versions", as: "chair", body: `{"version":2,"text":{"language":"en","title":"T","sections":[]}}`, status: no},
		{name: "freeze, rapporteur", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/sections/participants/freeze", as: "rapporteur", body: `{"version":2}`, status: no},
		{name: "regenerate, delegate", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/sections/participants/regenerate", as: "delegate", body: `{"version":2}`, status: no},
		{name: "open a round, chair", method: "POST", url: "/api/v1/meetings/{meetingA2}/outcome/round", as: "chair", body: `{"version":1,"deadline":"` + deadline + `"}`, status: hid},
		{name: "close the round, delegate", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/round/close", as: "delegate", status: no},
		{name: "publish, chair", method: "PUT", url: "/api/v1/meetings/{meetingA1}/outcome/publication", as: "chair", body: `{"published":true}`, status: no},
		{name: "translate, observer", method: "PUT", url: "/api/v1/meetings/{meetingA1}/outcome/translations/fr", as: "observer",
			body: `{"version":2,"status":"machine","blocks":[{"id":"title","text":"T"}]}`, status: no},
		// Amending.
		{name: "propose, secretariat", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "secretariat",
			body: `{"block_id":"{p1}","op":"delete","lang":"en","justification":"x"}`, status: no, want: []string{`"outcome.error_no_delegation"`}},
		{name: "propose, observer", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "observer",
			body: `{"block_id":"{p1}","op":"delete","lang":"en","justification":"x"}`, status: no},
		{name: "propose for another body", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "delegate",
			body: `{"body_id":"{ecowas}","block_id":"{p1}","op":"delete","lang":"en","justification":"x"}`, status: no},
		{name: "support, chair", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A1}/support", as: "chair", body: `{}`, status: no},
		{name: "break silence, rapporteur", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/silence/break", as: "rapporteur", body: `{"reason":"x"}`, status: no},
		// Deciding and adopting.
		{name: "decide, delegate", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A1}/decision", as: "delegate",
			body: `{"version":1,"decision":"accept"}`, status: no},
		{name: "adopt, secretariat", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/adopt", as: "secretariat", body: `{"version":2}`, status: no,
			want: []string{`"outcome.error_not_chair"`}},
		{name: "adopt, anonymous", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/adopt", body: `{"version":2}`, status: anon},
		// Another meeting's IDs.
		{name: "an amendment through another meeting", method: "POST", url: "/api/v1/meetings/{meetingA2}/outcome/amendments/{A1}/decision", as: "secretariat",
			body: `{"version":1,"decision":"accept"}`, status: hid},
		{name: "withdraw through another meeting", method: "POST", url: "/api/v1/meetings/{meetingA2}/outcome/amendments/{A1}/withdraw", as: "admin",
			body: `{"version":1}`, status: hid},
		{name: "a version of another meeting", method: "GET", url: "/api/v1/meetings/{meetingA2}/outcome/versions/2", as: "secretariat", status: hid},
		{name: "another process's meeting", method: "GET", url: "/api/v1/meetings/{meetingB1}/outcome", as: "secretariat", status: hid},
		{name: "translate a block of another meeting", method: "PUT", url: "/api/v1/meetings/{meetingA2}/outcome/translations/fr", as: "secretariat",
			body: `{"version":1,"status":"machine","blocks":[{"id":"{p1}","text":"T"}]}`, status: 422},
		// Control characters.
		{name: "NUL in an edit", method: "POST", url: "/api/v1/meetings/{meetingA2}/outcome/versions", as: "secretariat",
			body: `{"version":1,"text":{"language":"en","title":"T` + nul + `","sections":[]}}`, status: 422, want: []string{`"text.title":"error.control_char"`}},
		{name: "escape in an amendment", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "delegate",
			body: `{"block_id":"{p1}","op":"replace","text":"a\u001b[31m","lang":"en","justification":"x"}`, status: 422, want: []string{`"text":"error.control_char"`}},
		{name: "NUL in a justification", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments", as: "delegate",
			body: `{"block_id":"{p1}","op":"delete","lang":"en","justification":"` + nul + `"}`, status: 422, want: []string{`"justification":"error.control_char"`}},
		{name: "NUL in a translation", method: "PUT", url: "/api/v1/meetings/{meetingA2}/outcome/translations/fr", as: "secretariat",
			body: `{"version":1,"status":"machine","blocks":[{"id":"title","text":"` + nul + `"}]}`, status: 422, want: []string{`"error.control_char"`}},
		{name: "NUL in a reason", method: "POST", url: "/api/v1/meetings/{meetingA1}/outcome/amendments/{A1}/decision", as: "chair",
			body: `{"version":1,"decision":"reject","reason":"` + nul + `"}`, status: 422, want: []string{`"reason":"error.control_char"`}},
		{name: "NUL in a section key", method: "POST", url: "/api/v1/meetings/{meetingA2}/outcome/sections/a%00b/freeze", as: "secretariat", body: `{"version":1}`, status: hid},
	})
}
