package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/deliberation"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
)

// TestRankingHandComputed: the rapporteur ranks B > A = C under Borda
// (three candidates: 2, 1, 0 points; A and C share places 2 and 3, 0.5
// each), and the results page shows the tally.
func TestRankingHandComputed(t *testing.T) {
	t.Parallel()
	f, ids := rankFixture(t, "borda")
	A, B, C := ids[0], ids[1], ids[2]
	rec := f.do(t, "rapporteur", "GET", "/groups/{group}/rank?part={part}", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `name="rank_`+A+`"`) {
		t.Fatalf("ballot page: %d", rec.Code)
	}
	rec = f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"borda"}, "version": {"0"},
		"rank_" + A: {"2"}, "rank_" + B: {"1"}, "rank_" + C: {"2"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("cast: status %d: %s", rec.Code, rec.Body)
	}
	gt, err := deliberation.GroupTally(context.Background(), f.db, f.ids["meeting"], f.ids["group"], f.ids["part"])
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]float64{A: 0.5, B: 2, C: 0.5} {
		if c, _ := gt.Result.Candidate(id); c.Value != want {
			t.Errorf("%s: %v points, want %v", id, c.Value, want)
		}
	}
	rec = f.do(t, "observer", "GET", "/groups/{group}/results?part={part}", nil)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "0.5") || !strings.Contains(body, "1 ballot") || strings.Contains(body, "Rapporteur</") {
		t.Fatalf("results: %d\n%s", rec.Code, body)
	}
	// The ballot page shows the ballot back to its author.
	rec = f.do(t, "rapporteur", "GET", "/groups/{group}/rank?part={part}", nil)
	if !strings.Contains(rec.Body.String(), `<option value="1" selected>`) {
		t.Fatal("the ballot page does not show the saved place")
	}
	// A place out of range is refused next to its field.
	rec = f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"borda"}, "version": {"1"}, "rank_" + A: {"9"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "from 1 to 3") {
		t.Fatalf("bad place: %d", rec.Code)
	}
}

// TestRankingRefusals: who may not rank or report.
func TestRankingRefusals(t *testing.T) {
	t.Parallel()
	f, ids := rankFixture(t, "approval")
	ctx := context.Background()
	other := &domain.Group{MeetingID: f.ids["meeting"], Name: "Europe"}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: &domain.User{ID: "", Admin: true}})
	if err := f.db.CreateGroup(actx, other); err != nil {
		t.Fatal(err)
	}
	// The delegate joins the other group.
	if err := f.db.SetMemberGroup(actx, f.ids["membership"], other.ID); err != nil {
		t.Fatal(err)
	}
	ballot := url.Values{"part": {"{part}"}, "method": {"approval"}, "version": {"0"}, "approve": {ids[0]}}
	for _, tt := range []struct {
		name, role, path string
		form             url.Values
		want             int
	}{
		{"an observer ranks", "observer", "/groups/{group}/rank", ballot, http.StatusForbidden},
		{"a member of another group ranks", "delegate", "/groups/{group}/rank", ballot, http.StatusForbidden},
		{"the secretariat ranks", "secretariat", "/groups/{group}/rank", ballot, http.StatusForbidden},
		{"a delegate writes the report", "delegate", "/groups/{group}/report", url.Values{"part": {"{part}"}, "lang": {"en"}, "version": {"0"}}, http.StatusForbidden},
		{"a delegate submits the report", "delegate", "/groups/{group}/report/submit", url.Values{"part": {"{part}"}, "version": {"1"}}, http.StatusForbidden},
		{"the rapporteur reopens the report", "rapporteur", "/groups/{group}/report/reopen", url.Values{"part": {"{part}"}, "version": {"1"}}, http.StatusForbidden},
		{"the rapporteur sets the method", "rapporteur", "/parts/{part}/ranking/settings", url.Values{"method": {"borda"}}, http.StatusForbidden},
		{"the rapporteur ranks", "rapporteur", "/groups/{group}/rank", ballot, http.StatusSeeOther},
	} {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range tt.form {
				form[k] = append([]string(nil), v...)
			}
			if rec := f.do(t, tt.role, "POST", tt.path, form); rec.Code != tt.want {
				t.Fatalf("status %d, want %d", rec.Code, tt.want)
			}
		})
	}
	// The method is locked once a ballot is in.
	rec := f.do(t, "secretariat", "POST", "/parts/{part}/ranking/settings", url.Values{"method": {"borda"}, "candidates": {"recommendations"},
		"score_min": {"0"}, "score_max": {"5"}, "open": {"on"}, "version": {"1"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "can no longer change") {
		t.Fatalf("method change after a ballot: %d", rec.Code)
	}
}

// TestReportSubmitFreezes: the rapporteur saves, a stale save is a
// conflict, submitting freezes the five and closes the ballot.
func TestReportSubmitFreezes(t *testing.T) {
	t.Parallel()
	f, ids := rankFixture(t, string(rank.Schulze))
	rec := f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"schulze"}, "version": {"0"}, "rank_" + ids[2]: {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("cast: %d", rec.Code)
	}
	save := func(version string) int {
		return f.do(t, "rapporteur", "POST", "/groups/{group}/report", url.Values{"part": {"{part}"}, "lang": {"es"}, "version": {version},
			"follow_up_es": {"El Proceso de Rabat."}, "rcp_role_es": {"Los PCR convocan a los Estados."}}).Code
	}
	if c := save("0"); c != http.StatusSeeOther {
		t.Fatalf("save: %d", c)
	}
	if c := save("0"); c != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", c)
	}
	if c := f.do(t, "rapporteur", "POST", "/groups/{group}/report/submit", url.Values{"part": {"{part}"}, "version": {"1"}}).Code; c != http.StatusSeeOther {
		t.Fatalf("submit: %d", c)
	}
	rec = f.do(t, "delegate", "GET", "/groups/{group}/report?part={part}", nil)
	if body := rec.Body.String(); !strings.Contains(body, "Los PCR convocan") || !strings.Contains(body, "Charlie: fund reintegration.") {
		t.Fatalf("submitted report as seen by a delegate: %d\n%s", rec.Code, body)
	}
	rec = f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"schulze"}, "version": {"1"}, "rank_" + ids[0]: {"1"}})
	if rec.Code != http.StatusConflict {
		t.Fatalf("ballot after submission: %d", rec.Code)
	}
	rec = f.do(t, "secretariat", "GET", "/meetings/{meeting}/reports", nil)
	if !strings.Contains(rec.Body.String(), "El Proceso de Rabat.") {
		t.Fatalf("overview: %d", rec.Code)
	}
}

func FuzzParseBallotForm(f *testing.F) {
	f.Add("schulze", "1", "2", "")
	f.Add("borda", "x", "-1", "99")
	f.Add("score", "3", "", "7.5")
	f.Add("approval", "a", "b", "a")
	f.Fuzz(func(t *testing.T, method, v1, v2, v3 string) {
		cands := []string{"a", "b", "c"}
		form := url.Values{"rank_a": {v1}, "rank_b": {v2}, "rank_c": {v3}, "score_a": {v1}, "score_b": {v2}, "approve": {v1, v2, v3}}
		b, err := parseBallotForm(rank.Method(method), cands, form)
		if err != nil {
			return
		}
		// Whatever the form parses to is a well-formed ballot for the method.
		if _, err := rank.Tally(rank.Method(method), cands, []rank.Ballot{b}, rank.Options{ScoreMin: -1e9, ScoreMax: 1e9}); err != nil {
			t.Fatalf("form %v parsed to %+v, which the count refuses: %v", form, b, err)
		}
	})
}

// TestResultsShowTieAtTheCut: six candidates, one approval ballot for the
// first four: the last two tie for the fifth place, and the page says so
// rather than picking one.
func TestResultsShowTieAtTheCut(t *testing.T) {
	t.Parallel()
	f, ids := rankFixture(t, "approval")
	ctx := context.Background()
	for _, text := range []string{"Delta: protect migrant workers.", "Echo: ease remittances.", "Foxtrot: count returnees."} {
		st := &domain.Statement{MeetingID: f.ids["meeting"], GroupID: f.ids["group"], PartID: f.ids["part"], Kind: domain.KindCommitment, Lang: "en", Text: text}
		if err := f.db.CreateStatement(ctx, st); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	rec := f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"approval"}, "version": {"0"}, "approve": ids[:4]})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("cast: %d: %s", rec.Code, rec.Body)
	}
	for _, lang := range []string{"en", "ar", "ru"} {
		t.Run(lang, func(t *testing.T) {
			f.do(t, "chair", "POST", "/language", url.Values{"lang": {lang}, "next": {"/"}})
			rec := f.do(t, "chair", "GET", "/groups/{group}/results?part={part}", nil)
			body := rec.Body.String()
			if rec.Code != http.StatusOK || strings.Contains(body, "%!") || !strings.Contains(body, `<html lang="`+lang+`"`) {
				t.Fatalf("status %d or a formatting error in:\n%s", rec.Code, body)
			}
			if lang == "en" && (!strings.Contains(body, "1 place remains") || strings.Count(body, ">Tied at the cut<") != 2) {
				t.Fatalf("the tie at the cut is not shown:\n%s", body)
			}
		})
	}
}

// TestScoreBallot: score voting on a 1-to-3 scale; the page offers the
// scale, refuses a score outside it, and the results show sum, count and
// average.
func TestScoreBallot(t *testing.T) {
	t.Parallel()
	f, ids := rankFixture(t, "borda")
	rec := f.do(t, "secretariat", "POST", "/parts/{part}/ranking/settings", url.Values{"method": {"score"}, "candidates": {"recommendations"},
		"score_min": {"1"}, "score_max": {"3"}, "open": {"on"}, "version": {"1"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("settings: %d: %s", rec.Code, rec.Body)
	}
	rec = f.do(t, "rapporteur", "GET", "/groups/{group}/rank?part={part}", nil)
	if body := rec.Body.String(); !strings.Contains(body, `name="score_`+ids[0]+`"`) || !strings.Contains(body, `<option value="3">3</option>`) || strings.Contains(body, `<option value="4">`) {
		t.Fatalf("score form:\n%s", body)
	}
	rec = f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"score"}, "version": {"0"}, "score_" + ids[0]: {"7"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "from 1 to 3") {
		t.Fatalf("score out of range: %d", rec.Code)
	}
	rec = f.do(t, "rapporteur", "POST", "/groups/{group}/rank", url.Values{"part": {"{part}"}, "method": {"score"}, "version": {"0"},
		"score_" + ids[0]: {"2"}, "score_" + ids[1]: {"3"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("cast: %d: %s", rec.Code, rec.Body)
	}
	gt, err := deliberation.GroupTally(context.Background(), f.db, f.ids["meeting"], f.ids["group"], f.ids["part"])
	if err != nil {
		t.Fatal(err)
	}
	if got := gt.Top.Selected; len(got) != 3 || got[0] != ids[1] || got[1] != ids[0] {
		t.Fatalf("order %v", got)
	}
	body := f.do(t, "delegate", "GET", "/groups/{group}/results?part={part}", nil).Body.String()
	if !strings.Contains(body, "<td>3</td><td>1</td><td>3.00</td>") {
		t.Fatalf("score columns missing:\n%s", body)
	}
}
