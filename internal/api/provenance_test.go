package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestProvenance reads where a candidate overall recommendation comes
// from: two statements of group G1, taken from the published and from the
// submitted contribution. Every member of the meeting reads the statements
// and the published input; only the secretariat also reads the submitted
// one (the others are told one input is hidden). Without attribution the
// body (Budapest) and the author are named to nobody, the body's kind and
// region remain.
func TestProvenance(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mid, part, group := f.ids["meetingA1"], f.ids["partP1"], f.ids["groupG1"]
	var ids []string
	for _, st := range []*domain.Statement{
		{MeetingID: mid, GroupID: group, PartID: part, Kind: domain.KindRecommendation, Lang: "en", Text: "Fund joint labour migration programmes.", SourceID: f.ids["contribPublished"]},
		{MeetingID: mid, GroupID: group, PartID: part, Kind: domain.KindRecommendation, Lang: "es", Text: "Financiar la reintegración.", SourceID: f.ids["contribSubmitted"]},
	} {
		if err := f.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	c := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "t-gone", Text: "Fund labour migration programmes.", Statements: ids}
	if err := f.db.AddOverallCandidate(ctx, c); err != nil {
		t.Fatal(err)
	}
	f.ids["cand"], f.ids["st0"], f.ids["st1"] = c.ID, ids[0], ids[1]
	url := "/api/v1/meetings/{meetingA1}/overall/candidates/{cand}/provenance"
	shown := []string{`"candidate_id":"{cand}"`, `"label":"R2"`, `"exists":false`, `"id":"{st0}"`, `"id":"{st1}"`, `"group":"Asia and the Pacific"`,
		`"lang":"es"`, `"votes":{"agree":0,"disagree":0,"pass":0,"few_voters":true}`, `"id":"{contribPublished}"`, `"body_kind":`}
	f.run(t, []scenario{
		{name: "the observer reads it", method: "GET", url: url, as: "observer", status: http.StatusOK,
			want: append(shown, `"hidden_inputs":1`, `"body_name":"Budapest Process"`), notWant: []string{"{contribSubmitted}", "{user:delegate}"}},
		{name: "the secretariat reads the input under review", method: "GET", url: url, as: "secretariat", status: http.StatusOK,
			want: append(shown, `"hidden_inputs":0`, `"id":"{contribSubmitted}"`)},
		{name: "another process's secretariat does not find it", method: "GET", url: url, as: "outsider", status: http.StatusNotFound},
		{name: "an unknown candidate", method: "GET", url: "/api/v1/meetings/{meetingA1}/overall/candidates/nope/provenance", as: "observer", status: http.StatusNotFound},
	})

	// The secretariat translates the inputs while the meeting is held
	// under the non-attribution rule: they stay unattributed once it is
	// switched off.
	f.setNonAttribution(t, true)
	f.unattribute(t, "contribPublished", "contribSubmitted")
	f.setNonAttribution(t, false)
	m, err := f.db.Meeting(ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	// Three inter-regional forums of Europe take part: the inputs' body
	// is described by its kind and its region.
	f.addParticipants(t, m, domain.BodyIRF, "Europe", "Prague Process", "Rabat Process")
	for _, role := range []string{"observer", "delegate", "secretariat", "admin"} {
		w := f.do(t, "GET", f.url(t, url), role, "")
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d", role, w.Code)
		}
		var p provenanceJSON
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		for _, in := range p.Inputs {
			if in.BodyName != "" || in.BodyID != "" || in.Attributed || in.BodyKind != domain.BodyIRF || in.BodyRegion != "Europe" {
				t.Errorf("%s: input without attribution: %+v", role, in)
			}
		}
		for _, leak := range []string{"Budapest", f.ids["body"], f.ids["user:delegate"], "User delegate"} {
			if strings.Contains(w.Body.String(), leak) {
				t.Errorf("%s: the provenance names %q without attribution", role, leak)
			}
		}
	}
}
