package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/httperr"
	"github.com/plenary-org/plenary/internal/live"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// fixture is a database with two processes and people in every role, and
// the API handler over it.
//
//	process A: meeting A1 (session S1, part P1, item I1 with child I2,
//	           footnote 1, group G1); meeting A2
//	process B: meeting B1 (session SB)
//
// Roles, named as in the page fixture of package web: admin (instance
// administrator), secretariat (secretariat of process A), outsider
// (secretariat of process B), observer (observer of process A), delegate
// (delegate in meeting A1 for body Budapest), rapporteur (of group G1 in
// meeting A1), and nobody (no role anywhere), which the page fixture has
// not; the page fixture's chair has no account here. Anonymous requests
// use the role "" (the page fixture's "anonymous"). Each account's e-mail
// is its role's name at example.org.
//
// Contributions in meeting A1, all by the delegate for Budapest:
// contribDraft (a draft, with the attachment attDraft), contribSubmitted,
// contribPublished (a good practice in English with a Spanish translation
// and the attachment attPublished).
type fixture struct {
	db     *store.DB
	h      http.Handler
	tokens map[string]string // role -> API token
	ids    map[string]string // placeholder name -> ID
}

// fixtures is the fixture's database, built once and copied for each test.
var fixtures storetest.Snapshot[*fixture]

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db, built := fixtures.Open(t, func(db *store.DB) *fixture { return buildFixture(t, db) })
	return &fixture{db: db, h: New(db, nil), tokens: maps.Clone(built.tokens), ids: maps.Clone(built.ids)}
}

// newFreshFixture builds the fixture anew, with IDs of its own, for tests
// that need two fixtures that differ as two instances would.
func newFreshFixture(t testing.TB) *fixture {
	t.Helper()
	db := storetest.Open(t)
	f := buildFixture(t, db)
	f.h = New(db, nil)
	return f
}

// buildFixture fills db with the fixture's world and returns its IDs and
// API tokens.
func buildFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{db: db, tokens: map[string]string{}, ids: map[string]string{}}
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	users := map[string]*domain.User{}
	for _, role := range []string{"admin", "secretariat", "outsider", "observer", "delegate", "rapporteur", "nobody"} {
		u := &domain.User{Email: strings.ToLower(role) + "@example.org", Name: "User " + role, Admin: role == "admin"}
		must(db.CreateUser(ctx, u, ""))
		token, hash := auth.NewToken()
		_, err := db.CreateAPIToken(ctx, u.ID, "test", hash, time.Hour)
		must(err)
		users[role], f.tokens[role], f.ids["user:"+role] = u, token, u.ID
	}
	body := &domain.Body{Name: "Budapest Process", Kind: domain.BodyIRF, Region: "Europe", Countries: []string{"hu", "TR"}}
	must(db.CreateBody(ctx, body))
	f.ids["body"] = body.ID

	pa := &domain.Process{Name: "Process A", Description: "ISCM contributions to the GCM"}
	pb := &domain.Process{Name: "Process B"}
	must(db.CreateProcess(ctx, pa))
	must(db.CreateProcess(ctx, pb))
	f.ids["processA"], f.ids["processB"] = pa.ID, pb.ID

	a := &domain.Agenda{
		Meeting:   &domain.Meeting{ProcessID: pa.ID, Title: "Seventh Global Meeting of RCPs", ShortName: "GRCP 7", StartsOn: "2017-10-10", EndsOn: "2017-10-11"},
		Footnotes: []domain.Footnote{{Number: 1, Text: "See the GCM modalities resolution."}},
		Sessions: []*domain.SessionNode{{
			Session: domain.Session{Number: 1, Title: "Good practices"},
			Parts: []*domain.PartNode{{
				Part: domain.Part{Title: "Regional breakout groups", Kind: domain.PartBreakout},
				Items: []*domain.ItemNode{{
					AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Label: "(i)", Text: "Which practices work?", Footnotes: []int{1}},
					Children:   []*domain.ItemNode{{AgendaItem: domain.AgendaItem{Kind: domain.ItemQuestion, Label: "(a)", Text: "In which region?"}}},
				}},
			}},
		}},
	}
	must(db.CreateMeetingWithAgenda(ctx, a))
	f.ids["meetingA1"] = a.Meeting.ID
	f.ids["sessionS1"] = a.Sessions[0].ID
	f.ids["partP1"] = a.Sessions[0].Parts[0].ID
	f.ids["itemI1"] = a.Sessions[0].Parts[0].Items[0].ID
	f.ids["itemI2"] = a.Sessions[0].Parts[0].Items[0].Children[0].ID

	a2 := &domain.Meeting{ProcessID: pa.ID, Title: "Eighth Global Meeting"}
	must(db.CreateMeeting(ctx, a2))
	f.ids["meetingA2"] = a2.ID
	b1 := &domain.Meeting{ProcessID: pb.ID, Title: "Meeting of process B"}
	must(db.CreateMeeting(ctx, b1))
	f.ids["meetingB1"] = b1.ID
	sb := &domain.Session{MeetingID: b1.ID, Number: 1, Title: "Session of B"}
	must(db.CreateSession(ctx, sb))
	f.ids["sessionSB"] = sb.ID

	g := &domain.Group{MeetingID: a.Meeting.ID, Name: "Asia and the Pacific", Region: "Asia"}
	must(db.CreateGroup(ctx, g))
	f.ids["groupG1"] = g.ID

	members := []struct {
		key string
		m   domain.Membership
	}{
		{"msSecretariat", domain.Membership{UserID: users["secretariat"].ID, ProcessID: pa.ID, Role: domain.RoleSecretariat}},
		{"msOutsider", domain.Membership{UserID: users["outsider"].ID, ProcessID: pb.ID, Role: domain.RoleSecretariat}},
		{"msObserver", domain.Membership{UserID: users["observer"].ID, ProcessID: pa.ID, Role: domain.RoleObserver}},
		{"msDelegate", domain.Membership{UserID: users["delegate"].ID, ProcessID: pa.ID, MeetingID: a.Meeting.ID, Role: domain.RoleDelegate, BodyID: body.ID}},
		{"msRapporteur", domain.Membership{UserID: users["rapporteur"].ID, ProcessID: pa.ID, MeetingID: a.Meeting.ID, Role: domain.RoleRapporteur, GroupID: g.ID}},
	}
	for _, m := range members {
		must(db.AddMembership(ctx, &m.m))
		f.ids[m.key] = m.m.ID
	}

	for _, c := range []struct {
		key string
		c   domain.Contribution
	}{
		{"contribDraft", domain.Contribution{Kind: domain.KindRecommendation, Status: domain.StatusDraft, Title: "Draft recommendation",
			Text: "Regional processes should share data on labour migration.", Lang: "en"}},
		{"contribSubmitted", domain.Contribution{Kind: domain.KindIssue, Status: domain.StatusSubmitted, Title: "Submitted gap",
			Text: "Return and reintegration lack funding in the region.", Lang: "en"}},
		{"contribPublished", domain.Contribution{Kind: domain.KindGoodPractice, Practice: domain.PracticeProject, Status: domain.StatusPublished,
			Title: "Published practice", Text: "A joint labour migration programme for the Western Balkans.", Lang: "en",
			QuestionID: f.ids["itemI1"], Regions: []string{"Europe"}, Countries: []string{"HU"},
			Translations: []domain.Translation{{Lang: "es", Title: "Práctica publicada", Text: "Un programa conjunto de migración laboral."}}}},
	} {
		c.c.MeetingID, c.c.BodyID, c.c.AuthorID = a.Meeting.ID, body.ID, users["delegate"].ID
		must(db.CreateContribution(ctx, &c.c))
		f.ids[c.key] = c.c.ID
	}
	for key, contrib := range map[string]string{"attDraft": "contribDraft", "attPublished": "contribPublished"} {
		att, err := db.AddAttachment(ctx, f.ids[contrib], "evaluation.pdf", testPDF)
		must(err)
		f.ids[key] = att.ID
	}
	cand := &store.OverallCandidate{MeetingID: a.Meeting.ID, PartID: f.ids["partP1"], ThemeID: "t00000001", Text: "Widen regular pathways.", Statements: []string{}}
	must(db.AddOverallCandidate(ctx, cand))
	f.ids["candidateC1"] = cand.ID
	return f
}

// testPDF is the smallest document an attachment accepts as a PDF.
var testPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

var placeholder = regexp.MustCompile(`\{[A-Za-z0-9:]+\}`)

// url replaces the {placeholders} of s with the fixture's IDs.
func (f *fixture) url(t testing.TB, s string) string {
	t.Helper()
	for k, v := range f.ids {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	if m := placeholder.FindString(s); m != "" {
		t.Fatalf("unknown placeholder %s in %q", m, s)
	}
	return s
}

// do sends a request as role ("" for anonymous) with a JSON body, if any.
func (f *fixture) do(t testing.TB, method, url, role, body string) *httptest.ResponseRecorder {
	t.Helper()
	return f.doWith(t, method, url, role, "application/json", body, nil)
}

// doWith sends a request as role with a body of the given content type,
// if any, and extra headers.
func (f *fixture) doWith(t testing.TB, method, url, role, contentType, body string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, url, strings.NewReader(body))
		r.Header.Set("Content-Type", contentType)
	} else {
		r = httptest.NewRequest(method, url, nil)
	}
	for k, v := range header {
		r.Header[k] = v
	}
	if role != "" {
		token, ok := f.tokens[role]
		if !ok {
			t.Fatalf("no role %q in the fixture", role)
		}
		r.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// scenario is one API request and what its answer must hold.
type scenario struct {
	name    string
	method  string
	url     string // with {placeholders} from the fixture
	as      string // the role sending it; "" for anonymous
	body    string // JSON; may hold {placeholders}
	status  int
	want    []string // substrings of the response body
	notWant []string // substrings the response body must not have
}

// run sends the scenarios in order, so later ones see what earlier ones
// changed, and checks every answer; after each one, the functions after
// are called (to learn the IDs a scenario made, for the next ones).
func (f *fixture) run(t *testing.T, scenarios []scenario, after ...func()) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			w := f.do(t, sc.method, f.url(t, sc.url), sc.as, f.url(t, sc.body))
			got := w.Body.String()
			if w.Code != sc.status {
				t.Fatalf("%s %s as %q: status %d, want %d; body: %s", sc.method, sc.url, sc.as, w.Code, sc.status, got)
			}
			checkWellFormed(t, w)
			for _, s := range sc.want {
				if s = f.url(t, s); !strings.Contains(got, s) {
					t.Errorf("body lacks %s; body: %s", s, got)
				}
			}
			for _, s := range sc.notWant {
				if s = f.url(t, s); strings.Contains(got, s) {
					t.Errorf("body has %s; body: %s", s, got)
				}
			}
		})
		for _, f := range after {
			f()
		}
	}
}

// checkWellFormed checks that an answer is JSON, and that an error answer
// has the API's error shape.
func checkWellFormed(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	if w.Code == http.StatusNoContent {
		if w.Body.Len() != 0 {
			t.Errorf("204 with a body: %s", w.Body)
		}
		return
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if !json.Valid(w.Body.Bytes()) {
		t.Fatalf("body is not JSON: %s", w.Body)
	}
	if w.Code >= 400 {
		var e httperr.Body
		dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Errorf("error body %s is not {\"error\":{\"code\",\"message\"}} (%v)", w.Body, err)
		}
	}
}

// decodeBody decodes a JSON answer into v.
func decodeBody(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
}

// httptestRequest returns a GET-like request with an Authorization header.
func httptestRequest(method, url, authorization string) *http.Request {
	r := httptest.NewRequest(method, url, nil)
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	return r
}

// serve runs r through h and returns the recorded answer.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// slogTo returns a logger writing text to w.
func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// Scenario fixtures: the fixture with more added for one resource's tests.

// deliberationFixture is the API fixture with the live service, and three
// candidate recommendations A, B, C in group G1, part P1.
func deliberationFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	lv := live.New(f.db, live.Options{})
	t.Cleanup(lv.Close)
	f.h = New(f.db, nil, WithLive(lv))
	for _, c := range []struct{ key, text string }{{"A", "Widen regular pathways."}, {"B", "Share migration data."}, {"C", "Fund reintegration."}} {
		st := &domain.Statement{MeetingID: f.ids["meetingA1"], GroupID: f.ids["groupG1"], PartID: f.ids["partP1"], Kind: domain.KindRecommendation, Lang: "en", Text: c.text}
		if err := f.db.CreateStatement(context.Background(), st); err != nil {
			t.Fatal(err)
		}
		f.ids[c.key] = st.ID
	}
	return f
}

// endorseFixture is the fixture with two published good practices of West
// Africa in meeting A1: practiceWA, endorsed by nobody, and endorsedWA,
// which the delegate's body (Budapest, Europe) endorsed (version 1).
func endorseFixture(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	admin, _, err := f.db.UserByEmail(ctx, "admin@example.org")
	if err != nil {
		t.Fatal(err)
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: admin})
	pub, err := f.db.Contribution(ctx, f.ids["contribPublished"])
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"practiceWA", "endorsedWA"} {
		c := &domain.Contribution{MeetingID: pub.MeetingID, Kind: domain.KindGoodPractice, Practice: domain.PracticePolicy, Status: domain.StatusPublished,
			Title: "Free movement protocol " + key, Text: "Residence rights for citizens of member states.", Lang: "en", Regions: []string{"West Africa"}}
		if err := f.db.CreateContribution(actx, c); err != nil {
			t.Fatal(err)
		}
		f.ids[key] = c.ID
	}
	e := &store.Endorsement{ContributionID: f.ids["endorsedWA"], BodyID: f.ids["body"], Conditions: "A bilateral labour agreement."}
	if err := f.db.PutEndorsement(actx, e); err != nil {
		t.Fatal(err)
	}
	return f
}

// plenaryFixture is the API fixture with a chair of meeting A1, a second
// group G2 (Africa) with three voters, candidate statements in both groups
// that form a theme across them, and without the fixture's candidate.
func plenaryFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	if id := f.ids["candidateC1"]; id != "" {
		must(f.db.RemoveOverallCandidate(ctx, f.ids["meetingA1"], id, 1))
	}
	g2 := &domain.Group{MeetingID: f.ids["meetingA1"], Name: "Africa", Region: "Africa"}
	must(f.db.CreateGroup(ctx, g2))
	f.ids["groupG2"] = g2.ID
	plenaryPart := &domain.Part{SessionID: f.ids["sessionS1"], Title: "Plenary discussion", Kind: domain.PartPlenary}
	must(f.db.CreatePart(ctx, plenaryPart))
	f.ids["partPlenary"] = plenaryPart.ID
	f.addMember(t, "chair", domain.Membership{Role: domain.RoleChair})
	for _, r := range []string{"africa1", "africa2", "africa3"} {
		f.addMember(t, r, domain.Membership{Role: domain.RoleDelegate, BodyID: f.ids["body"], GroupID: g2.ID})
	}
	for _, s := range []struct{ key, group, text string }{
		{"S1", "groupG1", "Widen regular pathways for labour migration."},
		{"S2", "groupG2", "Widen regular pathways for labour migration between regions."},
		{"S3", "groupG1", "Share migration data between regional processes."},
		{"S4", "groupG2", "Share migration data between regional processes and states."},
	} {
		st := &domain.Statement{MeetingID: f.ids["meetingA1"], GroupID: f.ids[s.group], PartID: f.ids["partP1"], Kind: domain.KindRecommendation, Lang: "en", Text: s.text}
		must(f.db.CreateStatement(ctx, st))
		f.ids[s.key] = st.ID
	}
	return f
}

// addParticipants adds bodies of a kind and region to meeting m, each with
// a delegate in it.
func (f *fixture) addParticipants(t *testing.T, m *domain.Meeting, kind domain.BodyKind, region string, names ...string) {
	t.Helper()
	ctx := context.Background()
	for _, name := range names {
		b := &domain.Body{Name: name, Kind: kind, Region: region}
		if err := f.db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		u := &domain.User{Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org", Name: name + " delegate"}
		if err := f.db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.db.AddMembership(ctx, &domain.Membership{UserID: u.ID, ProcessID: m.ProcessID, MeetingID: m.ID, Role: domain.RoleDelegate, BodyID: b.ID}); err != nil {
			t.Fatal(err)
		}
	}
}

// addMember adds an account with an API token, known as role, and its
// membership m in meeting A1.
func (f *fixture) addMember(t testing.TB, role string, m domain.Membership) {
	t.Helper()
	ctx := context.Background()
	u := &domain.User{Email: role + "@example.org", Name: "User " + role}
	if err := f.db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	if _, err := f.db.CreateAPIToken(ctx, u.ID, "test", hash, time.Hour); err != nil {
		t.Fatal(err)
	}
	m.UserID, m.ProcessID, m.MeetingID = u.ID, f.ids["processA"], f.ids["meetingA1"]
	if err := f.db.AddMembership(ctx, &m); err != nil {
		t.Fatal(err)
	}
	f.tokens[role], f.ids["user:"+role] = token, u.ID
}
