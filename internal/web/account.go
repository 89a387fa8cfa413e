package web

import (
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

type homeView struct {
	Processes []processSummary
	// Outcomes is the state of each meeting's outcome document, by ID.
	Outcomes map[string]domain.OutcomeStatus
}

type processSummary struct {
	Process  *domain.Process
	Meetings []*domain.Meeting
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	only := a.User.ID
	if a.IsAdmin() {
		only = ""
	}
	ps, err := s.db.Processes(r.Context(), only)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	byProcess, err := s.db.MeetingsOfProcesses(r.Context(), ids, only)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := homeView{}
	if v.Outcomes, err = s.outcomeStatuses(r); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range ps {
		v.Processes = append(v.Processes, processSummary{Process: p, Meetings: byProcess[p.ID]})
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("home.title")
	s.render(w, r, http.StatusOK, "home", pg)
}

type loginView struct {
	Email string
	Next  string
	// Providers are the identity providers one may sign in with.
	Providers []account.SSOChoice
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	pg := s.page(r, "", loginView{Next: safeNext(r.URL.Query().Get("next")), Providers: s.accounts.SSOProviders()})
	pg.Title = pg.T("login.title")
	s.render(w, r, http.StatusOK, "login", pg)
}

// clientIP returns the address of the client: the connection's address,
// or, when the connection comes from a trusted proxy, the last address in
// X-Forwarded-For that is not itself a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	addr := ap.Addr().Unmap()
	if !s.trusted(addr) {
		return addr.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = a.Unmap()
		if !s.trusted(a) {
			return a.String()
		}
		addr = a
	}
	return addr.String()
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	v := loginView{Email: email, Next: safeNext(r.PostFormValue("next")), Providers: s.accounts.SSOProviders()}
	sess, err := s.accounts.Login(r.Context(), account.LoginInput{Email: email, Password: r.PostFormValue("password"), Address: s.clientIP(r)})
	if err != nil {
		switch domain.ErrorCode(err) {
		case domain.EUNAVAILABLE:
			// Answered in a few words rather than with the page, as
			// cheaply as can be: this is what a flood of logins is told.
			if secs := domain.RetryAfterSeconds(err); secs > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			msg := "error.unavailable"
			if de := (*domain.Error)(nil); errors.As(err, &de) && de.Key != "" {
				msg = de.Key // error.busy when the hasher is full
			}
			http.Error(w, s.cat.Printer(langOf(r.Context())).T(msg), http.StatusServiceUnavailable)
		case domain.EUNAUTHORIZED, domain.ETHROTTLED:
			pg := s.page(r, "", v)
			pg.Title = pg.T("login.title")
			pg.FormError = pg.message(err)
			if secs := domain.RetryAfterSeconds(err); secs > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
				if domain.ErrorCode(err) == domain.ETHROTTLED {
					pg.FormError = retryMessage(pg, secs)
				}
			}
			s.render(w, r, statusOf(err), "login", pg)
		default:
			s.fail(w, r, err)
		}
		return
	}
	s.startSession(w, sess)
	s.redirect(w, r, v.Next, "")
}

// retryMessage asks the person to wait, in seconds or, from two minutes
// on, in minutes (rounded up).
func retryMessage(pg *Page, secs int) string {
	if secs < 120 {
		return pg.N("login.wait_seconds", secs)
	}
	return pg.N("login.wait_minutes", (secs+59)/60)
}

// startSession gives the browser the cookie of a session just opened.
func (s *Server) startSession(w http.ResponseWriter, sess *account.Session) {
	s.setCookie(w, sessionCookie, sess.Token, time.Until(sess.Expires))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if h, ok := r.Context().Value(keySession).(string); ok {
		s.actors.drop(h)
		if err := s.accounts.EndSession(r.Context(), h); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/login", "flash.logged_out")
}

// setLanguage saves the chosen interface language in a cookie and, for a
// logged-in user, in their account.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !locale.Supported(lang) {
		s.fail(w, r, domain.Invalid("lang", "error.locale", "must be one of en, fr, es, ar, zh, ru"))
		return
	}
	s.setCookie(w, langCookie, lang, 365*24*time.Hour)
	if a := actor(r); a.LoggedIn() {
		if err := s.db.SetLocale(r.Context(), a.User.ID, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.redirect(w, r, safeNext(r.PostFormValue("next")), "")
}

type accountView struct {
	Tokens   []*store.APIToken
	NewToken string
	// Notices are the person's notifications in words; Unread how many
	// are unread; Due the progress reports their bodies owe.
	Notices []notice
	Unread  int
	Due     []*followup.DueItem
	// Identities are the identity providers' accounts linked to this one;
	// Providers those one may link.
	Identities []account.LinkedIdentity
	Providers  []account.SSOChoice
	// Calendar is the section of the person's calendar settings.
	Calendar *calendarAccount
	// Mail is how the person receives each topic of notification by
	// e-mail; Modes the choices.
	Mail  []mail.Preference
	Modes []string
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, newToken string, formErr error) {
	s.renderAccountFull(w, r, status, newToken, accountExtra{}, formErr)
}

func (s *Server) renderAccountFull(w http.ResponseWriter, r *http.Request, status int, newToken string, extra accountExtra, formErr error) {
	ts, err := s.accounts.Tokens(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	inbox, err := s.followups.Inbox(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids, err := s.accounts.Identities(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	prefs, err := s.mail.Preferences(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := accountView{Tokens: ts, NewToken: newToken, Unread: inbox.Unread, Due: inbox.Due, Identities: ids, Mail: prefs, Modes: mail.Modes}
	for _, p := range s.accounts.SSOProviders() {
		if !slices.ContainsFunc(ids, func(id account.LinkedIdentity) bool { return id.Provider == p.ID }) {
			v.Providers = append(v.Providers, p)
		}
	}
	if v.Calendar, err = s.calendarAccount(r, extra); err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	for _, n := range inbox.Notifications {
		v.Notices = append(v.Notices, notice{Notification: n, Text: mail.NoticeText(pg.P, n)})
	}
	pg.Data = v
	pg.Title = pg.T("account.title")
	if formErr != nil && !pg.fieldErrors(formErr) {
		s.fail(w, r, formErr)
		return
	}
	if secs := domain.RetryAfterSeconds(formErr); secs > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
	s.render(w, r, status, "account", pg)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	keep, _ := r.Context().Value(keySession).(string)
	err := s.accounts.ChangePassword(r.Context(), actor(r), account.PasswordChange{Current: r.PostFormValue("current"),
		New: r.PostFormValue("password"), Repeat: r.PostFormValue("password2"), Address: s.clientIP(r), KeepSession: keep})
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "flash.password_changed")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	days, err := formInt(r, "days")
	var token string
	if err == nil {
		token, _, err = s.accounts.CreateToken(r.Context(), actor(r), account.NewToken{Name: r.PostFormValue("name"), Days: days})
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
			return
		}
		s.fail(w, r, err)
		return
	}
	// The token is shown once, in this response; only its hash is kept.
	s.renderAccount(w, r, http.StatusOK, token, nil)
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	if err := s.accounts.RevokeToken(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "flash.token_revoked")
}

// confirmRevokeTokens asks before revoking all of one's API tokens.
func (s *Server) confirmRevokeTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := s.accounts.Tokens(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", nil)
	pg.Title = pg.T("account.revoke_all")
	pg.Data = confirmView{Question: pg.N("account.revoke_all_confirm", len(ts)), Action: "/account/tokens/revoke", Back: "/account",
		Button: pg.T("account.revoke_all")}
	s.render(w, r, http.StatusOK, "confirm", pg)
}

// revokeTokens revokes all of one's API tokens, once confirmed.
func (s *Server) revokeTokens(w http.ResponseWriter, r *http.Request) {
	if !formBool(r, "confirm") {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, "", domain.Invalid("", "account.revoke_all_unconfirmed", "confirm that you revoke all your tokens"))
		return
	}
	if _, err := s.accounts.RevokeAllTokens(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "flash.tokens_revoked")
}

type inviteView struct {
	Token string
	*account.Invited
	Name  string
	Email string
	// Providers are the identity providers the invited person may log in
	// with instead, coming back to Next: a first log-in with the invited
	// address accepts the invitation.
	Providers []account.SSOChoice
	Next      string
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	inv, err := s.accounts.OpenInvitation(r.Context(), actor(r), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", &inviteView{Token: token, Invited: inv, Email: inv.Invitation.Email, Providers: s.accounts.SSOProviders(), Next: "/invite/" + token})
	pg.Title = pg.T("invite.title")
	if inv.WrongAccount {
		pg.FormError = pg.T("invite.wrong_account", inv.Invitation.Email, actor(r).User.Email)
	}
	s.render(w, r, http.StatusOK, "invite", pg)
}

// acceptInvite gives the invited role to the logged-in user, when the
// invitation is for their address, or creates an account with the invited
// e-mail address and logs it in.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.PathValue("token")
	name := strings.TrimSpace(r.PostFormValue("name"))
	res, err := s.accounts.AcceptInvitation(ctx, actor(r), account.Acceptance{Token: token, Name: name,
		Password: r.PostFormValue("password"), Locale: langOf(ctx)})
	if err != nil {
		c := domain.ErrorCode(err)
		if c != domain.EINVALID && c != domain.EFORBIDDEN {
			s.fail(w, r, err)
			return
		}
		// The form again, with what is wrong, as long as the link is good.
		inv, ierr := s.accounts.OpenInvitation(ctx, actor(r), token)
		if ierr != nil {
			s.fail(w, r, ierr)
			return
		}
		pg := s.page(r, "", &inviteView{Token: token, Invited: inv, Name: name, Email: inv.Invitation.Email, Providers: s.accounts.SSOProviders(), Next: "/invite/" + token})
		pg.Title = pg.T("invite.title")
		if c == domain.EFORBIDDEN {
			pg.FormError = pg.message(err)
			s.render(w, r, http.StatusForbidden, "invite", pg)
			return
		}
		s.formFailure(w, r, err, "invite", pg)
		return
	}
	if res.Session != nil {
		s.startSession(w, res.Session)
	}
	s.redirect(w, r, "/", "flash.invite_accepted")
}
