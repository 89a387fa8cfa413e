package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/api"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/demoidp"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/outcome"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/synthesis"
	"github.com/plenary-org/plenary/internal/themes"
)

// fixture is a small world: a process with a meeting imported from an
// agenda, a group, a body, and one account per role, each with a session.
type fixture struct {
	db      *store.DB
	srv     *Server
	h       http.Handler
	ids     map[string]string // names used in route templates -> IDs
	cookies map[string]string // role -> session token
}

// testParams make password hashes cheap for tests.
var testParams = auth.Params{Memory: 1024, Time: 1, Threads: 1}

// roles name the fixture's accounts, the same names as in the API's
// fixture: anonymous (no session), admin, secretariat (of the process),
// chair (of the meeting), rapporteur (of the group), delegate (of the
// body), observer, and outsider (the secretariat of another process).
// Each account's e-mail is its role's name at example.org.
var roles = []string{"anonymous", "admin", "secretariat", "chair", "rapporteur", "delegate", "observer", "outsider"}

const testAgenda = `**Test Meeting**

## Meeting Objective

- (i) to test

## Session 1. Opening

### Objectives

- to open

### Guiding questions

- What?

#### Session 1 Breakout Groups

- Which?
`

// fixtures is the fixture's database, built once and copied for each test.
var fixtures storetest.Snapshot[*fixture]

// setNonAttribution holds the fixture's meeting under the non-attribution
// rule or not, from now on.
func (f *fixture) setNonAttribution(t *testing.T, on bool) {
	t.Helper()
	ctx := f.adminCtx(t)
	m, err := f.db.Meeting(ctx, f.ids["meeting"])
	if err != nil {
		t.Fatal(err)
	}
	m.NonAttribution = on
	if err := f.db.UpdateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
}

// newFixture returns a fixture of its own, copied from the one built once.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	return openFixture(t, &fixtures, false)
}

// fixturesUnattributed is the fixture's database with everything in its
// meeting written under the non-attribution rule.
var fixturesUnattributed storetest.Snapshot[*fixture]

// newFixtureUnattributed returns a fixture whose meeting was held under
// the non-attribution rule while its contributions, endorsements and
// statements were written, and no longer is: what was written stays
// unattributed.
func newFixtureUnattributed(t *testing.T) *fixture {
	t.Helper()
	return openFixture(t, &fixturesUnattributed, true)
}

func openFixture(t *testing.T, snap *storetest.Snapshot[*fixture], unattributed bool) *fixture {
	t.Helper()
	db, built := snap.Open(t, func(db *store.DB) *fixture { return buildFixture(t, db, unattributed) })
	f := &fixture{db: db, ids: maps.Clone(built.ids), cookies: maps.Clone(built.cookies)}
	lv := live.New(db, live.Options{})
	t.Cleanup(lv.Close)
	srv, err := New(Config{DB: db, Catalog: locale.MustLoad(), Live: lv, Accounts: account.New(db, account.Options{Hashing: auth.HasherOptions{Params: testParams},
		SSO: []auth.SSOProvider{{ID: "demo", Name: "Test identity provider", Issuer: testIdP(), ClientID: "plenary", ClientSecret: "plenary-secret", LinkByEmail: true}}})})
	if err != nil {
		t.Fatal(err)
	}
	f.srv, f.h = srv, srv.Handler()
	return f
}

// testIdP starts, once for the package's tests, a real OpenID provider
// (package demoidp) on a random port, whose people are the fixture's
// accounts (role@example.org, password "idp-pw") and two without an
// account (stranger@example.org, and new@example.org, who is invited); plenary is its client "plenary", coming
// back to the address the test requests are made to. It returns its
// issuer.
var testIdP = sync.OnceValue(func() string {
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String() + "/idp"
	var users []demoidp.User
	for _, r := range append(slices.Clone(roles[1:]), "stranger", "new") {
		users = append(users, demoidp.User{Subject: "sub-" + r, Email: r + "@example.org", Verified: true, Name: "IdP " + r, Password: "idp-pw"})
	}
	p, err := demoidp.New(demoidp.Config{Issuer: issuer, Users: users, Catalog: locale.MustLoad(),
		Clients: []demoidp.Client{{ID: "plenary", Secret: "plenary-secret", RedirectURIs: []string{"http://example.com/login/sso/demo/callback"}}}})
	if err != nil {
		panic(err)
	}
	srv.Config.Handler = p
	srv.Start()
	return issuer
})

// buildFixture fills db with the fixture's world and returns its IDs and
// session cookies; with unattributed, its meeting is held under the
// non-attribution rule until everything is written.
func buildFixture(t *testing.T, db *store.DB, unattributed bool) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, ids: map[string]string{}, cookies: map[string]string{}}
	users := map[string]*domain.User{}
	for _, r := range roles[1:] {
		u := &domain.User{Email: r + "@example.org", Name: strings.ToUpper(r[:1]) + r[1:], Admin: r == "admin"}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		users[r] = u
		tok, hash := auth.NewToken()
		if err := db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		f.cookies[r] = tok
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: users["admin"]})
	if err := db.EnsureBuiltinFrameworks(actx); err != nil {
		t.Fatal(err)
	}
	fws, err := db.Frameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.ids["framework"] = fws[0].ID
	p := &domain.Process{Name: "Process"}
	other := &domain.Process{Name: "Other process"}
	body := &domain.Body{Name: "Body", Kind: domain.BodyRCP}
	for _, err := range []error{db.CreateProcess(actx, p), db.CreateProcess(actx, other), db.CreateBody(actx, body)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	am, err := agenda.ParseBytes([]byte(testAgenda))
	if err != nil {
		t.Fatal(err)
	}
	a := am.ToDomain()
	a.Meeting.ProcessID = p.ID
	a.Meeting.NonAttribution = unattributed
	if err := db.CreateMeetingWithAgenda(actx, a); err != nil {
		t.Fatal(err)
	}
	g := &domain.Group{MeetingID: a.Meeting.ID, Name: "Africa"}
	if err := db.CreateGroup(actx, g); err != nil {
		t.Fatal(err)
	}
	mid := a.Meeting.ID
	for _, m := range []*domain.Membership{
		{UserID: users["secretariat"].ID, ProcessID: p.ID, Role: domain.RoleSecretariat},
		{UserID: users["chair"].ID, ProcessID: p.ID, MeetingID: mid, Role: domain.RoleChair},
		{UserID: users["rapporteur"].ID, ProcessID: p.ID, MeetingID: mid, Role: domain.RoleRapporteur, GroupID: g.ID},
		{UserID: users["delegate"].ID, ProcessID: p.ID, MeetingID: mid, Role: domain.RoleDelegate, BodyID: body.ID},
		{UserID: users["observer"].ID, ProcessID: p.ID, MeetingID: mid, Role: domain.RoleObserver},
		{UserID: users["outsider"].ID, ProcessID: other.ID, Role: domain.RoleSecretariat},
	} {
		if err := db.AddMembership(actx, m); err != nil {
			t.Fatal(err)
		}
		if m.Role == domain.RoleDelegate {
			f.ids["membership"] = m.ID
		}
	}
	f.addContributions(t, ctx, mid, body.ID, users["delegate"])
	f.addEndorsements(t, actx, mid, body.ID)
	st := &domain.Statement{MeetingID: mid, GroupID: g.ID, Kind: domain.KindRecommendation, Lang: "en", Text: "Widen regular pathways."}
	if err := db.CreateStatement(actx, st); err != nil {
		t.Fatal(err)
	}
	f.ids["statement"] = st.ID
	f.addMerge(t, actx, st)
	inv := &domain.Invitation{Email: "new@example.org", ProcessID: p.ID, MeetingID: mid, Role: domain.RoleObserver, CreatedBy: users["admin"].ID}
	invTok, invHash := auth.NewToken()
	if err := db.CreateInvitation(actx, inv, invHash, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	tok, err := db.CreateAPIToken(ctx, users["admin"].ID, "cli", "hash-of-admin-token", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s := a.Sessions[0]
	f.ids["process"], f.ids["meeting"], f.ids["session"], f.ids["part"] = p.ID, mid, s.ID, s.Parts[0].ID
	f.ids["item"], f.ids["group"], f.ids["body"], f.ids["user"] = s.Items[0].ID, g.ID, body.ID, users["delegate"].ID
	f.ids["invitation"], f.ids["invite_token"], f.ids["token"] = inv.ID, invTok, tok.ID
	feedTok, feedHash := auth.NewToken()
	if err := db.SetCalendarFeed(actx, users["delegate"].ID, feedHash); err != nil {
		t.Fatal(err)
	}
	f.ids["feed_file"] = feedTok + ".ics"
	f.addMail(t, ctx, users["delegate"].ID)
	f.addOverallCandidate(t, actx)
	f.addPartnerships(t, ctx, users, p.ID, mid)
	if unattributed {
		f.setNonAttribution(t, false)
	}
	f.addOutcomes(t, ctx, users, p.ID, mid)
	f.addReports(t, ctx, users, p.ID, body.ID)
	f.addFollowUp(t, ctx, users, p.ID, body.ID)
	return f
}

// addPartnerships gives the fixture a second body ("body2", a partner
// NGO), the delegate's published partnership proposal ("proposal") and a
// partnership between the two bodies ("partnership", version 1).
func (f *fixture) addPartnerships(t *testing.T, ctx context.Context, users map[string]*domain.User, processID, meetingID string) {
	t.Helper()
	sec := &domain.Actor{User: users["secretariat"], Memberships: []domain.Membership{{UserID: users["secretariat"].ID, ProcessID: processID, Role: domain.RoleSecretariat}}}
	actx := domain.NewContextWithActor(ctx, sec)
	b2 := &domain.Body{Name: "Migrant Rights Network", Acronym: "MRN", Kind: domain.BodyNGO}
	if err := f.db.CreateBody(actx, b2); err != nil {
		t.Fatal(err)
	}
	c := &domain.Contribution{MeetingID: meetingID, Kind: domain.KindPartnership, Status: domain.StatusPublished, Title: "A data partnership",
		Text: "Share labour migration data between the secretariats.", BodyID: f.ids["body"], AuthorID: users["delegate"].ID, Lang: "en"}
	if err := f.db.CreateContribution(domain.NewContextWithActor(ctx, &domain.Actor{User: users["delegate"]}), c); err != nil {
		t.Fatal(err)
	}
	p := &domain.Partnership{ProcessID: processID, Title: "Joint training", Purpose: "Train officials together.", Phase: domain.PhaseImplementation,
		Mechanism: domain.CollabTechnical, Parties: []string{f.ids["body"], b2.ID}, Objectives: []string{"O1"}}
	if _, err := partnership.New(f.db, nil).Create(ctx, sec, p); err != nil {
		t.Fatal(err)
	}
	doc, err := partnership.New(f.db, nil).Attach(ctx, sec, partnership.AttachInput{PartnershipID: p.ID, Name: "mou.txt", Data: []byte("Memorandum of understanding.\n")})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["body2"], f.ids["proposal"], f.ids["partnership"], f.ids["partnership_document"] = b2.ID, c.ID, p.ID, doc.ID
}

// addOutcomes gives the fixture's meeting an outcome document open for
// amendments (version 1, a month to go) with the delegate's amendment
// "amendment" (A1, version 1) to its first paragraph ("outcome_block"),
// and a second meeting of the process, "published_meeting", whose
// document is adopted and published.
func (f *fixture) addOutcomes(t *testing.T, ctx context.Context, users map[string]*domain.User, processID, meetingID string) {
	t.Helper()
	svc := outcome.New(f.db, synthesis.New(f.db, nil, nil), deliberation.New(f.db, nil), locale.MustLoad())
	sec := &domain.Actor{User: users["secretariat"], Memberships: []domain.Membership{{UserID: users["secretariat"].ID, ProcessID: processID, Role: domain.RoleSecretariat}}}
	del := &domain.Actor{User: users["delegate"], Memberships: []domain.Membership{{UserID: users["delegate"].ID, ProcessID: processID, MeetingID: meetingID, Role: domain.RoleDelegate, BodyID: f.ids["body"]}}}
	v, err := svc.Draft(ctx, sec, outcome.DraftInput{MeetingID: meetingID, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	block := firstParagraph(t, v.Text)
	if _, err := svc.OpenRound(ctx, sec, outcome.RoundInput{MeetingID: meetingID, Version: 1, Deadline: time.Now().Add(30 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	am, err := svc.Propose(ctx, del, outcome.ProposeInput{MeetingID: meetingID, BlockID: block, Op: store.AmendReplace, Text: "A clearer paragraph.", Lang: "en", Justification: "Clarity."})
	if err != nil {
		t.Fatal(err)
	}
	f.ids["outcome_block"], f.ids["amendment"] = block, am.ID

	pub := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: processID, Title: "Earlier Meeting", ShortName: "EM 1", Venue: "Geneva", StartsOn: "2016-10-10"}}
	actx := domain.NewContextWithActor(ctx, sec)
	if err := f.db.CreateMeetingWithAgenda(actx, pub); err != nil {
		t.Fatal(err)
	}
	chair := &domain.Actor{User: users["chair"], Memberships: []domain.Membership{{UserID: users["chair"].ID, ProcessID: processID, MeetingID: pub.Meeting.ID, Role: domain.RoleChair}}}
	if _, err := svc.Draft(ctx, sec, outcome.DraftInput{MeetingID: pub.Meeting.ID, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Adopt(ctx, chair, outcome.AdoptInput{MeetingID: pub.Meeting.ID, Version: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Publish(ctx, sec, outcome.PublishInput{MeetingID: pub.Meeting.ID, Publish: true}); err != nil {
		t.Fatal(err)
	}
	f.ids["published_meeting"] = pub.Meeting.ID
}

// firstParagraph returns the ID of a text's first numbered paragraph.
func firstParagraph(t *testing.T, text domain.OutcomeText) string {
	t.Helper()
	for _, sec := range text.Sections {
		for _, b := range sec.Blocks {
			if b.Kind == domain.BlockParagraph {
				return b.ID
			}
		}
	}
	t.Fatal("the draft has no paragraph")
	return ""
}

// addContributions gives the fixture contributions by the delegate in the
// states the routes need: published (with a document and a French
// translation, version 2), submitted (with a document), and a draft (with
// a document), which only its author sees.
func (f *fixture) addContributions(t *testing.T, ctx context.Context, meetingID, bodyID string, author *domain.User) {
	t.Helper()
	dctx := domain.NewContextWithActor(ctx, &domain.Actor{User: author})
	for _, c := range []struct {
		name   string
		status domain.Status
	}{{"contribution", domain.StatusPublished}, {"submitted", domain.StatusSubmitted}, {"draft", domain.StatusDraft}} {
		k := &domain.Contribution{MeetingID: meetingID, Kind: domain.KindRecommendation, Status: c.status, Title: "A " + c.name + " recommendation",
			Text: "Regular pathways for labour migration should be widened.", BodyID: bodyID, AuthorID: author.ID, Lang: "en", Regions: []string{"West Africa"}}
		if err := f.db.CreateContribution(dctx, k); err != nil {
			t.Fatal(err)
		}
		f.ids[c.name] = k.ID
	}
	if _, err := f.db.PutTranslation(dctx, f.ids["contribution"], 1, domain.Translation{Lang: "fr", Title: "Une recommandation", Text: "Des voies régulières."}); err != nil {
		t.Fatal(err)
	}
	for name, cid := range map[string]string{"attachment": f.ids["contribution"], "submitted_attachment": f.ids["submitted"], "draft_attachment": f.ids["draft"]} {
		a, err := f.db.AddAttachment(dctx, cid, "evidence.pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		f.ids[name] = a.ID
	}
}

// addEndorsements gives the fixture a published good practice of West
// Africa, "endorsed", which the delegate's body has endorsed for Europe
// (version 1).
func (f *fixture) addEndorsements(t *testing.T, ctx context.Context, meetingID, bodyID string) {
	t.Helper()
	f.addPractice(t, ctx, meetingID, "endorsed")
	e := &store.Endorsement{ContributionID: f.ids["endorsed"], BodyID: bodyID, Region: "Europe", Conditions: "Funding for the first two years."}
	if err := f.db.PutEndorsement(ctx, e); err != nil {
		t.Fatal(err)
	}
}

// addPractice adds a published good practice of West Africa named name.
func (f *fixture) addPractice(t *testing.T, ctx context.Context, meetingID, name string) {
	t.Helper()
	c := &domain.Contribution{MeetingID: meetingID, Kind: domain.KindGoodPractice, Practice: domain.PracticeProject, Status: domain.StatusPublished,
		Title: "A " + name + " good practice", Text: "Pre-departure training for seasonal workers.", Lang: "en", Regions: []string{"West Africa"}}
	if err := f.db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	f.ids[name] = c.ID
}

// addMerge gives the fixture a second statement beside st (to merge) and a
// merge of two more (to undo).
func (f *fixture) addMerge(t *testing.T, ctx context.Context, st *domain.Statement) {
	t.Helper()
	var more []*domain.Statement
	for _, text := range []string{"Widen the regular pathways.", "Protect migrant workers' wages.", "Protect the wages of migrant workers."} {
		x := &domain.Statement{MeetingID: st.MeetingID, GroupID: st.GroupID, Kind: domain.KindRecommendation, Lang: "en", Text: text}
		if err := f.db.CreateStatement(ctx, x); err != nil {
			t.Fatal(err)
		}
		more = append(more, x)
	}
	f.ids["statement2"] = more[0].ID
	m, err := f.db.MergeStatements(ctx, more[1].ID, more[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	f.ids["merge"] = m.ID
}

// addOverallCandidate gives the route fixture a candidate overall
// recommendation in its part ("overall_candidate", version 1).
func (f *fixture) addOverallCandidate(t *testing.T, ctx context.Context) {
	t.Helper()
	c := &store.OverallCandidate{MeetingID: f.ids["meeting"], PartID: f.ids["part"], ThemeID: "t00000001", Text: "Widen regular pathways."}
	if err := f.db.AddOverallCandidate(ctx, c); err != nil {
		t.Fatal(err)
	}
	f.ids["overall_candidate"] = c.ID
}

// Requests: as one of the fixture's roles (a key of cookies), through the
// pages or through the API.

// do sends a request to the pages as role, with the {name} placeholders of
// path and form replaced by the fixture's IDs.
func (f *fixture) do(t *testing.T, role, method, path string, form url.Values) *httptest.ResponseRecorder {
	t.Helper()
	for k, v := range f.ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
		for name, vals := range form {
			for i := range vals {
				form[name][i] = strings.ReplaceAll(vals[i], "{"+k+"}", v)
			}
		}
	}
	var req *http.Request
	if method == http.MethodPost {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	if p, _, _ := strings.Cut(path, "?"); strings.HasSuffix(p, "/events") {
		// An event stream lasts until the client leaves: leave soon.
		ctx, cancel := context.WithTimeout(req.Context(), 300*time.Millisecond)
		t.Cleanup(cancel)
		req = req.WithContext(ctx)
	}
	if tok := f.cookies[role]; tok != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// get requests path as role with the Accept-Language lang, if any.
func (f *fixture) get(t *testing.T, role, path, lang string) *httptest.ResponseRecorder {
	t.Helper()
	for k, v := range f.ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	req := httptest.NewRequest("GET", path, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	if tok := f.cookies[role]; tok != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// multipartPost sends fields and files as a browser does with
// enctype="multipart/form-data".
func (f *fixture) multipartPost(t *testing.T, role, path string, fields url.Values, files map[string][]byte) *httptest.ResponseRecorder {
	t.Helper()
	for k, v := range f.ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		w, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies[role]})
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// importFile posts a file to the import form as a browser does.
func (f *fixture) importFile(t *testing.T, role, lang, name, content string, validOnly bool) *httptest.ResponseRecorder {
	t.Helper()
	var fields url.Values
	if validOnly {
		fields = url.Values{"valid_only": {"on"}}
	}
	return f.uploadFile(t, role, lang, "/meetings/{meeting}/contributions/import", fields, name, content)
}

// uploadFile posts a file (field "file") and fields to the form at path
// as a browser does.
func (f *fixture) uploadFile(t *testing.T, role, lang, path string, fields url.Values, name, content string) *httptest.ResponseRecorder {
	t.Helper()
	for k, v := range f.ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	w, _ := mw.CreateFormFile("file", name)
	w.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", lang)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.cookies[role]})
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// apiDo sends a request to the JSON API over the fixture's database as
// role (the account role@example.org, with a new API token), with the
// fixture's {names} in the path and the body replaced by their IDs.
func (f *fixture) apiDo(t *testing.T, role, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	ctx := context.Background()
	u, _, err := f.db.UserByEmail(ctx, role+"@example.org")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	if _, err := f.db.CreateAPIToken(ctx, u.ID, "test", hash, time.Hour); err != nil {
		t.Fatal(err)
	}
	for k, v := range f.ids {
		path, body = strings.ReplaceAll(path, "{"+k+"}", v), strings.ReplaceAll(body, "{"+k+"}", v)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	api.New(f.db, nil, api.WithLive(f.srv.cfg.Live)).ServeHTTP(rec, req)
	return rec
}

// callAPI sends a request to the JSON API (see apiDo) and decodes its
// answer into out.
func (f *fixture) callAPI(t *testing.T, role, method, path, body string, out any) int {
	t.Helper()
	rec := f.apiDo(t, role, method, path, body)
	if out != nil && rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	return rec.Code
}

// login logs in through the page and returns the account's ID and the
// session's cookie value.
func (f *fixture) login(t *testing.T, email, pw string) (string, string) {
	t.Helper()
	rec := request{method: "POST", path: "/login", form: loginForm(email, pw), addr: "192.0.2.99"}.do(t, f.h)
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			u, _, err := f.db.UserByEmail(context.Background(), email)
			if err != nil {
				t.Fatal(err)
			}
			return u.ID, c.Value
		}
	}
	t.Fatalf("login as %s: status %d, no session", email, rec.Code)
	return "", ""
}

// accountsServer is the fixture's database served with the given account
// service, with the API mounted, as serve does.
func (f *fixture) accountsServer(t *testing.T, ac *account.Service) http.Handler {
	t.Helper()
	srv, err := New(Config{DB: f.db, Catalog: locale.MustLoad(), Accounts: ac, API: api.New(f.db, nil, api.WithAccounts(ac))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// Accounts, groups and contexts added by a test.

// adminCtx is a context acting as the fixture's administrator.
func (f *fixture) adminCtx(t *testing.T) context.Context {
	t.Helper()
	u, _, err := f.db.UserByEmail(context.Background(), "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	return domain.NewContextWithActor(context.Background(), &domain.Actor{User: u})
}

// person creates an account with a password and a session, and returns
// the account and the session's cookie value.
func (f *fixture) person(t *testing.T, email, pw string) (*domain.User, string) {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(pw, testParams)
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Email: email, Name: "Person " + email}
	if err := f.db.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	tok, th := auth.NewToken()
	if err := f.db.CreateWebSession(ctx, th, u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	return u, tok
}

// addPerson adds someone with the memberships ms (their user ID filled
// in, created a few milliseconds apart so that their order is the order
// given), signed in on the pages as role name and known to apiDo by it,
// and returns their user ID.
func (f *fixture) addPerson(t *testing.T, name string, ms ...domain.Membership) string {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{Email: name + "@example.org", Name: name}
	if err := f.db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: &domain.User{ID: u.ID, Admin: true}})
	for i, m := range ms {
		if i > 0 {
			time.Sleep(3 * time.Millisecond)
		}
		m.UserID = u.ID
		if err := f.db.AddMembership(actx, &m); err != nil {
			t.Fatal(err)
		}
	}
	tok, hash := auth.NewToken()
	if err := f.db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	f.cookies[name] = tok
	return u.ID
}

// addVoter adds a delegate of the fixture's meeting in group g, signed in
// as role name.
func (f *fixture) addVoter(t *testing.T, name, groupID string) string {
	t.Helper()
	return f.addPerson(t, name, domain.Membership{ProcessID: f.ids["process"], MeetingID: f.ids["meeting"], Role: domain.RoleDelegate, BodyID: f.ids["body"], GroupID: groupID})
}

// addGroup adds a breakout group named name to the fixture's meeting and
// returns its ID.
func (f *fixture) addGroup(t *testing.T, name string) string {
	t.Helper()
	g := &domain.Group{MeetingID: f.ids["meeting"], Name: name}
	if err := f.db.CreateGroup(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	return g.ID
}

// joinGroup gives the fixture a user with role in groupID (the fixture's
// group when ""), logged in as name.
func (f *fixture) joinGroup(t *testing.T, name string, role domain.Role, groupID string) *domain.User {
	t.Helper()
	ctx := context.Background()
	if groupID == "" {
		groupID = f.ids["group"]
	}
	u := &domain.User{Email: name + "@example.org", Name: "User " + name}
	if err := f.db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	tok, hash := auth.NewToken()
	if err := f.db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	m := &domain.Membership{UserID: u.ID, ProcessID: f.ids["process"], MeetingID: f.ids["meeting"], Role: role, GroupID: groupID}
	if role == domain.RoleDelegate || role == domain.RolePartner {
		m.BodyID = f.ids["body"]
	}
	if err := f.db.AddMembership(ctx, m); err != nil {
		t.Fatal(err)
	}
	f.cookies[name] = tok
	return u
}

// userID returns the ID of a fixture's account by its cookie name.
func (f *fixture) userID(t *testing.T, name string) string {
	t.Helper()
	email := name + "@example.org"
	u, _, err := f.db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// dropOverallCandidate removes the route fixture's candidate, for tests
// that count candidates from none.
func (f *fixture) dropOverallCandidate(t *testing.T) {
	t.Helper()
	if err := f.db.RemoveOverallCandidate(context.Background(), f.ids["meeting"], f.ids["overall_candidate"], 1); err != nil {
		t.Fatal(err)
	}
}

// Lookups of what a test has done.

// gcmItem returns the ID of the built-in framework's item of the given code.
func (f *fixture) gcmItem(t *testing.T, code string) string {
	t.Helper()
	fw, err := f.db.Framework(context.Background(), f.ids["framework"])
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range fw.Items {
		if it.Code == code {
			return it.ID
		}
	}
	t.Fatalf("no item %s", code)
	return ""
}

// overallTally is the count of the fixture's part as the overall page
// reads it.
func (f *fixture) overallTally(t *testing.T) *synthesis.Tally {
	t.Helper()
	admin := &domain.Actor{User: &domain.User{ID: "admin", Admin: true}}
	o, err := f.srv.synth.Overall(context.Background(), admin, synthesis.OverallInput{PartRef: synthesis.PartRef{MeetingID: f.ids["meeting"], PartID: f.ids["part"]}})
	if err != nil {
		t.Fatal(err)
	}
	return o.Tally
}

// partThemes returns the themes of the fixture's part as the page
// computes them.
func (f *fixture) partThemes(t *testing.T) *themes.Result {
	t.Helper()
	pt, err := f.srv.synth.PartThemes(context.Background(), &domain.Actor{User: &domain.User{ID: "admin", Admin: true}}, f.ids["meeting"], f.ids["part"])
	if err != nil {
		t.Fatal(err)
	}
	return pt.Result
}

// themeOf returns the theme of a statement as the page computes it.
func (f *fixture) themeOf(t *testing.T, statementID string) (string, *themes.Result) {
	t.Helper()
	res := f.partThemes(t)
	for _, a := range res.Statements {
		if a.ID == statementID {
			return a.Theme, res
		}
	}
	t.Fatalf("statement %s has no theme", statementID)
	return "", nil
}

// themesSignature describes a part's themes by their labels (when a
// person gave them) and their statements' texts, whatever the ids.
func (f *fixture) themesSignature(t *testing.T) []string {
	t.Helper()
	pt, err := f.srv.synth.PartThemes(context.Background(), &domain.Actor{User: &domain.User{ID: "admin", Admin: true}}, f.ids["meeting"], f.ids["part"])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, th := range pt.Result.Themes {
		var texts []string
		for _, m := range th.Members {
			texts = append(texts, pt.Statements[m.ID].Text)
		}
		slices.Sort(texts)
		label := ""
		if th.LabelEdited {
			label = th.Label
		}
		out = append(out, label+": "+strings.Join(texts, " | "))
	}
	slices.Sort(out)
	return out
}

// Scenario fixtures: the fixture with more added for one page's tests.

// Texts of the partner fixture's statements.
const (
	partnerWritten = "Train border officials to identify victims of trafficking."
	partnerDrawn   = "Partners fund language classes for newly arrived migrants."
	mechanismDrawn = "Widen regular pathways, as the mechanism proposes."
)

// partnerFixture gives the fixture a partner organisation (an NGO) with a
// member in the group ("ngo"), a published contribution of that NGO, and
// three candidates in the part: one the partner writes, one the rapporteur
// draws from the NGO's contribution (both partners' statements) and one
// the rapporteur draws from the mechanism's contribution (not a
// partner's). Four members agree on all three; everyone ranks them, the
// rapporteur's report is submitted.
func partnerFixture(t *testing.T) (*fixture, map[string]*domain.Statement) {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	actx := f.adminCtx(t)
	ngo := &domain.Body{Name: "Migrant Help Network", Kind: domain.BodyNGO}
	if err := f.db.CreateBody(actx, ngo); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{Email: "ngo@example.org", Name: "Nina Partner"}
	if err := f.db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	tok, hash := auth.NewToken()
	if err := f.db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	f.cookies["ngo"] = tok
	if err := f.db.AddMembership(actx, &domain.Membership{UserID: u.ID, ProcessID: f.ids["process"], MeetingID: f.ids["meeting"],
		Role: domain.RolePartner, BodyID: ngo.ID, GroupID: f.ids["group"]}); err != nil {
		t.Fatal(err)
	}
	c := &domain.Contribution{MeetingID: f.ids["meeting"], Kind: domain.KindRecommendation, Status: domain.StatusPublished,
		Title: "Language classes", Text: "Fund language classes.", BodyID: ngo.ID, Lang: "en", Regions: []string{"West Africa"}}
	if err := f.db.CreateContribution(actx, c); err != nil {
		t.Fatal(err)
	}
	for _, add := range []struct{ who, text, source string }{
		{"ngo", partnerWritten, ""},
		{"rapporteur", partnerDrawn, c.ID},
		{"rapporteur", mechanismDrawn, f.ids["contribution"]},
	} {
		rec := f.do(t, add.who, "POST", "/groups/{group}/statements", url.Values{"part": {f.ids["part"]}, "text": {add.text},
			"kind": {"recommendation"}, "lang": {"en"}, "source": {add.source}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("%s adds %q: %d %s", add.who, add.text, rec.Code, rec.Body)
		}
	}
	sts, err := f.db.Statements(ctx, f.ids["meeting"], f.ids["group"], f.ids["part"])
	if err != nil {
		t.Fatal(err)
	}
	byText := map[string]*domain.Statement{}
	for _, st := range sts {
		byText[st.Text] = st
	}
	voters := []string{"ngo", "rapporteur"}
	for _, name := range []string{"v1", "v2"} {
		f.joinGroup(t, name, domain.RoleDelegate, "")
		voters = append(voters, name)
	}
	for _, who := range voters {
		for _, text := range []string{partnerWritten, partnerDrawn, mechanismDrawn} {
			if rec := f.do(t, who, "POST", "/statements/"+byText[text].ID+"/vote", url.Values{"value": {"agree"}, "next": {"/"}}); rec.Code != http.StatusSeeOther {
				t.Fatalf("vote: %d", rec.Code)
			}
		}
		b := &store.Ballot{MeetingID: f.ids["meeting"], GroupID: f.ids["group"], PartID: f.ids["part"], UserID: f.userID(t, who), Method: rank.Schulze,
			Ranks: [][]string{{byText[partnerWritten].ID}, {byText[mechanismDrawn].ID}, {byText[partnerDrawn].ID}}}
		if err := f.db.PutBallot(ctx, b, deliberation.CheckBallot); err != nil {
			t.Fatal(err)
		}
	}
	return f, byText
}

// submitFixtureReport saves and submits the rapporteur's report of the
// fixture's group and part.
func submitFixtureReport(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	r := &store.Report{MeetingID: f.ids["meeting"], GroupID: f.ids["group"], PartID: f.ids["part"], Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process follows up.", RCPRole: "RCPs convene the states."}}}
	if err := f.db.SaveReport(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SubmitReport(ctx, f.ids["group"], f.ids["part"], r.Version, deliberation.Freeze); err != nil {
		t.Fatal(err)
	}
}

// plenaryFixture gives the fixture a second group (Asia) and candidate
// recommendations in both groups' conversations of the part: two on
// regular pathways (one per group, a theme in 2 of 2 groups), and one on
// its own in each group. Africa has submitted its report; Asia has not.
// Three members of Africa agree on its pathways statement.
func plenaryFixture(t *testing.T) (*fixture, map[string]string) {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	asia := f.addGroup(t, "Asia")
	f.ids["asia"] = asia
	texts := map[string][2]string{
		"africa_pathways":      {f.ids["group"], "Open more regular pathways for labour migration."},
		"africa_reintegration": {f.ids["group"], "Fund the reintegration of returning migrants."},
		"asia_pathways":        {asia, "Expand regular pathways for labour migration."},
		"asia_data":            {asia, "Share migration data between states every year."},
	}
	ids := map[string]string{}
	for _, name := range []string{"africa_pathways", "africa_reintegration", "asia_pathways", "asia_data"} {
		st := &domain.Statement{MeetingID: f.ids["meeting"], GroupID: texts[name][0], PartID: f.ids["part"], Kind: domain.KindRecommendation, Lang: "en", Text: texts[name][1]}
		if err := f.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		ids[name] = st.ID
	}
	for i := range 3 {
		name := fmt.Sprintf("voter%d", i)
		f.joinGroup(t, name, domain.RoleDelegate, "")
		for _, st := range []string{"africa_pathways", "africa_reintegration"} {
			value := "agree"
			if st == "africa_reintegration" && i == 0 {
				value = "disagree"
			}
			rec := f.do(t, name, "POST", "/statements/"+ids[st]+"/vote", url.Values{"value": {value}, "next": {"/"}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("vote: %d %s", rec.Code, rec.Body)
			}
		}
	}
	r := &store.Report{MeetingID: f.ids["meeting"], GroupID: f.ids["group"], PartID: f.ids["part"], Lang: "en",
		Texts: map[string]store.ReportText{"en": {FollowUp: "The Rabat Process follows up.", RCPRole: "RCPs convene the states."}}}
	if err := f.db.SaveReport(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SubmitReport(ctx, f.ids["group"], f.ids["part"], r.Version, deliberation.Freeze); err != nil {
		t.Fatal(err)
	}
	return f, ids
}

// addABC adds three candidate recommendations A, B, C to the group of
// ids in its part, and returns their IDs in that order.
func addABC(t *testing.T, db *store.DB, ids map[string]string) []string {
	t.Helper()
	var out []string
	for _, text := range []string{"Alpha: widen regular pathways.", "Bravo: share migration data.", "Charlie: fund reintegration."} {
		st := &domain.Statement{MeetingID: ids["meeting"], GroupID: ids["group"], PartID: ids["part"], Kind: domain.KindRecommendation, Lang: "en", Text: text}
		if err := db.CreateStatement(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		out = append(out, st.ID)
	}
	return out
}

// rankFixture adds three candidate recommendations A, B, C to the
// fixture's group in its part, and ranks by method.
func rankFixture(t *testing.T, method string) (*fixture, []string) {
	t.Helper()
	f := newFixture(t)
	ids := addABC(t, f.db, f.ids)
	rec := f.do(t, "secretariat", "POST", "/parts/{part}/ranking/settings", url.Values{"method": {method}, "candidates": {"recommendations"},
		"score_min": {"0"}, "score_max": {"5"}, "open": {"on"}, "version": {"0"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("settings: status %d: %s", rec.Code, rec.Body)
	}
	return f, ids
}

// addParticipants adds bodies of a kind and region to the fixture's
// meeting, each with a delegate in it.
func (f *fixture) addParticipants(t *testing.T, kind domain.BodyKind, region string, names ...string) {
	t.Helper()
	for _, name := range names {
		b := &domain.Body{Name: name, Kind: kind, Region: region}
		if err := f.db.CreateBody(context.Background(), b); err != nil {
			t.Fatal(err)
		}
		f.addPerson(t, strings.ReplaceAll(strings.ToLower(name), " ", "-"),
			domain.Membership{ProcessID: f.ids["process"], MeetingID: f.ids["meeting"], Role: domain.RoleDelegate, BodyID: b.ID})
	}
}
