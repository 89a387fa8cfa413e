package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// outcomeMeeting gives the fixture a new meeting of its process,
// "m2", with no outcome document: the fixture's chair chairs it, the
// fixture's delegate speaks in it for the fixture's body, "delegate2"
// for a second body, and the fixture's observer observes it.
func outcomeMeeting(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := f.adminCtx(t)
	ag := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: f.ids["process"], Title: "Second Meeting", ShortName: "SM 2", Venue: "Bangkok", StartsOn: "2018-05-02", EndsOn: "2018-05-03"},
		Sessions: []*domain.SessionNode{{Session: domain.Session{Number: 1, Title: "Opening"},
			Items: []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemObjective, Text: "Agree on the recommendations."}}}}}}
	if err := f.db.CreateMeetingWithAgenda(ctx, ag); err != nil {
		t.Fatal(err)
	}
	mid := ag.Meeting.ID
	body2 := &domain.Body{Name: "Second Body", Kind: domain.BodyIRF}
	if err := f.db.CreateBody(ctx, body2); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*domain.Membership{
		{UserID: f.userID(t, "chair"), ProcessID: f.ids["process"], MeetingID: mid, Role: domain.RoleChair},
		{UserID: f.userID(t, "delegate"), ProcessID: f.ids["process"], MeetingID: mid, Role: domain.RoleDelegate, BodyID: f.ids["body"]},
		{UserID: f.userID(t, "observer"), ProcessID: f.ids["process"], MeetingID: mid, Role: domain.RoleObserver},
	} {
		if err := f.db.AddMembership(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	f.addPerson(t, "delegate2", domain.Membership{ProcessID: f.ids["process"], MeetingID: mid, Role: domain.RoleDelegate, BodyID: body2.ID})
	f.ids["m2"] = mid
	return mid
}

var (
	reParagraph = regexp.MustCompile(`<p class="para" id="([^"]+)"[^>]*><span class="num">1\.</span>`)
	reAmendment = regexp.MustCompile(`<article class="amendment" id="([^"]+)"`)
)

// expect checks a response's status and that its body holds every one of
// has (HTML-escaped as a page writes it).
func expect(t *testing.T, what string, code, want int, body string, has ...string) {
	t.Helper()
	if code != want {
		t.Fatalf("%s: status %d, want %d: %s", what, code, want, body)
	}
	for _, h := range has {
		if !strings.Contains(body, html.EscapeString(h)) && !strings.Contains(body, h) {
			t.Fatalf("%s: the page lacks %q", what, h)
		}
	}
}

// amendmentOf returns the meeting's amendment n (A1 is 1) as stored.
func amendmentOf(t *testing.T, f *fixture, meetingID string, n int) *store.OutcomeAmendment {
	t.Helper()
	all, err := f.db.OutcomeAmendments(context.Background(), meetingID)
	if err != nil {
		t.Fatal(err)
	}
	for _, am := range all {
		if am.Number == n {
			return am
		}
	}
	t.Fatalf("no amendment A%d", n)
	return nil
}

// TestOutcomeWholeFlow walks the outcome document through its pages: the
// secretariat drafts and opens a round, two delegations amend and one
// supports the other's, the secretariat and the chair decide, the
// secretariat closes the round, the chair adopts, the secretariat
// publishes, and a visitor without an account reads the public page.
// Wrong roles are refused on the way.
func TestOutcomeWholeFlow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mid := outcomeMeeting(t, f)
	page := "/meetings/{m2}/outcome"
	v := func(kv ...string) url.Values {
		out := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}

	rec := f.do(t, "secretariat", "GET", page, nil)
	expect(t, "empty state", rec.Code, 200, rec.Body.String(), "No outcome document yet", "Make the first draft from the meeting")
	rec = f.do(t, "chair", "GET", page, nil)
	expect(t, "empty state for the chair", rec.Code, 200, rec.Body.String(), "The secretariat has not drafted the outcome document yet.")
	if rec := f.do(t, "chair", "POST", page, v("lang", "en")); rec.Code != http.StatusForbidden {
		t.Fatalf("the chair drafted: status %d", rec.Code)
	}
	rec = f.do(t, "secretariat", "POST", page, v("lang", "en"))
	expect(t, "draft", rec.Code, http.StatusSeeOther, rec.Body.String())

	rec = f.do(t, "secretariat", "GET", page, nil)
	body := rec.Body.String()
	expect(t, "draft page", rec.Code, 200, body, "Participating bodies", "Open for amendments", "Version 1", "Regenerate from the synthesis")
	m := reParagraph.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no paragraph 1 on the page: %s", body)
	}
	para := m[1]
	f.ids["para"] = para

	// Observers read the adopted document only.
	rec = f.do(t, "observer", "GET", page, nil)
	if strings.Contains(rec.Body.String(), `class="para"`) {
		t.Fatal("an observer reads the draft")
	}
	if rec := f.do(t, "observer", "GET", "/meetings/{m2}/outcome/diff?from=1&to=1", nil); rec.Code != http.StatusForbidden {
		t.Fatalf("an observer reads the difference: status %d", rec.Code)
	}

	rec = f.do(t, "delegate", "GET", page+"/export?format=md", nil)
	expect(t, "a draft in Markdown", rec.Code, 200, rec.Body.String(), "**DRAFT**")
	if rec := f.do(t, "observer", "GET", page+"/export?format=md", nil); rec.Code != http.StatusForbidden {
		t.Fatalf("an observer downloaded a draft: status %d", rec.Code)
	}

	rec = f.do(t, "secretariat", "GET", page+"/open", nil)
	expect(t, "round confirmation", rec.Code, 200, rec.Body.String(), "Open version 1 for amendments?", "Silence procedure", "Deadline (UTC)")
	deadline := time.Now().UTC().Add(48 * time.Hour).Format(deadlineLayout)
	rec = f.do(t, "secretariat", "POST", page+"/open", v("version", "1", "deadline", "2001-01-01T10:00", "confirm", "on"))
	expect(t, "a deadline in the past", rec.Code, http.StatusUnprocessableEntity, rec.Body.String(), "the deadline must be in the future")
	rec = f.do(t, "secretariat", "POST", page+"/open", v("version", "1", "deadline", deadline, "confirm", "on"))
	expect(t, "open", rec.Code, http.StatusSeeOther, rec.Body.String())

	rec = f.do(t, "delegate", "GET", page, nil)
	expect(t, "open round for a delegate", rec.Code, 200, rec.Body.String(), "Propose an amendment to paragraph 1", "/outcome/amend?block="+para)
	rec = f.do(t, "delegate", "GET", page+"/amend?block={para}", nil)
	expect(t, "amendment form", rec.Code, 200, rec.Body.String(), "Amendment to paragraph 1", "Justification")
	if rec := f.do(t, "observer", "POST", page+"/amendments", v("block", "{para}", "op", "delete", "lang", "en", "justification", "No.")); rec.Code != http.StatusForbidden {
		t.Fatalf("an observer amended: status %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", page+"/amendments", v("block", "{para}", "op", "replace", "text", "", "lang", "en", "justification", "Clearer."))
	expect(t, "a replacement without text", rec.Code, http.StatusUnprocessableEntity, rec.Body.String(), "This field is required.")
	rec = f.do(t, "delegate", "POST", page+"/amendments", v("block", "{para}", "op", "replace", "text", "The bodies listed below took part in the meeting.", "lang", "en", "justification", "Clearer."))
	expect(t, "amend", rec.Code, http.StatusSeeOther, rec.Body.String())
	rec = f.do(t, "delegate2", "POST", page+"/amendments", v("block", "{para}", "op", "insert_after", "text", "Observers attended too.", "lang", "en", "justification", "Complete."))
	expect(t, "insert", rec.Code, http.StatusSeeOther, rec.Body.String())
	a1, a2 := amendmentOf(t, f, mid, 1), amendmentOf(t, f, mid, 2)
	f.ids["a1"], f.ids["a2"] = a1.ID, a2.ID
	rec = f.do(t, "delegate2", "POST", page+"/amendments/{a1}/support", nil)
	expect(t, "support", rec.Code, http.StatusSeeOther, rec.Body.String())
	rec = f.do(t, "delegate", "GET", page, nil)
	expect(t, "the record", rec.Code, 200, rec.Body.String(), "A1", "A2", "Supported by", "Second Body", "Clearer.")
	if got := reAmendment.FindAllStringSubmatch(rec.Body.String(), -1); len(got) != 2 {
		t.Fatalf("the record shows %d amendments, want 2", len(got))
	}
	if rec := f.do(t, "delegate", "POST", page+"/amendments/{a2}/decide", v("version", "1", "decision", "accept")); rec.Code != http.StatusForbidden {
		t.Fatalf("a delegate decided: status %d", rec.Code)
	}

	rec = f.do(t, "secretariat", "POST", page+"/close", nil)
	expect(t, "closing undecided", rec.Code, http.StatusConflict, rec.Body.String(), "2 amendments of the round are not decided yet")
	a1 = amendmentOf(t, f, mid, 1)
	rec = f.do(t, "secretariat", "POST", page+"/amendments/{a1}/decide", v("version", itoa64(int64(a1.Version)), "decision", "accept"))
	expect(t, "accept", rec.Code, http.StatusSeeOther, rec.Body.String())
	rec = f.do(t, "chair", "POST", page+"/amendments/{a2}/decide", v("version", "1", "decision", "reject"))
	expect(t, "a rejection without reason", rec.Code, http.StatusUnprocessableEntity, rec.Body.String(), "This field is required.")
	rec = f.do(t, "chair", "POST", page+"/amendments/{a2}/decide", v("version", "1", "decision", "reject", "reason", "Observers are listed in the annex."))
	expect(t, "reject", rec.Code, http.StatusSeeOther, rec.Body.String())
	rec = f.do(t, "secretariat", "POST", page+"/close", nil)
	expect(t, "close", rec.Code, http.StatusSeeOther, rec.Body.String())

	rec = f.do(t, "delegate", "GET", page, nil)
	expect(t, "version 2", rec.Code, 200, rec.Body.String(), "Version 2", "The bodies listed below took part in the meeting.", "Observers are listed in the annex.", "Applied in version 2.")
	rec = f.do(t, "delegate", "GET", "/meetings/{m2}/outcome/diff?from=1&to=2", nil)
	expect(t, "difference", rec.Code, 200, rec.Body.String(), "Changes from version 1 to version 2", "<ins>", "Changed")

	for _, role := range []string{"delegate", "secretariat"} {
		if rec := f.do(t, role, "GET", page+"/adopt", nil); rec.Code != http.StatusForbidden {
			t.Fatalf("%s asked to adopt: status %d", role, rec.Code)
		}
		if rec := f.do(t, role, "POST", page+"/adopt", v("version", "2", "confirm", "on")); rec.Code != http.StatusForbidden {
			t.Fatalf("%s adopted: status %d", role, rec.Code)
		}
	}
	if rec := f.do(t, "anonymous", "GET", "/p/{m2}", nil); rec.Code != http.StatusNotFound {
		t.Fatalf("anonymous read a draft: status %d", rec.Code)
	}
	rec = f.do(t, "chair", "GET", page+"/adopt", nil)
	expect(t, "adoption confirmation", rec.Code, 200, rec.Body.String(), "Adopt version 2?", "Adoption freezes the text")
	rec = f.do(t, "chair", "POST", page+"/adopt", v("version", "2"))
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasSuffix(loc, "/outcome/adopt") {
		t.Fatalf("an adoption without confirmation went to %d %q", rec.Code, loc)
	}
	rec = f.do(t, "chair", "POST", page+"/adopt", v("version", "2", "confirm", "on"))
	expect(t, "adopt", rec.Code, http.StatusSeeOther, rec.Body.String())
	doc, err := f.db.OutcomeDocument(context.Background(), mid)
	if err != nil {
		t.Fatal(err)
	}
	rec = f.do(t, "observer", "GET", page, nil)
	expect(t, "adopted, for an observer", rec.Code, 200, rec.Body.String(), "Adopted", domain.ShortHash(doc.AdoptedHash), doc.AdoptedHash, "The bodies listed below took part in the meeting.")
	if rec := f.do(t, "anonymous", "GET", "/p/{m2}", nil); rec.Code != http.StatusNotFound {
		t.Fatalf("anonymous read an unpublished document: status %d", rec.Code)
	}

	rec = f.do(t, "secretariat", "GET", page+"/publish", nil)
	expect(t, "publication confirmation", rec.Code, 200, rec.Body.String(), "Publish the adopted document?")
	rec = f.do(t, "secretariat", "POST", page+"/publish", v("publish", "on", "confirm", "on"))
	expect(t, "publish", rec.Code, http.StatusSeeOther, rec.Body.String())
	rec = f.do(t, "delegate", "GET", "/meetings/{m2}", nil)
	expect(t, "the meeting page", rec.Code, 200, rec.Body.String(), "/meetings/"+mid+"/outcome", "/p/"+mid, "Published")
	rec = f.do(t, "delegate", "GET", "/", nil)
	expect(t, "the meetings list", rec.Code, 200, rec.Body.String(), "Published")

	rec = f.do(t, "anonymous", "GET", "/p/{m2}", nil)
	body = rec.Body.String()
	expect(t, "public page", rec.Code, 200, body, "SM 2", "Bangkok", "2018-05-02", "The bodies listed below took part in the meeting.", doc.AdoptedHash)
	for _, login := range []string{`href="/"`, `action="/logout"`, `href="/meetings/`, `href="/contributions"`} {
		if strings.Contains(body, login) {
			t.Fatalf("the public page links to %s, which needs a login", login)
		}
	}
	rec = f.do(t, "anonymous", "GET", "/p/{m2}/export?format=docx", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/vnd.openxmlformats") || !strings.Contains(rec.Header().Get("Content-Disposition"), ".docx") {
		t.Fatalf("the public DOCX: status %d, %v", rec.Code, rec.Header())
	}
	rec = f.get(t, "anonymous", "/p/{m2}", "fr")
	expect(t, "public page in French", rec.Code, 200, rec.Body.String(), "original")
	if rec := f.do(t, "outsider", "GET", page, nil); rec.Code != http.StatusNotFound {
		t.Fatalf("another process's member read the outcome page: status %d", rec.Code)
	}
	if rec := f.do(t, "anonymous", "GET", page, nil); !strings.HasPrefix(rec.Header().Get("Location"), "/login?") {
		t.Fatalf("anonymous was not sent to log in: status %d", rec.Code)
	}
}

// TestOutcomeStaleEdit saves two edits of one section made from the same
// version: the second is a conflict that shows the first one's text and
// keeps its own in the form, and overwrites nothing.
func TestOutcomeStaleEdit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	mid := outcomeMeeting(t, f)
	if rec := f.do(t, "secretariat", "POST", "/meetings/{m2}/outcome", url.Values{"lang": {"en"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("draft: %d", rec.Code)
	}
	rec := f.do(t, "secretariat", "GET", "/meetings/{m2}/outcome?edit=participants", nil)
	expect(t, "the section form", rec.Code, 200, rec.Body.String(), `name="heading"`, "Add a block at the end")
	edit := func(heading, text string) url.Values {
		return url.Values{"key": {"participants"}, "version": {"1"}, "heading": {heading}, "block": {"0"}, "id.0": {""}, "kind.0": {"paragraph"}, "text.0": {text}}
	}
	rec = f.do(t, "secretariat", "POST", "/meetings/{m2}/outcome/section", edit("Who took part", "Twelve delegations took part."))
	expect(t, "first edit", rec.Code, http.StatusSeeOther, rec.Body.String())
	rec = f.do(t, "secretariat", "POST", "/meetings/{m2}/outcome/section", edit("Participants", "Eleven delegations took part."))
	expect(t, "stale edit", rec.Code, http.StatusConflict, rec.Body.String(), "Version 2 was saved while you edited", "Twelve delegations took part.", "Eleven delegations took part.", "Nothing was overwritten.")
	doc, err := f.db.OutcomeDocument(context.Background(), mid)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Latest != 2 {
		t.Fatalf("the stale edit made version %d", doc.Latest)
	}
	// Saved again from the form (now carrying version 2), it goes through.
	rec = f.do(t, "secretariat", "POST", "/meetings/{m2}/outcome/section", url.Values{"key": {"participants"}, "version": {"2"}, "heading": {"Participants"}, "block": {"0"}, "kind.0": {"paragraph"}, "text.0": {"Eleven delegations took part."}})
	expect(t, "edit again", rec.Code, http.StatusSeeOther, rec.Body.String())
}

// TestOutcomeTranslatePageKeepsTheReadersLanguage: the page that puts a
// translation into French beside the original stays in the translator's
// language (?to= names the language translated into; ?lang= would switch
// the page's own).
func TestOutcomeTranslatePageKeepsTheReadersLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	outcomeMeeting(t, f)
	if rec := f.do(t, "secretariat", "POST", "/meetings/{m2}/outcome", url.Values{"lang": {"en"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("draft: %d", rec.Code)
	}
	rec := f.do(t, "secretariat", "GET", "/meetings/{m2}/outcome/translate?to=fr&v=1", nil)
	expect(t, "the translation page", rec.Code, 200, rec.Body.String(), `<html lang="en"`, "<h1>Translation into Français</h1>", `name="lang" value="fr"`)
	rec = f.do(t, "secretariat", "GET", "/meetings/{m2}/outcome/translate?v=1", nil)
	if rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusBadRequest {
		t.Errorf("no language to translate into: status %d", rec.Code)
	}
}
