package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

func actorCtx(u *domain.User) context.Context {
	return domain.NewContextWithActor(context.Background(), &domain.Actor{User: u})
}

func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestMigrateAndSchemaCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.URL(t), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); err == nil || !strings.Contains(err.Error(), "plenary migrate") {
		t.Fatalf("CheckSchema on an empty database = %v, want a hint to run plenary migrate", err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) == 0 {
		t.Fatalf("Migrate = %v, %v", applied, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema after migrate: %v", err)
	}
	again, err := db.Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Fatalf("second Migrate = %v, %v; want nothing applied", again, err)
	}
}

func TestUsersAndConflicts(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	u := &domain.User{Email: "Ana@example.org", Name: "Ana Pérez"}
	if err := db.CreateUser(ctx, u, "hash"); err != nil {
		t.Fatal(err)
	}
	dup := &domain.User{Email: "ana@EXAMPLE.org", Name: "Other"}
	mustCode(t, db.CreateUser(ctx, dup, ""), domain.EINVALID)

	got, hash, err := db.UserByEmail(ctx, "ANA@example.org")
	if err != nil || got.ID != u.ID || hash != "hash" {
		t.Fatalf("UserByEmail = %+v, %q, %v", got, hash, err)
	}
	_, err = db.UserByID(ctx, "nope")
	mustCode(t, err, domain.ENOTFOUND)

	// Two editors read version 1; the second save must conflict, not overwrite.
	a, _ := db.UserByID(ctx, u.ID)
	b, _ := db.UserByID(ctx, u.ID)
	a.Name = "Ana P."
	if err := db.UpdateUser(actorCtx(u), a); err != nil {
		t.Fatal(err)
	}
	b.Name = "Silent overwrite"
	mustCode(t, db.UpdateUser(actorCtx(u), b), domain.ECONFLICT)
	final, _ := db.UserByID(ctx, u.ID)
	if final.Name != "Ana P." {
		t.Fatalf("name = %q after conflicting edit", final.Name)
	}
}

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		err   error
		field string
	}{
		{"user without e-mail", db.CreateUser(ctx, &domain.User{Name: "x", Email: "not-an-email"}, ""), "email"},
		{"body without name", db.CreateBody(ctx, &domain.Body{Kind: domain.BodyRCP}), "name"},
		{"body with bad kind", db.CreateBody(ctx, &domain.Body{Name: "X", Kind: "club"}), "kind"},
		{"body with bad country", db.CreateBody(ctx, &domain.Body{Name: "X", Kind: domain.BodyRCP, Countries: []string{"FR", "XX"}}), "countries"},
		{"process without name", db.CreateProcess(ctx, &domain.Process{Name: "  "}), "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var de *domain.Error
			if !errors.As(tt.err, &de) || de.Code != domain.EINVALID || de.Field != tt.field {
				t.Fatalf("err = %#v, want EINVALID on %q", tt.err, tt.field)
			}
		})
	}
}

func TestAuditTrailIsAppendOnly(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	admin := &domain.User{Email: "admin@example.org", Name: "Admin", Admin: true}
	ctx := context.Background()
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	b := &domain.Body{Name: "Colombo Process", Acronym: "CP", Kind: domain.BodyRCP, Countries: []string{"lk", "IN"}}
	if err := db.CreateBody(actorCtx(admin), b); err != nil {
		t.Fatal(err)
	}
	b.Region = "South and South-East Asia"
	if err := db.UpdateBody(actorCtx(admin), b); err != nil {
		t.Fatal(err)
	}
	evs, err := db.AuditEvents(ctx, store.AuditFilter{ObjectType: "body", ObjectID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Action != "update" || evs[1].Action != "create" {
		t.Fatalf("events = %+v", evs)
	}
	if evs[0].ActorID != admin.ID || !strings.Contains(evs[0].After, "South and South-East Asia") || strings.Contains(evs[0].Before, "South-East") {
		t.Fatalf("update event = %+v", evs[0])
	}
	got, _ := db.Body(ctx, b.ID)
	if strings.Join(got.Countries, ",") != "IN,LK" {
		t.Fatalf("countries = %v, want normalised IN,LK", got.Countries)
	}
	if err := db.TamperAuditForTest(ctx); err == nil {
		t.Fatal("updating an audit event succeeded; the trail must be append-only")
	}
}

// TestReadsReleaseConnections guards against a leaked result set: the read
// pool is small, so a list that forgets to close its rows blocks every
// request after a few calls.
func TestReadsReleaseConnections(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t)
	u := &domain.User{Email: "a@example.org", Name: "A"}
	if err := db.CreateUser(context.Background(), u, ""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := 0; i < 50; i++ {
		if _, err := db.Processes(ctx, u.ID); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if _, err := db.Processes(ctx, ""); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if _, _, err := db.Bodies(ctx, store.BodyFilter{}); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if _, err := db.MembershipsOf(ctx, u.ID); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
}
