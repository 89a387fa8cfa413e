package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// The fixture's contributions are by the delegate on behalf of "Body":
// {contribution} published with {attachment}, {submitted}, and {draft}
// with {draft_attachment} (routes_test.go).

var reContributionURL = regexp.MustCompile(`^/contributions/([0-9a-z]{26})$`)

// created returns the ID of the contribution a form post redirected to.
func created(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	m := reContributionURL.FindStringSubmatch(rec.Header().Get("Location"))
	if rec.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("status %d, location %q:\n%s", rec.Code, rec.Header().Get("Location"), body(rec))
	}
	return m[1]
}

var pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func TestDelegateSubmitsAGoodPracticeThatTheSecretariatPublishes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	o3 := f.gcmItem(t, "O3")
	form := url.Values{"kind": {"good_practice"}, "practice_type": {"project"}, "title": {"Migrant resource centres"},
		"text": {"One-stop centres give migrants accurate information before they leave and after they return."},
		"body": {f.ids["body"]}, "regions": {"West Africa; Sahel"}, "countries": {"sn, ml"}, "tags": {o3}, "lang": {""},
		"where": {"Dakar"}, "implementer": {"Ministry of Labour"}, "period_from": {"2016"}, "period_to": {"2019-06"},
		"links": {"https://example.org/mrc\n\nhttps://example.org/evaluation"}, "action": {"draft"}}
	rec := f.multipartPost(t, "delegate", "/meetings/{meeting}/contributions", form, map[string][]byte{"evaluation.pdf": pdf})
	id := created(t, rec)
	c, err := f.db.Contribution(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != domain.StatusDraft || c.Practice != domain.PracticeProject || c.BodyID != f.ids["body"] || c.Lang != "en" ||
		strings.Join(c.Regions, "|") != "Sahel|West Africa" || strings.Join(c.Countries, ",") != "ML,SN" || len(c.Tags) != 1 ||
		len(c.Links) != 2 || len(c.Attachments) != 1 || c.PeriodTo != "2019-06" {
		t.Fatalf("stored: %+v", c)
	}
	// The detail page shows the tag by its label, the document and the
	// detected language; the author may submit, not publish.
	page := body(f.get(t, "delegate", "/contributions/"+id, ""))
	for _, want := range []string{"Migrant resource centres", "O3", "Provide accurate and timely information", "evaluation.pdf", "Body",
		`value="submit"`, "Ministry of Labour", "2016 – 2019-06"} {
		if !strings.Contains(page, want) {
			t.Errorf("the detail page lacks %q", want)
		}
	}
	if strings.Contains(page, `value="publish"`) || strings.Contains(page, "Audit trail") {
		t.Error("the author is offered the secretariat's step or the audit trail")
	}
	// Other members do not see a draft.
	if rec := f.get(t, "observer", "/contributions/"+id, ""); rec.Code != http.StatusNotFound {
		t.Fatalf("observer sees a draft: %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/"+id+"/transition", url.Values{"step": {"submit"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("submit: status %d: %s", rec.Code, body(rec))
	}
	// A delegate may not publish, even their own.
	rec = f.do(t, "delegate", "POST", "/contributions/"+id+"/transition", url.Values{"step": {"publish"}, "version": {"2"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("delegate publishes: status %d", rec.Code)
	}
	// The moderation queue lists it, oldest first: the fixture's submitted one comes before.
	page = body(f.get(t, "secretariat", "/meetings/{meeting}/moderation", ""))
	if i, j := strings.Index(page, "A submitted recommendation"), strings.Index(page, "Migrant resource centres"); i < 0 || j < i {
		t.Fatalf("queue order: fixture at %d, new at %d:\n%s", i, j, page)
	}
	if !strings.Contains(page, "2 contributions waiting") {
		t.Errorf("the queue does not count its contributions:\n%s", page)
	}
	rec = f.do(t, "secretariat", "POST", "/contributions/"+id+"/transition",
		url.Values{"step": {"publish"}, "version": {"2"}, "next": {"/meetings/" + f.ids["meeting"] + "/moderation"}})
	if rec.Code != http.StatusSeeOther || !strings.HasSuffix(rec.Header().Get("Location"), "/moderation") {
		t.Fatalf("publish: status %d, location %q: %s", rec.Code, rec.Header().Get("Location"), body(rec))
	}
	page = body(f.get(t, "observer", "/contributions/"+id, ""))
	if !strings.Contains(page, "Migrant resource centres") || strings.Contains(page, `action="/contributions/`+id+`/translations"`) {
		t.Fatalf("the observer's view of the published contribution:\n%s", page)
	}
	// The secretariat sees the audit trail of every step.
	page = body(f.get(t, "secretariat", "/contributions/"+id, ""))
	for _, want := range []string{"Audit trail", "Created", "Document attached", "Submitted", "Published"} {
		if !strings.Contains(page, want) {
			t.Errorf("the secretariat's detail page lacks %q", want)
		}
	}
}

func TestObserverCannotContribute(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if rec := f.get(t, "observer", "/meetings/{meeting}/contributions/new", ""); rec.Code != http.StatusForbidden {
		t.Fatalf("form: status %d", rec.Code)
	}
	rec := f.do(t, "observer", "POST", "/meetings/{meeting}/contributions", url.Values{"kind": {"recommendation"}, "title": {"T"}, "text": {"Text"}, "lang": {"en"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("create: status %d", rec.Code)
	}
	page := body(f.get(t, "observer", "/meetings/{meeting}/contributions", ""))
	if strings.Contains(page, "/contributions/new") {
		t.Fatal("the observer is offered the submission form")
	}
}

func TestDelegateCannotSubmitForAnotherBody(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := &domain.Body{Name: "Other body", Kind: domain.BodyNGO}
	if err := f.db.CreateBody(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	rec := f.do(t, "delegate", "POST", "/meetings/{meeting}/contributions",
		url.Values{"kind": {"recommendation"}, "title": {"T"}, "text": {"Text"}, "lang": {"en"}, "body": {other.ID}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "Choose one of the bodies you submit for.") {
		t.Fatalf("status %d:\n%s", rec.Code, body(rec))
	}
	// The secretariat submits for any body.
	rec = f.do(t, "secretariat", "POST", "/meetings/{meeting}/contributions",
		url.Values{"kind": {"recommendation"}, "title": {"T"}, "text": {"Text"}, "lang": {"en"}, "body": {other.ID}})
	created(t, rec)
}

func TestDelegateCannotEditAnothersContribution(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "chair", "POST", "/meetings/{meeting}/contributions",
		url.Values{"kind": {"issue_gap"}, "title": {"A gap in data"}, "text": {"Data on returns are missing."}, "lang": {"en"}, "action": {"submit"}})
	id := created(t, rec)
	// Submitted and not the delegate's: not even visible.
	for _, p := range []string{"/contributions/" + id, "/contributions/" + id + "/edit"} {
		if rec := f.get(t, "delegate", p, ""); rec.Code != http.StatusNotFound {
			t.Fatalf("GET %s: status %d", p, rec.Code)
		}
	}
	// Published: visible, but neither editable nor withdrawable by the delegate.
	if rec := f.do(t, "secretariat", "POST", "/contributions/"+id+"/transition", url.Values{"step": {"publish"}, "version": {"2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("publish: %d", rec.Code)
	}
	if rec := f.get(t, "delegate", "/contributions/"+id+"/edit", ""); rec.Code != http.StatusForbidden {
		t.Fatalf("edit form: status %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/"+id, url.Values{"kind": {"issue_gap"}, "title": {"Hijacked"}, "text": {"x"}, "lang": {"en"}, "version": {"3"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("update: status %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/"+id+"/transition", url.Values{"step": {"withdraw"}, "version": {"3"}, "confirm": {"on"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("withdraw: status %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/"+id+"/translations", url.Values{"lang": {"fr"}, "title": {"x"}, "text": {"y"}, "version": {"3"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("translate: status %d", rec.Code)
	}
	if rec := f.get(t, "outsider", "/contributions/"+id, ""); rec.Code != http.StatusNotFound {
		t.Fatalf("outsider: status %d", rec.Code)
	}
	c, _ := f.db.Contribution(context.Background(), id)
	if c.Title != "A gap in data" || c.Status != domain.StatusPublished {
		t.Fatalf("changed by the refused requests: %+v", c)
	}
}

func TestFormErrorsInTheUsersLanguageKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, lang := range []string{"en", "fr", "es", "ar", "zh", "ru"} {
		t.Run(lang, func(t *testing.T) {
			form := url.Values{"kind": {"good_practice"}, "title": {""}, "text": {"Un texte tapé avec soin"}, "lang": {"fr"},
				"body": {f.ids["body"]}, "period_from": {"2019"}, "period_to": {"2015"}, "countries": {"SN, XX"}, "links": {"ftp://nope"}}
			req := httptest.NewRequest("POST", "/meetings/"+f.ids["meeting"]+"/contributions", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept-Language", lang)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies["delegate"]})
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			p := f.srv.cat.Printer(lang)
			page := body(rec)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", rec.Code)
			}
			for _, want := range []string{p.T("error.required"), p.T("error.date_order"), p.T("error.countries", "XX"), p.T("error.link", "ftp://nope"),
				"Un texte tapé avec soin", `value="2019"`, `value="SN, XX"`, `id="f-title-err"`, `href="#f-title"`} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		})
	}
}

func TestStaleContributionEditIsAConflict(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	edit := func(title string) *httptest.ResponseRecorder {
		return f.do(t, "delegate", "POST", "/contributions/{draft}", url.Values{"kind": {"recommendation"}, "title": {title},
			"text": {"Regular pathways."}, "lang": {"en"}, "body": {f.ids["body"]}, "version": {"1"}})
	}
	if rec := edit("First"); rec.Code != http.StatusSeeOther {
		t.Fatalf("first: status %d: %s", rec.Code, body(rec))
	}
	rec := edit("Second, from an old page")
	if rec.Code != http.StatusConflict || !strings.Contains(body(rec), "Someone else changed this") || !strings.Contains(body(rec), "Second, from an old page") {
		t.Fatalf("stale: status %d:\n%s", rec.Code, body(rec))
	}
	c, _ := f.db.Contribution(context.Background(), f.ids["draft"])
	if c.Title != "First" {
		t.Fatalf("title %q: the stale edit overwrote the first", c.Title)
	}
	// The versions list both saves and the newest shows what changed.
	page := body(f.get(t, "delegate", "/contributions/{draft}/versions", ""))
	if !strings.Contains(page, "Version 2") || !strings.Contains(page, "Version 1") {
		t.Fatalf("versions:\n%s", page)
	}
	page = body(f.get(t, "delegate", "/contributions/{draft}/versions/2", ""))
	if !strings.Contains(page, "3 fields changed since version 1.") || !strings.Contains(page, "<del dir=\"auto\" class=\"pre\">A draft recommendation</del>") {
		t.Fatalf("diff:\n%s", page)
	}
	if rec := f.get(t, "observer", "/contributions/{draft}/versions/1", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("observer reads a draft's version: %d", rec.Code)
	}
}

func TestAttachmentsAreCheckedAndServedAsDownloads(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	fields := url.Values{"kind": {"recommendation"}, "title": {"With a bad file"}, "text": {"Text."}, "lang": {"en"}, "body": {f.ids["body"]}}
	rec := f.multipartPost(t, "delegate", "/meetings/{meeting}/contributions", fields, map[string][]byte{"virus.pdf": []byte("MZ\x90\x00 not a pdf")})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "virus.pdf: attach PDF") || !strings.Contains(body(rec), "choose them again") {
		t.Fatalf("bad file: status %d:\n%s", rec.Code, body(rec))
	}
	rec = f.get(t, "observer", "/attachments/{attachment}", "")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" ||
		rec.Header().Get("Content-Disposition") != `attachment; filename=evidence.pdf` || rec.Header().Get("X-Content-Type-Options") != "nosniff" ||
		!bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) {
		t.Fatalf("download: status %d, headers %v", rec.Code, rec.Header())
	}
	// A document of a draft is the author's and the secretariat's only.
	if rec := f.get(t, "observer", "/attachments/{draft_attachment}", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("observer downloads a draft's document: %d", rec.Code)
	}
	if rec := f.do(t, "delegate", "POST", "/attachments/{draft_attachment}/delete", nil); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("delete without confirmation: %d", rec.Code)
	}
	if rec := f.do(t, "delegate", "POST", "/attachments/{draft_attachment}/delete", url.Values{"confirm": {"on"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", rec.Code)
	}
	if rec := f.get(t, "delegate", "/attachments/{draft_attachment}", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("deleted document still served: %d", rec.Code)
	}
	// Names with non-ASCII letters are encoded for the header.
	a, err := f.db.AddAttachment(context.Background(), f.ids["contribution"], "évaluation 2018.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	rec = f.get(t, "delegate", "/attachments/"+a.ID, "")
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename*=utf-8''%C3%A9valuation%202018.pdf` {
		t.Fatalf("Content-Disposition %q", cd)
	}
}

func TestTranslationsBesideTheOriginal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "delegate", "POST", "/contributions/{draft}/translations", url.Values{"lang": {"en"}, "title": {"Same"}, "text": {"Same"}, "version": {"1"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "This is the language of the original.") || !strings.Contains(body(rec), `href="#f-t-lang"`) {
		t.Fatalf("same language: status %d:\n%s", rec.Code, body(rec))
	}
	rec = f.do(t, "delegate", "POST", "/contributions/{draft}/translations",
		url.Values{"lang": {"fr"}, "title": {"Une recommandation"}, "text": {"Des voies régulières de migration de travail."}, "translator": {"A. Traducteur"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("translate: status %d: %s", rec.Code, body(rec))
	}
	page := body(f.get(t, "delegate", "/contributions/{draft}", ""))
	for _, want := range []string{`<section class="original" lang="en"`, `<section class="translation" lang="fr"`, "Une recommandation", "Translated by A. Traducteur", "Français"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestTranslationIsDeletedOnlyWhenConfirmed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// The fixture's published contribution has a French translation, at version 2.
	if rec := f.do(t, "observer", "POST", "/contributions/{contribution}/translations/fr/delete", url.Values{"confirm": {"on"}, "version": {"2"}}); rec.Code != http.StatusForbidden {
		t.Fatalf("observer: status %d", rec.Code)
	}
	rec := f.do(t, "delegate", "POST", "/contributions/{contribution}/translations/fr/delete", url.Values{"version": {"2"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "Tick the box to confirm the deletion.") {
		t.Fatalf("unconfirmed: status %d", rec.Code)
	}
	if rec := f.do(t, "delegate", "POST", "/contributions/{contribution}/translations/fr/delete", url.Values{"confirm": {"on"}, "version": {"2"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete: status %d: %s", rec.Code, body(rec))
	}
	c, _ := f.db.Contribution(context.Background(), f.ids["contribution"])
	if len(c.Translations) != 0 || c.Version != 3 {
		t.Fatalf("after deleting: %d translations, version %d", len(c.Translations), c.Version)
	}
	if rec := f.do(t, "delegate", "POST", "/contributions/{contribution}/translations/fr/delete", url.Values{"confirm": {"on"}, "version": {"3"}}); rec.Code != http.StatusNotFound {
		t.Fatalf("deleting it again: status %d", rec.Code)
	}
}

func TestReturnNeedsAReasonAndWithdrawAConfirmation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rec := f.do(t, "secretariat", "POST", "/contributions/{submitted}/transition", url.Values{"step": {"return"}, "version": {"1"}, "reason": {"  "}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "Say why the contribution is returned") {
		t.Fatalf("return without a reason: status %d:\n%s", rec.Code, body(rec))
	}
	rec = f.do(t, "secretariat", "POST", "/contributions/{submitted}/transition", url.Values{"step": {"return"}, "version": {"1"}, "reason": {"Please add the countries."}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("return: status %d", rec.Code)
	}
	page := body(f.get(t, "delegate", "/contributions/{submitted}", ""))
	if !strings.Contains(page, "The secretariat returned this contribution:") || !strings.Contains(page, "Please add the countries.") || !strings.Contains(page, `value="submit"`) {
		t.Fatalf("the author does not see why it was returned:\n%s", page)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/{submitted}/transition", url.Values{"step": {"withdraw"}, "version": {"2"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "Tick the box to confirm") {
		t.Fatalf("withdraw without confirmation: status %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/{submitted}/transition", url.Values{"step": {"withdraw"}, "version": {"2"}, "confirm": {"on"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: status %d", rec.Code)
	}
	// From a stale page the step is a conflict, not a second withdrawal.
	rec = f.do(t, "delegate", "POST", "/contributions/{submitted}/transition", url.Values{"step": {"reopen"}, "version": {"2"}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("stale reopen: status %d", rec.Code)
	}
	rec = f.do(t, "delegate", "POST", "/contributions/{submitted}/transition", url.Values{"step": {"publish"}, "version": {"3"}})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("delegate publishes a withdrawn contribution: status %d", rec.Code)
	}
}

// TestNonAttributionHidesBodyAndAuthor: contributions written while the
// meeting was held under the non-attribution rule name neither body nor
// author on any page, export or audit trail, though the rule has since
// been switched off; their author still sees their own.
func TestNonAttributionHidesBodyAndAuthor(t *testing.T) {
	t.Parallel()
	f := newFixtureUnattributed(t)
	ctx := context.Background()
	if m, err := f.db.Meeting(ctx, f.ids["meeting"]); err != nil || m.NonAttribution {
		t.Fatalf("the meeting is still held under the rule: %v", err)
	}
	b, _ := f.db.Body(ctx, f.ids["body"])
	b.Name, b.Region = "Unique Body Name", "Southern Africa"
	if err := f.db.UpdateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	// The body is the only RCP of Southern Africa, and the only
	// participant of its kind and of its region: nothing describes it.
	for _, role := range []string{"secretariat", "observer", "chair"} {
		for _, p := range []string{"/contributions/{contribution}", "/meetings/{meeting}/contributions"} {
			page := body(f.get(t, role, p, ""))
			if strings.Contains(page, "Unique Body Name") || strings.Contains(page, ">Delegate<") || strings.Contains(page, "Southern Africa") ||
				strings.Contains(page, "Regional consultative process") {
				t.Errorf("%s sees the body, its kind or region, or the author on %s", role, p)
			}
			if !strings.Contains(page, "A participant") {
				t.Errorf("%s does not see \"A participant\" on %s", role, p)
			}
		}
	}
	// Two more RCPs of Southern Africa take part: three share the kind
	// and the region, which are shown.
	f.addParticipants(t, domain.BodyRCP, "Southern Africa", "SADC migration dialogue", "MIDSA")
	for _, role := range []string{"secretariat", "observer", "chair"} {
		for _, p := range []string{"/contributions/{contribution}", "/meetings/{meeting}/contributions"} {
			page := body(f.get(t, role, p, ""))
			if strings.Contains(page, "Unique Body Name") || strings.Contains(page, ">Delegate<") {
				t.Errorf("%s sees the body or the author on %s", role, p)
			}
			if !strings.Contains(page, "Regional consultative process · Southern Africa") {
				t.Errorf("%s does not see the body's kind and region on %s", role, p)
			}
		}
	}
	page := body(f.get(t, "secretariat", "/contributions/{contribution}", ""))
	if !strings.Contains(page, "The author (not named: non-attribution)") || strings.Contains(page, ">Delegate<") {
		t.Error("the audit trail names the author under non-attribution")
	}
	for _, p := range []string{"/contributions/{contribution}/versions", "/contributions/{contribution}/versions/1"} {
		if page := body(f.get(t, "secretariat", p, "")); strings.Contains(page, "Unique Body Name") || strings.Contains(page, ">Delegate<") {
			t.Errorf("%s names the body or the author", p)
		}
	}
	// The meeting's history names the delegate and their body where it
	// records their membership, never beside a contribution.
	for _, row := range strings.Split(body(f.get(t, "secretariat", "/meetings/{meeting}/audit", "")), "<tr>") {
		if strings.Contains(row, " · contribution") && (strings.Contains(row, "Body") || strings.Contains(row, ">Delegate<")) {
			t.Errorf("the meeting's history names the body or the author of a contribution:\n%s", row)
		}
	}
	// Neither body nor author leaves in an export, even for the secretariat.
	for _, format := range []string{"json", "csv"} {
		out := f.get(t, "secretariat", "/meetings/{meeting}/contributions/export?format="+format, "").Body.String()
		if !strings.Contains(out, "A contribution recommendation") || strings.Contains(out, "delegate@example.org") || strings.Contains(out, "Unique Body Name") {
			t.Errorf("the %s export names the body or author:\n%s", format, out)
		}
	}
	// The secretariat's edit form does not name the body either, and an
	// edit keeps it.
	page = body(f.get(t, "secretariat", "/contributions/{contribution}/edit", ""))
	if strings.Contains(page, "Unique Body Name") || !strings.Contains(page, "Regional consultative process · Southern Africa") {
		t.Error("the secretariat's edit form names the body under non-attribution")
	}
	rec := f.do(t, "secretariat", "POST", "/contributions/{contribution}", url.Values{"kind": {"recommendation"}, "title": {"Edited by the secretariat"},
		"text": {"Regular pathways."}, "lang": {"en"}, "version": {"2"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("secretariat edit: status %d: %s", rec.Code, body(rec))
	}
	if c, _ := f.db.Contribution(ctx, f.ids["contribution"]); c.BodyID != f.ids["body"] {
		t.Fatalf("the edit lost the body: %q", c.BodyID)
	}
	// The author sees their own body.
	if page := body(f.get(t, "delegate", "/contributions/{contribution}", "")); !strings.Contains(page, "Unique Body Name") {
		t.Error("the author does not see their own body")
	}
}

func TestListSearchesAndCountsPerFilter(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	o3 := f.gcmItem(t, "O3")
	for i, c := range []struct {
		kind  domain.ContributionKind
		title string
		lang  string
		tags  []string
	}{
		{domain.KindGoodPractice, "Centres de ressources pour les migrants", "fr", []string{o3}},
		{domain.KindGoodPractice, "Migrant resource centres in the Sahel", "en", []string{o3}},
		{domain.KindIssue, "Missing data on returns", "en", nil},
	} {
		k := &domain.Contribution{MeetingID: f.ids["meeting"], Kind: c.kind, Status: domain.StatusPublished, Title: c.title,
			Text: c.title + " — text number " + string(rune('a'+i)), Lang: c.lang, Tags: c.tags, Regions: []string{"Sahel"}}
		if err := f.db.CreateContribution(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	page := body(f.get(t, "observer", "/meetings/{meeting}/contributions?kind=good_practice", ""))
	if !strings.Contains(page, "3 contributions") || !strings.Contains(page, "Migrant resource centres in the Sahel") || strings.Contains(page, "Missing data on returns") {
		t.Fatalf("kind filter:\n%s", page)
	}
	// The kind facet still counts the other kinds (disjunctive), the
	// objective facet counts O3.
	for _, want := range []string{`name="kind" value="good_practice" checked`, "Issue or gap</span> <span class=\"count\">(1)</span>",
		"O3 Information provision", "Français</span> <span class=\"count\">(1)</span>"} {
		if !strings.Contains(page, want) {
			t.Errorf("facets lack %q", want)
		}
	}
	page = body(f.get(t, "observer", "/meetings/{meeting}/contributions?q=returns", ""))
	if !strings.Contains(page, "1 contribution") || !strings.Contains(page, "Missing data on returns") || !strings.Contains(page, `value="relevance" selected`) {
		t.Fatalf("search:\n%s", page)
	}
	page = body(f.get(t, "observer", "/meetings/{meeting}/contributions?q=zzzqqq", ""))
	if !strings.Contains(page, "No contribution matches") {
		t.Fatalf("no match:\n%s", page)
	}
	// Pages of 20.
	for i := 0; i < 25; i++ {
		k := &domain.Contribution{MeetingID: f.ids["meeting"], Kind: domain.KindRecommendation, Status: domain.StatusPublished,
			Title: "Recommendation", Text: "Text", Lang: "en"}
		if err := f.db.CreateContribution(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	page = body(f.get(t, "observer", "/meetings/{meeting}/contributions?kind=recommendation", ""))
	next := regexp.MustCompile(`href="([^"]*)" rel="next"`).FindStringSubmatch(page)
	if !strings.Contains(page, "26 contributions") || next == nil || !strings.Contains(html.UnescapeString(next[1]), "kind=recommendation&cursor=an.") ||
		!strings.Contains(html.UnescapeString(next[1]), "&offset=20") || strings.Contains(page, `rel="prev"`) {
		t.Fatalf("pager:\n%s", page)
	}
	// The next page by its cursor, then back to the first.
	page = body(f.get(t, "observer", html.UnescapeString(next[1]), ""))
	prev := regexp.MustCompile(`href="([^"]*)" rel="prev"`).FindStringSubmatch(page)
	if !strings.Contains(page, "21–26 / 26") || prev == nil || strings.Contains(page, `rel="next"`) || !strings.Contains(page, "Issue or gap") {
		t.Fatalf("second page:\n%s", page)
	}
	page = body(f.get(t, "observer", html.UnescapeString(prev[1]), ""))
	if !strings.Contains(page, "1–20 / 26") || strings.Contains(page, `rel="prev"`) || !strings.Contains(page, `rel="next"`) {
		t.Fatalf("back to the first page:\n%s", page)
	}
	// A cursor that is not one is refused on the search box.
	if rec := f.get(t, "observer", "/meetings/{meeting}/contributions?cursor=an.x.1", ""); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad cursor: %d", rec.Code)
	}
	// Across meetings, the meeting facet appears.
	page = body(f.get(t, "observer", "/contributions", ""))
	if !strings.Contains(page, "Test Meeting") || !strings.Contains(page, `name="meeting"`) {
		t.Fatalf("across meetings:\n%s", page)
	}
}

func TestEmptyListInvitesToContribute(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := &domain.Meeting{ProcessID: f.ids["process"], Title: "Empty meeting"}
	if err := f.db.CreateMeeting(ctx, p); err != nil {
		t.Fatal(err)
	}
	page := body(f.get(t, "secretariat", "/meetings/"+p.ID+"/contributions", ""))
	if !strings.Contains(page, "There are no contributions here yet.") || !strings.Contains(page, "/meetings/"+p.ID+"/contributions/new") {
		t.Fatalf("empty state:\n%s", page)
	}
}

func TestContributionPagesInArabicAreRightToLeft(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, p := range []string{"/meetings/{meeting}/contributions", "/meetings/{meeting}/contributions/new", "/contributions/{draft}",
		"/contributions/{draft}/edit", "/meetings/{meeting}/moderation", "/contributions/{draft}/versions", "/contributions/{draft}/versions/1"} {
		role := "delegate"
		if strings.Contains(p, "moderation") {
			role = "secretariat"
		}
		rec := f.get(t, role, p, "ar")
		if rec.Code != http.StatusOK || !strings.Contains(body(rec), `dir="rtl"`) || !strings.Contains(body(rec), `lang="ar"`) {
			t.Errorf("%s: status %d, not right-to-left Arabic", p, rec.Code)
		}
		if strings.Contains(body(rec), "contrib.") || strings.Contains(body(rec), "moderation.") {
			t.Errorf("%s shows an untranslated catalogue key", p)
		}
	}
}

func TestImportListsProblemsByRowAndColumnAndImportsNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	count := func() int {
		ids, err := f.db.ContributionIDs(ctx, store.ContributionFilter{MeetingIDs: []string{f.ids["meeting"]}})
		if err != nil {
			t.Fatal(err)
		}
		return len(ids)
	}
	before := count()
	file := "kind,title,text,lang,objectives\n" +
		"recommendation,Portable pensions,Contributions should follow the worker.,en,O6\n" +
		"wish,Bad kind,Some text.,en,\n" +
		"issue_gap,Unknown objective,Some text.,en,O99\n"
	rec := f.importFile(t, "secretariat", "fr", "rows.csv", file, false)
	page := body(rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(page, "2 problèmes dans le fichier : rien n'a été importé.") ||
		!strings.Contains(page, "Ligne 3, colonne kind") || !strings.Contains(page, "Ligne 4, colonne objectives") {
		t.Fatalf("status %d:\n%s", rec.Code, page)
	}
	if n := count(); n != before {
		t.Fatalf("%d contributions imported from a file with problems", n-before)
	}
	rec = f.importFile(t, "secretariat", "en", "rows.csv", file, true)
	if rec.Code != http.StatusOK || !strings.Contains(body(rec), "1 contribution was imported; 2 rows with problems were left out.") {
		t.Fatalf("valid rows only: status %d:\n%s", rec.Code, body(rec))
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d imported, want 1", n-before)
	}
	rec = f.importFile(t, "secretariat", "en", "rows.txt", file, false)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body(rec), "must end in .csv, .xlsx or .json") {
		t.Fatalf("wrong extension: status %d", rec.Code)
	}
	if rec := f.importFile(t, "delegate", "en", "rows.csv", file, true); rec.Code != http.StatusForbidden {
		t.Fatalf("a delegate imports: status %d", rec.Code)
	}
	rec = f.get(t, "secretariat", "/meetings/{meeting}/contributions/template?format=xlsx", "fr")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/vnd.openxmlformats") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "contributions-template.xlsx") {
		t.Fatalf("template: status %d, headers %v", rec.Code, rec.Header())
	}
}

func TestExportKeepsTheFiltersAndHidesWhatTheViewerMayNotSee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	page := body(f.get(t, "observer", "/meetings/{meeting}/contributions?kind=recommendation", ""))
	if !strings.Contains(page, "/contributions/export?format=csv&kind=recommendation") {
		t.Fatalf("the list has no export link with its filters:\n%s", page)
	}
	rec := f.get(t, "observer", "/meetings/{meeting}/contributions/export?format=csv&kind=recommendation", "")
	out := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("export: status %d, %v", rec.Code, rec.Header())
	}
	if !strings.Contains(out, "A contribution recommendation") || strings.Contains(out, "A draft recommendation") || strings.Contains(out, "A submitted recommendation") {
		t.Fatalf("the observer's export holds what they may not read:\n%s", out)
	}
	if strings.Contains(out, "delegate@example.org") || !strings.Contains(out, "Body") {
		t.Fatalf("the observer's export: author address shown or body missing:\n%s", out)
	}
	// The secretariat's export holds every state but others' drafts, and
	// the author.
	out = f.get(t, "secretariat", "/meetings/{meeting}/contributions/export?format=json", "").Body.String()
	for _, want := range []string{"A submitted recommendation", "delegate@example.org"} {
		if !strings.Contains(out, want) {
			t.Errorf("the secretariat's export lacks %q", want)
		}
	}
	if strings.Contains(out, "A draft recommendation") {
		t.Error("the secretariat's export holds the delegate's draft")
	}
	if rec := f.get(t, "observer", "/meetings/{meeting}/contributions/export?format=pdf", ""); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("unknown format: status %d", rec.Code)
	}
}

func TestSplitRegions(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"semicolons", "West Africa; Sahel ;", []string{"West Africa", "Sahel"}},
		{"commas stay inside a name", "Eastern, Southern Africa; Asia", []string{"Eastern, Southern Africa", "Asia"}},
		{"lines", "Europe\r\nCentral Asia\n\n", []string{"Europe", "Central Asia"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := splitRegions(c.in); strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
				t.Fatalf("splitRegions(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// FuzzFormText checks that what the pages cut or split from typed text
// stays valid text and within its bounds.
func FuzzFormText(f *testing.F) {
	for _, s := range []string{"", "West Africa; Sahel", "مرحبا بالعالم؛ آسيا", "一二三四五六七八九十", "a\x00b;\xff", strings.Repeat("word ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := excerpt(s, 40)
		if strings.ToValidUTF8(s, "") == s && strings.ToValidUTF8(e, "") != e {
			t.Fatalf("excerpt(%q) = %q is not valid UTF-8", s, e)
		}
		if n := len([]rune(e)); n > 41 {
			t.Fatalf("excerpt(%q) has %d characters", s, n)
		}
		for _, r := range splitRegions(s) {
			if r == "" || r != strings.TrimSpace(r) || strings.ContainsAny(r, ";\n\r") {
				t.Fatalf("splitRegions(%q) gave %q", s, r)
			}
		}
	})
}

func TestMeetingPageCountsTheContributionsTheViewerMayFind(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for role, want := range map[string]string{"observer": "Contributions (3)", "delegate": "Contributions (5)", "secretariat": "Contributions (4)"} {
		if page := body(f.get(t, role, "/meetings/{meeting}", "")); !strings.Contains(page, want) {
			t.Errorf("%s: the meeting page lacks %q", role, want)
		}
	}
}

// TestDraftsAreTheAuthorsOnly: until it is submitted, a contribution is
// seen by its author alone, not by the secretariat nor an administrator.
func TestDraftsAreTheAuthorsOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tt := range []struct {
		role string
		want int
	}{{"delegate", http.StatusOK}, {"secretariat", http.StatusNotFound}, {"admin", http.StatusNotFound}, {"chair", http.StatusNotFound}} {
		for _, path := range []string{"/contributions/{draft}", "/contributions/{draft}/edit", "/attachments/{draft_attachment}"} {
			if rec := f.get(t, tt.role, path, ""); rec.Code != tt.want {
				t.Errorf("%s GET %s: status %d, want %d", tt.role, path, rec.Code, tt.want)
			}
		}
	}
	page := body(f.get(t, "secretariat", "/meetings/{meeting}/contributions?status=draft", ""))
	if strings.Contains(page, "A draft recommendation") {
		t.Fatal("the secretariat finds another's draft in the list")
	}
	page = body(f.get(t, "delegate", "/meetings/{meeting}/contributions?status=draft", ""))
	if !strings.Contains(page, "A draft recommendation") {
		t.Fatal("the author does not find their draft in the list")
	}
}

// TestNonAttributionSwitchedThroughThePage: the secretariat changes the
// non-attribution rule on the meeting's page only after a confirmation
// that says what the change does; the change is in the meeting's history;
// a contribution written under the rule names neither body nor author
// once the rule is switched off through the page, and one written after
// that is attributed.
func TestNonAttributionSwitchedThroughThePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	setRule := func(on bool) {
		t.Helper()
		m, err := f.db.Meeting(ctx, f.ids["meeting"])
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"title": {m.Title}, "version": {strconv.Itoa(m.Version)}}
		if on {
			form.Set("non_attribution", "on")
		}
		rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}", form)
		page := body(rec)
		want := "From now on, what is written in this meeting is attributed again."
		if on {
			want = "From now on, what is written in this meeting (contributions, statements, endorsements) is not attributed"
		}
		if rec.Code != http.StatusOK || !strings.Contains(page, want) || !strings.Contains(page, `name="confirm_rule"`) {
			t.Fatalf("no confirmation of the change to %v: status %d\n%s", on, rec.Code, page)
		}
		if now, _ := f.db.Meeting(ctx, f.ids["meeting"]); now.NonAttribution != m.NonAttribution || now.Version != m.Version {
			t.Fatal("the rule changed before it was confirmed")
		}
		form.Set("confirm_rule", "on")
		if rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}", form); rec.Code != http.StatusSeeOther {
			t.Fatalf("confirmed change: status %d\n%s", rec.Code, body(rec))
		}
		if now, _ := f.db.Meeting(ctx, f.ids["meeting"]); now.NonAttribution != on {
			t.Fatalf("the rule is %v after the confirmed change to %v", now.NonAttribution, on)
		}
	}
	contribute := func(title string) string {
		t.Helper()
		created(t, f.do(t, "delegate", "POST", "/meetings/{meeting}/contributions",
			url.Values{"kind": {"recommendation"}, "title": {title}, "text": {"Regular pathways."}, "lang": {"en"}, "body": {f.ids["body"]}, "action": {"submit"}}))
		res, err := f.db.Search(ctx, store.Visibility{All: true, AuthorID: f.ids["user"]}, store.SearchQuery{MeetingIDs: []string{f.ids["meeting"]}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range res.Items {
			if c.Title == title {
				return c.ID
			}
		}
		t.Fatalf("%q not stored", title)
		return ""
	}
	b, _ := f.db.Body(ctx, f.ids["body"])
	b.Name = "Unique Body Name"
	if err := f.db.UpdateBody(ctx, b); err != nil {
		t.Fatal(err)
	}
	setRule(true)
	under := contribute("Written under the rule")
	setRule(false)
	after := contribute("Written after the rule")
	for id, attributed := range map[string]bool{under: false, after: true} {
		page := body(f.get(t, "secretariat", "/contributions/"+id, ""))
		if named := strings.Contains(page, "Unique Body Name") && strings.Contains(page, ">Delegate<"); named != attributed {
			t.Errorf("%s: body and author named %v, want %v", id, named, attributed)
		}
	}
	history := body(f.get(t, "secretariat", "/meetings/{meeting}/audit", ""))
	if n := strings.Count(history, "Non-attribution rule changed"); n != 2 {
		t.Errorf("the history shows %d changes of the rule, want 2", n)
	}
	// Saving the meeting without changing the rule asks nothing.
	m, _ := f.db.Meeting(ctx, f.ids["meeting"])
	if rec := f.do(t, "secretariat", "POST", "/meetings/{meeting}", url.Values{"title": {"Renamed"}, "version": {strconv.Itoa(m.Version)}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("an edit that keeps the rule: status %d", rec.Code)
	}
}

// TestExcerptReadsOnlyTheBeginning checks that the excerpt cut from the
// beginning of a text is the one cut from the whole text with its spaces
// collapsed, as before it read only the beginning.
func TestExcerptReadsOnlyTheBeginning(t *testing.T) {
	whole := func(s string, n int) string {
		s = strings.Join(strings.Fields(s), " ")
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		r := []rune(s)[:n]
		if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
			return string(r)[:i] + "…"
		}
		return string(r) + "…"
	}
	texts := []string{"", "   ", "one", " one  two ", strings.Repeat("word ", 100), strings.Repeat("a", 50) + " b",
		strings.Repeat("x", 39) + "   y z", strings.Repeat("x", 40) + " y", strings.Repeat("x", 41), "a\xffb\xfe " + strings.Repeat("é ", 30),
		"مرحبا   بالعالم\n\nآسيا " + strings.Repeat("كلمة ", 20), strings.Repeat("一二三四五六七八九十", 6), strings.Repeat("ab ", 13) + "\t\t\tcd ef"}
	for _, s := range texts {
		for _, n := range []int{1, 2, 10, 39, 40, 41, 240} {
			if got, want := excerpt(s, n), whole(s, n); got != want {
				t.Errorf("excerpt(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

// TestListFiltersKeptPerViewersCounts checks that the filters of a list,
// drawn once and kept (drawContribFacets), show everyone exactly what
// drawing them for that person alone shows: the counts of what that
// person may find, never another's (a delegate's own drafts and
// submissions, the secretariat's submitted ones, the bodies of
// contributions written without attribution), whoever opened the list
// before; that they are kept; and that a new contribution is counted.
func TestListFiltersKeptPerViewersCounts(t *testing.T) {
	t.Parallel()
	facets := regexp.MustCompile(`(?s)<section class="facets".*?</section>|<h2 id="h-results">[^<]*</h2>`)
	viewers := []string{"admin", "secretariat", "chair", "rapporteur", "delegate", "observer", "outsider", "anonymous"}
	for _, fx := range []struct {
		name string
		open func(*testing.T) *fixture
	}{{"attributed", newFixture}, {"unattributed", newFixtureUnattributed}} {
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			f := fx.open(t)
			paths := []string{"/meetings/{meeting}/contributions", "/contributions", "/meetings/{meeting}/contributions?body={body}",
				"/meetings/{meeting}/contributions?status=draft&status=submitted", "/meetings/{meeting}/contributions?q=pathways"}
			look := func(role, path string) (int, string) {
				rec := f.get(t, role, path, "")
				return rec.Code, strings.Join(facets.FindAllString(body(rec), -1), "\n")
			}
			// What each viewer is shown when the filters are drawn for
			// them alone.
			alone := func() map[string]string {
				want := map[string]string{}
				for _, path := range paths {
					for _, role := range viewers {
						f.srv.facetDrawings = newDrawnDashboards(facetCacheBytes)
						code, got := look(role, path)
						want[path+" "+role] = fmt.Sprint(code, got)
					}
				}
				return want
			}
			want := alone()
			m := "/meetings/{meeting}/contributions"
			if want[m+" delegate"] == want[m+" observer"] || want[m+" secretariat"] == want[m+" observer"] ||
				want[m+" delegate"] == want[m+" secretariat"] || !strings.Contains(want[m+" delegate"], `name="status" value="draft"`) ||
				strings.Contains(want[m+" secretariat"], `name="status" value="draft"`) || !strings.HasPrefix(want[m+" outsider"], "404") {
				t.Fatalf("the viewers' lists do not differ as the fixture's contributions say:\n%v", want)
			}
			if fx.name == "unattributed" && (strings.Contains(want[m+" observer"], `name="body"`) || !strings.Contains(want[m+" delegate"], `name="body"`)) {
				t.Fatalf("bodies without attribution:\nobserver %s\ndelegate %s", want[m+" observer"], want[m+" delegate"])
			}
			// Everyone in turn, in one order and the other, twice: each
			// is shown their own counts whatever was drawn before.
			f.srv.facetDrawings = newDrawnDashboards(facetCacheBytes)
			order := slices.Clone(viewers)
			var drawn int64
			for round := range 3 {
				if round == 1 {
					slices.Reverse(order)
				}
				if round == 2 {
					drawn = f.srv.facetDrawings.drawings()
				}
				for _, path := range paths {
					for _, role := range order {
						code, got := look(role, path)
						if g := fmt.Sprint(code, got); g != want[path+" "+role] {
							t.Errorf("round %d, %s as %s:\n%s\nwant\n%s", round, path, role, g, want[path+" "+role])
						}
					}
				}
			}
			if n := f.srv.facetDrawings.drawings(); n != drawn {
				t.Errorf("the filters were drawn %d times more for the same counts", n-drawn)
			}
			// A new contribution is counted on the next view.
			k := &domain.Contribution{MeetingID: f.ids["meeting"], Kind: domain.KindIssue, Status: domain.StatusPublished,
				Title: "Counted anew", Text: "A gap.", Lang: "en"}
			if err := f.db.CreateContribution(context.Background(), k); err != nil {
				t.Fatal(err)
			}
			if _, got := look("observer", m); !strings.Contains(got, `value="issue_gap"`) {
				t.Errorf("the new contribution's kind is not counted:\n%s", got)
			}
		})
	}
}
