package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// TestOverallMethodSetting: the chair sets the plenary's method; the
// ballot form follows it (approval boxes, scores); a form drawn for
// another method is a conflict; once a ballot is cast the method is
// refused with the number of ballots, and the ballot stays.
func TestOverallMethodSetting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mid, part := f.ids["meeting"], f.ids["part"]
	africa, asia := f.ids["group"], f.addGroup(t, "Asia")
	f.addVoter(t, "a2", africa)
	f.addVoter(t, "a3", africa)
	f.addVoter(t, "b1", asia)
	x := f.ids["overall_candidate"]
	y := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "ty", Text: "Share migration data."}
	if err := f.db.AddOverallCandidate(ctx, y); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + mid + "/overall"
	settings := func(method string, version int) url.Values {
		return url.Values{"part": {part}, "method": {method}, "score_min": {"0"}, "score_max": {"5"}, "version": {strconv.Itoa(version)}}
	}
	if b := f.do(t, "observer", http.MethodGet, path+"?part="+part, nil).Body.String(); strings.Contains(b, path+"/settings") {
		t.Error("the observer sees the method form")
	}
	if b := f.do(t, "chair", http.MethodGet, path+"?part="+part, nil).Body.String(); !strings.Contains(b, `action="`+path+`/settings"`) {
		t.Error("the chair does not see the method form")
	}
	for _, who := range []string{"b1", "observer", "rapporteur"} {
		mustStatus(t, f.do(t, who, http.MethodPost, path+"/settings", settings("approval", 0)), http.StatusForbidden, who+" sets the method")
	}
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/settings", settings("plurality", 0)), http.StatusUnprocessableEntity, "unknown method")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/settings", settings("approval", 0)), http.StatusSeeOther, "chair sets approval")
	mustStatus(t, f.do(t, "secretariat", http.MethodPost, path+"/settings", settings("score", 0)), http.StatusConflict, "stale settings form")

	// Approval: boxes, not places.
	body := f.do(t, "b1", http.MethodGet, path+"?part="+part, nil).Body.String()
	if !strings.Contains(body, `name="approve" value="`+x+`"`) || strings.Contains(body, `name="rank_`+x+`"`) || !strings.Contains(body, `name="method" value="approval"`) {
		t.Fatalf("the ballot does not follow the approval method:\n%s", body)
	}
	mustStatus(t, f.do(t, "b1", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"0"}, "method": {"schulze"}, "rank_" + x: {"1"}}), http.StatusConflict, "a form of another method")
	mustStatus(t, f.do(t, "b1", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"0"}, "method": {"approval"}}), http.StatusUnprocessableEntity, "nothing approved")
	mustStatus(t, f.do(t, "b1", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"0"}, "method": {"approval"}, "approve": {y.ID}}), http.StatusSeeOther, "approval ballot")
	body = f.do(t, "b1", http.MethodGet, path+"?part="+part, nil).Body.String()
	if !strings.Contains(body, `value="`+y.ID+`" aria-describedby="c-`+y.ID+`" checked`) || !strings.Contains(body, "Approvals") {
		t.Errorf("the approval ballot or tally is not shown")
	}
	// Locked once a ballot is cast: refused, named, and the ballot stays.
	rec := f.do(t, "chair", http.MethodPost, path+"/settings", settings("score", 1))
	mustStatus(t, rec, http.StatusUnprocessableEntity, "method after a ballot")
	if !strings.Contains(rec.Body.String(), "1 plenary ballot has been cast") {
		t.Errorf("the refusal does not say why:\n%s", rec.Body.String())
	}
	if bs, err := f.db.OverallBallots(ctx, mid, part); err != nil || len(bs) != 1 {
		t.Fatalf("the ballot was lost: %+v %v", bs, err)
	}
	if b := f.do(t, "chair", http.MethodGet, path+"?part="+part, nil).Body.String(); !strings.Contains(b, "1 ballot has been cast: the method can no longer change.") {
		t.Error("the lock is not announced")
	}

}

// TestOverallScoreEqualSay: with score voting and an equal say, Africa's
// three ballots (X 5, 5, 4) weigh 1/3 each and Asia's one (X 1, Y 3)
// weighs 1: X 14/3 + 1 = 17/3 and Y 3, while by head X would have 15. The
// confirmation freezes the method.
func TestOverallScoreEqualSay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mid, part := f.ids["meeting"], f.ids["part"]
	africa, asia := f.ids["group"], f.addGroup(t, "Asia")
	f.addVoter(t, "a2", africa)
	f.addVoter(t, "a3", africa)
	f.addVoter(t, "b1", asia)
	x := f.ids["overall_candidate"]
	y := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "ty", Text: "Share migration data."}
	if err := f.db.AddOverallCandidate(ctx, y); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + mid + "/overall"
	settings := func(method string, version int) url.Values {
		return url.Values{"part": {part}, "method": {method}, "score_min": {"0"}, "score_max": {"5"}, "version": {strconv.Itoa(version)}}
	}
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/settings", settings("score", 0)), http.StatusSeeOther, "chair sets score")
	score := func(xs, ys string) url.Values {
		v := url.Values{"part": {part}, "version": {"0"}, "method": {"score"}, "score_" + x: {xs}}
		if ys != "" {
			v.Set("score_"+y.ID, ys)
		}
		return v
	}
	for who, v := range map[string]url.Values{"rapporteur": score("5", ""), "a2": score("5", ""), "a3": score("4", ""), "b1": score("1", "3")} {
		mustStatus(t, f.do(t, who, http.MethodPost, path+"/ballot", v), http.StatusSeeOther, who+" scores")
	}
	mustStatus(t, f.do(t, "a2", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"1"}, "method": {"score"}, "score_" + x: {"9"}}), http.StatusUnprocessableEntity, "score out of range")
	oc := f.overallTally(t)
	got := map[string]string{}
	for _, c := range oc.Result.Candidates {
		got[c.ID] = c.Exact
	}
	if got[x] != "17/3" || got[y.ID] != "3" || oc.Result.Candidates[0].ID != x {
		t.Fatalf("score tally %v, want X 17/3 first and Y 3", got)
	}
	body := f.do(t, "observer", http.MethodGet, path+"?part="+part, nil).Body.String()
	for _, want := range []string{"Score voting", "(17/3)", "1/3", `<th scope="col">Average</th>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if body := f.do(t, "b1", http.MethodGet, path+"?part="+part, nil).Body.String(); !strings.Contains(body, `name="score_`+x+`"`) || strings.Contains(body, "data-rank-list") {
		t.Error("the score ballot is not a form of scores")
	}
	// The confirmation freezes the method.
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/confirm", url.Values{"part": {part}, "selected": {x, y.ID}}), http.StatusSeeOther, "confirm")
	conf, err := f.db.OverallConfirmation(ctx, mid, part)
	if err != nil || !strings.Contains(string(conf.Snapshot), `"method":"score"`) {
		t.Fatalf("snapshot: %v %v", conf, err)
	}
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/settings", settings("score", 1)), http.StatusConflict, "method after confirmation")
}

// TestOverallCandidateEditRemove: the chair edits a candidate with the
// version read; a stale form is a visible 409 that keeps the text typed
// and changes nothing; a delegate and an observer are refused; removal
// asks on a confirmation page, needs the box and the version, is audited,
// and ballots that named the candidate drop it; after confirmation both
// are refused.
func TestOverallCandidateEditRemove(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mid, part := f.ids["meeting"], f.ids["part"]
	x := f.ids["overall_candidate"]
	y := &store.OverallCandidate{MeetingID: mid, PartID: part, ThemeID: "ty", Text: "Share migration data."}
	if err := f.db.AddOverallCandidate(ctx, y); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + mid + "/overall"
	edit := func(text, version string) url.Values {
		return url.Values{"part": {part}, "text": {text}, "version": {version}}
	}
	for _, who := range []string{"delegate", "observer", "rapporteur"} {
		mustStatus(t, f.do(t, who, http.MethodPost, path+"/candidates/"+x, edit("Mine.", "1")), http.StatusForbidden, who+" edits")
	}
	mustStatus(t, f.do(t, "outsider", http.MethodPost, path+"/candidates/"+x, edit("Mine.", "1")), http.StatusNotFound, "outsider edits")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates/nope", edit("Mine.", "1")), http.StatusNotFound, "unknown candidate")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates/"+x, edit("  ", "1")), http.StatusUnprocessableEntity, "empty text")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates/"+x, edit("Widen regular pathways for work.", "1")), http.StatusSeeOther, "chair edits")
	rec := f.do(t, "secretariat", http.MethodPost, path+"/candidates/"+x, edit("An edit on an older page.", "1"))
	mustStatus(t, rec, http.StatusConflict, "stale edit")
	if b := rec.Body.String(); !strings.Contains(b, "Someone else changed this since you opened it.") || !strings.Contains(b, "An edit on an older page.") || !strings.Contains(b, "<details class=\"candidate-edit\" open>") {
		t.Errorf("the conflict is not shown with the text typed:\n%s", b)
	}
	if c, _ := f.db.OverallCandidate(ctx, mid, x); c.Text != "Widen regular pathways for work." || c.Version != 2 {
		t.Fatalf("a stale edit changed the candidate: %+v", c)
	}
	if b := f.do(t, "observer", http.MethodGet, path+"?part="+part, nil).Body.String(); !strings.Contains(b, "Widen regular pathways for work.") || strings.Contains(b, "/remove") {
		t.Error("the observer does not see the new text, or sees the remove link")
	}

	// A voter ranks Y first, then X; removing Y leaves X alone on it.
	mustStatus(t, f.do(t, "rapporteur", http.MethodPost, path+"/ballot", url.Values{"part": {part}, "version": {"0"}, "rank_" + y.ID: {"1"}, "rank_" + x: {"2"}}), http.StatusSeeOther, "ballot")
	rec = f.do(t, "chair", http.MethodGet, path+"/candidates/"+y.ID+"/remove?part="+part, nil)
	mustStatus(t, rec, http.StatusOK, "confirmation page")
	if b := rec.Body.String(); !strings.Contains(b, "Share migration data.") || !strings.Contains(b, `name="confirm" value="on"`) || !strings.Contains(b, "version=1") {
		t.Fatalf("confirmation page:\n%s", b)
	}
	mustStatus(t, f.do(t, "delegate", http.MethodGet, path+"/candidates/"+y.ID+"/remove?part="+part, nil), http.StatusForbidden, "delegate asks to remove")
	remove := path + "/candidates/" + y.ID + "/remove?part=" + part
	mustStatus(t, f.do(t, "chair", http.MethodPost, remove+"&version=1", nil), http.StatusUnprocessableEntity, "remove without the box")
	mustStatus(t, f.do(t, "chair", http.MethodPost, remove+"&version=2", url.Values{"confirm": {"on"}}), http.StatusConflict, "remove with a stale version")
	mustStatus(t, f.do(t, "delegate", http.MethodPost, remove+"&version=1", url.Values{"confirm": {"on"}}), http.StatusForbidden, "delegate removes")
	rec = f.do(t, "chair", http.MethodPost, remove+"&version=1", url.Values{"confirm": {"on"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("chair removes: %d\n%s", rec.Code, rec.Body.String())
	}
	if _, err := f.db.OverallCandidate(ctx, mid, y.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("still there: %v", err)
	}
	bs, err := f.db.OverallBallots(ctx, mid, part)
	if err == nil {
		// The counter reads the ballots on the candidates that remain.
		bs = deliberation.OnCandidates([]string{x}, nil, bs)
	}
	if err != nil || len(bs) != 1 || len(bs[0].Ranks) != 1 || bs[0].Ranks[0][0] != x {
		t.Fatalf("the ballot should keep X alone: %+v %v", bs, err)
	}
	evs, err := f.db.AuditEvents(ctx, store.AuditFilter{MeetingID: mid, ObjectType: "overall_candidate"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); !strings.HasPrefix(got, "delete update") {
		t.Fatalf("audit: %s", got)
	}
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/confirm", url.Values{"part": {part}, "selected": {x}}), http.StatusSeeOther, "confirm")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates/"+x, edit("Late.", "2")), http.StatusConflict, "edit after confirmation")
	mustStatus(t, f.do(t, "chair", http.MethodPost, path+"/candidates/"+x+"/remove?part="+part+"&version=2", url.Values{"confirm": {"on"}}), http.StatusConflict, "remove after confirmation")
}
