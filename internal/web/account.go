package web

import (
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
)

type homeView struct {
	Processes []processSummary
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
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	pg := s.page(r, "", loginView{Next: safeNext(r.URL.Query().Get("next"))})
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
	ctx := r.Context()
	email := strings.TrimSpace(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	v := loginView{Email: email, Next: safeNext(r.PostFormValue("next"))}
	pg := s.page(r, "", v)
	pg.Title = pg.T("login.title")
	keys := []string{"email:" + strings.ToLower(email), "ip:" + s.clientIP(r)}
	since := time.Now().Add(-15 * time.Minute)
	for _, k := range keys {
		n, err := s.db.LoginFailures(ctx, k, since)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if n >= s.cfg.LoginLimit {
			pg.FormError = pg.T("login.too_many")
			w.Header().Set("Retry-After", "900")
			s.render(w, r, http.StatusTooManyRequests, "login", pg)
			return
		}
	}
	u, hash, err := s.db.UserByEmail(ctx, email)
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if err != nil || u.Disabled || !auth.CheckPassword(hash, pw) {
		if err != nil {
			// Spend the same time as a real check so that timing does not
			// tell which addresses have accounts.
			auth.CheckPassword(dummyHash, pw)
		}
		if err := s.db.RecordLoginFailure(ctx, keys...); err != nil {
			s.fail(w, r, err)
			return
		}
		pg.FormError = pg.T("login.failed")
		s.render(w, r, http.StatusUnauthorized, "login", pg)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.db.ClearLoginFailures(ctx, keys[0])
	s.redirect(w, r, v.Next, "")
}

var dummyHash, _ = auth.HashPassword("not a real password", auth.DefaultParams)

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *domain.User) error {
	token, hash := auth.NewToken()
	if err := s.db.CreateWebSession(r.Context(), hash, u.ID, s.cfg.SessionTTL); err != nil {
		return err
	}
	s.setCookie(w, sessionCookie, token, s.cfg.SessionTTL)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if h, ok := r.Context().Value(keySession).(string); ok {
		s.actors.drop(h)
		if err := s.db.DeleteWebSession(r.Context(), h); err != nil {
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
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, newToken string, formErr error) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ts, err := s.db.APITokens(r.Context(), a.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", accountView{Tokens: ts, NewToken: newToken})
	pg.Title = pg.T("account.title")
	if formErr != nil && !pg.fieldErrors(formErr) {
		s.fail(w, r, formErr)
		return
	}
	s.render(w, r, status, "account", pg)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	hash, err := s.db.PasswordHash(ctx, a.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !auth.CheckPassword(hash, r.PostFormValue("current")) {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, "", domain.Invalid("current", "error.password_wrong", "the current password is not right"))
		return
	}
	pw := r.PostFormValue("password")
	if err := auth.ValidatePassword(pw); err != nil {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
		return
	}
	if pw != r.PostFormValue("password2") {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, "", domain.Invalid("password2", "error.password_mismatch", "the two passwords differ"))
		return
	}
	newHash, err := auth.HashPassword(pw, s.cfg.PasswordParams)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	keep, _ := ctx.Value(keySession).(string)
	if err := s.db.SetPasswordHash(ctx, a.User.ID, newHash, keep); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "flash.password_changed")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days, err := formInt(r, "days")
	if err == nil && (days < 1 || days > 365) {
		err = domain.Invalid("days", "error.token_days", "a token lasts from 1 to 365 days")
	}
	if err != nil {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
		return
	}
	token, hash := auth.NewToken()
	if _, err := s.db.CreateAPIToken(r.Context(), a.User.ID, r.PostFormValue("name"), hash, time.Duration(days)*24*time.Hour); err != nil {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
		return
	}
	// The token is shown once, in this response; only its hash is kept.
	s.renderAccount(w, r, http.StatusOK, token, nil)
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	a, err := loggedIn(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeleteAPIToken(r.Context(), a.User.ID, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "flash.token_revoked")
}

type inviteView struct {
	Token      string
	Invitation *domain.Invitation
	Where      string
	Name       string
	Email      string
}

func (s *Server) loadInvite(r *http.Request) (*inviteView, error) {
	token := r.PathValue("token")
	in, err := s.db.InvitationByToken(r.Context(), auth.HashToken(token))
	if err != nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "invite.invalid", "this invitation link is not valid: it may have expired or been used already")
	}
	v := &inviteView{Token: token, Invitation: in, Email: in.Email}
	if in.MeetingID != "" {
		if m, err := s.db.Meeting(r.Context(), in.MeetingID); err == nil {
			v.Where = m.Name()
		}
	} else if p, err := s.db.Process(r.Context(), in.ProcessID); err == nil {
		v.Where = p.Name
	}
	return v, nil
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	v, err := s.loadInvite(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", v)
	pg.Title = pg.T("invite.title")
	s.render(w, r, http.StatusOK, "invite", pg)
}

// acceptInvite gives the invited role to the logged-in user, or creates an
// account with the invited e-mail address and logs it in.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) {
	v, err := s.loadInvite(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	hash := auth.HashToken(v.Token)
	if a := actor(r); a.LoggedIn() {
		if _, err := s.db.AcceptInvitation(ctx, hash, a.User.ID, nil, ""); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, "/", "flash.invite_accepted")
		return
	}
	v.Name = strings.TrimSpace(r.PostFormValue("name"))
	pg := s.page(r, "", v)
	pg.Title = pg.T("invite.title")
	pw := r.PostFormValue("password")
	if err := auth.ValidatePassword(pw); err != nil {
		s.formFailure(w, r, err, "invite", pg)
		return
	}
	ph, err := auth.HashPassword(pw, s.cfg.PasswordParams)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.db.AcceptInvitation(ctx, hash, "", &domain.User{Email: v.Invitation.Email, Name: v.Name, Locale: langOf(ctx)}, ph)
	if err != nil {
		s.formFailure(w, r, err, "invite", pg)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/", "flash.invite_accepted")
}
