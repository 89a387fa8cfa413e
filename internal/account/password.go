package account

import (
	"context"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
)

// PasswordChange is a person's request to change their password.
type PasswordChange struct {
	Current string
	New     string
	Repeat  string
	// Address is the client's IP address: wrong current passwords count
	// as failed logins of the account at that address.
	Address string
	// KeepSession is the token hash of the session making the change,
	// which stays open; "" ends every session.
	KeepSession string
}

// ChangePassword sets a logged-in person's new password once their
// current one is checked, ends their other sessions and revokes all their
// API tokens: whoever learnt the old password, or a token made with it,
// is shut out. A wrong current password counts as a failed login of the
// account at the client's address, so that a session left open does not
// let anyone guess the password faster than the login page would.
func (s *Service) ChangePassword(ctx context.Context, a *domain.Actor, in PasswordChange) error {
	if err := loggedIn(a); err != nil {
		return err
	}
	keys := loginKeys(a.User.Email, in.Address)
	ticket, err := s.admitAttempt(ctx, keys)
	if err != nil {
		return err
	}
	defer ticket.Release()
	hash, err := s.db.PasswordHash(ctx, a.User.ID)
	var ok bool
	if err == nil {
		ok, err = ticket.Check(ctx, hash, in.Current)
	}
	if err != nil {
		_ = s.settle(context.WithoutCancel(ctx), keys, false) // not checked: it does not count
		return err
	}
	if !ok {
		return domain.Invalid("current", "error.password_wrong", "the current password is not right")
	}
	if err := s.settle(ctx, keys, true); err != nil {
		return err
	}
	if err := auth.ValidatePassword(in.New); err != nil {
		return err
	}
	if in.New != in.Repeat {
		return domain.Invalid("password2", "error.password_mismatch", "the two passwords differ")
	}
	newHash, err := s.hasher.Hash(ctx, in.New)
	if err != nil {
		return err
	}
	return s.db.SetPasswordHash(ctx, a.User.ID, newHash, in.KeepSession)
}
