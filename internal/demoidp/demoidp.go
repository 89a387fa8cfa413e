// Package demoidp is a small OpenID provider: the demo's "demo identity
// provider", which lets a visitor try single sign-on with the demo's
// accounts, and the real provider the single sign-on tests sign in at.
//
// The protocol is github.com/zitadel/oidc's provider (package op, a
// certified implementation) over that module's in-memory storage; this
// package adds the accounts, the clients and the sign-in page, which says
// on every view that it is a demonstration. Nothing it holds survives a
// restart, and its passwords are compared as typed: it is never a
// provider for real people.
package demoidp

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/plenary-org/plenary/internal/locale"
)

// User is a person the provider signs in.
type User struct {
	Subject  string // the stable identifier it gives plenary
	Email    string // what they type to sign in, and the address it vouches for
	Verified bool   // whether it says the address is verified
	Name     string
	Password string
}

// Client is an application allowed to sign people in here.
type Client struct {
	ID           string
	Secret       string
	RedirectURIs []string
}

// Config describes a provider.
type Config struct {
	// Issuer is the provider's public address, with its path prefix:
	// http://127.0.0.1:8080/demo-idp.
	Issuer  string
	Users   []User
	Clients []Client
	// Catalog words the sign-in page in the visitor's language.
	Catalog *locale.Catalog
	// Log takes the provider's own log (refused requests); nil discards it.
	Log *slog.Logger
}

// Provider is a running provider: mount Handler at the issuer's path.
type Provider struct {
	prefix  string
	op      *op.Provider
	store   *storage.Storage
	cat     *locale.Catalog
	log     *slog.Logger
	handler http.Handler
}

// New builds a provider. Its signing key is made anew each time.
func New(cfg Config) (*Provider, error) {
	u, err := url.Parse(cfg.Issuer)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("demoidp: issuer %q is not an address", cfg.Issuer)
	}
	prefix := strings.TrimSuffix(u.Path, "/")
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	users := userStore{}
	for _, du := range cfg.Users {
		users[du.Subject] = &storage.User{ID: du.Subject, Username: strings.ToLower(du.Email), Password: du.Password, Email: du.Email,
			EmailVerified: du.Verified, FirstName: du.Name, PreferredLanguage: language.English}
	}
	clients := map[string]*storage.Client{}
	for _, c := range cfg.Clients {
		clients[c.ID] = storage.WebClient(c.ID, c.Secret, c.RedirectURIs...)
	}
	st := storage.NewStorageWithClients(users, clients)
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return nil, err
	}
	p := &Provider{prefix: prefix, store: st, cat: cfg.Catalog, log: cfg.Log}
	p.op, err = op.NewProvider(&op.Config{CryptoKey: key, CodeMethodS256: true, AuthMethodPost: true, SupportedUILocales: []language.Tag{language.English}},
		loginStorage{Storage: st, loginURL: func(id string) string { return prefix + "/login?authRequestID=" + url.QueryEscape(id) }},
		op.StaticIssuer(cfg.Issuer), op.WithAllowInsecure(), op.WithLogger(cfg.Log))
	if err != nil {
		return nil, fmt.Errorf("demoidp: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", p.loginPage)
	mux.Handle("POST /login", op.NewIssuerInterceptor(p.op.IssuerFromRequest).HandlerFunc(p.checkLogin))
	mux.Handle("/", p.op)
	p.handler = http.StripPrefix(prefix, mux)
	return p, nil
}

// ServeHTTP serves the provider's endpoints and its sign-in page under the
// issuer's path.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }

// Prefix is the path the provider answers under ("/demo-idp").
func (p *Provider) Prefix() string { return p.prefix }

// userStore holds the provider's accounts by subject.
type userStore map[string]*storage.User

func (u userStore) GetUserByID(id string) *storage.User { return u[id] }
func (u userStore) GetUserByUsername(name string) *storage.User {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u userStore) ExampleClientID() string { return storage.ServiceUserID }

// loginStorage sends the browser to this package's sign-in page, under the
// issuer's path, instead of the storage's own address for it.
type loginStorage struct {
	*storage.Storage
	loginURL func(string) string
}

func (s loginStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return loginClient{Client: c, url: s.loginURL}, nil
}

type loginClient struct {
	op.Client
	url func(string) string
}

func (c loginClient) LoginURL(id string) string { return c.url(id) }

// css is the sign-in page's style; csp allows it, and nothing else but
// the page's own form.
const css = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
.demo{border:3px dashed #8a4b00;background:#fff4e5;padding:.75rem 1rem;margin-bottom:1.5rem}
label{display:block;margin-top:1rem;font-weight:600}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1.25rem;font-size:1rem;padding:.5rem 1.25rem;background:#1d4f91;color:#fff;border:0;border-radius:4px}
.error{color:#a4000f;font-weight:600}`

var csp = func() string {
	sum := sha256.Sum256([]byte(css))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}()

type loginView struct {
	CSS       template.CSS
	Lang, Dir string
	T         func(string, ...any) string
	ID        string
	Email     string
	Failed    bool
}

var page = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{call .T "idp.title"}}</title>
<style>{{.CSS}}</style></head>
<body><main>
<h1>{{call .T "idp.title"}}</h1>
<p class="demo"><strong>{{call .T "idp.demo"}}</strong> {{call .T "idp.notice"}}</p>
{{if .Failed}}<p class="error" role="alert">{{call .T "idp.failed"}}</p>{{end}}
<form method="post" action="">
<input type="hidden" name="id" value="{{.ID}}">
<label for="idp-email">{{call .T "field.email"}}</label>
<input id="idp-email" type="email" name="username" value="{{.Email}}" autocomplete="username" required autofocus>
<label for="idp-password">{{call .T "field.password"}}</label>
<input id="idp-password" type="password" name="password" autocomplete="current-password" required>
<button type="submit">{{call .T "idp.sign_in"}}</button>
</form>
</main></body></html>`))

func (p *Provider) render(w http.ResponseWriter, r *http.Request, status int, v loginView) {
	lang := p.cat.Negotiate(r.Header.Get("Accept-Language"))
	pr := p.cat.Printer(lang)
	v.CSS, v.Lang, v.Dir, v.T = css, lang, pr.Dir(), pr.T
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", csp)
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		p.log.Error("demo identity provider: the sign-in page", "err", err)
		http.Error(w, "the sign-in page failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, loginView{ID: r.URL.Query().Get("authRequestID")})
}

func (p *Provider) checkLogin(w http.ResponseWriter, r *http.Request) {
	id, email := r.PostFormValue("id"), r.PostFormValue("username")
	if err := p.store.CheckUsernamePassword(email, r.PostFormValue("password"), id); err != nil {
		p.render(w, r, http.StatusUnauthorized, loginView{ID: id, Email: email, Failed: true})
		return
	}
	http.Redirect(w, r, op.AuthCallbackURL(p.op)(r.Context(), id), http.StatusFound)
}

// SignIn goes through a sign-in at a provider of this package as a browser
// would, without one: from the authorization address (as the relying
// party made it) through the sign-in page with email and password, to the
// provider's answer, the address at the relying party it sends the
// browser back to (with the code and the state), which it returns without
// following. For tests.
func SignIn(ctx context.Context, authURL, email, password string) (*url.URL, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	step := func(method, target string, form url.Values) (*url.URL, error) {
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req, err := http.NewRequestWithContext(ctx, method, target, body)
		if err != nil {
			return nil, err
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
			return nil, fmt.Errorf("demoidp: %s %s: status %d", method, target, resp.StatusCode)
		}
		return resp.Location()
	}
	login, err := step("GET", authURL, nil)
	if err != nil {
		return nil, err
	}
	back, err := step("POST", login.String(), url.Values{"id": {login.Query().Get("authRequestID")}, "username": {email}, "password": {password}})
	if err != nil {
		return nil, err
	}
	return step("GET", back.String(), nil)
}
