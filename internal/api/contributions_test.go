package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/contribio"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/store"
)

// multipartFile returns a multipart/form-data body holding one file in the
// field named field, and its content type.
func multipartFile(field, name string, data []byte) (body, contentType string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

// TestContributionLifecycle follows a contribution from its draft to the
// search results: created by a delegate, read, changed on a stale version
// (refused), changed, submitted, published by the secretariat, found.
func TestContributionLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	w := f.do(t, "POST", f.url(t, "/api/v1/meetings/{meetingA1}/contributions"), "delegate",
		f.url(t, `{"kind":"good_practice","practice_type":"legislation","title":" Portable pensions for seasonal workers ",
		"text":"A bilateral agreement lets seasonal workers carry their pension rights home.","question_id":"{itemI1}",
		"regions":["Europe"],"countries":["tr","hu"],"where":"Hungary and Türkiye","period_from":"2015","period_to":"2019-06",
		"links":["https://example.org/agreement"]}`))
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var c contributionDetailJSON
	decodeBody(t, w, &c)
	if loc := w.Header().Get("Location"); loc != "/api/v1/contributions/"+c.ID {
		t.Errorf("Location %q", loc)
	}
	f.ids["new"] = c.ID
	if c.Status != "draft" || c.Version != 1 || c.Title != "Portable pensions for seasonal workers" || c.BodyID != f.ids["body"] ||
		c.AuthorID != f.ids["user:delegate"] || c.Lang != "en" || strings.Join(c.Countries, ",") != "HU,TR" || c.SubmittedAt != nil || !c.Attributed {
		t.Errorf("created contribution: %+v", c)
	}
	search := "/api/v1/contributions?q=pension&meeting={meetingA1}&facets=true"
	f.run(t, []scenario{
		{name: "the author reads it", method: "GET", url: "/api/v1/contributions/{new}", as: "delegate", status: http.StatusOK,
			want: []string{`"practice_type":"legislation"`, `"period_to":"2019-06"`, `"body_name":"Budapest Process"`, `"body_kind":"irf"`,
				`"body_region":"Europe"`, `"translations":[]`, `"attachments":[]`}},
		{name: "an observer does not see a draft", method: "GET", url: "/api/v1/contributions/{new}", as: "observer", status: http.StatusNotFound},
		{name: "change it", method: "PATCH", url: "/api/v1/contributions/{new}", as: "delegate", body: `{"title":"Portable pensions","version":1}`,
			status: http.StatusOK, want: []string{`"title":"Portable pensions"`, `"version":2`,
				// What was not sent is kept.
				`"practice_type":"legislation"`, `"where":"Hungary and Türkiye"`, `"countries":["HU","TR"]`, `"question_id":"{itemI1}"`,
				`"links":["https://example.org/agreement"]`}},
		{name: "change it on a stale version", method: "PATCH", url: "/api/v1/contributions/{new}", as: "delegate", body: `{"title":"Stale","version":1}`,
			status: http.StatusConflict, want: []string{`"code":"conflict"`, `"key":"error.conflict"`}},
		{name: "the stale change changed nothing", method: "GET", url: "/api/v1/contributions/{new}", as: "delegate", status: http.StatusOK,
			want: []string{`"title":"Portable pensions"`, `"version":2`}},
		{name: "change without a version", method: "PATCH", url: "/api/v1/contributions/{new}", as: "delegate", body: `{"title":"X"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"fields":{"version":`}},
		{name: "the author may not publish", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "delegate",
			body: `{"action":"publish","version":2}`, status: http.StatusForbidden},
		{name: "submit", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "delegate", body: `{"action":"submit","version":2}`,
			status: http.StatusOK, want: []string{`"status":"submitted"`, `"version":3`, `"submitted_at":"20`}, notWant: []string{"published_at"}},
		{name: "submit twice", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "delegate", body: `{"action":"submit","version":3}`,
			status: http.StatusUnprocessableEntity, want: []string{`"key":"error.transition"`}},
		{name: "return without a reason", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "secretariat", body: `{"action":"return","version":3}`,
			status: http.StatusUnprocessableEntity, want: []string{`"reason":`}},
		{name: "an unknown step", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "secretariat", body: `{"action":"approve","version":3}`,
			status: http.StatusUnprocessableEntity, want: []string{`"action":"choose submit, publish, return, withdraw or reopen"`}},
		{name: "the secretariat publishes", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "secretariat", body: `{"action":"publish","version":3}`,
			status: http.StatusOK, want: []string{`"status":"published"`, `"version":4`, `"published_at":"20`}},
		{name: "an observer now sees it", method: "GET", url: "/api/v1/contributions/{new}", as: "observer", status: http.StatusOK,
			want: []string{`"status":"published"`}},
		{name: "the author may no longer change it", method: "PATCH", url: "/api/v1/contributions/{new}", as: "delegate", body: `{"title":"X","version":4}`,
			status: http.StatusForbidden},
		{name: "versions", method: "GET", url: "/api/v1/contributions/{new}/versions", as: "delegate", status: http.StatusOK,
			want: []string{`"version":4`, `"version":1`, `"actor_name":"User secretariat"`, `"actor_id":"{user:delegate}"`}},
		{name: "the first version", method: "GET", url: "/api/v1/contributions/{new}/versions/1", as: "secretariat", status: http.StatusOK,
			want: []string{`"version":1`, `"title":"Portable pensions for seasonal workers"`, `"status":"draft"`}},
		{name: "a version that does not exist", method: "GET", url: "/api/v1/contributions/{new}/versions/9", as: "secretariat", status: http.StatusNotFound},
		{name: "a version that is not a number", method: "GET", url: "/api/v1/contributions/{new}/versions/one", as: "secretariat", status: http.StatusNotFound},
		{name: "translate", method: "PUT", url: "/api/v1/contributions/{new}/translations/fr", as: "secretariat",
			body:   `{"title":"Retraites portables","text":"Un accord bilatéral permet aux travailleurs saisonniers de rapatrier leurs droits.","translator":"SG","version":4}`,
			status: http.StatusOK, want: []string{`"translations":[{"lang":"fr","title":"Retraites portables"`, `"translator":"SG"`, `"version":5`}},
		{name: "translate into the original's language", method: "PUT", url: "/api/v1/contributions/{new}/translations/en", as: "secretariat",
			body: `{"title":"T","text":"T","version":5}`, status: http.StatusUnprocessableEntity, want: []string{`"lang":"this is the language of the original"`}},
		{name: "remove a translation without a version", method: "DELETE", url: "/api/v1/contributions/{new}/translations/fr", as: "secretariat",
			status: http.StatusUnprocessableEntity, want: []string{`"version":`}},
		{name: "remove a translation on a stale version", method: "DELETE", url: "/api/v1/contributions/{new}/translations/fr?version=4", as: "secretariat",
			status: http.StatusConflict},
		{name: "remove a translation", method: "DELETE", url: "/api/v1/contributions/{new}/translations/fr?version=5", as: "secretariat", status: http.StatusNoContent},
		{name: "remove it again", method: "DELETE", url: "/api/v1/contributions/{new}/translations/fr?version=6", as: "secretariat", status: http.StatusNotFound},
		{name: "search finds it", method: "GET", url: search, as: "observer", status: http.StatusOK,
			want: []string{`"total":1`, `"id":"{new}"`, `"facets":{`, `"kind":[{"value":"good_practice","count":1}]`}},
		{name: "search for what is not there", method: "GET", url: "/api/v1/contributions?q=fisheries", as: "observer", status: http.StatusOK,
			want: []string{`"total":0`, `"items":[]`}, notWant: []string{`"facets"`}},
		{name: "search by kind", method: "GET", url: "/api/v1/contributions?kind=good_practice&kind=issue_gap&limit=10", as: "secretariat", status: http.StatusOK,
			want: []string{`"id":"{new}"`, `"id":"{contribPublished}"`, `"id":"{contribSubmitted}"`, `"limit":10`}, notWant: []string{"{contribDraft}"}},
		{name: "the secretariat of another process finds nothing", method: "GET", url: search, as: "outsider", status: http.StatusOK,
			want: []string{`"total":0`}},
		{name: "search with bad filters", method: "GET", url: "/api/v1/contributions?kind=wish&status=lost&demo=maybe&limit=0&sort=best", as: "observer",
			status: http.StatusUnprocessableEntity, want: []string{`"demo":"must be true or false"`, `"limit":`}},
		{name: "search with bad values", method: "GET", url: "/api/v1/contributions?kind=wish&status=lost&sort=best", as: "observer",
			status: http.StatusUnprocessableEntity, want: []string{`"kind":`, `"status":`, `"sort":`}},
		{name: "withdraw", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "delegate", body: `{"action":"withdraw","version":6}`,
			status: http.StatusOK, want: []string{`"status":"withdrawn"`}},
		{name: "a withdrawn contribution cannot be changed", method: "PATCH", url: "/api/v1/contributions/{new}", as: "secretariat", body: `{"title":"X","version":7}`,
			status: http.StatusUnprocessableEntity, want: []string{`"key":"error.withdrawn"`}},
		{name: "an observer does not see a withdrawn one", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "observer",
			body: `{"action":"reopen","version":7}`, status: http.StatusNotFound},
		{name: "reopen", method: "POST", url: "/api/v1/contributions/{new}/transition", as: "delegate", body: `{"action":"reopen","version":7}`,
			status: http.StatusOK, want: []string{`"status":"draft"`}},
	})
}

// TestContributionValidation checks that refused input is reported field
// by field, with the catalogue key and the message in the caller's
// language: the Accept-Language header's, else the account's.
func TestContributionValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.url(t, "/api/v1/meetings/{meetingA1}/contributions")
	bad := `{"kind":"wish","title":"","text":"x","lang":"de","countries":["XX"],"links":["ftp://x"],"question_id":"nope","tags":["nope"]}`
	type errBody struct {
		Error struct {
			Code, Message string
			Fields, Keys  map[string]string
		}
	}
	tests := []struct {
		name     string
		as       string
		header   http.Header
		wantMsgs map[string]string // field -> message
	}{
		{name: "English by default", as: "delegate", wantMsgs: map[string]string{"kind": "choose one of the kinds of contribution", "title": "this field is required",
			"question_id": "choose one of the meeting's guiding questions", "tags": "choose tags from the reference frameworks"}},
		{name: "French from Accept-Language", as: "delegate", header: http.Header{"Accept-Language": {"fr-CH, fr;q=0.9, en;q=0.5"}},
			wantMsgs: map[string]string{"kind": "Choisissez l'un des types de contribution.", "title": "Ce champ est obligatoire.",
				"countries": "Codes de pays ISO 3166 inconnus : XX", "question_id": "Choisissez l'une des questions directrices de la réunion."}},
		{name: "Arabic from Accept-Language", as: "secretariat", header: http.Header{"Accept-Language": {"ar"}},
			wantMsgs: map[string]string{"title": "هذا الحقل إلزامي."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.doWith(t, "POST", url, tt.as, "application/json", bad, tt.header)
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			checkWellFormed(t, w)
			var e errBody
			decodeBody(t, w, &e)
			for field, want := range tt.wantMsgs {
				if got := e.Error.Fields[field]; got != want {
					t.Errorf("field %s: message %q, want %q", field, got, want)
				}
			}
			for field, key := range map[string]string{"kind": "error.contribution_kind", "title": "error.required", "lang": "error.locale",
				"countries": "error.countries", "links": "error.link", "question_id": "error.unknown_question", "tags": "error.unknown_tag"} {
				if e.Error.Keys[field] != key {
					t.Errorf("field %s: key %q, want %q; body %s", field, e.Error.Keys[field], key, w.Body)
				}
			}
		})
	}
	t.Run("the account's language without Accept-Language", func(t *testing.T) {
		ctx := context.Background()
		u, err := f.db.UserByID(ctx, f.ids["user:delegate"])
		if err != nil {
			t.Fatal(err)
		}
		u.Locale = "es"
		if err := f.db.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		w := f.do(t, "POST", url, "delegate", `{"kind":"recommendation","title":"","text":"x"}`)
		if want := `"fields":{"title":"Este campo es obligatorio."}`; w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), want) {
			t.Errorf("status %d, body %s; want 422 with %s", w.Code, w.Body, want)
		}
	})
	f.run(t, []scenario{
		{name: "a delegate may not submit for another body", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions", as: "delegate",
			body:   `{"kind":"recommendation","title":"T","text":"x","body_id":"other"}`,
			status: http.StatusForbidden, want: []string{`"key":"error.contribute_body"`}},
		{name: "the secretariat names an unknown body", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions", as: "secretariat",
			body:   `{"kind":"recommendation","title":"T","text":"x","body_id":"other"}`,
			status: http.StatusUnprocessableEntity, want: []string{`"body_id":"there is no such body"`}},
		{name: "the secretariat submits without a body", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions", as: "secretariat",
			body: `{"kind":"recommendation","title":"T","text":"Share data.","submit":true}`, status: http.StatusCreated,
			want: []string{`"status":"submitted"`, `"submitted_at":"20`}, notWant: []string{"body_id", "body_kind"}},
		{name: "a delegate may not move a contribution to another body", method: "PATCH", url: "/api/v1/contributions/{contribDraft}", as: "delegate",
			body: `{"body_id":"other","version":1}`, status: http.StatusForbidden},
		{name: "unknown field", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions", as: "delegate",
			body: `{"kind":"recommendation","title":"T","text":"x","status":"published"}`, status: http.StatusBadRequest, want: []string{`"status":"unknown field"`}},
		{name: "wrong type", method: "PATCH", url: "/api/v1/contributions/{contribDraft}", as: "delegate",
			body: `{"regions":"Europe","version":1}`, status: http.StatusUnprocessableEntity, want: []string{`"regions":"must be an array"`}},
		{name: "bad period", method: "PATCH", url: "/api/v1/contributions/{contribPublished}", as: "secretariat",
			body: `{"period_from":"2019","period_to":"2015","version":1}`, status: http.StatusUnprocessableEntity, want: []string{`"period_to":"must not be before the start date"`}},
	})
}

// TestAttachments checks uploads: the type is checked by content, the size
// is limited, the download is served as an attachment that browsers do not
// sniff.
func TestAttachments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.url(t, "/api/v1/contributions/{contribDraft}/attachments")
	upload := func(name string, data []byte, header http.Header) *httptest.ResponseRecorder {
		body, ct := multipartFile("file", name, data)
		return f.doWith(t, "POST", url, "delegate", ct, body, header)
	}
	t.Run("a PDF", func(t *testing.T) {
		w := upload("report 2017.pdf", testPDF, nil)
		if w.Code != http.StatusCreated {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var a attachmentJSON
		decodeBody(t, w, &a)
		if a.Name != "report 2017.pdf" || a.ContentType != "application/pdf" || a.Size != int64(len(testPDF)) || w.Header().Get("Location") != a.URL {
			t.Errorf("attachment %+v, Location %q", a, w.Header().Get("Location"))
		}
		d := f.do(t, "GET", a.URL, "delegate", "")
		if d.Code != http.StatusOK || !bytes.Equal(d.Body.Bytes(), testPDF) {
			t.Fatalf("download: status %d, %d bytes", d.Code, d.Body.Len())
		}
		// The draft's documents are its author's alone.
		if d := f.do(t, "GET", a.URL, "secretariat", ""); d.Code != http.StatusNotFound {
			t.Fatalf("the secretariat downloads a draft's document: status %d", d.Code)
		}
		for h, want := range map[string]string{"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff",
			"Content-Disposition": `attachment; filename="report 2017.pdf"`, "Content-Security-Policy": "sandbox"} {
			if got := d.Header().Get(h); got != want {
				t.Errorf("%s: %q, want %q", h, got, want)
			}
		}
		g := f.do(t, "GET", f.url(t, "/api/v1/contributions/{contribDraft}"), "delegate", "")
		if !strings.Contains(g.Body.String(), `"id":"`+a.ID+`"`) {
			t.Errorf("the contribution does not list its attachment: %s", g.Body)
		}
	})
	tests := []struct {
		name   string
		file   string
		data   []byte
		header http.Header
		status int
		want   string
	}{
		{name: "an executable named .pdf", file: "cv.pdf", data: []byte("MZ\x90\x00\x03"), status: 422,
			want: `"file":"cv.pdf: attach PDF, office documents (Word, Excel, PowerPoint, OpenDocument) or plain text"`},
		{name: "a type not accepted", file: "photo.exe", data: []byte("MZ"), status: 422, want: `"key":"error.attachment_type"`},
		{name: "an empty file", file: "empty.txt", data: nil, status: 422, want: `"key":"error.attachment_empty"`},
		{name: "too large", file: "big.txt", data: bytes.Repeat([]byte("a"), domain.MaxAttachmentBytes+1), status: 413,
			want: `"message":"big.txt is larger than 10 MB"`},
		{name: "too large, in French", file: "big.txt", data: bytes.Repeat([]byte("a"), domain.MaxAttachmentBytes+1), status: 413,
			header: http.Header{"Accept-Language": {"fr"}}, want: `"message":"big.txt dépasse 10 Mo."`},
		{name: "the largest allowed", file: "big.txt", data: bytes.Repeat([]byte("a"), domain.MaxAttachmentBytes), status: 201, want: `"size":10485760`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := upload(tt.file, tt.data, tt.header)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("status %d, body %.300s; want %d with %s", w.Code, w.Body, tt.status, tt.want)
			}
			checkWellFormed(t, w)
		})
	}
	t.Run("a request far larger than the limit", func(t *testing.T) {
		body := strings.Repeat("x", domain.MaxAttachmentBytes+attachmentMargin+10)
		w := f.doWith(t, "POST", url, "delegate", "multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"+body, nil)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d: %.300s", w.Code, w.Body)
		}
		checkWellFormed(t, w)
	})
	f.run(t, []scenario{
		{name: "JSON instead of a form", method: "POST", url: "/api/v1/contributions/{contribDraft}/attachments", as: "delegate", body: `{"file":"x"}`,
			status: http.StatusUnsupportedMediaType},
		{name: "download a missing one", method: "GET", url: "/api/v1/attachments/nope", as: "secretariat", status: http.StatusNotFound},
		{name: "detach", method: "DELETE", url: "/api/v1/attachments/{attDraft}", as: "delegate", status: http.StatusNoContent},
		{name: "detached", method: "GET", url: "/api/v1/attachments/{attDraft}", as: "delegate", status: http.StatusNotFound},
	})
	t.Run("no file in the form", func(t *testing.T) {
		body, ct := multipartFile("document", "a.txt", []byte("text"))
		w := f.doWith(t, "POST", url, "delegate", ct, body, nil)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"file":`) {
			t.Errorf("status %d: %s", w.Code, w.Body)
		}
	})
}

// TestNonAttribution checks that of contributions changed under the
// non-attribution rule nobody but the author learns the body or the
// author, not from reading them, their versions or the search results,
// and that the body is described only by what enough participants share
// (TestNonAttributionHoldsForWhatWasWrittenUnderIt switches the rule off).
func TestNonAttribution(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.setNonAttribution(t, true)
	f.unattribute(t, "contribPublished", "contribSubmitted")
	m, err := f.db.Meeting(ctx, f.ids["meetingA1"])
	if err != nil {
		t.Fatal(err)
	}
	hidden := []string{"{body}", "Budapest", "{user:delegate}", "User delegate", `"body_id"`, `"author_id"`, `"actor_id"`}
	// Budapest is the meeting's only participant: neither its kind nor its
	// region is told.
	f.run(t, []scenario{
		{name: "the only participant's body is not described", method: "GET", url: "/api/v1/contributions/{contribPublished}", as: "observer", status: http.StatusOK,
			want: []string{`"attributed":false`}, notWant: append([]string{`"body_region"`, `"body_kind"`}, hidden...)},
	})
	// Two more inter-regional forums of Europe take part: three bodies
	// share the description, which is then shown.
	f.addParticipants(t, m, domain.BodyIRF, "Europe", "Prague Process", "Rabat Process")
	shown := []string{`"attributed":false`, `"body_region":"Europe"`, `"body_kind":"irf"`}
	f.run(t, []scenario{
		{name: "an observer reads it", method: "GET", url: "/api/v1/contributions/{contribPublished}", as: "observer", status: http.StatusOK,
			want: shown, notWant: hidden},
		{name: "the secretariat reads it", method: "GET", url: "/api/v1/contributions/{contribSubmitted}", as: "secretariat", status: http.StatusOK,
			want: shown, notWant: hidden},
		{name: "the secretariat reads its versions", method: "GET", url: "/api/v1/contributions/{contribPublished}/versions", as: "secretariat", status: http.StatusOK,
			want: []string{`"version":1`}, notWant: hidden},
		{name: "the secretariat reads its first version", method: "GET", url: "/api/v1/contributions/{contribPublished}/versions/1", as: "secretariat", status: http.StatusOK,
			want: shown, notWant: hidden},
		{name: "search results", method: "GET", url: "/api/v1/contributions?meeting={meetingA1}&facets=true", as: "secretariat", status: http.StatusOK,
			want: append([]string{`"id":"{contribPublished}"`}, shown...), notWant: hidden},
		{name: "the author sees their own", method: "GET", url: "/api/v1/contributions/{contribPublished}", as: "delegate", status: http.StatusOK,
			want: []string{`"attributed":true`, `"body_id":"{body}"`, `"body_name":"Budapest Process"`, `"author_id":"{user:delegate}"`}},
	})
}

// FuzzCreateContribution sends arbitrary bodies to the contribution
// routes as the delegate: the decoder for every input type must answer
// a well-formed 4xx or accept, and the create route must never fail with
// a 5xx.
func FuzzCreateContribution(f *testing.F) {
	seeds := append(slices.Clone(jsonSeeds),
		`{"kind":"good_practice","title":"T","text":"x","period_from":"2015-13","links":["javascript:alert(1)"]}`,
		`{"kind":"recommendation","title":"T","text":"x","countries":["hu",""],"regions":["",""],"submit":true}`,
		`{"kind":"issue_gap","title":"T","text":"x","tags":[""],"question_id":"","lang":"zh"}`,
		`{"kind":"recommendation","title":"`+strings.Repeat("é", 400)+`","text":"x"}`,
		`{"regions":null,"version":1,"title":null}`,
		`{"action":"return","version":1,"reason":"\u0000"}`,
	)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	fx := newFixture(f)
	url := fx.url(f, "/api/v1/meetings/{meetingA1}/contributions")
	targets := []func() any{
		func() any { return new(contributionInput) }, func() any { return new(contributionPatch) },
		func() any { return new(transitionInput) }, func() any { return new(translationInput) },
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range targets {
			if err := decodeJSON(bytes.NewReader(body), target()); err != nil {
				if status, e := httperr.Response(err, nil); status < 400 || status > 499 || e.Message == "" || e.Code == "" {
					t.Fatalf("decode %q into %T: status %d %+v", body, target(), status, e)
				}
			}
		}
		r := httptest.NewRequest("POST", url, bytes.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+fx.tokens["delegate"])
		r.Header.Set("Content-Type", "application/json")
		w := serve(fx.h, r)
		if w.Code != http.StatusCreated && (w.Code < 400 || w.Code > 499) {
			t.Fatalf("body %q: status %d: %s", body, w.Code, w.Body)
		}
		checkWellFormed(t, w)
		if w.Code == http.StatusCreated {
			var c contributionDetailJSON
			if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil || c.Status != "draft" && c.Status != "submitted" || c.AuthorID != fx.ids["user:delegate"] {
				t.Fatalf("body %q: created %s", body, w.Body)
			}
		}
	})
}

// TestImport checks the bulk import: every row is checked first; one bad
// row stops the whole file unless valid_only=true; problems are listed by
// row and column in the caller's language.
func TestImport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.url(t, "/api/v1/meetings/{meetingA1}/contributions/import")
	csv := "kind,title,text,body,author,status\n" +
		"recommendation,Share labour market data,Regional processes should share labour market data.,Budapest Process,delegate@example.org,published\n" +
		"wish,Bad kind,Some text.,,,\n" +
		"issue_gap,,No title here.,Nowhere Process,,\n" +
		"good_practice,Skills partnerships,Countries of origin and destination train workers together.,,,submitted\n"
	count := func() int {
		t.Helper()
		ids, err := f.db.ContributionIDs(context.Background(), store.ContributionFilter{MeetingIDs: []string{f.ids["meetingA1"]}})
		if err != nil {
			t.Fatal(err)
		}
		return len(ids)
	}
	before := count()
	type answer struct {
		Error struct {
			Code, Message, Key string
			Problems           []httperr.Problem
		}
	}
	t.Run("nothing is imported when a row is bad", func(t *testing.T) {
		w := f.doWith(t, "POST", url, "secretariat", "text/csv", csv, nil)
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		checkWellFormed(t, w)
		var a answer
		decodeBody(t, w, &a)
		want := []httperr.Problem{
			{Row: 3, Column: "kind", Key: "error.io_value"},
			{Row: 4, Column: "body", Key: "error.io_body_unknown"},
			{Row: 4, Column: "title", Key: "error.required", Message: "this field is required"},
		}
		if len(a.Error.Problems) != len(want) {
			t.Fatalf("problems %+v, want %+v", a.Error.Problems, want)
		}
		for i, p := range a.Error.Problems {
			if p.Row != want[i].Row || p.Column != want[i].Column || p.Key != want[i].Key || p.Message == "" ||
				want[i].Message != "" && p.Message != want[i].Message {
				t.Errorf("problem %d: %+v, want %+v", i, p, want[i])
			}
		}
		if a.Error.Code != "invalid" || a.Error.Message != "the file has 3 problems; nothing was imported" {
			t.Errorf("error %q %q", a.Error.Code, a.Error.Message)
		}
		if n := count(); n != before {
			t.Errorf("%d contributions after a refused import, want %d", n, before)
		}
	})
	t.Run("problems in Russian", func(t *testing.T) {
		w := f.doWith(t, "POST", url, "secretariat", "text/csv", csv, http.Header{"Accept-Language": {"ru"}})
		var a answer
		decodeBody(t, w, &a)
		if a.Error.Message != "В файле 3 ошибки; ничего не импортировано." || len(a.Error.Problems) != 3 || a.Error.Problems[2].Message != "Это поле обязательно." {
			t.Errorf("status %d, body %s", w.Code, w.Body)
		}
	})
	t.Run("the valid rows only", func(t *testing.T) {
		w := f.doWith(t, "POST", url+"?valid_only=true", "secretariat", "text/csv", csv, nil)
		if w.Code != http.StatusCreated {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		var res importJSON
		decodeBody(t, w, &res)
		if res.Imported != 2 || len(res.IDs) != 2 || len(res.Skipped) != 3 || res.Skipped[0].Row != 3 {
			t.Fatalf("result %+v", res)
		}
		if n := count(); n != before+2 {
			t.Errorf("%d contributions, want %d", n, before+2)
		}
		f.ids["imported"] = res.IDs[0]
		f.run(t, []scenario{
			{name: "read an imported row", method: "GET", url: "/api/v1/contributions/{imported}", as: "observer", status: http.StatusOK,
				want: []string{`"status":"published"`, `"body_id":"{body}"`, `"author_id":"{user:delegate}"`, `"title":"Share labour market data"`}},
		})
	})
	f.run(t, []scenario{
		{name: "an empty file", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions/import", as: "secretariat", body: "[]",
			status: http.StatusUnprocessableEntity, want: []string{`"problems":[{"row":0,`}},
		{name: "not a file type", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions/import?valid_only=true", as: "secretariat",
			status: http.StatusUnsupportedMediaType},
		{name: "a bad valid_only", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions/import?valid_only=yes", as: "secretariat", body: "[]",
			status: http.StatusUnprocessableEntity, want: []string{`"valid_only":"must be true or false"`}},
		{name: "a delegate may not import", method: "POST", url: "/api/v1/meetings/{meetingA1}/contributions/import", as: "delegate", body: "[]",
			status: http.StatusForbidden},
	})
}

// TestExport checks that an export holds what the caller may see, in the
// format asked for, and that an export imported into another instance
// exports the same.
func TestExport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	export := func(role, query string) *httptest.ResponseRecorder {
		t.Helper()
		w := f.do(t, "GET", f.url(t, "/api/v1/contributions/export?"+query), role, "")
		if w.Code != http.StatusOK {
			t.Fatalf("export %s as %s: %d %s", query, role, w.Code, w.Body)
		}
		return w
	}
	t.Run("formats", func(t *testing.T) {
		for _, tt := range []struct{ format, contentType, start string }{
			{"csv", "text/csv; charset=utf-8", "\ufeffid,meeting,kind"},
			{"json", "application/json", "["},
			{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		} {
			w := export("secretariat", "format="+tt.format)
			if ct := w.Header().Get("Content-Type"); ct != tt.contentType || !strings.HasPrefix(w.Body.String(), tt.start) ||
				w.Header().Get("Content-Disposition") != `attachment; filename=contributions.`+tt.format {
				t.Errorf("%s: Content-Type %q, Content-Disposition %q, starts %q", tt.format, ct, w.Header().Get("Content-Disposition"), w.Body.String()[:2])
			}
		}
	})
	t.Run("what each role finds", func(t *testing.T) {
		sec := export("secretariat", "format=csv").Body.String()
		obs := export("observer", "format=csv").Body.String()
		for _, s := range []string{"Submitted gap", "Published practice", "delegate@example.org", "Budapest"} {
			if !strings.Contains(sec, s) {
				t.Errorf("the secretariat's export lacks %s", s)
			}
		}
		if strings.Contains(sec, "Draft recommendation") {
			t.Error("the secretariat's export holds the delegate's draft")
		}
		if !strings.Contains(obs, "Published practice") || strings.Contains(obs, "Draft") || strings.Contains(obs, "Submitted gap") ||
			strings.Contains(obs, "delegate@example.org") {
			t.Errorf("the observer's export:\n%s", obs)
		}
		if other := export("outsider", "format=csv").Body.String(); strings.Contains(other, "Published") {
			t.Errorf("another process's secretariat exports:\n%s", other)
		}
		if kinds := export("secretariat", "format=csv&kind=issue_gap").Body.String(); !strings.Contains(kinds, "Submitted gap") || strings.Contains(kinds, "Published practice") {
			t.Errorf("filtered by kind:\n%s", kinds)
		}
	})
	f.run(t, []scenario{
		{name: "no format", method: "GET", url: "/api/v1/contributions/export", as: "secretariat", status: http.StatusUnprocessableEntity, want: []string{`"format":`}},
		{name: "an unknown format", method: "GET", url: "/api/v1/contributions/export?format=pdf", as: "secretariat", status: http.StatusUnprocessableEntity, want: []string{`"format":`}},
		{name: "a bad filter", method: "GET", url: "/api/v1/contributions/export?format=csv&kind=wish", as: "secretariat", status: http.StatusUnprocessableEntity, want: []string{`"kind":`}},
	})
	t.Run("round trip", func(t *testing.T) {
		// The other instance has the same bodies and accounts but other
		// IDs, so the meeting and question columns are left out.
		strip := func(body []byte) []map[string]any {
			t.Helper()
			var rows []map[string]any
			if err := json.Unmarshal(body, &rows); err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				delete(r, "meeting")
				delete(r, "question")
			}
			return rows
		}
		first := strip(export("secretariat", "format=json&meeting={meetingA1}").Body.Bytes())
		b, _ := json.Marshal(first)
		g := newFreshFixture(t)
		w := g.doWith(t, "POST", g.url(t, "/api/v1/meetings/{meetingA2}/contributions/import"), "secretariat", "application/json", string(b), nil)
		if w.Code != http.StatusCreated {
			t.Fatalf("import: %d %s", w.Code, w.Body)
		}
		w = g.do(t, "GET", g.url(t, "/api/v1/contributions/export?format=json&meeting={meetingA2}"), "secretariat", "")
		again := strip(w.Body.Bytes())
		x, _ := json.MarshalIndent(first, "", " ")
		y, _ := json.MarshalIndent(again, "", " ")
		if len(first) != 2 || !bytes.Equal(x, y) { // the delegate's draft is theirs alone
			t.Errorf("the export of the import differs:\n%s\n--- first export ---\n%s", y, x)
		}
	})
}

// BenchmarkImportXLSX imports a workbook of 10,000 contributions through
// the API, checked row by row and stored in one transaction:
//
//	go test ./internal/api -run XXX -bench ImportXLSX -benchtime 1x
func BenchmarkImportXLSX(b *testing.B) {
	const rows = 10000
	f := newFixture(b)
	ctx := context.Background()
	kinds := domain.ContributionKinds
	cs := make([]*domain.Contribution, rows)
	for i := range cs {
		cs[i] = &domain.Contribution{Kind: kinds[i%len(kinds)], Status: domain.StatusSubmitted, Lang: "en", BodyID: f.ids["body"],
			Title:   fmt.Sprintf("Contribution %d on labour migration", i),
			Text:    fmt.Sprintf("Regional consultative process %d recommends sharing data on labour mobility, skills recognition and remittances.", i),
			Regions: []string{"Europe"}, Countries: []string{"HU", "TR"}}
	}
	var file bytes.Buffer
	if err := contribio.Write(ctx, &file, contribio.XLSX, cs, f.db); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		g := newFixture(b)
		b.StartTimer()
		w := g.doWith(b, "POST", g.url(b, "/api/v1/meetings/{meetingA1}/contributions/import"), "secretariat",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.String(), nil)
		if w.Code != http.StatusCreated {
			b.Fatalf("status %d: %.500s", w.Code, w.Body)
		}
	}
	b.ReportMetric(float64(file.Len())/(1<<20), "file-MiB")
}

// TestPatchKeepsFields checks that an update changes only what it sends:
// a PATCH with the version alone, or with every field as read, leaves the
// contribution as it was.
func TestPatchKeepsFields(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	url := f.url(t, "/api/v1/contributions/{contribPublished}")
	full := f.url(t, `{"kind":"good_practice","practice_type":"institution","title":"One-stop migrant resource centres","text":"Centres that inform migrants before departure.",
		"body_id":"{body}","question_id":"{itemI2}","lang":"en","regions":["Europe","Central Asia"],"countries":["TR","HU"],"tags":[],
		"where":"Türkiye","implementer":"Ministry of Labour","partners":"IOM, ILO","period_from":"2016-03","period_to":"2020",
		"results":"40,000 people advised","replicability":"Needs a ministry willing to host it.","links":["https://example.org/mrc"],"version":1}`)
	w := f.do(t, "PATCH", url, "secretariat", full)
	if w.Code != http.StatusOK {
		t.Fatalf("PATCH: %d %s", w.Code, w.Body)
	}
	read := func() map[string]any {
		t.Helper()
		w := f.do(t, "GET", url, "secretariat", "")
		var m map[string]any
		decodeBody(t, w, &m)
		return m
	}
	stable := func(m map[string]any) string {
		c := maps.Clone(m)
		delete(c, "version")
		delete(c, "updated_at")
		b, _ := json.MarshalIndent(c, "", " ")
		return string(b)
	}
	before := read()
	if w := f.do(t, "PATCH", url, "secretariat", `{"version":2}`); w.Code != http.StatusOK {
		t.Fatalf("PATCH with the version alone: %d %s", w.Code, w.Body)
	}
	if got := read(); stable(got) != stable(before) || got["version"] != 3.0 {
		t.Errorf("a PATCH with no field changed the contribution:\n%s\n--- was ---\n%s", stable(got), stable(before))
	}
	// Put back every field as read.
	patch := map[string]any{}
	for _, k := range []string{"kind", "practice_type", "title", "text", "body_id", "question_id", "lang", "regions", "countries", "tags",
		"where", "implementer", "partners", "period_from", "period_to", "results", "replicability", "links"} {
		patch[k] = before[k]
	}
	patch["version"] = 3
	b, _ := json.Marshal(patch)
	if w := f.do(t, "PATCH", url, "secretariat", string(b)); w.Code != http.StatusOK {
		t.Fatalf("PATCH as read: %d %s", w.Code, w.Body)
	}
	if got := read(); stable(got) != stable(before) {
		t.Errorf("putting back what was read changed the contribution:\n%s\n--- was ---\n%s", stable(got), stable(before))
	}
	for k, want := range map[string]any{"practice_type": "institution", "period_from": "2016-03", "partners": "IOM, ILO", "question_id": f.ids["itemI2"]} {
		if before[k] != want {
			t.Errorf("%s = %v, want %v", k, before[k], want)
		}
	}
}
