package api

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/account"
	"github.com/plenary-org/plenary/internal/domain"
)

// authenticate loads the actor behind the request's bearer token, with
// every membership they hold, into the request context before calling
// next. Requests without a valid token get 401.
func (s *Server) authenticate(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			s.writeError(w, r, domain.Errorf(domain.EUNAUTHORIZED, "error.unauthorized",
				"send an API token in the header \"Authorization: Bearer <token>\""))
			return
		}
		ctx := r.Context()
		a, err := s.accounts.TokenActor(ctx, token)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		next(w, r.WithContext(domain.NewContextWithActor(ctx, a)))
	}
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != "" && len(token) <= 512
}

// actor returns the authenticated actor of r.
func actor(r *http.Request) *domain.Actor { return domain.ActorFromContext(r.Context()) }

// WithAccounts gives the API the account use cases, to share with the
// pages (and so their cap on password hashing); without it the API makes
// its own with the defaults.
func WithAccounts(ac *account.Service) Option { return func(s *Server) { s.accounts = ac } }

// acceptInput accepts an invitation: the token of its link.
type acceptInput struct {
	Token string `json:"token"`
}

// acceptInvitation gives the caller the role an invitation offers, when
// the invitation is for the caller's e-mail address.
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	var in acceptInput
	if err := decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if strings.TrimSpace(in.Token) == "" || len(in.Token) > 512 {
		s.writeError(w, r, domain.Invalid("token", "error.required", "send the token of the invitation's link"))
		return
	}
	res, err := s.accounts.AcceptInvitation(r.Context(), actor(r), account.Acceptance{Token: strings.TrimSpace(in.Token)})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	created(w, "/memberships/"+res.Membership.ID, membershipView(*res.Membership))
}
