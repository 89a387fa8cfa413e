package synthesis_test

import (
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// TestEndorseWho: who endorses a practice for which body, and what the
// store refuses after that (moved here from the store's tests with the
// permission rules).
func TestEndorseWho(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	tests := []struct {
		name         string
		actor        string
		contribution string
		body         string
		code         string
		want         string // the body endorsed for, when saved
	}{
		{name: "a delegate, for their only body", actor: "Budapest", contribution: "wa", want: "Budapest"},
		{name: "a delegate, naming their body", actor: "Prague", contribution: "wa", body: "Prague", want: "Prague"},
		{name: "a partner of the process", actor: "SACM", contribution: "eu", want: "SACM"},
		{name: "two bodies, none named", actor: "two bodies", contribution: "eu", code: domain.EFORBIDDEN},
		{name: "two bodies, the partner's named", actor: "two bodies", contribution: "eu", body: "SACM", code: domain.ECONFLICT}, // SACM endorsed it above
		{name: "two bodies, the delegate's named", actor: "two bodies", contribution: "wa", body: "Budapest", code: domain.ECONFLICT},
		{name: "another body", actor: "Budapest", contribution: "eu", body: "SACM", code: domain.EFORBIDDEN},
		{name: "an observer", actor: "observer", contribution: "wa", code: domain.EFORBIDDEN},
		{name: "the secretariat, naming a body", actor: "secretariat", contribution: "wa", body: "Budapest", code: domain.EFORBIDDEN},
		{name: "an outsider", actor: "outsider", contribution: "wa", code: domain.ENOTFOUND},
		{name: "anonymous", actor: "anonymous", contribution: "wa", code: domain.EUNAUTHORIZED},
		{name: "a draft the delegate cannot read", actor: "Prague", contribution: "draft", code: domain.ENOTFOUND},
		{name: "a recommendation", actor: "Prague", contribution: "rec", code: domain.EINVALID},
		{name: "its own region", actor: "ECOWAS", contribution: "wa", code: domain.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := synthesis.EndorseInput{ContributionID: w.c[tt.contribution], BodyID: w.bodies[tt.body], Conditions: "Funding."}
			e, err := w.svc.Endorse(w.ctx, w.actors[tt.actor], in)
			if got := domain.ErrorCode(err); got != tt.code {
				t.Fatalf("%v (%q), want %q", err, got, tt.code)
			}
			if err == nil && (e.BodyID != w.bodies[tt.want] || !e.Mine || !e.Named || e.Version != 1 || e.UserID != w.actors[tt.actor].User.ID) {
				t.Fatalf("endorsed %+v, want for %s, mine and named", e, tt.want)
			}
		})
	}
}

// TestWithdraw: only the body's own delegates withdraw its endorsement,
// once confirmed, at the version read.
func TestWithdraw(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	if _, err := w.svc.Endorse(w.ctx, w.actors["Budapest"], synthesis.EndorseInput{ContributionID: w.c["wa"]}); err != nil {
		t.Fatal(err)
	}
	in := synthesis.WithdrawInput{ContributionID: w.c["wa"], BodyID: w.bodies["Budapest"], Version: 1, Confirmed: true}
	for who, code := range map[string]string{"Prague": domain.EFORBIDDEN, "observer": domain.EFORBIDDEN, "outsider": domain.ENOTFOUND} {
		wantCode(t, who+" withdraws", w.svc.Withdraw(w.ctx, w.actors[who], in), code)
	}
	unconfirmed := in
	unconfirmed.Confirmed = false
	wantCode(t, "unconfirmed", w.svc.Withdraw(w.ctx, w.actors["Budapest"], unconfirmed), domain.EINVALID)
	stale := in
	stale.Version = 2
	wantCode(t, "stale", w.svc.Withdraw(w.ctx, w.actors["Budapest"], stale), domain.ECONFLICT)
	in.BodyID = ""
	wantCode(t, "two bodies, none named", w.svc.Withdraw(w.ctx, w.actors["two bodies"], in), domain.EFORBIDDEN)
	in.BodyID = w.bodies["Budapest"]
	if err := w.svc.Withdraw(w.ctx, w.actors["two bodies"], in); err != nil {
		t.Fatal(err)
	}
	if es, err := w.db.ContributionEndorsements(w.ctx, w.c["wa"]); err != nil || len(es) != 0 {
		t.Fatalf("after the withdrawal: %v %v", es, err)
	}
}

// TestEndorsementsRead: the endorsements of a practice and the meeting's
// list name the endorsing body, when it endorsed without attribution,
// only to its own delegates and partners, and still so once the meeting
// attributes again; a reader is offered a form for each body they endorse
// for, told when the practice is from that body's region.
func TestEndorsementsRead(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	admin := domain.NewContextWithActor(w.ctx, &domain.Actor{User: &domain.User{ID: "admin", Admin: true}})
	w.meeting.NonAttribution = true
	if err := w.db.UpdateMeeting(admin, w.meeting); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Endorse(w.ctx, w.actors["Budapest"], synthesis.EndorseInput{ContributionID: w.c["wa"], Conditions: "EU funding."}); err != nil {
		t.Fatal(err)
	}
	for _, phase := range []string{"under the rule", "after switching it off"} {
		if phase == "after switching it off" {
			w.meeting.NonAttribution = false
			if err := w.db.UpdateMeeting(admin, w.meeting); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(phase, func(t *testing.T) { w.readEndorsements(t) })
	}
	if pe, err := w.svc.PracticeEndorsements(w.ctx, w.actors["ECOWAS"], w.c["wa"]); err != nil || len(pe.Bodies) != 1 || !pe.Bodies[0].OwnRegion {
		t.Fatalf("ECOWAS is not told the practice is from its region: %+v, %v", pe, err)
	}
	if pe, err := w.svc.PracticeEndorsements(w.ctx, w.actors["Budapest"], w.c["rec"]); err != nil || pe != nil {
		t.Fatalf("a recommendation has endorsements: %+v, %v", pe, err)
	}
	_, err := w.svc.EndorsedPractices(w.ctx, w.actors["outsider"], synthesis.EndorsedInput{MeetingID: w.meeting.ID})
	wantCode(t, "an outsider lists", err, domain.ENOTFOUND)
	_, err = w.svc.EndorsedPractices(w.ctx, w.actors["observer"], synthesis.EndorsedInput{MeetingID: w.meeting.ID, Filter: store.EndorsedFilter{Practice: "bogus"}})
	wantCode(t, "a bad practice type", err, domain.EINVALID)
}

// readEndorsements checks who sees which body made Budapest's endorsement
// of the West African practice, made under the non-attribution rule.
func (w *endorseWorld) readEndorsements(t *testing.T) {
	for _, tt := range []struct {
		actor       string
		mine, named bool
		forms       int
	}{
		{"Budapest", true, true, 1},
		{"two bodies", true, true, 2},
		{"Prague", false, false, 1},
		{"observer", false, false, 0},
		{"secretariat", false, false, 0},
	} {
		t.Run(tt.actor, func(t *testing.T) {
			a := w.actors[tt.actor]
			pe, err := w.svc.PracticeEndorsements(w.ctx, a, w.c["wa"])
			if err != nil || !pe.Open || len(pe.Endorsements) != 1 || pe.Regions != 1 || len(pe.Bodies) != tt.forms {
				t.Fatalf("practice endorsements %+v, %v", pe, err)
			}
			if e := pe.Endorsements[0]; e.Mine != tt.mine || e.Named != tt.named {
				t.Errorf("on the practice: mine %v named %v, want %v and %v", e.Mine, e.Named, tt.mine, tt.named)
			}
			page, err := w.svc.EndorsedPractices(w.ctx, a, synthesis.EndorsedInput{MeetingID: w.meeting.ID, Filters: true})
			if err != nil || page.Total != 1 || len(page.Items) != 1 || len(page.Items[0].Endorsements) != 1 || len(page.ByRegions) != 1 {
				t.Fatalf("list %+v, %v", page, err)
			}
			if e := page.Items[0].Endorsements[0]; e.Mine != tt.mine || e.Named != tt.named {
				t.Errorf("in the list: mine %v named %v, want %v and %v", e.Mine, e.Named, tt.mine, tt.named)
			}
		})
	}
}
