package account

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/demoidp"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

// callback is plenary's callback address as the providers in these tests
// know it; nothing answers there: the tests take the provider's answer
// from the redirect.
const callback = "http://127.0.0.1:9/login/sso/cb"

// idpUsers are the people of the providers in these tests: their
// addresses are the fixture's accounts' (delegate, outsider, chair), one
// without an account (new), one invited (invited), one the provider has
// not verified, and one of another domain.
var idpUsers = []demoidp.User{
	{Subject: "sub-delegate", Email: "delegate@example.org", Verified: true, Name: "Delegate at the provider", Password: "idp-pw"},
	{Subject: "sub-outsider", Email: "outsider@example.org", Verified: true, Name: "Outsider", Password: "idp-pw"},
	{Subject: "sub-chair", Email: "chair@example.org", Verified: true, Name: "Chair", Password: "idp-pw"},
	{Subject: "sub-new", Email: "new@example.org", Verified: true, Name: "  New\tPerson\x00 ", Password: "idp-pw"},
	{Subject: "sub-invited", Email: "Invited@Example.org", Verified: true, Name: "Invited Person", Password: "idp-pw"},
	{Subject: "sub-unverified", Email: "unverified@example.org", Verified: false, Name: "Unverified", Password: "idp-pw"},
	{Subject: "sub-stranger", Email: "stranger@other.example", Verified: true, Name: "Stranger", Password: "idp-pw"},
}

// startIdP starts a real OpenID provider (package demoidp: zitadel's op)
// on a random port, with the clients given (each allowed to come back to
// callback), and returns its issuer.
func startIdP(t *testing.T, clients ...string) string {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String() + "/idp"
	var cs []demoidp.Client
	for _, c := range clients {
		cs = append(cs, demoidp.Client{ID: c, Secret: c + "-secret", RedirectURIs: []string{callback}})
	}
	p, err := demoidp.New(demoidp.Config{Issuer: issuer, Users: idpUsers, Clients: cs, Catalog: locale.MustLoad()})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = p
	srv.Start()
	t.Cleanup(srv.Close)
	return issuer
}

// ssoFixture is the fixture with two providers, each at a provider of its
// own: "open" creates accounts and links by e-mail; "strict" does
// neither and takes example.org addresses only.
func ssoFixture(t *testing.T) *fixture {
	t.Helper()
	open, strict := startIdP(t, "open"), startIdP(t, "strict", "other")
	return newFixture(t, Options{SSO: []auth.SSOProvider{
		{ID: "open", Name: "Open", Issuer: open, ClientID: "open", ClientSecret: "open-secret", CreateAccounts: true, LinkByEmail: true},
		{ID: "strict", Name: "Strict", Issuer: strict, ClientID: "strict", ClientSecret: "strict-secret", AllowedDomains: []string{"example.org"}},
	}})
}

// attempt is a sign-in started at plenary and ended at the provider.
type attempt struct {
	provider, state, code string
}

// signIn starts a sign-in (or a link, for a logged-in actor with link),
// signs in at the provider as email, and returns what the provider
// brought back. edit, when not nil, changes the authorization address
// first, as an attacker would.
func (f *fixture) signIn(t *testing.T, a *domain.Actor, provider, email string, link bool, edit func(url.Values)) attempt {
	t.Helper()
	ctx := context.Background()
	au, state, err := f.svc.StartSSO(ctx, a, SSOStart{Provider: provider, RedirectURL: callback, Next: "/meetings/x", Link: link})
	if err != nil {
		t.Fatalf("StartSSO: %v", err)
	}
	if edit != nil {
		u, _ := url.Parse(au)
		q := u.Query()
		edit(q)
		u.RawQuery = q.Encode()
		au = u.String()
	}
	back, err := demoidp.SignIn(ctx, au, email, "idp-pw")
	if err != nil {
		t.Fatalf("sign in at the provider as %s: %v", email, err)
	}
	if !strings.HasPrefix(back.String(), callback+"?") {
		t.Fatalf("the provider sent the browser to %s", back)
	}
	if back.Query().Get("state") != state {
		t.Fatalf("the provider brought back state %q, not %q", back.Query().Get("state"), state)
	}
	return attempt{provider: provider, state: state, code: back.Query().Get("code")}
}

func (f *fixture) finish(a *domain.Actor, at attempt) (*SSOResult, error) {
	return f.svc.FinishSSO(context.Background(), a, SSOReturn{Provider: at.provider, RedirectURL: callback, State: at.state, BrowserKey: at.state, Code: at.code, Locale: "fr"})
}

// wantKey fails unless err is the domain error of key.
func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	var de *domain.Error
	if !errors.As(err, &de) || de.Key != key {
		t.Fatalf("error = %v, want %s", err, key)
	}
}

func TestSSOSignIn(t *testing.T) {
	f := ssoFixture(t)
	ctx := context.Background()
	anon := f.actors["anonymous"]
	// The outsider's account is disabled.
	out := f.actors["outsider"].User
	out.Disabled = true
	if err := f.svc.UpdateUser(ctx, f.actors["admin"], out); err != nil {
		t.Fatal(err)
	}
	// Invited@example.org is invited to the meeting, in other letters.
	if _, _, err := f.svc.Invite(ctx, f.actors["secretariat"], InviteInput{MeetingID: f.meeting, Email: "invited@example.ORG", Role: domain.RoleDelegate, BodyID: f.body, Days: 3}); err != nil {
		t.Fatal(err)
	}

	t.Run("a verified address links the account on a provider that may link", func(t *testing.T) {
		res, err := f.finish(anon, f.signIn(t, anon, "open", "delegate@example.org", false, nil))
		if err != nil {
			t.Fatal(err)
		}
		if res.User.Email != "delegate@example.org" || res.Session == nil || res.Linked == nil || res.Created || res.Next != "/meetings/x" {
			t.Fatalf("result = %+v", res)
		}
		if ok, err := f.db.WebSessionUser(ctx, auth.HashToken(res.Session.Token)); err != nil || ok.ID != res.User.ID {
			t.Fatalf("session's user = %v, %v", ok, err)
		}
		// The next sign-in finds the identity.
		res, err = f.finish(anon, f.signIn(t, anon, "open", "delegate@example.org", false, nil))
		if err != nil || res.Linked != nil || res.User.ID != f.actors["delegate"].User.ID {
			t.Fatalf("second sign-in = %+v, %v", res, err)
		}
		evs, err := f.db.AuditEvents(ctx, store.AuditFilter{ObjectType: "user", ObjectID: res.User.ID})
		if err != nil || len(evs) == 0 || evs[0].Action != "link_identity" || evs[0].ActorID != res.User.ID || !strings.Contains(evs[0].After, `"provider":"open"`) {
			t.Fatalf("audit = %+v, %v", evs, err)
		}
	})
	t.Run("a first sign-in creates the account, with no role", func(t *testing.T) {
		res, err := f.finish(anon, f.signIn(t, anon, "open", "new@example.org", false, nil))
		if err != nil {
			t.Fatal(err)
		}
		if !res.Created || res.User.Name != "New Person" || res.User.Locale != "fr" || len(res.Memberships) != 0 {
			t.Fatalf("result = %+v", res)
		}
		if ms, _ := f.db.MembershipsOf(ctx, res.User.ID); len(ms) != 0 {
			t.Fatalf("a new account has roles: %+v", ms)
		}
		if _, err := f.svc.Login(ctx, LoginInput{Email: "new@example.org", Password: "", Address: "192.0.2.1"}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("password login without a password = %v", err)
		}
	})
	t.Run("an invitation to the address is honoured by a provider that creates no account", func(t *testing.T) {
		res, err := f.finish(anon, f.signIn(t, anon, "strict", "invited@example.org", false, nil))
		if err != nil {
			t.Fatal(err)
		}
		if !res.Created || len(res.Memberships) != 1 || res.Memberships[0].Role != domain.RoleDelegate || res.Memberships[0].MeetingID != f.meeting {
			t.Fatalf("result = %+v", res)
		}
		if ok, _ := f.db.HasOpenInvitation(ctx, "invited@example.org"); ok {
			t.Fatal("the invitation is still open")
		}
	})

	refusals := []struct {
		name, provider, email, key string
		code                       string
	}{
		{"an address of another account on a provider not allowed to link", "strict", "delegate@example.org", "sso.no_link", domain.EFORBIDDEN},
		{"an address the provider has not verified", "open", "unverified@example.org", "sso.unverified", domain.EFORBIDDEN},
		{"a domain the provider does not allow", "strict", "stranger@other.example", "sso.domain", domain.EFORBIDDEN},
		{"a disabled account", "open", "outsider@example.org", "sso.disabled", domain.EFORBIDDEN},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.finish(anon, f.signIn(t, anon, tt.provider, tt.email, false, nil))
			wantKey(t, err, tt.key)
			if domain.ErrorCode(err) != tt.code {
				t.Fatalf("code = %s, want %s", domain.ErrorCode(err), tt.code)
			}
			if u, _, err := f.db.UserByEmail(ctx, tt.email); err == nil {
				ids, _ := f.db.Identities(ctx, u.ID)
				for _, id := range ids {
					if id.Provider == tt.provider {
						t.Fatalf("a refused sign-in linked %+v", id)
					}
				}
			}
		})
	}
	t.Run("a linked account disabled afterwards", func(t *testing.T) {
		d := f.actor(t, f.actors["delegate"].User.ID).User
		d.Disabled = true
		if err := f.svc.UpdateUser(ctx, f.actors["admin"], d); err != nil {
			t.Fatal(err)
		}
		defer func() {
			d.Disabled = false
			if err := f.svc.UpdateUser(ctx, f.actors["admin"], d); err != nil {
				t.Fatal(err)
			}
		}()
		_, err := f.finish(anon, f.signIn(t, anon, "open", "delegate@example.org", false, nil))
		wantKey(t, err, "sso.disabled")
	})
}

func TestSSONoAccount(t *testing.T) {
	f := ssoFixture(t)
	// new@example.org has no account and no invitation; strict creates
	// none.
	_, err := f.finish(f.actors["anonymous"], f.signIn(t, f.actors["anonymous"], "strict", "new@example.org", false, nil))
	wantKey(t, err, "sso.no_account")
	if _, _, err := f.db.UserByEmail(context.Background(), "new@example.org"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a refused sign-in created the account: %v", err)
	}
}

// TestSSOProbes are what an attacker would try with the protocol: each is
// refused and signs nobody in.
func TestSSOProbes(t *testing.T) {
	f := ssoFixture(t)
	ctx := context.Background()
	anon := f.actors["anonymous"]
	ret := func(at attempt) SSOReturn {
		return SSOReturn{Provider: at.provider, RedirectURL: callback, State: at.state, BrowserKey: at.state, Code: at.code}
	}
	t.Run("a state that is not the browser's", func(t *testing.T) {
		at := f.signIn(t, anon, "open", "delegate@example.org", false, nil)
		r := ret(at)
		r.BrowserKey = "another browser's state"
		_, err := f.svc.FinishSSO(ctx, anon, r)
		wantKey(t, err, "sso.state")
		r.BrowserKey = ""
		r.State = ""
		_, err = f.svc.FinishSSO(ctx, anon, r)
		wantKey(t, err, "sso.state")
	})
	t.Run("a state nobody started", func(t *testing.T) {
		_, err := f.svc.FinishSSO(ctx, anon, SSOReturn{Provider: "open", RedirectURL: callback, State: "made-up", BrowserKey: "made-up", Code: "x"})
		wantKey(t, err, "sso.state")
	})
	t.Run("a replayed code", func(t *testing.T) {
		at := f.signIn(t, anon, "open", "delegate@example.org", false, nil)
		if _, err := f.svc.FinishSSO(ctx, anon, ret(at)); err != nil {
			t.Fatal(err)
		}
		// The same return again: its sign-in was used.
		_, err := f.svc.FinishSSO(ctx, anon, ret(at))
		wantKey(t, err, "sso.state")
		// The used code with a new sign-in's state: the provider refuses it.
		fresh := f.signIn(t, anon, "open", "delegate@example.org", false, nil)
		fresh.code = at.code
		_, err = f.svc.FinishSSO(ctx, anon, ret(fresh))
		wantKey(t, err, "sso.failed")
	})
	t.Run("a state of another provider", func(t *testing.T) {
		at := f.signIn(t, anon, "open", "delegate@example.org", false, nil)
		at.provider = "strict"
		_, err := f.svc.FinishSSO(ctx, anon, ret(at))
		wantKey(t, err, "sso.state")
	})
	t.Run("a wrong nonce", func(t *testing.T) {
		at := f.signIn(t, anon, "open", "delegate@example.org", false, func(q url.Values) { q.Set("nonce", "the attacker's nonce") })
		_, err := f.svc.FinishSSO(ctx, anon, ret(at))
		wantKey(t, err, "sso.failed")
		if !errors.Is(err, auth.ErrSSONonce) {
			t.Fatalf("error = %v, want the nonce's", err)
		}
	})
	t.Run("the provider's refusal", func(t *testing.T) {
		at := f.signIn(t, anon, "open", "delegate@example.org", false, nil)
		r := ret(at)
		r.Code, r.Error = "", "access_denied"
		_, err := f.svc.FinishSSO(ctx, anon, r)
		wantKey(t, err, "sso.refused")
	})
	t.Run("an ID token for another audience", func(t *testing.T) {
		// A real ID token of the strict provider's issuer, for the client
		// "other": the strict relying party refuses it.
		rp, err := f.svc.relyingParty("strict")
		if err != nil {
			t.Fatal(err)
		}
		other := auth.NewRelyingParty(auth.SSOProvider{ID: "other", Issuer: rp.P.Issuer, ClientID: "other", ClientSecret: "other-secret"}, nil)
		verifier := auth.NewSSOVerifier()
		au, err := other.AuthURL(ctx, callback, "st", "the-nonce", verifier)
		if err != nil {
			t.Fatal(err)
		}
		back, err := demoidp.SignIn(ctx, au, "delegate@example.org", "idp-pw")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.Verify(ctx, rawIDToken(t, other, back.Query().Get("code"), verifier), "the-nonce"); err != nil {
			t.Fatalf("the token is not even good for its own audience: %v", err)
		}
		// A second sign-in, as the first token was read: its token goes to strict.
		au, _ = other.AuthURL(ctx, callback, "st", "the-nonce", verifier)
		back, err = demoidp.SignIn(ctx, au, "delegate@example.org", "idp-pw")
		if err != nil {
			t.Fatal(err)
		}
		raw := rawIDToken(t, other, back.Query().Get("code"), verifier)
		if _, err := rp.Verify(ctx, raw, "the-nonce"); err == nil || !strings.Contains(err.Error(), "audience") {
			t.Fatalf("strict took a token for another audience: %v", err)
		}
	})
	t.Run("an unknown provider", func(t *testing.T) {
		_, _, err := f.svc.StartSSO(ctx, anon, SSOStart{Provider: "nobody", RedirectURL: callback})
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("error = %v", err)
		}
	})
	t.Run("linking needs a login", func(t *testing.T) {
		_, _, err := f.svc.StartSSO(ctx, anon, SSOStart{Provider: "open", RedirectURL: callback, Link: true})
		if domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("error = %v", err)
		}
	})
	if ids, _ := f.db.Identities(ctx, f.actors["delegate"].User.ID); len(ids) != 1 {
		t.Fatalf("identities after the probes: %+v (only the replay's first sign-in links one)", ids)
	}
}

// rawIDToken exchanges a code as rp's client and returns the raw ID token.
func rawIDToken(t *testing.T, rp *auth.RelyingParty, code, verifier string) string {
	t.Helper()
	ctx := context.Background()
	d := &oauth2.Config{ClientID: rp.P.ClientID, ClientSecret: rp.P.ClientSecret, RedirectURL: callback,
		Endpoint: oauth2.Endpoint{TokenURL: rp.P.Issuer + "/oauth/token"}}
	tok, err := d.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		t.Fatal("no ID token")
	}
	return raw
}

func TestSSOLinkAndUnlink(t *testing.T) {
	f := ssoFixture(t)
	ctx := context.Background()
	chair, sec := f.actors["chair"], f.actors["secretariat"]
	// The chair links the strict provider, where they are chair@: strict
	// links nobody by e-mail, but a logged-in person links themself.
	at := f.signIn(t, chair, "strict", "chair@example.org", true, nil)
	// Someone else cannot finish the chair's link.
	if _, err := f.finish(sec, at); err == nil {
		t.Fatal("the secretariat finished the chair's link")
	} else {
		wantKey(t, err, "sso.state")
	}
	at = f.signIn(t, chair, "strict", "chair@example.org", true, nil)
	res, err := f.finish(chair, at)
	if err != nil {
		t.Fatal(err)
	}
	if res.Session != nil || res.Linked == nil || res.User.ID != chair.User.ID {
		t.Fatalf("result = %+v", res)
	}
	// The identity signs the chair in now.
	res, err = f.finish(f.actors["anonymous"], f.signIn(t, f.actors["anonymous"], "strict", "chair@example.org", false, nil))
	if err != nil || res.User.ID != chair.User.ID {
		t.Fatalf("sign-in after linking = %+v, %v", res, err)
	}
	// Another account cannot link it.
	_, err = f.finish(sec, f.signIn(t, sec, "strict", "chair@example.org", true, nil))
	wantKey(t, err, "sso.identity_taken")

	ids, err := f.svc.Identities(ctx, chair)
	if err != nil || len(ids) != 1 || ids[0].ProviderName != "Strict" {
		t.Fatalf("identities = %+v, %v", ids, err)
	}
	// Someone else's identity is not found.
	if _, err := f.svc.UnlinkIdentity(ctx, sec, ids[0].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the secretariat unlinked the chair's identity: %v", err)
	}
	// The chair has a password: the identity may go.
	if _, err := f.svc.UnlinkIdentity(ctx, chair, ids[0].ID); err != nil {
		t.Fatal(err)
	}
	evs, _ := f.db.AuditEvents(ctx, store.AuditFilter{ObjectType: "user", ObjectID: chair.User.ID})
	if len(evs) == 0 || evs[0].Action != "unlink_identity" || evs[0].ActorID != chair.User.ID {
		t.Fatalf("audit = %+v", evs)
	}

	// An account made by a sign-in has no password: its only identity
	// stays, a second one may go.
	res, err = f.finish(f.actors["anonymous"], f.signIn(t, f.actors["anonymous"], "open", "new@example.org", false, nil))
	if err != nil {
		t.Fatal(err)
	}
	nu := f.actor(t, res.User.ID)
	ids, _ = f.svc.Identities(ctx, nu)
	if _, err := f.svc.UnlinkIdentity(ctx, nu, ids[0].ID); err == nil {
		t.Fatal("the last way in was unlinked")
	} else {
		wantKey(t, err, "sso.last_way")
	}
	if _, err := f.finish(nu, f.signIn(t, nu, "strict", "new@example.org", true, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.UnlinkIdentity(ctx, nu, ids[0].ID); err != nil {
		t.Fatalf("with a second identity: %v", err)
	}
	if _, err := f.svc.Identities(ctx, f.actors["anonymous"]); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Fatalf("anonymous identities: %v", err)
	}
}
