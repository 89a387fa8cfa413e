package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/domain"
)

// ssoCookie holds the state of a sign-in at an identity provider, so that
// only the browser that began it can end it. It is sent back on the
// provider's top-level redirect (SameSite=Lax) and to the callback only.
const ssoCookie = "plenary_sso"

// baseURL is the public address of the site: the configured one, or the
// request's.
func (s *Server) baseURL(r *http.Request) string {
	base := s.cfg.BaseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return strings.TrimSuffix(base, "/")
}

// ssoCallback is plenary's callback address for a provider, as the
// administrator registers it there.
func (s *Server) ssoCallback(r *http.Request, provider string) string {
	return s.baseURL(r) + "/login/sso/" + url.PathEscape(provider) + "/callback"
}

// startSSO sends the browser to the provider to sign in (or, from the
// account page, to link an identity).
func (s *Server) startSSO(w http.ResponseWriter, r *http.Request, provider string, link bool, next string) {
	au, state, err := s.accounts.StartSSO(r.Context(), actor(r), account.SSOStart{Provider: provider, RedirectURL: s.ssoCallback(r, provider), Next: next, Link: link})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: state, Path: "/login/sso/", MaxAge: int((10 * time.Minute).Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, au, http.StatusSeeOther)
}

// signInWithProvider and linkProvider answer links, not forms: the
// pages' Content-Security-Policy allows forms to submit to plenary only
// (form-action 'self'), and browsers hold a form's redirect to another
// site to it. A link starting a sign-in forged by another site only sends
// the visitor to their own provider, and a sign-in ends only in the
// browser that began it.
func (s *Server) signInWithProvider(w http.ResponseWriter, r *http.Request) {
	s.startSSO(w, r, r.PathValue("provider"), false, safeNext(r.URL.Query().Get("next")))
}

func (s *Server) linkProvider(w http.ResponseWriter, r *http.Request) {
	s.startSSO(w, r, r.PathValue("provider"), true, "/account")
}

// ssoReturn ends a sign-in or a link when the provider sends the browser
// back.
func (s *Server) ssoReturn(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var kept string
	if c, err := r.Cookie(ssoCookie); err == nil {
		kept = c.Value
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/login/sso/", MaxAge: -1, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	provider := r.PathValue("provider")
	res, err := s.accounts.FinishSSO(r.Context(), actor(r), account.SSOReturn{Provider: provider, RedirectURL: s.ssoCallback(r, provider),
		State: q.Get("state"), BrowserKey: kept, Code: q.Get("code"), Error: q.Get("error"), Locale: langOf(r.Context())})
	if err != nil {
		if de := (*domain.Error)(nil); errors.As(err, &de) && de.Err != nil {
			s.log.Warn("single sign-on refused", "provider", provider, "err", err)
		}
		s.ssoFailed(w, r, err)
		return
	}
	if res.Session == nil {
		s.redirect(w, r, "/account#identities", "flash.identity_linked")
		return
	}
	if h, ok := r.Context().Value(keySession).(string); ok {
		// Whoever was logged in in this browser is logged out.
		s.actors.drop(h)
		_ = s.accounts.EndSession(r.Context(), h)
	}
	s.startSession(w, res.Session)
	next, flash := safeNext(res.Next), ""
	if res.Created {
		flash = "flash.account_created_sso"
		if strings.HasPrefix(next, "/invite/") {
			// The new account accepted its invitations: the link is used.
			next = "/"
		}
	}
	s.redirect(w, r, next, flash)
}

// ssoFailed shows why a sign-in failed on the login page, with its
// buttons to try again; a failed link shows the error page.
func (s *Server) ssoFailed(w http.ResponseWriter, r *http.Request, err error) {
	c := domain.ErrorCode(err)
	var de *domain.Error
	if !errors.As(err, &de) || de.Key == "" || (c != domain.EINVALID && c != domain.EUNAUTHORIZED && c != domain.EFORBIDDEN && c != domain.ECONFLICT) {
		s.fail(w, r, err)
		return
	}
	if actor(r).LoggedIn() {
		// A link that failed: the account page says why.
		s.renderAccount(w, r, statusOf(err), "", &domain.Error{Code: domain.EINVALID, Key: de.Key, Args: de.Args, Msg: de.Msg})
		return
	}
	pg := s.page(r, "", loginView{Next: "/", Providers: s.accounts.SSOProviders()})
	pg.Title = pg.T("login.title")
	pg.FormError = pg.message(err)
	s.render(w, r, statusOf(err), "login", pg)
}

func (s *Server) unlinkIdentity(w http.ResponseWriter, r *http.Request) {
	if _, err := s.accounts.UnlinkIdentity(r.Context(), actor(r), r.PathValue("id")); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account#identities", "flash.identity_unlinked")
}
