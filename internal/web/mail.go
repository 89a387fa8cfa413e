package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/mail"
	"github.com/plenary-org/plenary/internal/store"
)

// E-mail pages (docs/MAIL.md): "forgot password" and the reset link, the
// account's notification preferences, the unsubscribe link, the
// administrator's outbox and the demo's mailbox.

func (s *Server) mailRoutes() []route {
	return []route{
		{"GET /password/forgot", s.forgotForm},
		{"POST /password/forgot", s.forgot},
		{"GET /reset/{token}", s.resetForm},
		{"POST /reset/{token}", s.reset},
		{"POST /account/mail", s.setMailPreferences},
		{"GET /unsubscribe/{token}", s.unsubscribeForm},
		{"POST /unsubscribe/{token}", s.unsubscribe},
		{"GET /admin/outbox", s.outbox},
		{"POST /admin/outbox/{id}/retry", s.retryMail},
		{"GET /admin/mailbox", s.mailbox},
	}
}

type forgotView struct {
	Email string
	Sent  bool
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) {
	pg := s.page(r, "", forgotView{Email: r.URL.Query().Get("email")})
	pg.Title = pg.T("forgot.title")
	s.render(w, r, http.StatusOK, "forgot", pg)
}

// forgot sends a reset link; the page says the same whether or not the
// address has an account.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) {
	v := forgotView{Email: strings.TrimSpace(r.PostFormValue("email"))}
	err := s.accounts.RequestPasswordReset(r.Context(), account.ResetRequest{Email: v.Email, Address: s.clientIP(r), BaseURL: s.baseURL(r)})
	pg := s.page(r, "", &v)
	pg.Title = pg.T("forgot.title")
	if err != nil {
		if domain.ErrorCode(err) == domain.ETHROTTLED {
			w.Header().Set("Retry-After", strconv.Itoa(domain.RetryAfterSeconds(err)))
			pg.FormError = pg.message(err)
			s.render(w, r, http.StatusTooManyRequests, "forgot", pg)
			return
		}
		s.formFailure(w, r, err, "forgot", pg)
		return
	}
	v.Sent = true
	s.render(w, r, http.StatusOK, "forgot", pg)
}

type resetView struct {
	Token string
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if err := s.accounts.CheckPasswordReset(r.Context(), token); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	pg := s.page(r, "", resetView{Token: token})
	pg.Title = pg.T("reset.title")
	s.render(w, r, http.StatusOK, "reset", pg)
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	err := s.accounts.ResetPassword(r.Context(), account.PasswordReset{Token: token, New: r.PostFormValue("password"), Repeat: r.PostFormValue("password2")})
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			s.fail(w, r, err)
			return
		}
		pg := s.page(r, "", resetView{Token: token})
		pg.Title = pg.T("reset.title")
		s.formFailure(w, r, err, "reset", pg)
		return
	}
	s.redirect(w, r, "/login", "flash.password_reset")
}

func (s *Server) setMailPreferences(w http.ResponseWriter, r *http.Request) {
	modes := map[string]string{}
	for _, t := range mail.Topics {
		if v := r.PostFormValue("mode_" + t); v != "" {
			modes[t] = v
		}
	}
	if err := s.mail.SetPreferences(r.Context(), actor(r), modes); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			s.renderAccount(w, r, http.StatusUnprocessableEntity, "", err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account#mail", "flash.saved")
}

type unsubscribeView struct {
	Token string
	*mail.Unsubscribed
	Done bool
}

func (s *Server) unsubscribeForm(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	un, err := s.mail.CheckUnsubscribe(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	pg := s.page(r, "", unsubscribeView{Token: token, Unsubscribed: un})
	pg.Title = pg.T("unsubscribe.title")
	s.render(w, r, http.StatusOK, "unsubscribe", pg)
}

// unsubscribe is the one-click unsubscribe of RFC 8058: the mail
// program's POST (List-Unsubscribe=One-Click) or the page's button; no
// login, the signed link is enough.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	un, err := s.mail.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", unsubscribeView{Unsubscribed: un, Done: true})
	pg.Title = pg.T("unsubscribe.title")
	s.render(w, r, http.StatusOK, "unsubscribe", pg)
}

type outboxView struct {
	*mail.OutboxPage
	Status string
	Pager  Pager
	// Demo is set when the messages go to the demo's mailbox.
	Demo bool
}

func (s *Server) outbox(w http.ResponseWriter, r *http.Request) {
	f := store.MailFilter{Status: r.URL.Query().Get("status"), Offset: pageOffset(r), Limit: 50}
	page, err := s.mail.Outbox(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := s.page(r, "", outboxView{OutboxPage: page, Status: f.Status, Demo: s.cfg.Mailbox != nil,
		Pager: Pager{Offset: f.Offset, Limit: f.Limit, Total: page.Total, Base: pagerBase(r)}})
	pg.Title = pg.T("outbox.title")
	s.render(w, r, http.StatusOK, "outbox", pg)
}

func (s *Server) retryMail(w http.ResponseWriter, r *http.Request) {
	if _, err := s.mail.Retry(r.Context(), actor(r), r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/outbox", "flash.mail_retry")
}

// shownMessage is a message of the demo's mailbox as received.
type shownMessage struct {
	mail.Received
	*mail.Parsed
	Headers []string
	Links   []string
}

var urlRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// mailbox shows the demo's mailbox to an instance administrator: every
// message exactly as the SMTP server received it.
func (s *Server) mailbox(w http.ResponseWriter, r *http.Request) {
	if err := s.requireAdmin(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.cfg.Mailbox == nil {
		s.fail(w, r, domain.NotFound("mailbox"))
		return
	}
	var shown []shownMessage
	msgs := s.cfg.Mailbox.Messages()
	if len(msgs) > 100 {
		msgs = msgs[:100] // the newest, for a page that stays light
	}
	for _, m := range msgs {
		p, err := mail.ParseMessage(m.Raw)
		if err != nil {
			continue
		}
		sm := shownMessage{Received: m, Parsed: p, Links: urlRE.FindAllString(p.Text, -1)}
		for _, h := range []string{"Date", "From", "To", "Subject", "Content-Language", "List-Unsubscribe", "List-Unsubscribe-Post", "Message-ID"} {
			if v := p.Header.Get(h); v != "" {
				if h == "Subject" {
					v = p.Subject
				}
				sm.Headers = append(sm.Headers, h+": "+v)
			}
		}
		shown = append(shown, sm)
	}
	pg := s.page(r, "", shown)
	pg.Title = pg.T("mailbox.title")
	s.render(w, r, http.StatusOK, "mailbox", pg)
}
