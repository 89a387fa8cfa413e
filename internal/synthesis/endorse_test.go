package synthesis_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
	"github.com/plenary-org/plenary/internal/synthesis"
)

// endorseWorld is a meeting with bodies of three regions (Budapest and
// Prague of Europe, ECOWAS of West Africa, SACM of South America), a
// delegate for each of Budapest, Prague and ECOWAS, a partner for SACM,
// someone who acts for both Budapest (delegate) and SACM (partner), an
// observer, the secretariat, an outsider, and published good practices of
// West Africa ("wa") and Europe ("eu"), a recommendation ("rec") and a
// draft practice ("draft", which only its author and the secretariat
// read).
type endorseWorld struct {
	ctx     context.Context
	db      *store.DB
	svc     *synthesis.Service
	meeting *domain.Meeting
	bodies  map[string]string        // name -> id
	actors  map[string]*domain.Actor // by name
	c       map[string]string        // name -> contribution id
}

func newEndorseWorld(t *testing.T) *endorseWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &endorseWorld{ctx: ctx, db: db, svc: synthesis.New(db, nil, nil), bodies: map[string]string{}, actors: map[string]*domain.Actor{}, c: map[string]string{}}
	p, other := &domain.Process{Name: "ISCM"}, &domain.Process{Name: "Another process"}
	for _, x := range []*domain.Process{p, other} {
		if err := db.CreateProcess(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	w.meeting = &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: w.meeting}); err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct{ name, region string }{{"Budapest", "Europe"}, {"Prague", "Europe"}, {"ECOWAS", "West Africa"}, {"SACM", "South America"}} {
		body := &domain.Body{Name: b.name, Kind: domain.BodyRCP, Region: b.region}
		if err := db.CreateBody(ctx, body); err != nil {
			t.Fatal(err)
		}
		w.bodies[b.name] = body.ID
	}
	type ms struct {
		process, meeting string
		role             domain.Role
		body             string
	}
	mid := w.meeting.ID
	for name, list := range map[string][]ms{
		"Budapest":    {{p.ID, mid, domain.RoleDelegate, w.bodies["Budapest"]}},
		"Prague":      {{p.ID, mid, domain.RoleDelegate, w.bodies["Prague"]}},
		"ECOWAS":      {{p.ID, mid, domain.RoleDelegate, w.bodies["ECOWAS"]}},
		"SACM":        {{p.ID, "", domain.RolePartner, w.bodies["SACM"]}},
		"two bodies":  {{p.ID, mid, domain.RoleDelegate, w.bodies["Budapest"]}, {p.ID, mid, domain.RolePartner, w.bodies["SACM"]}},
		"observer":    {{p.ID, mid, domain.RoleObserver, ""}},
		"secretariat": {{p.ID, "", domain.RoleSecretariat, ""}},
		"outsider":    {{other.ID, "", domain.RoleDelegate, w.bodies["Budapest"]}},
	} {
		u := &domain.User{Email: strings.ReplaceAll(name, " ", ".") + "@example.org", Name: name}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, m := range list {
			dm := &domain.Membership{UserID: u.ID, ProcessID: m.process, MeetingID: m.meeting, Role: m.role, BodyID: m.body}
			if err := db.AddMembership(ctx, dm); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *dm)
		}
		w.actors[name] = a
	}
	for _, c := range []struct {
		name   string
		kind   domain.ContributionKind
		status domain.Status
		region string
	}{
		{"wa", domain.KindGoodPractice, domain.StatusPublished, "West Africa"},
		{"eu", domain.KindGoodPractice, domain.StatusPublished, "Europe"},
		{"rec", domain.KindRecommendation, domain.StatusPublished, "West Africa"},
		{"draft", domain.KindGoodPractice, domain.StatusDraft, "West Africa"},
	} {
		k := &domain.Contribution{MeetingID: mid, Kind: c.kind, Status: c.status, Title: "Practice " + c.name, Text: "What was done and how.", Lang: "en",
			Regions: []string{c.region}, AuthorID: w.actors["ECOWAS"].User.ID, BodyID: w.bodies["ECOWAS"]}
		if c.kind == domain.KindGoodPractice {
			k.Practice = domain.PracticePolicy
		}
		if c.status == domain.StatusPublished {
			k.PublishedAt = time.Date(2026, 3, 1, len(w.c), 0, 0, 0, time.UTC)
		}
		if err := db.CreateContribution(ctx, k); err != nil {
			t.Fatal(err)
		}
		w.c[c.name] = k.ID
	}
	return w
}

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
// list name the endorsing body, without attribution, only to its own
// delegates and partners; a reader is offered a form for each body they
// endorse for, told when the practice is from that body's region.
func TestEndorsementsRead(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	if _, err := w.svc.Endorse(w.ctx, w.actors["Budapest"], synthesis.EndorseInput{ContributionID: w.c["wa"], Conditions: "EU funding."}); err != nil {
		t.Fatal(err)
	}
	admin := domain.NewContextWithActor(w.ctx, &domain.Actor{User: &domain.User{ID: "admin", Admin: true}})
	w.meeting.NonAttribution = true
	if err := w.db.UpdateMeeting(admin, w.meeting); err != nil {
		t.Fatal(err)
	}
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
