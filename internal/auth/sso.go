package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// SSOProvider is an OpenID Connect provider the administrator configured
// (docs/SSO.md): plenary is one of its clients, and signs people in with
// the authorization code flow, PKCE, a state and a nonce.
type SSOProvider struct {
	// ID names the provider in plenary's addresses (/login/sso/ID) and in
	// the links it made: lower-case letters, digits and dashes.
	ID string `json:"id"`
	// Name is what the login page's button says: "Sign in with Name".
	Name     string `json:"name"`
	Issuer   string `json:"issuer"`
	ClientID string `json:"client_id"`
	// ClientSecretFile is the file holding the client's secret; the
	// secret itself is never in the configuration file or the database.
	ClientSecretFile string `json:"client_secret_file,omitempty"`
	// ClientSecret is read from ClientSecretFile; it may be set directly
	// by a program (the demo), never from the file's JSON.
	ClientSecret string `json:"-"`
	// AllowedDomains, when not empty, are the e-mail domains whose
	// people may sign in (subdomains not included).
	AllowedDomains []string `json:"allowed_domains,omitempty"`
	// CreateAccounts lets a first sign-in create an account, without any
	// role until the secretariat gives one.
	CreateAccounts bool `json:"create_accounts,omitempty"`
	// LinkByEmail lets a first sign-in with a verified address that is an
	// existing account's link the two: only for a provider whose
	// addresses the organisation controls.
	LinkByEmail bool `json:"link_by_email,omitempty"`
}

// SSOConfig is the content of the providers' configuration file
// (PLENARY_OIDC_PROVIDERS_FILE).
type SSOConfig struct {
	Providers []SSOProvider `json:"providers"`
}

var providerID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

// ParseSSOConfig reads the providers' configuration (JSON, at most 1 MiB)
// and checks it; readFile reads the client secrets' files (nil: os.ReadFile).
// The errors name the provider and the field.
func ParseSSOConfig(r io.Reader, readFile func(string) ([]byte, error)) ([]SSOProvider, error) {
	if readFile == nil {
		readFile = os.ReadFile
	}
	b, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, err
	}
	if len(b) > 1<<20 {
		return nil, errors.New("the providers' file is larger than 1 MiB")
	}
	var c SSOConfig
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("the providers' file is not valid: %w", err)
	}
	seen := map[string]bool{}
	for i := range c.Providers {
		p := &c.Providers[i]
		if p.ClientSecretFile != "" {
			s, err := readFile(p.ClientSecretFile)
			if err != nil {
				return nil, fmt.Errorf("provider %q: client_secret_file: %w", p.ID, err)
			}
			p.ClientSecret = strings.TrimSpace(string(s))
		}
		if err := p.Check(); err != nil {
			return nil, err
		}
		if seen[p.ID] {
			return nil, fmt.Errorf("provider %q: the id is used twice", p.ID)
		}
		seen[p.ID] = true
	}
	return c.Providers, nil
}

// Check tells what is wrong with a provider's settings, if anything, and
// puts its allowed domains in lower case.
func (p *SSOProvider) Check() error {
	bad := func(field, format string, a ...any) error {
		return fmt.Errorf("provider %q: %s: %s", p.ID, field, fmt.Sprintf(format, a...))
	}
	if !providerID.MatchString(p.ID) {
		return bad("id", "want 1 to 32 lower-case letters, digits or dashes")
	}
	if n := strings.TrimSpace(p.Name); n == "" || utf8.RuneCountInString(n) > 100 || !utf8.ValidString(n) || strings.ContainsFunc(n, isControl) {
		return bad("name", "want a name of 1 to 100 characters on one line")
	}
	u, err := url.Parse(p.Issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return bad("issuer", "want the issuer's URL, such as https://login.example.org/realms/un")
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && loopbackHost(u.Hostname())) {
		return bad("issuer", "must be https (http only on a loopback address)")
	}
	if p.ClientID == "" || len(p.ClientID) > 500 || strings.ContainsFunc(p.ClientID, isControl) {
		return bad("client_id", "required, on one line")
	}
	if strings.ContainsFunc(p.ClientSecret, isControl) {
		return bad("client_secret_file", "the secret must be one line")
	}
	for i, d := range p.AllowedDomains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" || strings.ContainsAny(d, "@/ ") || strings.ContainsFunc(d, isControl) || !strings.Contains(d, ".") {
			return bad("allowed_domains", "%q is not a domain such as un.org", p.AllowedDomains[i])
		}
		p.AllowedDomains[i] = d
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// DomainAllowed reports whether an e-mail address may sign in with p.
func (p *SSOProvider) DomainAllowed(email string) bool {
	if len(p.AllowedDomains) == 0 {
		return true
	}
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	d := strings.ToLower(email[at+1:])
	for _, a := range p.AllowedDomains {
		if d == a {
			return true
		}
	}
	return false
}

// SSOClaims is what a provider vouched for, once checked.
type SSOClaims struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// RelyingParty signs people in at one provider. Its discovery document is
// read when first needed and kept once read, so that a provider that is
// down at start-up does not stop plenary from starting.
type RelyingParty struct {
	P      SSOProvider
	client *http.Client
	mu     sync.Mutex
	disc   *oidc.Provider
}

// NewRelyingParty returns the relying party of p; client (nil: one with a
// 10-second timeout) makes its requests to the provider.
func NewRelyingParty(p SSOProvider, client *http.Client) *RelyingParty {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &RelyingParty{P: p, client: client}
}

func (rp *RelyingParty) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, rp.client)
}

// discover returns the provider's discovery document, read once.
func (rp *RelyingParty) discover(ctx context.Context) (*oidc.Provider, error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.disc != nil {
		return rp.disc, nil
	}
	d, err := oidc.NewProvider(rp.ctx(ctx), rp.P.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso %s: discovery: %w", rp.P.ID, err)
	}
	rp.disc = d
	return d, nil
}

func (rp *RelyingParty) config(d *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: rp.P.ClientID, ClientSecret: rp.P.ClientSecret, Endpoint: d.Endpoint(), RedirectURL: redirectURL,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// AuthURL returns the address at the provider where the person signs in,
// with the state, the nonce and the PKCE challenge of verifier.
func (rp *RelyingParty) AuthURL(ctx context.Context, redirectURL, state, nonce, verifier string) (string, error) {
	d, err := rp.discover(ctx)
	if err != nil {
		return "", err
	}
	return rp.config(d, redirectURL).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// ErrSSONonce is the answer to an ID token that does not carry the nonce
// of the sign-in it ends.
var ErrSSONonce = errors.New("the ID token's nonce is not the sign-in's")

// Exchange trades an authorization code for the provider's tokens (with
// the PKCE verifier), verifies the ID token (signature, issuer, audience,
// expiry, and that its nonce is the sign-in's) and returns what it says,
// completed from the userinfo endpoint when the ID token has no e-mail
// address.
func (rp *RelyingParty) Exchange(ctx context.Context, redirectURL, code, verifier, nonce string) (*SSOClaims, error) {
	d, err := rp.discover(ctx)
	if err != nil {
		return nil, err
	}
	cctx := rp.ctx(ctx)
	tok, err := rp.config(d, redirectURL).Exchange(cctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("sso %s: code exchange: %w", rp.P.ID, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("sso %s: the provider sent no ID token", rp.P.ID)
	}
	c, err := rp.Verify(ctx, raw, nonce)
	if err != nil {
		return nil, err
	}
	if c.Email == "" {
		ui, err := d.UserInfo(cctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, fmt.Errorf("sso %s: userinfo: %w", rp.P.ID, err)
		}
		if ui.Subject != c.Subject {
			return nil, fmt.Errorf("sso %s: userinfo names another subject", rp.P.ID)
		}
		var extra idClaims
		if err := ui.Claims(&extra); err != nil {
			return nil, fmt.Errorf("sso %s: userinfo: %w", rp.P.ID, err)
		}
		c.Email, c.EmailVerified = ui.Email, ui.EmailVerified || bool(extra.EntraVerified)
		if c.Name == "" {
			c.Name = extra.Name
		}
	}
	return c, nil
}

// idClaims are the claims read from an ID token or userinfo.
type idClaims struct {
	Email         string   `json:"email"`
	EmailVerified flexBool `json:"email_verified"`
	// EntraVerified is Microsoft Entra ID's optional claim saying the
	// address's domain is verified by the tenant (it sends no
	// email_verified).
	EntraVerified flexBool `json:"xms_edov"`
	Name          string   `json:"name"`
}

// flexBool reads true, false, "true" and "false": some providers send
// email_verified as a string.
type flexBool bool

func (b *flexBool) UnmarshalJSON(p []byte) error {
	switch strings.Trim(string(p), `"`) {
	case "true", "1":
		*b = true
	default:
		*b = false
	}
	return nil
}

// Verify checks a raw ID token (signature, issuer, audience = the client
// ID, expiry, nonce) and returns its claims.
func (rp *RelyingParty) Verify(ctx context.Context, raw, nonce string) (*SSOClaims, error) {
	d, err := rp.discover(ctx)
	if err != nil {
		return nil, err
	}
	idt, err := d.Verifier(&oidc.Config{ClientID: rp.P.ClientID}).Verify(rp.ctx(ctx), raw)
	if err != nil {
		return nil, fmt.Errorf("sso %s: ID token: %w", rp.P.ID, err)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, fmt.Errorf("sso %s: %w", rp.P.ID, ErrSSONonce)
	}
	var cl idClaims
	if err := idt.Claims(&cl); err != nil {
		return nil, fmt.Errorf("sso %s: ID token claims: %w", rp.P.ID, err)
	}
	return &SSOClaims{Issuer: idt.Issuer, Subject: idt.Subject, Email: strings.TrimSpace(cl.Email),
		EmailVerified: bool(cl.EmailVerified) || bool(cl.EntraVerified), Name: cl.Name}, nil
}

// NewSSOVerifier returns a PKCE code verifier.
func NewSSOVerifier() string { return oauth2.GenerateVerifier() }
