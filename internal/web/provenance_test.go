package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/agenda"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestProvenancePage opens the provenance page of a candidate drawn from
// statements of two groups, one taken from a published contribution and
// one from a contribution still under review, one from a draft: every
// member of the meeting reads its sections; only whoever manages the
// meeting sees the input under review, nobody the draft; without attribution the body is named by its kind only;
// an unknown candidate and a candidate of another meeting are not found.
func TestProvenancePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: &domain.User{ID: f.ids["user"], Admin: true}})
	mid, part, africa := f.ids["meeting"], f.ids["part"], f.ids["group"]
	asia := &domain.Group{MeetingID: mid, Name: "Asia", Region: "Asia-Pacific"}
	if err := f.db.CreateGroup(ctx, asia); err != nil {
		t.Fatal(err)
	}
	s1 := &domain.Statement{MeetingID: mid, GroupID: africa, PartID: part, Kind: domain.KindRecommendation, Lang: "en",
		Text: "Open regular labour pathways.", SourceID: f.ids["contribution"]}
	s2 := &domain.Statement{MeetingID: mid, GroupID: asia.ID, PartID: part, Kind: domain.KindRecommendation, Lang: "fr",
		Text: "Ouvrir des voies régulières de migration de travail.", SourceID: f.ids["submitted"]}
	s3 := &domain.Statement{MeetingID: mid, GroupID: asia.ID, PartID: part, Kind: domain.KindRecommendation, Lang: "en",
		Text: "Widen pathways from a draft.", SourceID: f.ids["draft"]}
	for _, s := range []*domain.Statement{s1, s2, s3} {
		if err := f.db.CreateStatement(actx, s); err != nil {
			t.Fatal(err)
		}
	}
	c := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "t-gone", Text: "Widen regular pathways for labour migration.", Statements: []string{s1.ID, s2.ID, s3.ID}}
	if err := f.db.AddOverallCandidate(ctx, c); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + mid + "/overall/candidates/" + c.ID
	cs, err := f.db.OverallCandidates(ctx, mid, part)
	if err != nil {
		t.Fatal(err)
	}
	label := fmt.Sprintf("R%d", len(cs)) // the fixture may hold candidates already

	for _, role := range []string{"observer", "delegate", "chair", "secretariat"} {
		rec := f.do(t, role, http.MethodGet, path, nil)
		mustStatus(t, rec, http.StatusOK, role)
		body := rec.Body.String()
		for _, want := range []string{
			"Provenance of " + label, "Widen regular pathways for labour migration.",
			`<h2 id="h-plenary">Plenary ranking</h2>`, "No plenary ballot has been cast yet.",
			`<h2 id="h-theme">Theme</h2>`, "This theme no longer exists",
			`<h2 id="h-statements">Group recommendations</h2>`, `<th scope="col">Agree</th>`, "Provisionally, yes",
			`<span lang="fr" dir="auto">Ouvrir des voies régulières de migration de travail.</span>`,
			`href="/groups/` + asia.ID + `/results?part=` + part + `"`, "Asia-Pacific",
			`<h2 id="h-inputs">Original inputs</h2>`,
			`href="/contributions/` + f.ids["contribution"] + `"`, "A contribution recommendation",
			`href="/meetings/` + mid + `/overall?part=` + part + `#candidates"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: page lacks %q", role, want)
			}
		}
		manager := role == "secretariat"
		if got := strings.Contains(body, `href="/contributions/`+f.ids["submitted"]+`"`); got != manager {
			t.Errorf("%s sees the input under review: %v", role, got)
		}
		hidden := "Inputs not shown because they are not published: 2"
		if manager {
			hidden = "Inputs not shown because they are not published: 1" // the draft is its author's only
		}
		if !strings.Contains(body, hidden) || strings.Contains(body, `href="/contributions/`+f.ids["draft"]+`"`) {
			t.Errorf("%s: want %q and no link to the draft", role, hidden)
		}
		if !strings.Contains(body, `<span dir="auto">Body</span>`) {
			t.Errorf("%s: the meeting attributes, the body should be named", role)
		}
	}

	// The overall page links every candidate to its provenance.
	rec := f.do(t, "observer", http.MethodGet, "/meetings/"+mid+"/overall?part="+part, nil)
	if !strings.Contains(rec.Body.String(), `href="`+path+`"`) {
		t.Error("the overall page does not link the candidate to its provenance")
	}

	// Its author translates the contributions while the meeting is held
	// under the non-attribution rule: it stays unattributed once the rule
	// is switched off.
	f.setNonAttribution(t, true)
	for id, version := range map[string]string{"contribution": "2", "submitted": "1"} {
		rec = f.do(t, "delegate", http.MethodPost, "/contributions/{"+id+"}/translations",
			url.Values{"lang": {"es"}, "title": {"Una recomendación"}, "text": {"Vías regulares."}, "version": {version}})
		mustStatus(t, rec, http.StatusSeeOther, "translation under the rule")
	}
	f.setNonAttribution(t, false)
	// The body is the only RCP: "A participant". With two more RCPs (of
	// no region, as the body) taking part, its kind is shown.
	for _, more := range []bool{false, true} {
		if more {
			f.addParticipants(t, domain.BodyRCP, "", "Budapest Process", "Prague Process")
		}
		for _, role := range []string{"observer", "delegate", "secretariat"} {
			body := f.do(t, role, http.MethodGet, path, nil).Body.String()
			if strings.Contains(body, `<span dir="auto">Body</span>`) || (role != "delegate" && strings.Contains(body, "Delegate")) {
				t.Errorf("%s: a body or an author is named without attribution", role)
			}
			if got := strings.Contains(body, "Regional consultative process"); got != more {
				t.Errorf("%s, %v more RCPs: the body's kind shown %v", role, more, got)
			}
			if !more && !strings.Contains(body, "A participant") {
				t.Errorf("%s: no \"A participant\"", role)
			}
		}
	}

	// Not found: an unknown candidate, a candidate asked through another
	// meeting; refused: someone outside the meeting.
	am, err := agenda.ParseBytes([]byte(testAgenda))
	if err != nil {
		t.Fatal(err)
	}
	a2 := am.ToDomain()
	a2.Meeting.ProcessID = f.ids["process"]
	if err := f.db.CreateMeetingWithAgenda(actx, a2); err != nil {
		t.Fatal(err)
	}
	oc := &store.OverallCandidate{MeetingID: a2.Meeting.ID, PartID: a2.Sessions[0].Parts[0].ID, ThemeID: "t1", Text: "Elsewhere."}
	if err := f.db.AddOverallCandidate(ctx, oc); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, f.do(t, "secretariat", http.MethodGet, "/meetings/"+a2.Meeting.ID+"/overall/candidates/"+oc.ID, nil), http.StatusOK, "the other meeting's own candidate")
	mustStatus(t, f.do(t, "secretariat", http.MethodGet, "/meetings/"+a2.Meeting.ID+"/overall/candidates/"+c.ID, nil), http.StatusNotFound, "a candidate through another meeting")
	mustStatus(t, f.do(t, "observer", http.MethodGet, "/meetings/"+mid+"/overall/candidates/nope", nil), http.StatusNotFound, "unknown candidate")
	mustStatus(t, f.do(t, "observer", http.MethodGet, "/meetings/"+mid+"/overall/candidates/"+oc.ID, nil), http.StatusNotFound, "candidate of another meeting")
	if code := f.do(t, "outsider", http.MethodGet, path, nil).Code; code != http.StatusNotFound && code != http.StatusForbidden {
		t.Errorf("outsider: status %d", code)
	}
}
