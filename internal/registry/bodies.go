package registry

import (
	"context"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
)

// Bodies returns the bodies f selects, by name, and how many there are
// in all: to anyone with an account.
func (s *Service) Bodies(ctx context.Context, a *domain.Actor, f store.BodyFilter) ([]*domain.Body, int, error) {
	if err := canView(a); err != nil {
		return nil, 0, err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, 0, domain.Invalid("kind", "error.body_kind", "choose one of the kinds of body")
	}
	if err := domain.CheckLine("q", f.Query); err != nil {
		return nil, 0, err
	}
	return s.db.Bodies(ctx, f)
}

// Body returns one body: to anyone with an account.
func (s *Service) Body(ctx context.Context, a *domain.Actor, id string) (*domain.Body, error) {
	if err := canView(a); err != nil {
		return nil, err
	}
	return s.db.Body(ctx, id)
}

// CreateBody records a new body, for those who manage bodies; b gets its
// ID and version.
func (s *Service) CreateBody(ctx context.Context, a *domain.Actor, b *domain.Body) error {
	if err := canManage(a); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	return s.db.CreateBody(domain.NewContextWithActor(ctx, a), b)
}

// UpdateBody saves a body's new fields, based on b.Version
// ([domain.ECONFLICT] when someone saved it meanwhile), for those who
// manage bodies.
func (s *Service) UpdateBody(ctx context.Context, a *domain.Actor, b *domain.Body) error {
	if err := canManage(a); err != nil {
		return err
	}
	if err := b.Validate(); err != nil {
		return err
	}
	return s.db.UpdateBody(domain.NewContextWithActor(ctx, a), b)
}
