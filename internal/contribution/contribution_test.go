package contribution_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/contribution"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestTransitionTellsTheAuthor: the workflow's steps through the use
// case; the author is told when their input is returned (with the
// reason) and when it is published, and of nothing else; a step the role
// may not take is refused and tells nobody.
func TestTransitionTellsTheAuthor(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := &domain.Process{Name: "ISCM contributions"}
	must(db.CreateProcess(ctx, p))
	a := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}}
	must(db.CreateMeetingWithAgenda(ctx, a))
	body := &domain.Body{Name: "Rabat Process", Kind: domain.BodyRCP, Region: "Africa"}
	must(db.CreateBody(ctx, body))
	actors := map[string]*domain.Actor{}
	for role, m := range map[string]domain.Membership{
		"author":      {ProcessID: p.ID, MeetingID: a.Meeting.ID, Role: domain.RoleDelegate, BodyID: body.ID},
		"colleague":   {ProcessID: p.ID, MeetingID: a.Meeting.ID, Role: domain.RoleDelegate, BodyID: body.ID},
		"observer":    {ProcessID: p.ID, MeetingID: a.Meeting.ID, Role: domain.RoleObserver},
		"secretariat": {ProcessID: p.ID, Role: domain.RoleSecretariat},
	} {
		u := &domain.User{Email: role + "@example.org", Name: role}
		must(db.CreateUser(ctx, u, ""))
		m.UserID = u.ID
		must(db.AddMembership(ctx, &m))
		actors[role] = &domain.Actor{User: u, Memberships: []domain.Membership{m}}
	}
	c := &domain.Contribution{MeetingID: a.Meeting.ID, Kind: domain.KindRecommendation, Title: "Portable pensions", Text: "Make pensions portable.",
		BodyID: body.ID, AuthorID: actors["author"].User.ID, Lang: "en", Regions: []string{"Africa"}}
	must(db.CreateContribution(domain.NewContextWithActor(ctx, actors["author"]), c))
	svc := contribution.New(db)
	told := func() []*store.Notification {
		t.Helper()
		ns, err := db.Notifications(ctx, store.NotificationFilter{UserID: c.AuthorID})
		must(err)
		return ns
	}
	v := c.Version
	step := func(who string, s domain.Transition, reason string, wantCode string) {
		t.Helper()
		out, err := svc.Transition(ctx, actors[who], contribution.TransitionInput{ID: c.ID, Version: v, Step: s, Reason: reason, ConfirmWithdrawal: true, Confirmed: true})
		if domain.ErrorCode(err) != wantCode {
			t.Fatalf("%s %s: %v, want %q", who, s, err, wantCode)
		}
		if err == nil {
			v = out.Version
		}
	}
	step("author", domain.TransSubmit, "", "")
	if ns := told(); len(ns) != 0 {
		t.Fatalf("told of a submission: %+v", ns)
	}
	step("author", domain.TransPublish, "", domain.EFORBIDDEN)    // an author does not publish
	step("colleague", domain.TransWithdraw, "", domain.ENOTFOUND) // another's submitted input is not shown
	step("observer", domain.TransReturn, "Why?", domain.ENOTFOUND)
	step("secretariat", domain.TransReopen, "", domain.EINVALID) // not from submitted
	if _, err := svc.Transition(ctx, nil, contribution.TransitionInput{ID: c.ID, Version: v, Step: domain.TransPublish}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("anonymous: %v", err)
	}
	if ns := told(); len(ns) != 0 {
		t.Fatalf("told of refused steps: %+v", ns)
	}
	step("secretariat", domain.TransReturn, "Please add the countries.", "")
	ns := told()
	if len(ns) != 1 || ns[0].Kind != "input_returned" || ns[0].Params["reason"] != "Please add the countries." || ns[0].Params["title"] != "Portable pensions" ||
		ns[0].Link != "/contributions/"+c.ID {
		t.Fatalf("after the return: %+v", ns)
	}
	step("author", domain.TransSubmit, "", "")
	step("secretariat", domain.TransPublish, "", "")
	if ns := told(); len(ns) != 2 || ns[0].Kind != "input_published" {
		t.Fatalf("after the publication: %+v", ns)
	}
	step("colleague", domain.TransWithdraw, "", domain.EFORBIDDEN) // published, it is shown, not another's to withdraw
	step("observer", domain.TransReturn, "Why?", domain.EFORBIDDEN)
	// A withdrawal asked to be confirmed and left unconfirmed is invalid.
	if _, err := svc.Transition(ctx, actors["author"], contribution.TransitionInput{ID: c.ID, Version: v, Step: domain.TransWithdraw, ConfirmWithdrawal: true}); domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("unconfirmed withdrawal: %v", err)
	}
	step("author", domain.TransWithdraw, "", "")
	if ns := told(); len(ns) != 2 {
		t.Fatalf("told of a withdrawal: %+v", ns)
	}
}
