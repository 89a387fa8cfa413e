package account

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
)

// Password reset (docs/ACCOUNTS.md): "Forgot your password?" on the login
// page sends a link to the account's address. The answer is the same
// whether or not the address has an account; the link lasts an hour, is
// used once (using it voids the account's other links, ends its sessions
// and revokes its API tokens) and only its hash is kept. An account gets
// at most three links an hour, and a client address may ask ten times in
// 15 minutes.

// ResetTTL is how long a reset link lasts.
const ResetTTL = time.Hour

// ResetsPerAccount bounds the links an account gets in an hour.
const ResetsPerAccount = 3

// ResetRequest asks for a reset link.
type ResetRequest struct {
	Email string
	// Address is the client's IP address, for the limit per address.
	Address string
	// BaseURL is where the link points ("https://plenary.example.org").
	BaseURL string
}

// RequestPasswordReset sends a reset link to Email when it is an active
// account's address, and answers the same when it is not: nil, or
// [domain.EINVALID] for what is not an address at all, [domain.ETHROTTLED]
// when the client address asked too often, [domain.EINVALID] (mail.not_configured)
// when the server sends no e-mail.
func (s *Service) RequestPasswordReset(ctx context.Context, in ResetRequest) error {
	email := strings.TrimSpace(in.Email)
	if err := (&domain.User{Email: email, Name: "x"}).Validate(); err != nil {
		return domain.Invalid("email", "error.email", "must be an e-mail address like name@example.org")
	}
	if s.mail == nil {
		return errNoMailReset()
	}
	if wait := s.resets.admit(in.Address, s.now()); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		return &domain.Error{Code: domain.ETHROTTLED, Key: "login.wait_seconds", Args: []any{secs}, RetryAfter: wait,
			Msg: "too many requests: try again later"}
	}
	u, _, err := s.db.UserByEmail(ctx, email)
	if domain.ErrorCode(err) == domain.ENOTFOUND || (err == nil && u.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	token, hash := auth.NewToken()
	msg, err := s.mail.PasswordReset(u.Locale, u.Email, u.Name, strings.TrimSuffix(in.BaseURL, "/")+"/reset/"+token, int(ResetTTL/time.Minute))
	if err != nil {
		return err
	}
	msg.UserID = u.ID
	sent, err := s.db.CreatePasswordReset(ctx, u.ID, hash, ResetTTL, ResetsPerAccount, time.Hour, msg)
	if err != nil {
		return err
	}
	if sent {
		s.wake()
	}
	return nil
}

func errNoMailReset() error {
	return domain.Invalid("email", "mail.not_configured_reset", "e-mail is not set up on this server: ask an administrator to set a new password for you")
}

func errInvalidReset() error {
	return domain.Errorf(domain.ENOTFOUND, "reset.invalid", "this password reset link is not valid: it may have expired or been used already; ask for a new one")
}

// CheckPasswordReset says whether a reset link is good (unused, not
// expired), for the page that asks for the new password.
func (s *Service) CheckPasswordReset(ctx context.Context, token string) error {
	if _, err := s.db.PasswordResetUser(ctx, auth.HashToken(token)); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return errInvalidReset()
		}
		return err
	}
	return nil
}

// PasswordReset is a new password chosen through a reset link.
type PasswordReset struct {
	Token  string
	New    string
	Repeat string
}

// ResetPassword sets the new password of a reset link's account, once.
func (s *Service) ResetPassword(ctx context.Context, in PasswordReset) error {
	if err := s.CheckPasswordReset(ctx, in.Token); err != nil {
		return err
	}
	if err := auth.ValidatePassword(in.New); err != nil {
		return err
	}
	if in.New != in.Repeat {
		return domain.Invalid("password2", "error.password_mismatch", "the two passwords differ")
	}
	h, err := s.hasher.Hash(ctx, in.New)
	if err != nil {
		return err
	}
	if _, err := s.db.ResetPassword(ctx, auth.HashToken(in.Token), h); err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return errInvalidReset()
		}
		return err
	}
	return nil
}

// addressLimiter counts requests per client address in a sliding window,
// in memory: each instance counts its own.
type addressLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	seen   map[string][]time.Time
}

// admit counts a request of addr at now and returns 0, or how long to wait
// when addr made max requests in the window already (the request is not
// counted then).
func (l *addressLimiter) admit(addr string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 10000 {
		for k, ts := range l.seen {
			if now.Sub(ts[len(ts)-1]) > l.window {
				delete(l.seen, k)
			}
		}
	}
	ts := l.seen[addr]
	for len(ts) > 0 && now.Sub(ts[0]) >= l.window {
		ts = ts[1:]
	}
	if len(ts) >= l.max {
		l.seen[addr] = ts
		return l.window - now.Sub(ts[0])
	}
	l.seen[addr] = append(ts, now)
	return 0
}
