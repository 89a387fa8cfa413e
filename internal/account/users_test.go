package account

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
)

// Only instance administrators create and change accounts.
func TestWhoMayManageAccounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	tests := []struct {
		role string
		want string
	}{
		{"admin", ""},
		{"secretariat", domain.EFORBIDDEN},
		{"delegate", domain.EFORBIDDEN},
		{"anonymous", domain.EUNAUTHORIZED},
	}
	for _, tc := range tests {
		t.Run(tc.role, func(t *testing.T) {
			_, err := f.svc.CreateUser(ctx, f.actors[tc.role], NewAccount{User: domain.User{Email: tc.role + "-new@example.org", Name: "New"}, Password: "long enough password"})
			if domain.ErrorCode(err) != tc.want {
				t.Errorf("create: %v, want %q", err, tc.want)
			}
			u, _ := f.db.UserByID(ctx, f.actors["outsider"].User.ID)
			u.Name = "Renamed by " + tc.role
			if err := f.svc.UpdateUser(ctx, f.actors[tc.role], u); domain.ErrorCode(err) != tc.want {
				t.Errorf("update: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAccountChecks(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Options{})
	ctx := context.Background()
	admin := f.actors["admin"]
	self, _ := f.db.UserByID(ctx, admin.User.ID)
	tests := []struct {
		name  string
		do    func() error
		field string
	}{
		{"an address with a control character", func() error {
			_, err := f.svc.CreateUser(ctx, admin, NewAccount{User: domain.User{Email: "a\x07b@example.org", Name: "X"}})
			return err
		}, "email"},
		{"a short password", func() error {
			_, err := f.svc.CreateUser(ctx, admin, NewAccount{User: domain.User{Email: "short@example.org", Name: "X"}, Password: "short"})
			return err
		}, "password"},
		{"an administrator demoting themself", func() error {
			u := *self
			u.Admin = false
			return f.svc.UpdateUser(ctx, admin, &u)
		}, "admin"},
		{"an administrator disabling themself", func() error {
			u := *self
			u.Disabled = true
			return f.svc.UpdateUser(ctx, admin, &u)
		}, "admin"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			var de *domain.Error
			if domain.ErrorCode(err) != domain.EINVALID || !asDomain(err, &de) || de.Field != tc.field {
				t.Fatalf("error %v, want invalid %s", err, tc.field)
			}
		})
	}
	// Without a password the account exists and cannot log in.
	u, err := f.svc.CreateUser(ctx, admin, NewAccount{User: domain.User{Email: " nopass@example.org ", Name: " No Password "}})
	if err != nil || u.Email != "nopass@example.org" || u.Name != "No Password" {
		t.Fatalf("create without a password: %+v, %v", u, err)
	}
	if c, _ := f.login(t, "nopass@example.org", "", "192.0.2.1"); c != domain.EUNAUTHORIZED {
		t.Fatalf("login to an account without a password: %q", c)
	}
}
