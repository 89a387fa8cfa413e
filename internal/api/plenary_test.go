package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
)

// TestPlenaryRoleMatrix is TestRoleMatrix for the plenary's synthesis and
// overall recommendations: everyone in the meeting reads them; the
// secretariat (and the chair, see TestPlenaryAPIFlow) edits themes and
// candidates, sets the method and confirms; members of a breakout group
// who may vote (the rapporteur of G1) cast a plenary ballot; only the
// secretariat reopens. Observers and delegates without a group are
// refused; people outside the process do not see the meeting.
func TestPlenaryRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		del  = http.StatusNoContent
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
		inv  = http.StatusUnprocessableEntity
		late = http.StatusConflict
	)
	m := "/api/v1/meetings/{meetingA1}"
	tests := []struct {
		name string
		row  matrixRow
	}{
		{"read the synthesis", matrixRow{method: "GET", url: m + "/plenary?part={partP1}", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}}},
		{"read the synthesis through another meeting", matrixRow{method: "GET", url: "/api/v1/meetings/{meetingA2}/plenary?part={partP1}", want: [8]int{anon, hid, inv, hid, hid, hid, inv, inv}}},
		{"edit a theme that is not there", matrixRow{method: "POST", url: m + "/plenary/themes?part={partP1}", body: `{"op":"rename","theme":"t0","label":"L","version":0}`,
			want: [8]int{anon, hid, no, no, no, hid, inv, inv}}},
		{"read the overall recommendations", matrixRow{method: "GET", url: m + "/overall?part={partP1}", want: [8]int{anon, hid, ok, ok, ok, hid, ok, ok}}},
		{"set the method", matrixRow{method: "PUT", url: m + "/overall/settings?part={partP1}", body: `{"method":"borda","score_min":0,"score_max":5,"version":0}`,
			want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"draw a candidate from no theme", matrixRow{method: "POST", url: m + "/overall/candidates?part={partP1}", body: `{"theme":"t0","text":"Widen pathways."}`,
			want: [8]int{anon, hid, no, no, no, hid, inv, inv}}},
		{"edit a candidate", matrixRow{method: "PUT", url: m + "/overall/candidates/{candidateC1}", body: `{"text":"Widen regular pathways for work.","version":1}`,
			want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"remove a candidate", matrixRow{method: "DELETE", url: m + "/overall/candidates/{candidateC1}?version=1", want: [8]int{anon, hid, no, no, no, hid, del, del}}},
		{"remove a candidate through another meeting", matrixRow{method: "DELETE", url: "/api/v1/meetings/{meetingA2}/overall/candidates/{candidateC1}?version=1", want: [8]int{anon, hid, hid, hid, hid, hid, hid, hid}}},
		{"read my ballot (none yet)", matrixRow{method: "GET", url: m + "/overall/ballot?part={partP1}", want: [8]int{anon, hid, no, no, hid, hid, no, no}}},
		{"cast a plenary ballot", matrixRow{method: "PUT", url: m + "/overall/ballot?part={partP1}", body: `{"ranks":[["{candidateC1}"]],"version":0}`,
			want: [8]int{anon, hid, no, no, ok, hid, no, no}}},
		{"confirm", matrixRow{method: "POST", url: m + "/overall/confirm?part={partP1}", body: `{"selected":["{candidateC1}"]}`, want: [8]int{anon, hid, no, no, no, hid, ok, ok}}},
		{"reopen what is not confirmed", matrixRow{method: "POST", url: m + "/overall/reopen?part={partP1}", want: [8]int{anon, hid, no, no, no, hid, late, late}}},
	}
	_ = new
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runMatrixRow(t, tt.row)
		})
	}
}

// TestPlenaryAPIFlow walks the plenary through the API: the synthesis
// with its themes "in 2 of 2 groups", a theme renamed (a stale edit is a
// conflict), the method set to approval by the chair, candidates drawn
// from the themes, edited (stale: 409) and removed, approval ballots
// counted with an equal say (Africa's three ballots weigh 1/3 each), the
// method locked by the ballots, the confirmation and the reopening.
//
// Hand count: the rapporteur (Asia and the Pacific, alone) approves X;
// Africa's three approve Y, Y and X+Y, each weighing 1/3. X = 1 + 1/3 =
// 4/3, Y = 3 × 1/3 = 1: X comes first; by head Y (3) would beat X (2).
func TestPlenaryAPIFlow(t *testing.T) {
	t.Parallel()
	f := plenaryFixture(t)
	m := "/api/v1/meetings/{meetingA1}"
	w := f.do(t, "GET", f.url(t, m+"/plenary?part={partP1}"), "observer", "")
	if w.Code != http.StatusOK {
		t.Fatalf("synthesis: %d %s", w.Code, w.Body)
	}
	var pl plenaryJSON
	decodeBody(t, w, &pl)
	if pl.Groups != 2 || len(pl.Columns) != 2 || len(pl.Themes) != 2 {
		t.Fatalf("synthesis: %d groups, %d columns, %d themes: %s", pl.Groups, len(pl.Columns), len(pl.Themes), w.Body)
	}
	var pathways, data themeJSON
	for _, th := range pl.Themes {
		if th.N != 2 || len(th.Statements) != 2 {
			t.Errorf("theme %s spans %d groups with %d statements, want 2 and 2", th.Label, th.N, len(th.Statements))
		}
		for _, st := range th.Statements {
			switch st.ID {
			case f.ids["S1"]:
				pathways = th
			case f.ids["S3"]:
				data = th
			}
		}
	}
	if pathways.ID == "" || data.ID == "" || pathways.ID == data.ID {
		t.Fatalf("the themes do not hold the statements as expected: %s", w.Body)
	}
	if strings.Contains(w.Body.String(), f.ids["user:delegate"]) || strings.Contains(w.Body.String(), "author") {
		t.Fatal("the synthesis names an author")
	}
	f.ids["themeP"], f.ids["themeD"] = pathways.ID, data.ID
	f.run(t, []scenario{
		{name: "a plenary part has no synthesis", method: "GET", url: m + "/plenary?part={partPlenary}", as: "observer", status: http.StatusUnprocessableEntity, want: []string{`"part"`}},
		{name: "nor overall recommendations", method: "GET", url: m + "/overall?part={partPlenary}", as: "observer", status: http.StatusUnprocessableEntity},
		{name: "a delegate renames a theme", method: "POST", url: m + "/plenary/themes?part={partP1}", as: "delegate", body: `{"op":"rename","theme":"{themeP}","label":"Pathways","version":0}`, status: http.StatusForbidden},
		{name: "an edit without version", method: "POST", url: m + "/plenary/themes?part={partP1}", as: "chair", body: `{"op":"rename","theme":"{themeP}","label":"Pathways"}`, status: http.StatusUnprocessableEntity, want: []string{`"version"`}},
		{name: "the chair renames a theme", method: "POST", url: m + "/plenary/themes?part={partP1}", as: "chair", body: `{"op":"rename","theme":"{themeP}","label":"Regular pathways","version":0}`,
			status: http.StatusOK, want: []string{`"label":"Regular pathways"`, `"edited":true`, `"version":1`}},
		{name: "a stale theme edit", method: "POST", url: m + "/plenary/themes?part={partP1}", as: "secretariat", body: `{"op":"merge","theme":"{themeD}","into":"{themeP}","version":0}`, status: http.StatusConflict},
		{name: "merging a theme into itself", method: "POST", url: m + "/plenary/themes?part={partP1}", as: "secretariat", body: `{"op":"merge","theme":"{themeD}","into":"{themeD}","version":1}`, status: http.StatusUnprocessableEntity, want: []string{`"into"`}},
		{name: "a delegate sets the method", method: "PUT", url: m + "/overall/settings?part={partP1}", as: "africa1", body: `{"method":"approval","score_min":0,"score_max":5,"version":0}`, status: http.StatusForbidden},
		{name: "the chair sets approval", method: "PUT", url: m + "/overall/settings?part={partP1}", as: "chair", body: `{"method":"approval","score_min":0,"score_max":5,"version":0}`,
			status: http.StatusOK, want: []string{`"method":"approval"`, `"version":1`}},
		{name: "the chair draws X", method: "POST", url: m + "/overall/candidates?part={partP1}", as: "chair", body: `{"theme":"{themeP}","text":"Widen regular pathways."}`,
			status: http.StatusCreated, want: []string{`"label":"R1"`, `"version":1`, "{S1}", "{S2}"}},
		{name: "the chair draws Y", method: "POST", url: m + "/overall/candidates?part={partP1}", as: "chair", body: `{"theme":"{themeD}","text":"Share migration data."}`, status: http.StatusCreated},
		{name: "the chair draws a duplicate to remove", method: "POST", url: m + "/overall/candidates?part={partP1}", as: "secretariat", body: `{"theme":"{themeD}","text":"Share data (duplicate)."}`, status: http.StatusCreated},
	})
	cands, err := f.db.OverallCandidates(context.Background(), f.ids["meetingA1"], f.ids["partP1"])
	if err != nil || len(cands) != 3 {
		t.Fatalf("candidates: %v %v", cands, err)
	}
	f.ids["X"], f.ids["Y"], f.ids["Dup"] = cands[0].ID, cands[1].ID, cands[2].ID
	f.run(t, []scenario{
		{name: "the chair edits X", method: "PUT", url: m + "/overall/candidates/{X}", as: "chair", body: `{"text":"Widen regular pathways for work.","version":1}`, status: http.StatusOK, want: []string{`"version":2`, `"label":"R1"`}},
		{name: "a stale edit of X", method: "PUT", url: m + "/overall/candidates/{X}", as: "secretariat", body: `{"text":"An older form.","version":1}`, status: http.StatusConflict},
		{name: "a delegate edits X", method: "PUT", url: m + "/overall/candidates/{X}", as: "africa1", body: `{"text":"Mine.","version":2}`, status: http.StatusForbidden},
		{name: "removal without a version", method: "DELETE", url: m + "/overall/candidates/{Dup}", as: "chair", status: http.StatusUnprocessableEntity},
		{name: "the chair removes the duplicate", method: "DELETE", url: m + "/overall/candidates/{Dup}?version=1", as: "chair", status: http.StatusNoContent},
		{name: "a ballot of another method", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "rapporteur", body: `{"method":"schulze","ranks":[["{X}"]],"version":0}`, status: http.StatusUnprocessableEntity, want: []string{`"method"`}},
		{name: "an empty approval ballot", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "rapporteur", body: `{"version":0}`, status: http.StatusUnprocessableEntity},
		{name: "the rapporteur approves X", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "rapporteur", body: `{"approved":["{X}"],"version":0}`,
			status: http.StatusOK, want: []string{`"method":"approval"`, `"group_id":"{groupG1}"`, `"version":1`}},
		{name: "africa1 approves Y", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "africa1", body: `{"approved":["{Y}"],"version":0}`, status: http.StatusOK},
		{name: "africa2 approves Y", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "africa2", body: `{"method":"approval","approved":["{Y}"],"version":0}`, status: http.StatusOK},
		{name: "africa3 approves X and Y", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "africa3", body: `{"approved":["{X}","{Y}"],"version":0}`, status: http.StatusOK},
		{name: "a stale ballot", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "africa3", body: `{"approved":["{X}"],"version":0}`, status: http.StatusConflict},
		{name: "an observer casts", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "observer", body: `{"approved":["{X}"],"version":0}`, status: http.StatusForbidden},
		{name: "africa3 reads their ballot", method: "GET", url: m + "/overall/ballot?part={partP1}", as: "africa3", status: http.StatusOK, want: []string{`"approved":["{X}","{Y}"]`}},
		{name: "the method is locked", method: "PUT", url: m + "/overall/settings?part={partP1}", as: "chair", body: `{"method":"borda","score_min":0,"score_max":5,"version":1}`,
			status: http.StatusUnprocessableEntity, want: []string{"4 plenary ballots have been cast", `"method"`}},
	})
	w = f.do(t, "GET", f.url(t, m+"/overall?part={partP1}"), "observer", "")
	var ov overallJSON
	decodeBody(t, w, &ov)
	exact := map[string]string{}
	for _, c := range ov.Tally.Candidates {
		exact[c.ID] = c.Exact
	}
	if ov.Settings.Method != "approval" || ov.Ballots != 4 || len(ov.Candidates) != 2 || exact[f.ids["X"]] != "4/3" || exact[f.ids["Y"]] != "1" || ov.Tally.Candidates[0].ID != f.ids["X"] {
		t.Fatalf("tally: %s", w.Body)
	}
	weights := map[string]string{}
	for _, g := range ov.Weights {
		weights[g.GroupName] = g.Each
	}
	if weights["Africa"] != "1/3" || weights["Asia and the Pacific"] != "1" {
		t.Errorf("weights: %+v", ov.Weights)
	}
	if ov.Robustness == nil || len(ov.Robustness.Groups) != 2 {
		t.Errorf("robustness: %s", w.Body)
	}
	byHead, err := rank.Tally(rank.Approval, []string{f.ids["X"], f.ids["Y"]}, []rank.Ballot{{Approved: []string{f.ids["X"]}}, {Approved: []string{f.ids["Y"]}}, {Approved: []string{f.ids["Y"]}}, {Approved: []string{f.ids["X"], f.ids["Y"]}}}, rank.Options{})
	if err != nil || byHead.Candidates[0].ID != f.ids["Y"] {
		t.Fatalf("by head Y should come first: %+v %v", byHead, err)
	}
	if strings.Contains(w.Body.String(), f.ids["user:africa1"]) {
		t.Fatal("the tally names a voter")
	}
	f.run(t, []scenario{
		{name: "a delegate confirms", method: "POST", url: m + "/overall/confirm?part={partP1}", as: "africa1", body: `{"selected":["{X}","{Y}"]}`, status: http.StatusForbidden},
		{name: "the chair confirms one of two", method: "POST", url: m + "/overall/confirm?part={partP1}", as: "chair", body: `{"selected":["{Y}"]}`, status: http.StatusUnprocessableEntity},
		{name: "the chair confirms", method: "POST", url: m + "/overall/confirm?part={partP1}", as: "chair", body: `{"selected":["{Y}","{X}"]}`, status: http.StatusOK, want: []string{`"selected":["{X}","{Y}"]`}},
		{name: "an edit after confirmation", method: "PUT", url: m + "/overall/candidates/{X}", as: "chair", body: `{"text":"Late.","version":2}`, status: http.StatusConflict},
		{name: "a ballot after confirmation", method: "PUT", url: m + "/overall/ballot?part={partP1}", as: "africa1", body: `{"approved":["{X}"],"version":1}`, status: http.StatusConflict},
		{name: "the confirmation is shown", method: "GET", url: m + "/overall?part={partP1}", as: "delegate", status: http.StatusOK, want: []string{`"confirmed":{"selected":["{X}","{Y}"]`}},
		{name: "the synthesis gives the confirmed ones in their order", method: "GET", url: m + "/plenary?part={partP1}", as: "observer", status: http.StatusOK,
			want: []string{`"overall":{"candidates":[{"id":"{X}","label":"R1"`, `"confirmed":[{"id":"{X}","label":"R1"`}},
		{name: "the chair reopens", method: "POST", url: m + "/overall/reopen?part={partP1}", as: "chair", status: http.StatusForbidden},
		{name: "the secretariat reopens", method: "POST", url: m + "/overall/reopen?part={partP1}", as: "secretariat", status: http.StatusNoContent},
	})
	conf, err := f.db.AuditEvents(context.Background(), store.AuditFilter{ObjectType: "overall_recommendations", ObjectID: f.ids["partP1"]})
	if err != nil || len(conf) != 2 {
		t.Fatalf("audit: %+v %v", conf, err)
	}
	var snap map[string]any
	if err := json.Unmarshal([]byte(conf[1].After), &snap); err != nil || !strings.Contains(conf[1].After, `"snapshot":{"method":"approval"`) {
		t.Errorf("the confirmation's snapshot lacks the method: %s %v", conf[1].After, err)
	}
}
