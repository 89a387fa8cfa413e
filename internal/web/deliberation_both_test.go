package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/api"
	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// The tests of this file run the same case through the pages and through
// the JSON API, which call the same use cases (package deliberation), and
// expect the same result.

// bothFixture is the page fixture with the JSON API over the same
// database and the same live service, and an API token for each person.
// Besides the fixture's roles it has, in the fixture's group: member and
// member2 (delegates for the fixture's body), ngo (a partner for a partner
// organisation), groupobserver (an observer); elsewhere (a delegate of
// another group); and twohats, a delegate of the meeting in no group for
// the fixture's body and a partner of the group for the partner
// organisation.
type bothFixture struct {
	*fixture
	api    http.Handler
	tokens map[string]string
	ngo    string // the partner organisation's ID
}

func newBothFixture(t *testing.T) *bothFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	b := &bothFixture{fixture: f, api: api.New(f.db, nil, api.WithLive(f.srv.cfg.Live)), tokens: map[string]string{}}
	ngo := &domain.Body{Name: "Migrant Help Network", Kind: domain.BodyNGO}
	if err := f.db.CreateBody(ctx, ngo); err != nil {
		t.Fatal(err)
	}
	b.ngo = ngo.ID
	f.joinGroup(t, "member", domain.RoleDelegate, "")
	f.joinGroup(t, "member2", domain.RoleDelegate, "")
	f.joinGroup(t, "groupobserver", domain.RoleObserver, "")
	f.joinGroup(t, "elsewhere", domain.RoleDelegate, f.addGroup(t, "Asia"))
	for name, ms := range map[string][]domain.Membership{
		"ngo": {{Role: domain.RolePartner, BodyID: ngo.ID, GroupID: f.ids["group"]}},
		"twohats": {{Role: domain.RoleDelegate, BodyID: f.ids["body"]},
			{Role: domain.RolePartner, BodyID: ngo.ID, GroupID: f.ids["group"]}},
	} {
		u := &domain.User{Email: name + "@example.org", Name: "User " + name}
		if err := f.db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		tok, hash := auth.NewToken()
		if err := f.db.CreateWebSession(ctx, hash, u.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		f.cookies[name] = tok
		for _, m := range ms {
			m.UserID, m.ProcessID, m.MeetingID = u.ID, f.ids["process"], f.ids["meeting"]
			if err := f.db.AddMembership(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name := range f.cookies {
		tok, hash := auth.NewToken()
		if _, err := f.db.CreateAPIToken(ctx, f.userID(t, name), "test", hash, time.Hour); err != nil {
			t.Fatal(err)
		}
		b.tokens[name] = tok
	}
	return b
}

// json sends a request to the API as who ("anonymous": no token), with
// the fixture's {names} replaced in path and body.
func (b *bothFixture) json(t *testing.T, who, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	for k, v := range b.ids {
		path = strings.ReplaceAll(path, "{"+k+"}", v)
		body = strings.ReplaceAll(body, "{"+k+"}", v)
	}
	var req *http.Request
	if body != "" {
		req = httptest.NewRequest(method, "/api/v1"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	} else {
		req = httptest.NewRequest(method, "/api/v1"+path, nil)
	}
	if tok := b.tokens[who]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	b.api.ServeHTTP(rec, req)
	return rec
}

// resultOf names what a page or an API answer says happened, so that the
// two can be compared: "done" for a redirect after a post (page) or a
// success (API), else the status.
func resultOf(rec *httptest.ResponseRecorder) string {
	switch c := rec.Code; {
	case c == http.StatusSeeOther || c >= 200 && c < 300:
		return "done"
	default:
		return http.StatusText(c)
	}
}

// newStatement returns the one statement of the fixture's group added by
// do, nil when none was.
func (b *bothFixture) newStatement(t *testing.T, do func()) *domain.Statement {
	t.Helper()
	ctx := context.Background()
	before, err := b.db.Statements(ctx, b.ids["meeting"], b.ids["group"], "")
	if err != nil {
		t.Fatal(err)
	}
	do()
	after, err := b.db.Statements(ctx, b.ids["meeting"], b.ids["group"], "")
	if err != nil {
		t.Fatal(err)
	}
	switch len(after) - len(before) {
	case 0:
		return nil
	case 1:
		return after[len(after)-1]
	}
	t.Fatalf("%d statements added", len(after)-len(before))
	return nil
}

// TestAddStatementOnPageAndAPI: the same statement added by the same
// person on the page and through the API is stored alike (body, partner
// mark, language), or refused alike. It speaks for the body of the
// author's delegate or partner membership in the group (twohats speaks
// for the partner organisation, not for the body of their other
// membership), and its language is told from the text when not given.
func TestAddStatementOnPageAndAPI(t *testing.T) {
	t.Parallel()
	b := newBothFixture(t)
	tests := []struct {
		name, who, text, lang, source string
		outcome                       string
		body                          string // "body", "ngo" or ""
		partner                       bool
		wantLang                      string
	}{
		{"a delegate of the group", "member", "Share migration data.", "en", "", "done", "body", false, "en"},
		{"a partner of the group", "ngo", "Fund language classes.", "en", "", "done", "ngo", true, "en"},
		{"a partner of the group who is a delegate elsewhere", "twohats", "Protect migrant workers.", "en", "", "done", "ngo", true, "en"},
		{"the rapporteur", "rapporteur", "Regularise seasonal workers.", "en", "", "done", "", false, "en"},
		{"the secretariat", "secretariat", "Count returnees.", "en", "", "done", "", false, "en"},
		{"without a language", "member", "Les voies de migration régulière doivent être élargies pour les travailleurs.", "", "", "done", "body", false, "fr"},
		{"from an input", "member", "Widen the pathways.", "en", "{contribution}", "done", "body", false, "en"},
		{"a language that cannot be told", "member", "12345", "", "", http.StatusText(http.StatusUnprocessableEntity), "", false, ""},
		{"from a draft", "member", "Widen the pathways.", "en", "{draft}", http.StatusText(http.StatusUnprocessableEntity), "", false, ""},
		{"a delegate in no group", "delegate", "Share data.", "en", "", http.StatusText(http.StatusForbidden), "", false, ""},
		{"an observer of the group", "groupobserver", "Share data.", "en", "", http.StatusText(http.StatusForbidden), "", false, ""},
		{"a delegate of another group", "elsewhere", "Share data.", "en", "", http.StatusText(http.StatusForbidden), "", false, ""},
		{"someone of another process", "outsider", "Share data.", "en", "", http.StatusText(http.StatusNotFound), "", false, ""},
	}
	bodies := map[string]string{"body": b.ids["body"], "ngo": b.ngo}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			source := strings.NewReplacer("{contribution}", b.ids["contribution"], "{draft}", b.ids["draft"]).Replace(tt.source)
			var pageRec, apiRec *httptest.ResponseRecorder
			onPage := b.newStatement(t, func() {
				pageRec = b.do(t, tt.who, "POST", "/groups/{group}/statements", url.Values{"part": {"{part}"}, "text": {tt.text},
					"kind": {"recommendation"}, "lang": {tt.lang}, "source": {source}})
			})
			in, _ := json.Marshal(map[string]string{"kind": "recommendation", "text": tt.text, "lang": tt.lang, "source_id": source})
			viaAPI := b.newStatement(t, func() {
				apiRec = b.json(t, tt.who, "POST", "/groups/{group}/statements?part={part}", string(in))
			})
			if got, want := resultOf(pageRec), tt.outcome; got != want {
				t.Fatalf("the page: %s, want %s: %s", got, want, pageRec.Body)
			}
			if got, want := resultOf(apiRec), tt.outcome; got != want {
				t.Fatalf("the API: %s, want %s: %s", got, want, apiRec.Body)
			}
			if tt.outcome != "done" {
				if onPage != nil || viaAPI != nil {
					t.Fatalf("refused, yet stored: %+v, %+v", onPage, viaAPI)
				}
				return
			}
			for side, st := range map[string]*domain.Statement{"the page": onPage, "the API": viaAPI} {
				if st == nil {
					t.Fatalf("%s stored nothing", side)
				}
				if st.BodyID != bodies[tt.body] || st.ByPartner != tt.partner || st.Lang != tt.wantLang || st.Text != tt.text ||
					st.PartID != b.ids["part"] || st.SourceID != source || st.AuthorID != b.userID(t, tt.who) {
					t.Errorf("%s stored %+v", side, st)
				}
			}
		})
	}
}

// TestRefusedStatementSaysWhyOnPageAndAPI: a statement whose language
// cannot be told is refused on both with the same message on "lang".
func TestRefusedStatementSaysWhyOnPageAndAPI(t *testing.T) {
	t.Parallel()
	b := newBothFixture(t)
	page := body(b.do(t, "member", "POST", "/groups/{group}/statements", url.Values{"part": {"{part}"}, "text": {"12345"}, "kind": {"recommendation"}}))
	rec := b.json(t, "member", "POST", "/groups/{group}/statements?part={part}", `{"kind":"recommendation","text":"12345"}`)
	const msg = "anguage could not be told from the text"
	if !strings.Contains(page, msg) {
		t.Errorf("the page does not say why:\n%s", page)
	}
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), msg) || !strings.Contains(rec.Body.String(), `"lang"`) {
		t.Errorf("the API does not say why: %d %s", rec.Code, rec.Body)
	}
}

// TestVoteOnPageAndAPI: a vote is taken or refused alike on the page (its
// script asks for JSON) and through the API, whoever votes.
func TestVoteOnPageAndAPI(t *testing.T) {
	t.Parallel()
	b := newBothFixture(t)
	for _, tt := range []struct {
		who, value string
		status     int
	}{
		{"member", "agree", http.StatusNoContent},
		{"ngo", "disagree", http.StatusNoContent},
		{"rapporteur", "pass", http.StatusNoContent},
		{"member", "maybe", http.StatusUnprocessableEntity},
		{"groupobserver", "agree", http.StatusForbidden},
		{"elsewhere", "agree", http.StatusForbidden},
		{"secretariat", "agree", http.StatusForbidden},
		{"outsider", "agree", http.StatusNotFound},
		{"anonymous", "agree", http.StatusUnauthorized},
	} {
		t.Run(tt.who+" "+tt.value, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/statements/"+b.ids["statement"]+"/vote", strings.NewReader(url.Values{"value": {tt.value}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Accept", "application/json")
			if tok := b.cookies[tt.who]; tok != "" {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
			}
			page := httptest.NewRecorder()
			b.h.ServeHTTP(page, req)
			viaAPI := b.json(t, tt.who, "POST", "/statements/{statement}/vote", `{"value":"`+tt.value+`"}`)
			if page.Code != tt.status || viaAPI.Code != tt.status {
				t.Fatalf("the page %d, the API %d, want %d: %s / %s", page.Code, viaAPI.Code, tt.status, page.Body, viaAPI.Body)
			}
		})
	}
}

// TestBallotOnPageAndAPI: the same ballot cast on the page (by member)
// and through the API (by member2) is stored alike, and who may not rank
// is refused alike; then both read the same results.
func TestBallotOnPageAndAPI(t *testing.T) {
	t.Parallel()
	b := newBothFixture(t)
	ids := addABC(t, b.db, b.ids)
	ctx := context.Background()
	cast := func(who string, page bool) *httptest.ResponseRecorder {
		if page {
			return b.do(t, who, "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"schulze"}, "version": {"0"},
				"rank_" + ids[1]: {"1"}, "rank_" + ids[0]: {"2"}, "rank_" + ids[2]: {"2"}})
		}
		return b.json(t, who, "PUT", "/groups/{group}/ballot?part={part}",
			fmt.Sprintf(`{"method":"schulze","ranks":[["%s"],["%s","%s"]],"version":0}`, ids[1], ids[0], ids[2]))
	}
	for _, tt := range []struct {
		page, api string
		outcome   string
	}{
		{"member", "member2", "done"},
		{"groupobserver", "groupobserver", http.StatusText(http.StatusForbidden)},
		{"elsewhere", "elsewhere", http.StatusText(http.StatusForbidden)},
		{"secretariat", "secretariat", http.StatusText(http.StatusForbidden)},
		{"outsider", "outsider", http.StatusText(http.StatusNotFound)},
	} {
		t.Run(tt.page, func(t *testing.T) {
			page, viaAPI := cast(tt.page, true), cast(tt.api, false)
			if resultOf(page) != tt.outcome || resultOf(viaAPI) != tt.outcome {
				t.Fatalf("the page %s, the API %s, want %s: %s / %s", resultOf(page), resultOf(viaAPI), tt.outcome, page.Body, viaAPI.Body)
			}
			if tt.outcome != "done" {
				return
			}
			onPage, err := b.db.Ballot(ctx, b.ids["group"], b.ids["part"], b.userID(t, tt.page))
			if err != nil {
				t.Fatal(err)
			}
			fromAPI, err := b.db.Ballot(ctx, b.ids["group"], b.ids["part"], b.userID(t, tt.api))
			if err != nil {
				t.Fatal(err)
			}
			if onPage.Method != fromAPI.Method || !slices.EqualFunc(onPage.Ranks, fromAPI.Ranks, slices.Equal[[]string]) || onPage.Version != fromAPI.Version {
				t.Fatalf("the page stored %+v, the API %+v", onPage, fromAPI)
			}
		})
	}
	// Both read two ballots, Bravo first.
	page := body(b.do(t, "observer", "GET", "/groups/{group}/results?part={part}", nil))
	var res struct {
		Ballots int
		Top     struct{ Selected []string }
	}
	rec := b.json(t, "observer", "GET", "/groups/{group}/results?part={part}", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if !strings.Contains(page, "2 ballots") || res.Ballots != 2 || len(res.Top.Selected) == 0 || res.Top.Selected[0] != ids[1] ||
		strings.Index(page, "Bravo: share") > strings.Index(page, "Alpha: widen") {
		t.Fatalf("the page and the API read different results: %+v\n%s", res, page)
	}
}

// TestReportOnPageAndAPI: a group's report saved and submitted on the
// page and through the API (each in a fixture of its own) is stored alike,
// refused alike to who may not write it, and read alike: its draft by the
// group's members and the secretariat only, once submitted by everyone in
// the meeting.
func TestReportOnPageAndAPI(t *testing.T) {
	t.Parallel()
	page, viaAPI := newBothFixture(t), newBothFixture(t)
	save := func(b *bothFixture, onPage bool, who string, version int) string {
		if onPage {
			return resultOf(b.do(t, who, "POST", "/groups/{group}/report", url.Values{"part": {"{part}"}, "lang": {"es"}, "version": {fmt.Sprint(version)},
				"follow_up_es": {"El Proceso de Rabat."}, "rcp_role_es": {"Los PCR convocan a los Estados."}}))
		}
		return resultOf(b.json(t, who, "PUT", "/groups/{group}/report?part={part}",
			fmt.Sprintf(`{"lang":"es","texts":{"es":{"follow_up":"El Proceso de Rabat.","rcp_role":"Los PCR convocan a los Estados."}},"version":%d}`, version)))
	}
	submit := func(b *bothFixture, onPage bool, who string, version int) string {
		if onPage {
			return resultOf(b.do(t, who, "POST", "/groups/{group}/report/submit", url.Values{"part": {"{part}"}, "version": {fmt.Sprint(version)}}))
		}
		return resultOf(b.json(t, who, "POST", "/groups/{group}/report/submit?part={part}", fmt.Sprintf(`{"version":%d}`, version)))
	}
	reads := func(b *bothFixture, onPage bool, who string) bool {
		if onPage {
			return strings.Contains(body(b.do(t, who, "GET", "/groups/{group}/report?part={part}", nil)), "Los PCR convocan")
		}
		rec := b.json(t, who, "GET", "/groups/{group}/report?part={part}", "")
		return rec.Code == http.StatusOK && strings.Contains(rec.Body.String(), "Los PCR convocan")
	}
	readers := []string{"member", "groupobserver", "rapporteur", "secretariat", "admin", "observer", "elsewhere", "chair"}
	for _, step := range []struct {
		name string
		do   func(b *bothFixture, onPage bool) string
		want string
	}{
		{"a delegate of the group writes", func(b *bothFixture, p bool) string { return save(b, p, "member", 0) }, http.StatusText(http.StatusForbidden)},
		{"the rapporteur writes", func(b *bothFixture, p bool) string { return save(b, p, "rapporteur", 0) }, "done"},
		{"a stale save", func(b *bothFixture, p bool) string { return save(b, p, "rapporteur", 0) }, http.StatusText(http.StatusConflict)},
		{"the draft is read", func(b *bothFixture, p bool) string {
			var who []string
			for _, r := range readers {
				if reads(b, p, r) {
					who = append(who, r)
				}
			}
			return strings.Join(who, " ")
		}, "member groupobserver rapporteur secretariat admin"},
		{"a delegate of the group submits", func(b *bothFixture, p bool) string { return submit(b, p, "member", 1) }, http.StatusText(http.StatusForbidden)},
		{"the rapporteur submits", func(b *bothFixture, p bool) string { return submit(b, p, "rapporteur", 1) }, "done"},
		{"the report is read", func(b *bothFixture, p bool) string {
			var who []string
			for _, r := range readers {
				if reads(b, p, r) {
					who = append(who, r)
				}
			}
			return strings.Join(who, " ")
		}, strings.Join(readers, " ")},
	} {
		t.Run(step.name, func(t *testing.T) {
			if got, want := step.do(page, true), step.want; got != want {
				t.Errorf("the page: %q, want %q", got, want)
			}
			if got, want := step.do(viaAPI, false), step.want; got != want {
				t.Errorf("the API: %q, want %q", got, want)
			}
		})
	}
	var stored []*store.Report
	for _, b := range []*bothFixture{page, viaAPI} {
		rep, err := b.db.Report(context.Background(), b.ids["group"], b.ids["part"])
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, rep)
	}
	p, a := stored[0], stored[1]
	if p.Status != a.Status || p.Version != a.Version || p.Lang != a.Lang || !reflect.DeepEqual(p.Texts["es"], a.Texts["es"]) || len(p.Texts) != len(a.Texts) ||
		(p.Snapshot == nil) != (a.Snapshot == nil) || p.Snapshot.Ballots != a.Snapshot.Ballots || len(p.Snapshot.Candidates) != len(a.Snapshot.Candidates) {
		t.Fatalf("the page stored %+v, the API %+v", p, a)
	}
}

// TestStatementsReadOnPageAndAPI: the group's statements are read, or
// refused, alike on the workspace page and through the API.
func TestStatementsReadOnPageAndAPI(t *testing.T) {
	t.Parallel()
	b := newBothFixture(t)
	for _, who := range []string{"member", "ngo", "groupobserver", "rapporteur", "secretariat", "admin", "delegate", "observer", "chair", "elsewhere", "outsider"} {
		t.Run(who, func(t *testing.T) {
			page := b.do(t, who, "GET", "/groups/{group}?part={part}", nil)
			viaAPI := b.json(t, who, "GET", "/groups/{group}/statements?part={part}", "")
			if page.Code != viaAPI.Code {
				t.Fatalf("the page %d, the API %d", page.Code, viaAPI.Code)
			}
		})
	}
}

// TestReportNarrativeOnPageAndAPI: a report of a part that asks guiding
// questions answers them (by the question's ID) with the rapporteur's
// points of agreement and disagreement, alike on the page and through the
// API: the same answers refused, the same submission rule, the same
// report stored, the questions and answers read on both.
func TestReportNarrativeOnPageAndAPI(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	page, viaAPI := newBothFixture(t), newBothFixture(t)
	for _, b := range []*bothFixture{page, viaAPI} {
		for _, it := range []struct{ name, kind, text string }{
			{"objective", "objective", "to identify partners' recommendations"},
			{"q1", "question", "What are the core recommendations of **partners**?"},
			{"q2", "question", "How will partners engage with ISCMs?"},
		} {
			item := &domain.AgendaItem{MeetingID: b.ids["meeting"], PartID: b.ids["part"], Kind: domain.ItemKind(it.kind), Text: it.text}
			if err := b.db.CreateItem(ctx, item); err != nil {
				t.Fatal(err)
			}
			b.ids[it.name] = item.ID
		}
	}
	type texts struct{ agreement, disagreement, q1, q2, objective string }
	save := func(b *bothFixture, onPage bool, version int, tx texts) *httptest.ResponseRecorder {
		if onPage {
			form := url.Values{"part": {"{part}"}, "lang": {"es"}, "version": {fmt.Sprint(version)},
				"agreement_es": {tx.agreement}, "disagreement_es": {tx.disagreement}}
			for name, v := range map[string]string{"q1": tx.q1, "q2": tx.q2, "objective": tx.objective} {
				if v != "" {
					form.Set("answer_"+b.ids[name]+"_es", v)
				}
			}
			return b.do(t, "rapporteur", "POST", "/groups/{group}/report", form)
		}
		answers := map[string]string{}
		for name, v := range map[string]string{"q1": tx.q1, "q2": tx.q2, "objective": tx.objective} {
			if v != "" {
				answers[b.ids[name]] = v
			}
		}
		js, _ := json.Marshal(map[string]any{"lang": "es", "version": version,
			"texts": map[string]any{"es": map[string]any{"agreement": tx.agreement, "disagreement": tx.disagreement, "answers": answers}}})
		return b.json(t, "rapporteur", "PUT", "/groups/{group}/report?part={part}", string(js))
	}
	submit := func(b *bothFixture, onPage bool, version int) *httptest.ResponseRecorder {
		if onPage {
			return b.do(t, "rapporteur", "POST", "/groups/{group}/report/submit", url.Values{"part": {"{part}"}, "version": {fmt.Sprint(version)}})
		}
		return b.json(t, "rapporteur", "POST", "/groups/{group}/report/submit?part={part}", fmt.Sprintf(`{"version":%d}`, version))
	}
	narrative := texts{agreement: "Todos piden escuchar a los socios.", disagreement: "Si los socios firman compromisos."}
	for _, step := range []struct {
		name string
		do   func(b *bothFixture, onPage bool) *httptest.ResponseRecorder
		want string
	}{
		{"an answer to an objective", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			return save(b, p, 0, texts{objective: "Los socios recomiendan."})
		}, http.StatusText(http.StatusUnprocessableEntity)},
		{"a control character in the disagreement", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			return save(b, p, 0, texts{disagreement: "Si los socios\x00 firman."})
		}, http.StatusText(http.StatusUnprocessableEntity)},
		{"the rapporteur writes the points of agreement", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			return save(b, p, 0, narrative)
		}, "done"},
		{"submitting without an answer", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			return submit(b, p, 1)
		}, http.StatusText(http.StatusUnprocessableEntity)},
		{"the rapporteur answers a question", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			tx := narrative
			tx.q2 = "Con reuniones anuales con los PCR."
			return save(b, p, 1, tx)
		}, "done"},
		{"the rapporteur submits", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			return submit(b, p, 2)
		}, "done"},
		{"an edit once submitted", func(b *bothFixture, p bool) *httptest.ResponseRecorder {
			return save(b, p, 3, narrative)
		}, http.StatusText(http.StatusConflict)},
	} {
		t.Run(step.name, func(t *testing.T) {
			if got, want := resultOf(step.do(page, true)), step.want; got != want {
				t.Errorf("the page: %q, want %q", got, want)
			}
			if got, want := resultOf(step.do(viaAPI, false)), step.want; got != want {
				t.Errorf("the API: %q, want %q", got, want)
			}
		})
	}
	var stored []*store.Report
	for _, b := range []*bothFixture{page, viaAPI} {
		rep, err := b.db.Report(ctx, b.ids["group"], b.ids["part"])
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Texts["es"]; got.Answers[b.ids["q2"]] != "Con reuniones anuales con los PCR." || len(got.Answers) != 1 || got.Agreement != narrative.agreement {
			t.Fatalf("stored %+v", got)
		}
		stored = append(stored, rep)
	}
	p, a := stored[0], stored[1]
	if p.Status != a.Status || p.Version != a.Version || p.Texts["es"].Disagreement != a.Texts["es"].Disagreement {
		t.Fatalf("the page stored %+v, the API %+v", p, a)
	}
	// The page shows each question (its Markdown rendered) with its answer,
	// and the points of agreement and disagreement under their labels.
	html := body(page.do(t, "observer", "GET", "/groups/{group}/report?part={part}", nil))
	for _, want := range []string{"How will partners engage with ISCMs?</h3><p class=\"pre\" dir=\"auto\">Con reuniones anuales",
		"Points of general agreement</h3><p class=\"pre\" dir=\"auto\">Todos piden", "Points of disagreement</h3><p class=\"pre\" dir=\"auto\">Si los socios"} {
		if !strings.Contains(html, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	if strings.Contains(html, "core recommendations of") {
		t.Error("the page shows a question left unanswered")
	}
	// The rapporteur's form asks every question of the part (the
	// fixture's own first), its Markdown rendered.
	page.db.ReopenReport(ctx, page.ids["group"], page.ids["part"], 3)
	form := body(page.do(t, "rapporteur", "GET", "/groups/{group}/report?part={part}", nil))
	for _, want := range []string{`<label for="f-answer_` + page.ids["q1"] + `_es">What are the core recommendations of <strong>partners</strong>?</label>`,
		`name="answer_` + page.ids["q2"] + `_es"`, `name="agreement_es"`, `name="disagreement_fr"`} {
		if !strings.Contains(form, want) {
			t.Errorf("the report form lacks %q", want)
		}
	}
	if strings.Contains(form, "follow_up_es") {
		t.Error("the form asks the fixed questions of a part that asks its own")
	}
	// The API lists the questions the answers are keyed by.
	var got struct {
		Questions []struct{ ID, Text string }
		Texts     map[string]struct{ Answers map[string]string }
	}
	rec := viaAPI.json(t, "observer", "GET", "/groups/{group}/report?part={part}", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	if len(got.Questions) != 3 || got.Questions[2].ID != viaAPI.ids["q2"] || got.Texts["es"].Answers[viaAPI.ids["q2"]] == "" {
		t.Fatalf("the API read %s", rec.Body)
	}
	// The plenary reads the same narrative in the group's column, on the
	// page and through the API, without the fixed fields the part does
	// not ask.
	plenary := body(viaAPI.do(t, "observer", "GET", "/meetings/{meeting}/plenary?part={part}", nil))
	for _, want := range []string{"How will partners engage with ISCMs?</span></h4>", "Con reuniones anuales con los PCR.", "Points of general agreement</h4>", "Si los socios firman compromisos."} {
		if !strings.Contains(plenary, want) {
			t.Errorf("the plenary page lacks %q", want)
		}
	}
	if strings.Contains(plenary, "Regional follow-up mechanisms") {
		t.Error("the plenary page asks the fixed questions of a part that asks its own")
	}
	var pl struct {
		Columns []struct {
			GroupID   string `json:"group_id"`
			Agreement string
			Answers   []struct {
				QuestionID string `json:"question_id"`
				Text       string
			}
		}
	}
	rec = viaAPI.json(t, "observer", "GET", "/meetings/{meeting}/plenary?part={part}", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &pl); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	found := false
	for _, c := range pl.Columns {
		if c.GroupID == viaAPI.ids["group"] {
			found = c.Agreement == narrative.agreement && len(c.Answers) == 1 && c.Answers[0].QuestionID == viaAPI.ids["q2"] && c.Answers[0].Text == "Con reuniones anuales con los PCR."
		}
	}
	if !found {
		t.Fatalf("the API's plenary %s", rec.Body)
	}
}
