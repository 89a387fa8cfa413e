package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestStatementFromPartnerContribution: a statement drawn through the API
// from a partner body's contribution is a partner's statement (by_partner)
// whoever draws it; one drawn from a mechanism's contribution is not.
func TestStatementFromPartnerContribution(t *testing.T) {
	t.Parallel()
	f := deliberationFixture(t)
	ctx := context.Background()
	ngo := &domain.Body{Name: "Migrant Help Network", Kind: domain.BodyNGO}
	if err := f.db.CreateBody(ctx, ngo); err != nil {
		t.Fatal(err)
	}
	c := &domain.Contribution{MeetingID: f.ids["meetingA1"], Kind: domain.KindRecommendation, Status: domain.StatusPublished,
		Title: "Language classes", Text: "Fund language classes.", BodyID: ngo.ID, Lang: "en", Regions: []string{"Europe"}}
	if err := f.db.CreateContribution(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, source string
		want         bool
	}{
		{"from a partner's contribution", c.ID, true},
		{"from a mechanism's contribution", f.ids["contribPublished"], false},
		{"written", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"kind": "recommendation", "text": "A statement " + tc.name + ".", "lang": "en", "source_id": tc.source})
			w := f.do(t, "POST", f.url(t, "/api/v1/groups/{groupG1}/statements?part={partP1}"), "rapporteur", string(body))
			if w.Code != http.StatusCreated {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			var got statementJSON
			decodeBody(t, w, &got)
			st, err := f.db.Statement(ctx, got.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.ByPartner != tc.want || st.ByPartner != tc.want {
				t.Errorf("by_partner %v (stored %v), want %v", got.ByPartner, st.ByPartner, tc.want)
			}
		})
	}
}

// TestPlenaryAPIPartners: the plenary synthesis marks partners' statements
// (by_partner) in the five, the agreement lists and the themes, and a
// column's lists keep to the part asked for, though the group's live
// analysis covers all its parts.
func TestPlenaryAPIPartners(t *testing.T) {
	t.Parallel()
	f := deliberationFixture(t)
	ctx := context.Background()
	other := &domain.Part{SessionID: f.ids["sessionS1"], Title: "Partner engagement breakout", Kind: domain.PartBreakout}
	if err := f.db.CreatePart(ctx, other); err != nil {
		t.Fatal(err)
	}
	d := &domain.Statement{MeetingID: f.ids["meetingA1"], GroupID: f.ids["groupG1"], PartID: f.ids["partP1"], Kind: domain.KindCommitment, Lang: "en",
		Text: "Partners train border officials.", ByPartner: true}
	e := &domain.Statement{MeetingID: f.ids["meetingA1"], GroupID: f.ids["groupG1"], PartID: other.ID, Kind: domain.KindRecommendation, Lang: "en",
		Text: "Invite partners to every meeting."}
	for _, st := range []*domain.Statement{d, e} {
		if err := f.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	vw := f.db.NewVoteWriter(store.VoteWriterOptions{})
	for i := range 4 {
		u := &domain.User{Email: "voter" + strconv.Itoa(i) + "@example.org", Name: "Voter"}
		if err := f.db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{f.ids["A"], d.ID, e.ID} {
			if err := vw.Vote(ctx, domain.Vote{StatementID: id, UserID: u.ID, Value: domain.Agree}); err != nil {
				t.Fatal(err)
			}
		}
	}
	vw.Close()
	w := f.do(t, "GET", f.url(t, "/api/v1/meetings/{meetingA1}/plenary?part={partP1}"), "observer", "")
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got plenaryJSON
	decodeBody(t, w, &got)
	var col *plenaryColumnJSON
	for i := range got.Columns {
		if got.Columns[i].GroupID == f.ids["groupG1"] {
			col = &got.Columns[i]
		}
	}
	if col == nil || col.Live == nil {
		t.Fatalf("no column with live analysis for G1: %s", w.Body)
	}
	partner := map[string]bool{}
	for _, it := range append(col.Top, col.Tied...) {
		partner[it.ID] = it.ByPartner
	}
	if !partner[d.ID] || partner[f.ids["A"]] || len(partner) != 4 {
		t.Errorf("the five: %+v", partner)
	}
	agreed := map[string]bool{}
	for _, c := range col.Live.Agree {
		agreed[c.StatementID] = c.ByPartner
	}
	if by, ok := agreed[d.ID]; !ok || !by {
		t.Errorf("the agreement lacks the partner's statement, or does not mark it: %+v", col.Live.Agree)
	}
	if _, ok := agreed[e.ID]; ok {
		t.Error("the agreement lists another part's statement")
	}
	themed := false
	for _, th := range append(got.Themes, got.Singles...) {
		for _, st := range th.Statements {
			if st.ID == d.ID {
				themed = st.ByPartner
			}
		}
	}
	if !themed {
		t.Error("the themes do not mark the partner's statement")
	}
}
