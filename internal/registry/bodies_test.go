package registry_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// TestBodyUseCases: anyone with an account reads bodies; only those who
// manage bodies (administrators, a secretariat somewhere) create and edit
// them, which is validated, audited and refused on a stale version.
func TestBodyUseCases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.Open(t)
	svc := registry.New(db)
	p := &domain.Process{Name: "P"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, admin bool, role domain.Role) *domain.Actor {
		u := &domain.User{Email: email, Name: email, Admin: admin}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		if role != "" {
			m := &domain.Membership{UserID: u.ID, ProcessID: p.ID, Role: role}
			if err := db.AddMembership(ctx, m); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *m)
		}
		return a
	}
	sec, delegate, admin := actor("sec@example.org", false, domain.RoleSecretariat), actor("d@example.org", false, domain.RoleObserver), actor("a@example.org", true, "")
	var anonymous *domain.Actor
	b := &domain.Body{Name: "Colombo Process", Kind: domain.BodyRCP, Countries: []string{"LK", "IN"}}
	for _, c := range []struct {
		name string
		a    *domain.Actor
		want string
	}{{"anonymous", anonymous, domain.EUNAUTHORIZED}, {"delegate", delegate, domain.EFORBIDDEN}} {
		if err := svc.CreateBody(ctx, c.a, &domain.Body{Name: "X", Kind: domain.BodyRCP}); domain.ErrorCode(err) != c.want {
			t.Errorf("%s creates a body: %v, want %s", c.name, err, c.want)
		}
	}
	if err := svc.CreateBody(ctx, sec, &domain.Body{Name: "Bad\x00name", Kind: domain.BodyRCP}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a name with NUL: %v, want invalid", err)
	}
	if err := svc.CreateBody(ctx, sec, b); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Bodies(ctx, anonymous, store.BodyFilter{}); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		t.Errorf("anonymous lists bodies: %v", err)
	}
	if _, _, err := svc.Bodies(ctx, delegate, store.BodyFilter{Kind: "castle"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown kind: %v, want invalid", err)
	}
	bs, n, err := svc.Bodies(ctx, delegate, store.BodyFilter{Query: "colombo"})
	if err != nil || n != 1 || bs[0].ID != b.ID {
		t.Fatalf("the delegate searches for it: %v %d", err, n)
	}
	got, err := svc.Body(ctx, delegate, b.ID)
	if err != nil || len(got.Countries) != 2 {
		t.Fatalf("the delegate reads it: %v %+v", err, got)
	}
	got.Website = "https://example.org/colombo"
	if err := svc.UpdateBody(ctx, delegate, got); domain.ErrorCode(err) != domain.EFORBIDDEN {
		t.Errorf("the delegate edits it: %v", err)
	}
	stale := *got
	if err := svc.UpdateBody(ctx, admin, got); err != nil {
		t.Fatal(err)
	}
	if err := svc.UpdateBody(ctx, sec, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("an edit based on the old version: %v, want conflict", err)
	}
	es, err := db.AuditEvents(ctx, store.AuditFilter{ObjectID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	var created, updated bool
	for _, e := range es {
		created = created || e.Action == "create" && e.ActorID == sec.User.ID
		updated = updated || e.Action == "update" && e.ActorID == admin.User.ID
	}
	if !created || !updated {
		t.Errorf("audit: created by the secretariat %v, edited by the administrator %v", created, updated)
	}
}
