package account

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// An invitation is for its address: the secretariat invites
// newsec2@example.org; another logged-in account is refused and nothing
// changes; the invited account accepts it.
func TestInvitationIsForItsAddress(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	tok := f.invite(t, "newsec2@example.org")
	for _, role := range []string{"outsider", "delegate", "admin", "secretariat"} {
		before, _ := f.db.MembershipsOf(ctx, f.actors[role].User.ID)
		_, err := f.svc.AcceptInvitation(ctx, f.actors[role], Acceptance{Token: tok})
		var de *domain.Error
		if domain.ErrorCode(err) != domain.EFORBIDDEN || !asDomain(err, &de) || de.Key != "invite.wrong_account" {
			t.Fatalf("%s accepted another address's invitation: %v", role, err)
		}
		after, _ := f.db.MembershipsOf(ctx, f.actors[role].User.ID)
		if len(after) != len(before) {
			t.Fatalf("%s: memberships %d before, %d after a refused invitation", role, len(before), len(after))
		}
		inv, err := f.svc.OpenInvitation(ctx, f.actors[role], tok)
		if err != nil || !inv.WrongAccount {
			t.Fatalf("%s: the invitation is no longer open (%v) or not marked for another account", role, err)
		}
	}
	// The invited address, written otherwise, is the same account.
	u := &domain.User{Email: "NewSec2@Example.org", Name: "New Secretary"}
	if err := f.db.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	invited := f.actor(t, u.ID)
	if inv, err := f.svc.OpenInvitation(ctx, invited, tok); err != nil || inv.WrongAccount {
		t.Fatalf("the invited account: %+v, %v", inv, err)
	}
	res, err := f.svc.AcceptInvitation(ctx, invited, Acceptance{Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	if res.Session != nil || res.Membership.Role != domain.RoleSecretariat || res.Membership.UserID != u.ID || res.Membership.ProcessID != f.process {
		t.Fatalf("accepted: %+v", res.Membership)
	}
	if _, err := f.svc.AcceptInvitation(ctx, invited, Acceptance{Token: tok}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("an invitation accepted twice: %v", err)
	}
}

// A visitor who is not logged in creates the invited account, with the
// invited address, and is logged in; when the account exists, they are
// asked to log in first.
func TestInvitationCreatesTheInvitedAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	anon := f.actors["anonymous"]
	tok := f.invite(t, "newsec2@example.org")
	tests := []struct {
		name  string
		in    Acceptance
		field string
	}{
		{"no name", Acceptance{Token: tok, Password: "long enough password"}, "name"},
		{"short password", Acceptance{Token: tok, Name: "New", Password: "short"}, "password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.AcceptInvitation(ctx, anon, tc.in)
			var de *domain.Error
			if domain.ErrorCode(err) != domain.EINVALID || !asDomain(err, &de) || de.Field != tc.field {
				t.Fatalf("error %v, want invalid %s", err, tc.field)
			}
		})
	}
	res, err := f.svc.AcceptInvitation(ctx, anon, Acceptance{Token: tok, Name: "New Secretary", Password: "long enough password", Locale: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Session == nil || res.User.Email != "newsec2@example.org" || res.User.Locale != "fr" || res.Membership.Role != domain.RoleSecretariat {
		t.Fatalf("accepted: %+v, %+v", res.User, res.Membership)
	}
	tok2 := f.invite(t, "Delegate@example.org")
	_, err = f.svc.AcceptInvitation(ctx, anon, Acceptance{Token: tok2, Name: "Someone", Password: "long enough password"})
	var de *domain.Error
	if !asDomain(err, &de) || de.Key != "invite.log_in_first" {
		t.Fatalf("an invitation for an existing account, accepted anonymously: %v", err)
	}
	if _, err := f.svc.AcceptInvitation(ctx, f.actors["delegate"], Acceptance{Token: tok2}); err != nil {
		t.Fatalf("the existing account, logged in: %v", err)
	}
}

func TestInvitationLinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	for _, tok := range []string{"", "nonsense", "a\x00b"} {
		if _, err := f.svc.OpenInvitation(ctx, f.actors["anonymous"], tok); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("token %q: %v", tok, err)
		}
	}
	_, _, err := f.svc.Invite(ctx, f.actors["secretariat"], InviteInput{ProcessID: f.process, Email: "a\x00b@example.org", Role: domain.RoleObserver, Days: 3})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an address with NUL: %v", err)
	}
}

// Who may invite and revoke invitations: the secretariat where it invites
// and administrators; the wrong role is refused, and those who may not
// see the process are told it does not exist.
func TestWhoMayInvite(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	tests := []struct {
		role      string
		atProcess string // error code inviting at the process level
		atMeeting string // error code inviting to the meeting
	}{
		{"admin", "", ""},
		{"secretariat", "", ""},
		{"chair", domain.EFORBIDDEN, domain.EFORBIDDEN},
		{"delegate", domain.EFORBIDDEN, domain.EFORBIDDEN},
		{"outsider", domain.ENOTFOUND, domain.ENOTFOUND},
		{"anonymous", domain.EUNAUTHORIZED, domain.EUNAUTHORIZED},
	}
	for _, tc := range tests {
		t.Run(tc.role, func(t *testing.T) {
			a := f.actors[tc.role]
			_, _, err := f.svc.Invite(ctx, a, InviteInput{ProcessID: f.process, Email: "x@example.org", Role: domain.RoleObserver, Days: 3})
			if domain.ErrorCode(err) != tc.atProcess {
				t.Errorf("at the process: %v, want %q", err, tc.atProcess)
			}
			_, _, err = f.svc.Invite(ctx, a, InviteInput{MeetingID: f.meeting, Email: "x@example.org", Role: domain.RoleObserver, Days: 3})
			if domain.ErrorCode(err) != tc.atMeeting {
				t.Errorf("to the meeting: %v, want %q", err, tc.atMeeting)
			}
			_, inv, err := f.svc.Invite(ctx, f.actors["secretariat"], InviteInput{MeetingID: f.meeting, Email: "y@example.org", Role: domain.RoleObserver, Days: 3})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.RevokeInvitation(ctx, a, inv.ID); domain.ErrorCode(err) != tc.atMeeting {
				t.Errorf("revoke: %v, want %q", err, tc.atMeeting)
			}
		})
	}
}
