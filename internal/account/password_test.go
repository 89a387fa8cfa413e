package account

import (
	"context"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
)

// A new password ends the person's other sessions and revokes every API
// token; the session that made the change stays open.
func TestChangePasswordRevokesTokensAndOtherSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	a := f.actors["delegate"]
	var sessions []string
	for range 2 {
		_, hash := auth.NewToken()
		if err := f.db.CreateWebSession(ctx, hash, a.User.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, hash)
	}
	var tokens []string
	for _, name := range []string{"reports", "sync"} {
		tok, _, err := f.svc.CreateToken(ctx, a, NewToken{Name: name, Days: 30})
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	other, _, err := f.svc.CreateToken(ctx, f.actors["chair"], NewToken{Name: "chair's", Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	err = f.svc.ChangePassword(ctx, a, PasswordChange{Current: password, New: "a brand new password", Repeat: "a brand new password",
		Address: "198.51.100.7", KeepSession: sessions[0]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.WebSessionUser(ctx, sessions[0]); err != nil {
		t.Fatalf("the session that changed the password was ended: %v", err)
	}
	if _, err := f.db.WebSessionUser(ctx, sessions[1]); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("another session survived the change: %v", err)
	}
	for _, tok := range tokens {
		if _, err := f.svc.TokenActor(ctx, tok); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("an API token works after the password change: %v", err)
		}
	}
	if ts, _ := f.svc.Tokens(ctx, a); len(ts) != 0 {
		t.Fatalf("the account page still lists %d tokens", len(ts))
	}
	if _, err := f.svc.TokenActor(ctx, other); err != nil {
		t.Fatalf("another person's token was revoked: %v", err)
	}
	if c, _ := f.login(t, "delegate@example.org", "a brand new password", "198.51.100.7"); c != "" {
		t.Fatalf("login with the new password: %q", c)
	}
}

func TestChangePasswordChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        PasswordChange
		wantField string
	}{
		{"wrong current password", PasswordChange{Current: "wrong", New: "a brand new password", Repeat: "a brand new password"}, "current"},
		{"too short", PasswordChange{Current: password, New: "short", Repeat: "short"}, "password"},
		{"the two differ", PasswordChange{Current: password, New: "a brand new password", Repeat: "a brand new passwort"}, "password2"},
	}
	f := newFixture(t, Options{})
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := f.svc.ChangePassword(ctx, f.actors["chair"], tc.in)
			var de *domain.Error
			if domain.ErrorCode(err) != domain.EINVALID || !asDomain(err, &de) || de.Field != tc.wantField {
				t.Fatalf("error %v, want invalid %s", err, tc.wantField)
			}
		})
	}
	if c, _ := f.login(t, "chair@example.org", password, "192.0.2.1"); c != "" {
		t.Fatalf("the password changed after refused changes: %q", c)
	}
	if err := f.svc.ChangePassword(ctx, f.actors["anonymous"], PasswordChange{}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("anonymous change: %v", err)
	}
}

// Guessing the current password on the account page is throttled as
// logins are.
func TestChangePasswordGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	in := PasswordChange{Current: "guess", New: "a brand new password", Repeat: "a brand new password", Address: "198.51.100.7"}
	for i := range DefaultLimits.Free {
		if err := f.svc.ChangePassword(ctx, f.actors["chair"], in); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	if err := f.svc.ChangePassword(ctx, f.actors["chair"], in); domain.ErrorCode(err) != domain.ETHROTTLED {
		t.Fatalf("guess %d: %v, want throttled", DefaultLimits.Free+1, err)
	}
	if c, _ := f.login(t, "chair@example.org", password, "198.51.100.7"); c != domain.ETHROTTLED {
		t.Fatalf("login at the same address after the guesses: %q, want throttled", c)
	}
}

func TestRevokeAllTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	a := f.actors["secretariat"]
	for _, name := range []string{"one", "two", "three"} {
		if _, _, err := f.svc.CreateToken(ctx, a, NewToken{Name: name, Days: 1}); err != nil {
			t.Fatal(err)
		}
	}
	kept, _, err := f.svc.CreateToken(ctx, f.actors["chair"], NewToken{Name: "kept", Days: 1})
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.RevokeAllTokens(ctx, a)
	if err != nil || n != 3 {
		t.Fatalf("revoked %d, %v; want 3", n, err)
	}
	if ts, _ := f.svc.Tokens(ctx, a); len(ts) != 0 {
		t.Fatalf("%d tokens left", len(ts))
	}
	if _, err := f.svc.TokenActor(ctx, kept); err != nil {
		t.Fatalf("another person's token was revoked: %v", err)
	}
	if _, err := f.svc.RevokeAllTokens(ctx, f.actors["anonymous"]); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("anonymous: %v", err)
	}
}

func TestCreateTokenChecks(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	tests := []struct {
		name string
		in   NewToken
		want string
	}{
		{"no name", NewToken{Days: 3}, domain.EINVALID},
		{"no days", NewToken{Name: "x"}, domain.EINVALID},
		{"more than a year", NewToken{Name: "x", Days: 366}, domain.EINVALID},
		{"a day", NewToken{Name: "x", Days: 1}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.svc.CreateToken(ctx, f.actors["delegate"], tc.in)
			if domain.ErrorCode(err) != tc.want {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	// Nobody revokes another person's token: it is not found.
	_, tok, err := f.svc.CreateToken(ctx, f.actors["delegate"], NewToken{Name: "mine", Days: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RevokeToken(ctx, f.actors["admin"], tok.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("revoking another person's token: %v", err)
	}
}
