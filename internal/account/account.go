// Package account holds the use cases of accounts and their ways in:
// logging in (with the login throttle and the cap on password hashing),
// changing one's password, API tokens, invitations and the instance
// administrator's accounts.
//
// Each operation is one method of [Service] that takes the acting person
// ([domain.Actor]; none for logging in) and its input, authorises,
// validates, hashes passwords through the service's [auth.Hasher] and
// calls the store, which records the audit event. The pages (package web)
// and the JSON API (package api) both call these methods; neither decides
// a rule of its own.
//
// The rules, in short (docs/SECURITY.md says more):
//
//   - A login attempt is counted before its password is checked, in one
//     transaction per attempt, under two keys: the account at the client's
//     address, and the address. The first [Limits.Free] failures of an
//     account at an address cost nothing; each later attempt must wait
//     twice as long as the one before (from [Limits.FirstDelay] up to
//     [Limits.MaxDelay]), and is answered "try again in N seconds" until
//     then. The same account from another address is not slowed down, so
//     nobody can lock a person out by failing on their behalf. An address
//     may fail [Limits.PerAddress] times in [Limits.Window] whatever the
//     accounts (300 in 15 minutes by default: a conference hall shares one
//     address).
//   - At most half of GOMAXPROCS passwords (at least one) are hashed at
//     once, 16 times as many wait at most 2 seconds, and the rest are
//     refused with 503 and Retry-After before any work, so that a flood of
//     logins neither takes the server's memory (19 MiB a hash) nor every
//     core.
//   - Changing one's password ends one's other sessions and revokes every
//     API token; the account page lists the tokens and revokes them all at
//     once.
//   - An invitation is for its e-mail address: only the account with that
//     address accepts it, or, for a visitor who is not logged in, it
//     creates that account.
package account

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

// Service runs the account use cases over one database. Build it with
// [New]; one Service serves the pages and the API of a server, so that
// they share the cap on password hashing.
type Service struct {
	db         *store.DB
	hasher     *auth.Hasher
	limits     Limits
	sessionTTL time.Duration
	now        func() time.Time
	// dummy returns a hash with the service's costs, checked when there
	// is no account to check against, so that a login takes as long
	// whether or not the address has an account. It is made on first use.
	dummy func() string
	// prunedAt is when old login counters were last deleted (unix ms).
	prunedAt atomic.Int64
	// sso are the OpenID providers people may sign in with.
	sso    []*auth.RelyingParty
	mail   *mail.Composer
	wake   func()
	resets *addressLimiter
}

// Options configure a [Service]; zero values take the defaults.
type Options struct {
	// Hashing sizes the cap on concurrent password hashing and gives the
	// costs of new hashes (auth.DefaultParams when zero).
	Hashing auth.HasherOptions
	// Limits are the login throttle's; zero fields take DefaultLimits'.
	Limits Limits
	// SessionTTL is how long a login lasts: 12 hours when zero.
	SessionTTL time.Duration
	// Now replaces the clock, for tests.
	Now func() time.Time
	// SSO are the OpenID providers people may sign in with (checked with
	// auth.SSOProvider.Check); SSOClient makes the requests to them (nil:
	// one with a 10-second timeout).
	SSO       []auth.SSOProvider
	SSOClient *http.Client
	// Mail makes the messages of invitations and password resets; nil
	// when the server sends no e-mail. MailWake, when set, tells the
	// sender that the outbox has a new message.
	Mail     *mail.Composer
	MailWake func()
	// ResetsPerAddress bounds the password reset links one client
	// address may ask for in 15 minutes: 10 when zero.
	ResetsPerAddress int
}

// New returns the account use cases over db.
func New(db *store.DB, opt Options) *Service {
	s := &Service{db: db, hasher: auth.NewHasher(opt.Hashing), limits: opt.Limits.withDefaults(), sessionTTL: opt.SessionTTL, now: opt.Now}
	if s.sessionTTL <= 0 {
		s.sessionTTL = 12 * time.Hour
	}
	if s.now == nil {
		s.now = time.Now
	}
	for _, p := range opt.SSO {
		s.sso = append(s.sso, auth.NewRelyingParty(p, opt.SSOClient))
	}
	s.mail, s.wake = opt.Mail, opt.MailWake
	if s.wake == nil {
		s.wake = func() {}
	}
	if opt.ResetsPerAddress <= 0 {
		opt.ResetsPerAddress = 10
	}
	s.resets = &addressLimiter{max: opt.ResetsPerAddress, window: 15 * time.Minute, seen: map[string][]time.Time{}}
	s.dummy = sync.OnceValue(func() string {
		h, err := auth.HashPassword("not anybody's password", s.hasher.Params())
		if err != nil {
			panic(fmt.Sprintf("account: %v", err))
		}
		return h
	})
	return s
}

// HashStats returns what the service's password hashing did: hashes
// computed and requests refused for lack of a slot.
func (s *Service) HashStats() auth.HasherStats { return s.hasher.Stats() }

// SessionTTL is how long a login session lasts.
func (s *Service) SessionTTL() time.Duration { return s.sessionTTL }

// Session is a login session just opened.
type Session struct {
	User *domain.User
	// Token is the session's secret, for the cookie; only its hash is
	// stored.
	Token string
	// Expires is when the session ends.
	Expires time.Time
}

// startSession opens a session for u.
func (s *Service) startSession(ctx context.Context, u *domain.User) (*Session, error) {
	token, hash := auth.NewToken()
	if err := s.db.CreateWebSession(ctx, hash, u.ID, s.sessionTTL); err != nil {
		return nil, err
	}
	return &Session{User: u, Token: token, Expires: s.now().Add(s.sessionTTL)}, nil
}

// EndSession ends the session whose token hash is given (a logout).
func (s *Service) EndSession(ctx context.Context, tokenHash string) error {
	return s.db.DeleteWebSession(ctx, tokenHash)
}

// HashPassword checks a new password's length and hashes it under the cap
// on concurrent hashing: [domain.EINVALID] for a password too short or too
// long, [domain.EUNAVAILABLE] with a Retry-After when the server is busy
// hashing.
func (s *Service) HashPassword(ctx context.Context, pw string) (string, error) {
	if err := auth.ValidatePassword(pw); err != nil {
		return "", err
	}
	return s.hasher.Hash(ctx, pw)
}

// loggedIn returns EUNAUTHORIZED for an anonymous actor.
func loggedIn(a *domain.Actor) error {
	if !a.LoggedIn() {
		return domain.Unauthorized()
	}
	return nil
}

// errAdminOnly is the answer to whoever is not an instance administrator
// for what only administrators may do.
var errAdminOnly = &domain.Error{Code: domain.EFORBIDDEN, Key: "error.admin_only", Msg: "only instance administrators may do this"}

// requireAdmin lets instance administrators through.
func requireAdmin(a *domain.Actor) error {
	if err := loggedIn(a); err != nil {
		return err
	}
	if !a.CanManageUsers() {
		return errAdminOnly
	}
	return nil
}
