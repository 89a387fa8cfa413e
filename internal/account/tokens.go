package account

import (
	"context"
	"time"

	"github.com/plenary-org/plenary/internal/auth"
	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Tokens lists the logged-in person's API tokens, newest first.
func (s *Service) Tokens(ctx context.Context, a *domain.Actor) ([]*store.APIToken, error) {
	if err := loggedIn(a); err != nil {
		return nil, err
	}
	return s.db.APITokens(ctx, a.User.ID)
}

// NewToken names a new API token and says how long it lasts.
type NewToken struct {
	Name string
	Days int // 1 to 365
}

// CreateToken makes an API token for the logged-in person, with their
// roles, and returns its secret (to be shown once: only its hash is kept).
func (s *Service) CreateToken(ctx context.Context, a *domain.Actor, in NewToken) (string, *store.APIToken, error) {
	if err := loggedIn(a); err != nil {
		return "", nil, err
	}
	if in.Days < 1 || in.Days > 365 {
		return "", nil, domain.Invalid("days", "error.token_days", "a token lasts from 1 to 365 days")
	}
	token, hash := auth.NewToken()
	t, err := s.db.CreateAPIToken(ctx, a.User.ID, in.Name, hash, time.Duration(in.Days)*24*time.Hour)
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// RevokeToken revokes one of the logged-in person's tokens; another
// person's token is not found.
func (s *Service) RevokeToken(ctx context.Context, a *domain.Actor, id string) error {
	if err := loggedIn(a); err != nil {
		return err
	}
	return s.db.DeleteAPIToken(ctx, a.User.ID, id)
}

// RevokeAllTokens revokes every API token of the logged-in person and
// returns how many there were.
func (s *Service) RevokeAllTokens(ctx context.Context, a *domain.Actor) (int64, error) {
	if err := loggedIn(a); err != nil {
		return 0, err
	}
	return s.db.DeleteAPITokens(ctx, a.User.ID)
}

// TokenActor returns who is behind an API token, with every membership
// they hold, or [domain.EUNAUTHORIZED] for a token that is unknown,
// expired, revoked or whose account is disabled.
func (s *Service) TokenActor(ctx context.Context, token string) (*domain.Actor, error) {
	u, err := s.db.APITokenUser(ctx, auth.HashToken(token))
	if err != nil {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			err = domain.Errorf(domain.EUNAUTHORIZED, "error.unauthorized", "the API token is unknown, expired or revoked")
		}
		return nil, err
	}
	ms, err := s.db.MembershipsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &domain.Actor{User: u, Memberships: ms}, nil
}
