package account

import (
	"context"
	"strings"

	"github.com/plenary-org/plenary/internal/domain"
)

// NewAccount is an account an instance administrator creates.
type NewAccount struct {
	User domain.User
	// Password may be empty: the person then cannot log in until one is
	// set (plenary user password).
	Password string
}

// CreateUser creates an account; only instance administrators may. The
// fields are checked before the password is hashed.
func (s *Service) CreateUser(ctx context.Context, a *domain.Actor, in NewAccount) (*domain.User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	u := in.User
	u.Email, u.Name = strings.TrimSpace(u.Email), strings.TrimSpace(u.Name)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	var hash string
	if in.Password != "" {
		var err error
		if hash, err = s.HashPassword(ctx, in.Password); err != nil {
			return nil, err
		}
	}
	if err := s.db.CreateUser(ctx, &u, hash); err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdateUser saves an account's e-mail address, name, language and flags
// (u.Version is the version read); only instance administrators may. An
// administrator may not take their own rights away or disable themself,
// so that an instance does not lose its last way in through a slip.
func (s *Service) UpdateUser(ctx context.Context, a *domain.Actor, u *domain.User) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if u.ID == a.User.ID && (!u.Admin || u.Disabled) {
		return domain.Invalid("admin", "user.self_lockout",
			"you cannot remove your own administrator rights or disable your own account; ask another administrator")
	}
	return s.db.UpdateUser(ctx, u)
}
