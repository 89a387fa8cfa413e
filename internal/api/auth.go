package api

import (
	"net/http"
	"strings"

	"github.com/plenary-org/plenary/internal/auth"
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
		u, err := s.db.APITokenUser(ctx, auth.HashToken(token))
		if err != nil {
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				err = domain.Errorf(domain.EUNAUTHORIZED, "error.unauthorized", "the API token is unknown, expired or revoked")
			}
			s.writeError(w, r, err)
			return
		}
		ms, err := s.db.MembershipsOf(ctx, u.ID)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		a := &domain.Actor{User: u, Memberships: ms}
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
