package synthesis_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/rank"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("%s: %v (%q), want %q", what, err, got, code)
	}
}

// TestOverallEqualSay: in Africa the rapporteur and africa1 rank X above
// Y and africa2 Y above X; in Asia asia1 ranks Y above X. By head it is 2
// to 2; with an equal say Africa's ballots weigh 1/3 each, so
// d[Y][X] = 1/3 + 1 = 4/3 against d[X][Y] = 2/3: Y
// comes first alone. The chair confirms both, stored in the tally's
// order; ranking closes; the chair cannot reopen and the secretariat can.
func TestOverallEqualSay(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	x, y := w.candidate(t, "Widen regular pathways."), w.candidate(t, "Share migration data.")
	for who, ranks := range map[string][][]string{"rapporteur": {{x}, {y}}, "africa1": {{x}, {y}}, "africa2": {{y}, {x}}} {
		if _, err := w.svc.PutBallot(w.ctx, w.actors[who], synthesis.BallotInput{PartRef: w.ref(), Ranks: ranks}); err != nil {
			t.Fatalf("%s: %v", who, err)
		}
	}
	b, err := w.svc.PutBallot(w.ctx, w.actors["asia1"], synthesis.BallotInput{PartRef: w.ref(), Ranks: [][]string{{y}, {x}}})
	if err != nil || b.GroupID != w.asia || b.Version != 1 || b.Method != rank.Schulze {
		t.Fatalf("asia1's ballot %+v, %v", b, err)
	}
	for _, who := range []string{"observer", "secretariat", "chair", "nogroup"} {
		_, err := w.svc.PutBallot(w.ctx, w.actors[who], synthesis.BallotInput{PartRef: w.ref(), Ranks: [][]string{{x}}})
		wantCode(t, who+" ranks", err, domain.EFORBIDDEN)
	}
	_, err = w.svc.PutBallot(w.ctx, w.actors["asia1"], synthesis.BallotInput{PartRef: w.ref(), Ranks: [][]string{{x}}})
	wantCode(t, "a ballot without the version read", err, domain.ECONFLICT)

	o, err := w.svc.Overall(w.ctx, w.actors["asia1"], synthesis.OverallInput{PartRef: w.ref()})
	if err != nil {
		t.Fatal(err)
	}
	if o.VoteGroup != w.asia || o.MyBallot == nil || o.MyBallot.Version != 1 || o.CanEdit || o.CanReopen {
		t.Fatalf("asia1 reads %+v", o)
	}
	if res := o.Tally.Result.Candidates; res[0].ID != y || res[0].Position != 1 || res[1].Position != 2 {
		t.Fatalf("Y should come first alone: %+v", res)
	}
	if len(o.Weights) != 2 || o.Weights[0].GroupName != "Africa" || o.Weights[0].Each != "1/3" || o.Weights[1].Each != "1" {
		t.Fatalf("weights %+v", o.Weights)
	}
	if o.Tally.Robustness == nil || len(o.Tally.Robustness.Groups) != 2 || !o.Tally.Robustness.Stable {
		t.Fatalf("two candidates always fit in a top five: %+v", o.Tally.Robustness)
	}
	if len(o.Candidates) != 2 || o.Candidates[0].Label != "R1" || o.Candidates[1].Label != "R2" || o.Candidates[1].ID != y {
		t.Fatalf("candidates %+v", o.Candidates)
	}

	_, err = w.svc.Confirm(w.ctx, w.actors["rapporteur"], synthesis.ConfirmInput{PartRef: w.ref(), Selected: []string{x, y}})
	wantCode(t, "the rapporteur confirms", err, domain.EFORBIDDEN)
	_, err = w.svc.Confirm(w.ctx, w.actors["chair"], synthesis.ConfirmInput{PartRef: w.ref(), Selected: []string{y}})
	wantCode(t, "one of two", err, domain.EINVALID)
	conf, err := w.svc.Confirm(w.ctx, w.actors["chair"], synthesis.ConfirmInput{PartRef: w.ref(), Selected: []string{x, y}})
	if err != nil {
		t.Fatal(err)
	}
	var snap synthesis.Snapshot
	if err := json.Unmarshal(conf.Snapshot, &snap); err != nil || !snap.EqualSay || snap.Ballots != 4 || snap.Groups["Africa"] != 3 || snap.Groups["Asia"] != 1 {
		t.Fatalf("snapshot %s, %v", conf.Snapshot, err)
	}
	if want := []string{y, x}; !slices.Equal(conf.Selected, want) {
		t.Fatalf("selected %v, want the tally's order %v", conf.Selected, want)
	}
	_, err = w.svc.PutBallot(w.ctx, w.actors["africa1"], synthesis.BallotInput{PartRef: w.ref(), Ranks: [][]string{{y}}, Version: 1})
	wantCode(t, "a ballot after the confirmation", err, domain.ECONFLICT)
	if o, err := w.svc.Overall(w.ctx, w.actors["observer"], synthesis.OverallInput{PartRef: w.ref()}); err != nil || o.Confirmation == nil || o.VoteGroup != "" {
		t.Fatalf("the observer reads %+v, %v", o, err)
	}
	wantCode(t, "the chair reopens", w.svc.Reopen(w.ctx, w.actors["chair"], w.ref()), domain.EFORBIDDEN)
	if err := w.svc.Reopen(w.ctx, w.actors["secretariat"], w.ref()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "reopening what is open", w.svc.Reopen(w.ctx, w.actors["secretariat"], w.ref()), domain.ECONFLICT)
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "overall_recommendations", ObjectID: w.part})
	if err != nil || len(evs) != 2 || evs[0].ActorID != w.actors["secretariat"].User.ID || evs[1].ActorID != w.actors["chair"].User.ID {
		t.Fatalf("audit %+v, %v", evs, err)
	}
}

// TestOverallCandidates: the chair draws a candidate from a theme (which
// keeps its statements and is no longer offered), edits it with the
// version read and removes it; the others are refused, and a candidate is
// found only through its own meeting.
func TestOverallCandidates(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	st := &domain.Statement{MeetingID: w.meeting, GroupID: w.africa, PartID: w.part, Kind: domain.KindRecommendation, Lang: "en", Text: "Create a regional observatory of labour migration."}
	if err := w.db.CreateStatement(w.ctx, st); err != nil {
		t.Fatal(err)
	}
	o, err := w.svc.Overall(w.ctx, w.actors["chair"], synthesis.OverallInput{PartRef: w.ref(), Offer: true})
	if err != nil || len(o.Offer) != 1 || o.Offer[0].Text != st.Text || o.Offer[0].Groups != 1 || o.Offer[0].Statements != 1 || !o.CanEdit || o.CanReopen {
		t.Fatalf("the chair is offered %+v, %v", o, err)
	}
	theme := o.Offer[0].ThemeID
	if o, err := w.svc.Overall(w.ctx, w.actors["africa1"], synthesis.OverallInput{PartRef: w.ref(), Offer: true}); err != nil || o.Offer != nil {
		t.Fatalf("a delegate is offered themes: %+v, %v", o, err)
	}
	in := synthesis.CandidateInput{PartRef: w.ref(), ThemeID: theme, Text: "A regional observatory of labour migration."}
	_, err = w.svc.AddCandidate(w.ctx, w.actors["africa1"], in)
	wantCode(t, "a delegate draws", err, domain.EFORBIDDEN)
	_, err = w.svc.AddCandidate(w.ctx, w.actors["chair"], synthesis.CandidateInput{PartRef: w.ref(), ThemeID: "nope", Text: "x"})
	wantCode(t, "an unknown theme", err, domain.EINVALID)
	_, err = w.svc.AddCandidate(w.ctx, w.actors["chair"], synthesis.CandidateInput{PartRef: synthesis.PartRef{MeetingID: w.meeting}, ThemeID: theme, Text: "x"})
	wantCode(t, "no part named", err, domain.EINVALID)
	c, err := w.svc.AddCandidate(w.ctx, w.actors["chair"], in)
	if err != nil || c.Label != "R1" || c.ThemeID != theme || !slices.Equal(c.Statements, []string{st.ID}) || c.Version != 1 {
		t.Fatalf("drawn %+v, %v", c, err)
	}
	if o, err := w.svc.Overall(w.ctx, w.actors["chair"], synthesis.OverallInput{PartRef: w.ref(), Offer: true}); err != nil || len(o.Offer) != 0 {
		t.Fatalf("a drawn theme is still offered: %+v, %v", o, err)
	}

	ref := synthesis.CandidateRef{MeetingID: w.meeting, CandidateID: c.ID}
	for who, code := range map[string]string{"africa1": domain.EFORBIDDEN, "observer": domain.EFORBIDDEN, "rapporteur": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND} {
		_, err := w.svc.EditCandidate(w.ctx, w.actors[who], synthesis.CandidateEdit{CandidateRef: ref, Text: "Mine.", Version: 1})
		wantCode(t, who+" edits", err, code)
	}
	_, err = w.svc.EditableCandidate(w.ctx, w.actors["chair"], synthesis.CandidateRef{MeetingID: w.meeting, CandidateID: "nope"})
	wantCode(t, "an unknown candidate", err, domain.ENOTFOUND)
	e, err := w.svc.EditCandidate(w.ctx, w.actors["secretariat"], synthesis.CandidateEdit{CandidateRef: ref, Text: "An observatory of labour migration.", Version: 1})
	if err != nil || e.Version != 2 || e.Label != "R1" || e.Text != "An observatory of labour migration." {
		t.Fatalf("edited %+v, %v", e, err)
	}
	_, err = w.svc.EditCandidate(w.ctx, w.actors["chair"], synthesis.CandidateEdit{CandidateRef: ref, Text: "An older form.", Version: 1})
	wantCode(t, "a stale edit", err, domain.ECONFLICT)
	wantCode(t, "a delegate removes", w.svc.RemoveCandidate(w.ctx, w.actors["africa1"], synthesis.CandidateRemoval{CandidateRef: ref, Version: 2}), domain.EFORBIDDEN)
	wantCode(t, "a stale removal", w.svc.RemoveCandidate(w.ctx, w.actors["chair"], synthesis.CandidateRemoval{CandidateRef: ref, Version: 1}), domain.ECONFLICT)
	if err := w.svc.RemoveCandidate(w.ctx, w.actors["chair"], synthesis.CandidateRemoval{CandidateRef: ref, Version: 2}); err != nil {
		t.Fatal(err)
	}
	if o, err := w.svc.Overall(w.ctx, w.actors["chair"], synthesis.OverallInput{PartRef: w.ref(), Offer: true}); err != nil || len(o.Offer) != 1 || len(o.Candidates) != 0 {
		t.Fatalf("a removed candidate's theme is not offered again: %+v, %v", o, err)
	}
}

// TestOverallSettingsAndBallotSheet: the chair sets the method; the ballot
// sheet follows it; a ballot locks it.
func TestOverallSettingsAndBallotSheet(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	x := w.candidate(t, "Widen regular pathways.")
	set := synthesis.SettingsInput{PartRef: w.ref(), Method: rank.Approval, ScoreMin: 0, ScoreMax: 5}
	_, err := w.svc.PutSettings(w.ctx, w.actors["rapporteur"], set)
	wantCode(t, "the rapporteur sets the method", err, domain.EFORBIDDEN)
	got, err := w.svc.PutSettings(w.ctx, w.actors["chair"], set)
	if err != nil || got.Version != 1 || got.Method != rank.Approval {
		t.Fatalf("settings %+v, %v", got, err)
	}
	_, err = w.svc.Ballot(w.ctx, w.actors["observer"], w.ref())
	wantCode(t, "the observer's sheet", err, domain.EFORBIDDEN)
	sh, err := w.svc.Ballot(w.ctx, w.actors["asia1"], w.ref())
	if err != nil || sh.GroupID != w.asia || sh.Settings.Method != rank.Approval || len(sh.Candidates) != 1 || sh.Mine != nil {
		t.Fatalf("sheet %+v, %v", sh, err)
	}
	if _, err := w.svc.PutBallot(w.ctx, w.actors["asia1"], synthesis.BallotInput{PartRef: w.ref(), Approved: []string{x}}); err != nil {
		t.Fatal(err)
	}
	if sh, err := w.svc.Ballot(w.ctx, w.actors["asia1"], w.ref()); err != nil || sh.Mine == nil || !slices.Equal(sh.Mine.Approved, []string{x}) {
		t.Fatalf("sheet after the ballot %+v, %v", sh, err)
	}
	set.Method, set.Version = rank.Borda, 1
	_, err = w.svc.PutSettings(w.ctx, w.actors["chair"], set)
	wantCode(t, "the method after a ballot", err, domain.EINVALID)
}

// TestOverallWho is the table of who may do what with the overall
// recommendations of a part (nothing is changed: every call is refused or
// fails on its input after the permission check).
func TestOverallWho(t *testing.T) {
	t.Parallel()
	w := newOverallWorld(t)
	x := w.candidate(t, "Widen regular pathways.")
	cref := synthesis.CandidateRef{MeetingID: w.meeting, CandidateID: x}
	ops := map[string]func(a *domain.Actor) error{
		"read": func(a *domain.Actor) error {
			_, err := w.svc.Overall(w.ctx, a, synthesis.OverallInput{PartRef: w.ref()})
			return err
		},
		"draw": func(a *domain.Actor) error {
			_, err := w.svc.AddCandidate(w.ctx, a, synthesis.CandidateInput{PartRef: w.ref(), ThemeID: "nope"})
			return err
		},
		"edit": func(a *domain.Actor) error {
			_, err := w.svc.EditCandidate(w.ctx, a, synthesis.CandidateEdit{CandidateRef: cref, Text: "x", Version: 9})
			return err
		},
		"method": func(a *domain.Actor) error {
			_, err := w.svc.PutSettings(w.ctx, a, synthesis.SettingsInput{PartRef: w.ref(), Method: "plurality"})
			return err
		},
		"ballot": func(a *domain.Actor) error {
			_, err := w.svc.PutBallot(w.ctx, a, synthesis.BallotInput{PartRef: w.ref(), Ranks: [][]string{{x}}, Version: 9})
			return err
		},
		"confirm": func(a *domain.Actor) error {
			_, err := w.svc.Confirm(w.ctx, a, synthesis.ConfirmInput{PartRef: w.ref(), Selected: []string{"nope"}})
			return err
		},
		"reopen": func(a *domain.Actor) error { return w.svc.Reopen(w.ctx, a, w.ref()) },
	}
	const (
		ok   = ""
		no   = domain.EFORBIDDEN
		hid  = domain.ENOTFOUND
		anon = domain.EUNAUTHORIZED
		inv  = domain.EINVALID
		late = domain.ECONFLICT
	)
	tests := []struct {
		who  string
		want map[string]string
	}{
		{"secretariat", map[string]string{"read": ok, "draw": inv, "edit": late, "method": inv, "ballot": no, "confirm": inv, "reopen": late}},
		{"chair", map[string]string{"read": ok, "draw": inv, "edit": late, "method": inv, "ballot": no, "confirm": inv, "reopen": no}},
		{"rapporteur", map[string]string{"read": ok, "draw": no, "edit": no, "method": no, "ballot": late, "confirm": no, "reopen": no}},
		{"africa1", map[string]string{"read": ok, "draw": no, "edit": no, "method": no, "ballot": late, "confirm": no, "reopen": no}},
		{"nogroup", map[string]string{"read": ok, "draw": no, "edit": no, "method": no, "ballot": no, "confirm": no, "reopen": no}},
		{"observer", map[string]string{"read": ok, "draw": no, "edit": no, "method": no, "ballot": no, "confirm": no, "reopen": no}},
		{"outsider", map[string]string{"read": hid, "draw": hid, "edit": hid, "method": hid, "ballot": hid, "confirm": hid, "reopen": hid}},
		{"anonymous", map[string]string{"read": anon, "draw": anon, "edit": anon, "method": anon, "ballot": anon, "confirm": anon, "reopen": anon}},
	}
	for _, tt := range tests {
		for op, want := range tt.want {
			t.Run(tt.who+" "+op, func(t *testing.T) {
				if got := domain.ErrorCode(ops[op](w.actors[tt.who])); got != want {
					t.Errorf("%q, want %q", got, want)
				}
			})
		}
	}
}
