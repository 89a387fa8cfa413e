package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// TestStatementFromPartnerContribution: a statement drawn through the API
// from a partner body's contribution is a partner's statement (by_partner)
// whoever draws it; one drawn from a mechanism's contribution is not.
func TestStatementFromPartnerContribution(t *testing.T) {
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
