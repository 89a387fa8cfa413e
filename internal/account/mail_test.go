package account

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

func mailFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, Options{})
	f.svc.mail = mail.NewComposer(locale.MustLoad(), f.db, "https://plenary.example.org")
	return f
}

func outbox(t *testing.T, f *fixture) []*store.MailMessage {
	t.Helper()
	ms, _, err := f.db.Outbox(context.Background(), store.MailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

var linkRE = regexp.MustCompile(`https://plenary\.example\.org/(invite|reset)/([A-Za-z0-9_-]+)`)

// TestInvitationByEmail: an invitation sent by e-mail is in the outbox in
// the invitee's chosen language, its link is the invitation's, bound to
// the address; without e-mail set up, asking to send it is refused and
// nothing is stored.
func TestInvitationByEmail(t *testing.T) {
	f := mailFixture(t)
	ctx := context.Background()
	tok, inv, err := f.svc.Invite(ctx, f.actors["secretariat"], InviteInput{MeetingID: f.meeting, Email: "Nadia@Example.org", Role: domain.RoleDelegate,
		BodyID: f.body, Days: 7, Send: true, Lang: "es", BaseURL: "https://plenary.example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	ms := outbox(t, f)
	if len(ms) != 1 {
		t.Fatalf("%d messages, want 1", len(ms))
	}
	m := ms[0]
	if m.To != inv.Email || m.Kind != "invitation" || m.Lang != "es" || !strings.Contains(m.Subject, "Meeting") {
		t.Errorf("message %+v", m)
	}
	got := linkRE.FindStringSubmatch(m.Text)
	if got == nil || got[2] != tok || !strings.Contains(m.HTML, got[0]) {
		t.Fatalf("the message's link %v is not the invitation's (%s)", got, tok)
	}
	if !strings.Contains(m.Text, "User secretariat le invita a Meeting como Delegado") {
		t.Errorf("Spanish text:\n%s", m.Text)
	}
	if _, err := f.svc.OpenInvitation(ctx, f.actors["anonymous"], got[2]); err != nil {
		t.Errorf("the e-mailed link does not open: %v", err)
	}

	f.svc.mail = nil
	_, _, err = f.svc.Invite(ctx, f.actors["secretariat"], InviteInput{ProcessID: f.process, Email: "x@example.org", Role: domain.RoleObserver, Days: 7, Send: true})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("sending without e-mail: %v", err)
	}
	if n := len(outbox(t, f)); n != 1 {
		t.Errorf("%d messages after a refused invitation", n)
	}
	// The delegate may not invite, by e-mail or not.
	if _, _, err := f.svc.Invite(ctx, f.actors["delegate"], InviteInput{MeetingID: f.meeting, Email: "y@example.org", Role: domain.RoleObserver, Days: 7, Send: true}); err == nil {
		t.Error("a delegate sent an invitation")
	}
}

// TestPasswordReset: the link is e-mailed only to an existing account,
// with the same answer for an unknown address; it sets the password once,
// ends the sessions, and voids the account's other links; the number of
// links is limited per account and per client address.
func TestPasswordReset(t *testing.T) {
	f := mailFixture(t)
	ctx := context.Background()
	base := "https://plenary.example.org"
	for _, email := range []string{"nobody@example.org", "delegate@example.org"} {
		if err := f.svc.RequestPasswordReset(ctx, ResetRequest{Email: email, Address: "192.0.2.1", BaseURL: base}); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
	}
	ms := outbox(t, f)
	if len(ms) != 1 || ms[0].To != "delegate@example.org" || ms[0].Kind != "password_reset" {
		t.Fatalf("outbox %+v, want one message to the delegate", ms)
	}
	tok := linkRE.FindStringSubmatch(ms[0].Text)
	if tok == nil || tok[1] != "reset" {
		t.Fatalf("no reset link in:\n%s", ms[0].Text)
	}
	// A second link, then the first one used: the second is void.
	f.svc.RequestPasswordReset(ctx, ResetRequest{Email: "delegate@example.org", Address: "192.0.2.1", BaseURL: base})
	second := linkRE.FindStringSubmatch(outbox(t, f)[0].Text)[2]
	sess, err := f.svc.Login(ctx, LoginInput{Email: "delegate@example.org", Password: password, Address: "192.0.2.9"})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []PasswordReset{{Token: tok[2], New: "short", Repeat: "short"}, {Token: tok[2], New: "a long new password", Repeat: "another one"}} {
		if err := f.svc.ResetPassword(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("ResetPassword(%+v) = %v", bad, err)
		}
	}
	if err := f.svc.ResetPassword(ctx, PasswordReset{Token: tok[2], New: "a long new password", Repeat: "a long new password"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.WebSessionUser(ctx, hashOf(sess.Token)); err == nil {
		t.Error("the session survived the reset")
	}
	for _, used := range []string{tok[2], second, "made-up"} {
		if err := f.svc.ResetPassword(ctx, PasswordReset{Token: used, New: "yet another password", Repeat: "yet another password"}); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a used or void link: %v", err)
		}
	}
	if _, err := f.svc.Login(ctx, LoginInput{Email: "delegate@example.org", Password: "a long new password", Address: "192.0.2.9"}); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	// Three links an hour per account: the fourth request sends nothing.
	for range 3 {
		f.svc.RequestPasswordReset(ctx, ResetRequest{Email: "chair@example.org", Address: "192.0.2.2", BaseURL: base})
	}
	n := 0
	for _, m := range outbox(t, f) {
		if m.To == "chair@example.org" {
			n++
		}
	}
	if n != ResetsPerAccount {
		t.Errorf("chair got %d links, want %d", n, ResetsPerAccount)
	}
	// Ten requests per address in 15 minutes, then a wait.
	var err2 error
	for range 11 {
		err2 = f.svc.RequestPasswordReset(ctx, ResetRequest{Email: "nobody@example.org", Address: "192.0.2.3", BaseURL: base})
	}
	if domain.ErrorCode(err2) != domain.ETHROTTLED || domain.RetryAfter(err2) <= 0 {
		t.Errorf("11th request from one address: %v", err2)
	}
	f.clock.Add(16 * time.Minute)
	if err := f.svc.RequestPasswordReset(ctx, ResetRequest{Email: "nobody@example.org", Address: "192.0.2.3", BaseURL: base}); err != nil {
		t.Errorf("after the window: %v", err)
	}
	if err := f.svc.RequestPasswordReset(ctx, ResetRequest{Email: "not an address\x00", Address: "192.0.2.4"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a malformed address: %v", err)
	}
}
