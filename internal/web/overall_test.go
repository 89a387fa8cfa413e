package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

func mustStatus(t *testing.T, rec interface{ Result() *http.Response }, want int, what string) {
	t.Helper()
	if got := rec.Result().StatusCode; got != want {
		t.Fatalf("%s: status %d, want %d", what, got, want)
	}
}

// TestOverallEqualSay works a hand-computed example: group Africa has
// three voters who rank X above Y; groups Asia and Europe have one voter
// each, who rank Y above X. Counted by head, X beats Y 3 to 2; with an
// equal say, Africa's three ballots weigh 1/3 each, so X beats Y by 1 and
// Y beats X by 2 (Asia's single ballot weighs as much as Africa's three
// together): Y comes first. Observers and members without a group cannot
// rank, a delegate cannot confirm, the chair confirms, ranking closes, the
// chair cannot reopen and the secretariat can.
func TestOverallEqualSay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.dropOverallCandidate(t)
	ctx := context.Background()
	mid, part := f.ids["meeting"], f.ids["part"]
	africa := f.ids["group"]
	asia, europe := f.addGroup(t, "Asia"), f.addGroup(t, "Europe")
	f.addVoter(t, "a2", africa)
	f.addVoter(t, "a3", africa)
	f.addVoter(t, "b1", asia)
	f.addVoter(t, "c1", europe)
	x := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "tx", Text: "Widen regular pathways."}
	y := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "ty", Text: "Share migration data."}
	for _, c := range []*store.OverallCandidate{x, y} {
		if err := f.db.AddOverallCandidate(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ballot := func(first, second string) url.Values {
		return url.Values{"part": {part}, "version": {"0"}, "rank_" + first: {"1"}, "rank_" + second: {"2"}}
	}
	path := "/meetings/" + mid + "/overall"
	for _, who := range []string{"rapporteur", "a2", "a3"} {
		mustStatus(t, f.do(t, who, http.MethodPost, path+"/ballot", ballot(x.ID, y.ID)), http.StatusSeeOther, who)
	}
	for _, who := range []string{"b1", "c1"} {
		mustStatus(t, f.do(t, who, http.MethodPost, path+"/ballot", ballot(y.ID, x.ID)), http.StatusSeeOther, who)
	}
	for _, who := range []string{"observer", "delegate", "secretariat"} {
		mustStatus(t, f.do(t, who, http.MethodPost, path+"/ballot", ballot(x.ID, y.ID)), http.StatusForbidden, who+" ranks")
	}
	// A second ballot without the version read is a conflict.
	mustStatus(t, f.do(t, "b1", http.MethodPost, path+"/ballot", ballot(x.ID, y.ID)), http.StatusConflict, "stale ballot")

	oc := f.overallTally(t)
	pw := oc.Result.Pairwise
	ix, iy := slices.Index(pw.Candidates, x.ID), slices.Index(pw.Candidates, y.ID)
	if pw.D[ix][iy] != 1 || pw.D[iy][ix] != 2 {
		t.Fatalf("d[X][Y] = %v, d[Y][X] = %v; want 1 and 2", pw.D[ix][iy], pw.D[iy][ix])
	}
	if oc.Result.Candidates[0].ID != y.ID || oc.Result.Candidates[0].Position != 1 || oc.Result.Candidates[1].Position != 2 {
		t.Fatalf("Y should come first alone: %+v", oc.Result.Candidates)
	}
	byHead, err := rank.Tally(rank.Schulze, []string{x.ID, y.ID}, oc.Ballots, rank.Options{})
	if err != nil || byHead.Candidates[0].ID != x.ID {
		t.Fatalf("by head X should win: %+v %v", byHead, err)
	}
	if oc.Robustness == nil || len(oc.Robustness.Groups) != 3 || !oc.Robustness.Stable {
		t.Fatalf("two candidates always fit in a top five: %+v", oc.Robustness)
	}

	rec := f.do(t, "observer", http.MethodGet, path+"?part="+part, nil)
	mustStatus(t, rec, http.StatusOK, "observer reads")
	body := rec.Body.String()
	for _, want := range []string{"1/3", "Asia", "No single group changes the top five.", "Members of a breakout group who may vote rank"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `action="/meetings/`+mid+`/overall/confirm"`) {
		t.Error("the observer sees the confirmation form")
	}
	rec = f.do(t, "b1", http.MethodGet, path+"?part="+part, nil)
	if b := rec.Body.String(); !strings.Contains(b, "Your ballot counts for the group Asia.") || !strings.Contains(b, `name="version" value="1"`) {
		t.Error("the voter does not see their ballot and group")
	}

	sel := url.Values{"part": {part}, "selected": {x.ID, y.ID}}
	mustStatus(t, f.do(t, "b1", http.MethodPost, path+"/confirm", sel), http.StatusForbidden, "delegate confirms")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/confirm", url.Values{"part": {part}, "selected": {x.ID}}), http.StatusUnprocessableEntity, "one of two")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/confirm", sel), http.StatusSeeOther, "chair confirms")
	conf, err := f.db.OverallConfirmation(ctx, mid, part)
	if err != nil || !slices.Equal(conf.Selected, []string{y.ID, x.ID}) || !strings.Contains(string(conf.Snapshot), `"equal_say":true`) {
		t.Fatalf("confirmation: %+v %v", conf, err)
	}
	mustStatus(t, f.do(t, "a2", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"1"}, "rank_" + y.ID: {"1"}}), http.StatusConflict, "ballot after confirmation")
	if b := f.do(t, "observer", http.MethodGet, path+"?part="+part, nil).Body.String(); !strings.Contains(b, "The five overall recommendations, confirmed") {
		t.Error("the confirmation is not shown")
	}
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/reopen", url.Values{"part": {part}}), http.StatusForbidden, "chair reopens")
	mustStatus(t, f.do(t, "secretariat", http.MethodPost, path+"/reopen", url.Values{"part": {part}}), http.StatusSeeOther, "secretariat reopens")
	evs, err := f.db.AuditEvents(ctx, store.AuditFilter{ObjectType: "overall_recommendations", ObjectID: part})
	if err != nil || len(evs) != 2 || evs[0].Action != "reopen" || evs[1].Action != "confirm" {
		t.Fatalf("audit: %+v %v", evs, err)
	}
	mustStatus(t, f.do(t, "a2", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"1"}, "rank_" + y.ID: {"1"}}), http.StatusSeeOther, "ballot after reopening")
}

// TestOverallCandidatesFromThemes: the chair sees each theme prefilled
// with its most central statement, turns one into a candidate with an
// edited text that keeps the theme's statements, and a delegate cannot.
func TestOverallCandidatesFromThemes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.dropOverallCandidate(t)
	ctx := context.Background()
	mid, part := f.ids["meeting"], f.ids["part"]
	st := &domain.Statement{MeetingID: mid, GroupID: f.ids["group"], PartID: part, Kind: domain.KindRecommendation, Lang: "en", Text: "Create a regional observatory of labour migration."}
	if err := f.db.CreateStatement(ctx, st); err != nil {
		t.Fatal(err)
	}
	res := f.partThemes(t)
	if len(res.Themes) == 0 {
		t.Fatalf("themes: %+v", res)
	}
	var theme string
	for _, th := range res.Themes {
		for _, m := range th.Members {
			if m.ID == st.ID {
				theme = th.ID
			}
		}
	}
	path := "/meetings/" + mid + "/overall"
	rec := f.do(t, "chair", http.MethodGet, path+"?part="+part, nil)
	if !strings.Contains(rec.Body.String(), ">"+st.Text+"</textarea>") {
		t.Fatal("the theme's form is not prefilled with its statement")
	}
	// Counts in words, singular where it is one.
	if b := rec.Body.String(); !strings.Contains(b, "in 1 group, 1 statement<") || strings.Contains(b, "in 1 groups") {
		t.Error("the theme's spread is not in words with its plural forms")
	}
	form := url.Values{"part": {part}, "theme": {theme}, "text": {"A regional observatory of labour migration."}}
	mustStatus(t, f.do(t, "delegate", http.MethodPost, path+"/candidates", form), http.StatusForbidden, "delegate adds")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates", url.Values{"part": {part}, "theme": {"nope"}, "text": {"x"}}), http.StatusUnprocessableEntity, "unknown theme")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates", url.Values{"part": {part}, "theme": {theme}, "text": {"  "}}), http.StatusUnprocessableEntity, "empty text")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates", form), http.StatusSeeOther, "chair adds")
	cs, err := f.db.OverallCandidates(ctx, mid, part)
	if err != nil || len(cs) != 1 || cs[0].ThemeID != theme || !slices.Equal(cs[0].Statements, []string{st.ID}) || cs[0].Text != form.Get("text") {
		t.Fatalf("candidates: %+v %v", cs, err)
	}
	if strings.Contains(f.do(t, "chair", http.MethodGet, path+"?part="+part, nil).Body.String(), ">"+st.Text+"</textarea>") {
		t.Error("a theme drawn into a candidate is still offered")
	}
}
