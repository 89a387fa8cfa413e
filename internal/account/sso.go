package account

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// ssoTTL is how long a sign-in at a provider may take, from the button to
// the return.
const ssoTTL = 10 * time.Minute

// SSOChoice is a provider as the login and account pages offer it.
type SSOChoice struct {
	ID   string
	Name string
}

// SSOProviders returns the configured providers, in the configuration's
// order.
func (s *Service) SSOProviders() []SSOChoice {
	out := make([]SSOChoice, len(s.sso))
	for i, rp := range s.sso {
		out[i] = SSOChoice{ID: rp.P.ID, Name: rp.P.Name}
	}
	return out
}

func (s *Service) relyingParty(id string) (*auth.RelyingParty, error) {
	for _, rp := range s.sso {
		if rp.P.ID == id {
			return rp, nil
		}
	}
	return nil, domain.NotFound("provider")
}

// SSOStart asks to sign in, or (Link) to link an identity to the account
// of the person logged in, at a provider.
type SSOStart struct {
	Provider string
	// RedirectURL is plenary's callback address for the provider, as the
	// provider knows it (https://plenary.example.org/login/sso/ID/callback).
	RedirectURL string
	// Next is the local path to go to afterwards (the pages check it).
	Next string
	Link bool
}

// StartSSO begins a sign-in at a provider and returns the address to send
// the browser to and the state, which the browser must bring back (the
// pages keep it in a cookie): a sign-in is bound to the browser that
// began it, used once, and lasts 10 minutes. Linking needs a logged-in
// actor.
func (s *Service) StartSSO(ctx context.Context, a *domain.Actor, in SSOStart) (authURL, state string, err error) {
	rp, err := s.relyingParty(in.Provider)
	if err != nil {
		return "", "", err
	}
	att := store.SSOAttempt{Provider: rp.P.ID, Nonce: randomText(), Verifier: auth.NewSSOVerifier(), Next: in.Next}
	if in.Link {
		if err := loggedIn(a); err != nil {
			return "", "", err
		}
		att.LinkUserID = a.User.ID
	}
	state, hash := auth.NewToken()
	if err := s.db.CreateSSOAttempt(ctx, hash, att, ssoTTL); err != nil {
		return "", "", err
	}
	u, err := rp.AuthURL(ctx, in.RedirectURL, state, att.Nonce, att.Verifier)
	if err != nil {
		return "", "", errSSOFailed(err)
	}
	return u, state, nil
}

func randomText() string {
	t, _ := auth.NewToken()
	return t
}

// SSOReturn is the provider's answer, as the browser brings it back.
type SSOReturn struct {
	Provider    string
	RedirectURL string
	State       string // the state parameter
	BrowserKey  string // the state the browser kept (its cookie)
	Code        string
	Error       string // the provider's error parameter, if any
	Locale      string // the interface language, for a new account
}

// SSOResult is the outcome of a return from a provider.
type SSOResult struct {
	User *domain.User
	// Session is the new login session; nil when an identity was linked
	// to the account of the person logged in.
	Session *Session
	// Linked is the identity just linked, if one was.
	Linked *store.Identity
	// Created is set when the sign-in created the account; Memberships
	// are the roles of the invitations it accepted.
	Created     bool
	Memberships []*domain.Membership
	// Next is the local path the sign-in was started for.
	Next string
}

func errSSOState() error {
	return domain.Errorf(domain.EINVALID, "sso.state", "this sign-in could not be checked (it expired, was used already or was started in another browser): start again")
}

// errSSOFailed is the answer to whatever went wrong with the provider's
// answer: the detail goes to the log through the wrapped error, not to
// the person.
func errSSOFailed(cause error) error {
	return &domain.Error{Code: domain.EUNAUTHORIZED, Key: "sso.failed", Msg: "the identity provider's answer could not be verified: try again", Err: cause}
}

func errSSORefused() error {
	return domain.Errorf(domain.EUNAUTHORIZED, "sso.refused", "the identity provider did not sign you in")
}

func errSSOUnverified() error {
	return domain.Errorf(domain.EFORBIDDEN, "sso.unverified", "the identity provider has not verified your e-mail address, so it cannot be used to sign in")
}

func errSSODomain() error {
	return domain.Errorf(domain.EFORBIDDEN, "sso.domain", "addresses of this domain may not sign in with this provider")
}

func errSSODisabled() error {
	return domain.Errorf(domain.EFORBIDDEN, "sso.disabled", "this account is disabled")
}

func errSSONoAccount(email string) error {
	return domain.Errorf(domain.EFORBIDDEN, "sso.no_account", "there is no account for %s: ask the secretariat for an invitation", email)
}

func errSSONoLink(email string) error {
	return domain.Errorf(domain.EFORBIDDEN, "sso.no_link", "an account with the address %s exists already: log in with its password, then link this provider on your account page", email)
}

// FinishSSO ends a sign-in at a provider. The state must be the one the
// browser kept and an unexpired, unused sign-in's of this provider; the
// code is exchanged with its PKCE verifier, and the ID token verified
// (signature, issuer, audience, expiry, nonce). Then:
//
//   - an identity already linked signs its account in, unless it is
//     disabled;
//   - otherwise only a verified e-mail address of an allowed domain is
//     used: it signs in the account with that address when the provider
//     may link by e-mail (linking the identity), or creates the account
//     when the provider may create accounts or an open invitation to the
//     address exists (the invitations are accepted); an account created
//     so has no role but its invitations';
//   - when the sign-in was started to link (StartSSO with Link), the
//     identity is linked to the account of the actor who started it,
//     who must be the one logged in now.
//
// Whatever is refused changes nothing.
func (s *Service) FinishSSO(ctx context.Context, a *domain.Actor, in SSOReturn) (*SSOResult, error) {
	if in.State == "" || subtle.ConstantTimeCompare([]byte(in.State), []byte(in.BrowserKey)) != 1 {
		return nil, errSSOState()
	}
	att, err := s.db.TakeSSOAttempt(ctx, auth.HashToken(in.State))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return nil, errSSOState()
		}
		return nil, err
	}
	if att.Provider != in.Provider {
		return nil, errSSOState()
	}
	rp, err := s.relyingParty(att.Provider)
	if err != nil {
		return nil, err
	}
	if in.Error != "" || in.Code == "" {
		return nil, errSSORefused()
	}
	c, err := rp.Exchange(ctx, in.RedirectURL, in.Code, att.Verifier, att.Nonce)
	if err != nil {
		return nil, errSSOFailed(err)
	}
	res := &SSOResult{Next: att.Next}
	ident := &store.Identity{Provider: rp.P.ID, Issuer: c.Issuer, Subject: c.Subject}
	if c.EmailVerified {
		ident.Email = c.Email
	}
	if att.LinkUserID != "" {
		return s.linkSSO(ctx, a, att, ident, res)
	}
	if u, id, err := s.db.IdentityUser(ctx, c.Issuer, c.Subject); err == nil {
		if u.Disabled {
			return nil, errSSODisabled()
		}
		if err := s.db.TouchIdentity(ctx, id.ID); err != nil {
			return nil, err
		}
		return s.signedIn(ctx, u, res)
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	if !c.EmailVerified || c.Email == "" {
		return nil, errSSOUnverified()
	}
	if !rp.P.DomainAllowed(c.Email) {
		return nil, errSSODomain()
	}
	u, _, err := s.db.UserByEmail(ctx, c.Email)
	switch {
	case err == nil:
		if u.Disabled {
			return nil, errSSODisabled()
		}
		if !rp.P.LinkByEmail {
			return nil, errSSONoLink(u.Email)
		}
		if err := s.db.LinkIdentity(asUser(ctx, u), u.ID, ident); err != nil {
			return nil, err
		}
		res.Linked = ident
		return s.signedIn(ctx, u, res)
	case domain.ErrorCode(err) != domain.ENOTFOUND:
		return nil, err
	}
	invited, err := s.db.HasOpenInvitation(ctx, c.Email)
	if err != nil {
		return nil, err
	}
	if !rp.P.CreateAccounts && !invited {
		return nil, errSSONoAccount(c.Email)
	}
	nu := &domain.User{Email: c.Email, Name: ssoName(c.Name, c.Email), Locale: in.Locale}
	ms, err := s.db.CreateUserWithIdentity(asUser(ctx, nu), nu, ident, invited)
	if err != nil {
		return nil, err
	}
	res.Created, res.Memberships, res.Linked = true, ms, ident
	return s.signedIn(ctx, nu, res)
}

// linkSSO links an identity to the account that asked for it.
func (s *Service) linkSSO(ctx context.Context, a *domain.Actor, att *store.SSOAttempt, ident *store.Identity, res *SSOResult) (*SSOResult, error) {
	if !a.LoggedIn() || a.User.ID != att.LinkUserID {
		return nil, errSSOState()
	}
	if u, _, err := s.db.IdentityUser(ctx, ident.Issuer, ident.Subject); err == nil {
		if u.ID == a.User.ID {
			res.User = a.User
			return res, nil // linked already
		}
		return nil, domain.Errorf(domain.ECONFLICT, "sso.identity_taken", "this identity is linked to another account already")
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return nil, err
	}
	if err := s.db.LinkIdentity(asUser(ctx, a.User), a.User.ID, ident); err != nil {
		return nil, err
	}
	res.User, res.Linked = a.User, ident
	return res, nil
}

func (s *Service) signedIn(ctx context.Context, u *domain.User, res *SSOResult) (*SSOResult, error) {
	sess, err := s.startSession(ctx, u)
	if err != nil {
		return nil, err
	}
	res.User, res.Session = u, sess
	return res, nil
}

// asUser is ctx with u as its actor, so that what a sign-in changes is
// recorded as done by the person signing in.
func asUser(ctx context.Context, u *domain.User) context.Context {
	return domain.NewContextWithActor(ctx, &domain.Actor{User: u})
}

// ssoName is a new account's name: the provider's, made one line and cut
// to the longest name, or else the address's local part.
func ssoName(name, email string) string {
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if !utf8.ValidString(name) {
		name = ""
	}
	if r := []rune(name); len(r) > domain.MaxName {
		name = string(r[:domain.MaxName])
	}
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	return name
}

// LinkedIdentity is an identity as the account page shows it.
type LinkedIdentity struct {
	*store.Identity
	// ProviderName is the configured provider's name, or its ID when it
	// is no longer configured.
	ProviderName string
}

// Identities returns the identities linked to the actor's account.
func (s *Service) Identities(ctx context.Context, a *domain.Actor) ([]LinkedIdentity, error) {
	if err := loggedIn(a); err != nil {
		return nil, err
	}
	ids, err := s.db.Identities(ctx, a.User.ID)
	if err != nil {
		return nil, err
	}
	out := make([]LinkedIdentity, len(ids))
	for i, id := range ids {
		out[i] = LinkedIdentity{Identity: id, ProviderName: id.Provider}
		if rp, err := s.relyingParty(id.Provider); err == nil {
			out[i].ProviderName = rp.P.Name
		}
	}
	return out, nil
}

// errLastWay answers the unlinking of an account's only way in.
var errLastWay = domain.Errorf(domain.EINVALID, "sso.last_way", "this is your only way to sign in: link another provider first, or ask an administrator to set a password")

// UnlinkIdentity removes one of the actor's identities, unless it is
// their last way to sign in (no password and no other identity): an
// account is never left without a way in. Another person's identity is
// not found.
func (s *Service) UnlinkIdentity(ctx context.Context, a *domain.Actor, identityID string) (*store.Identity, error) {
	if err := loggedIn(a); err != nil {
		return nil, err
	}
	return s.db.UnlinkIdentity(asUser(ctx, a.User), a.User.ID, identityID, func(others int, hasPassword bool) error {
		if others == 0 && !hasPassword {
			return errLastWay
		}
		return nil
	})
}

// IsSSOStateError reports whether err is the refusal of a sign-in whose
// state did not check out.
func IsSSOStateError(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Key == "sso.state"
}
