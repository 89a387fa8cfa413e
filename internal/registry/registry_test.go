package registry_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/registry"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// world is two mechanisms and a partner with member states, and one
// actor of each kind: an administrator, a process's secretariat, a
// delegate, an observer and an anonymous visitor.
type world struct {
	ctx    context.Context
	db     *store.DB
	svc    *registry.Service
	actors map[string]*domain.Actor
	bodies map[string]*domain.Body
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	w := &world{ctx: ctx, db: db, svc: registry.New(db), actors: map[string]*domain.Actor{"anonymous": nil}, bodies: map[string]*domain.Body{}}
	admin := &domain.User{Email: "admin@example.org", Name: "Ada Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	w.actors["admin"] = &domain.Actor{User: admin}
	actx := domain.NewContextWithActor(ctx, w.actors["admin"])
	p := &domain.Process{Name: "ISCM contributions to the GCM"}
	if err := db.CreateProcess(actx, p); err != nil {
		t.Fatal(err)
	}
	for _, b := range []*domain.Body{
		{Name: "Regional Conference on Migration", Acronym: "RCM", Kind: domain.BodyRCP, Region: "North and Central America",
			Countries: []string{"MX", "GT", "US"}, Observers: []string{"CO"}, Joined: map[string]string{"MX": "1996"}},
		{Name: "South American Conference on Migration", Acronym: "SACM", Kind: domain.BodyRCP, Region: "South America", Countries: []string{"CO", "PE", "AR"}},
		{Name: "Ibero-American Forum", Acronym: "FIBEMYD", Kind: domain.BodyIRF, Region: "Ibero-America", Countries: []string{"MX", "CO", "ES", "AR"}},
		{Name: "Economic Commission for Africa", Acronym: "ECA", Kind: domain.BodyUNRegionalComm, Countries: []string{"SN"}},
	} {
		if err := db.CreateBody(actx, b); err != nil {
			t.Fatal(err)
		}
		w.bodies[b.Label()] = b
	}
	for _, r := range []struct {
		name string
		role domain.Role
	}{{"secretariat", domain.RoleSecretariat}, {"delegate", domain.RoleDelegate}, {"observer", domain.RoleObserver}} {
		u := &domain.User{Email: r.name + "@example.org", Name: r.name}
		m := domain.Membership{ProcessID: p.ID, Role: r.role}
		if r.role == domain.RoleDelegate {
			m.BodyID = w.bodies["RCM"].ID
		}
		got, err := db.CreateUserWithMembership(actx, u, "", &m)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := db.MembershipsOf(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.actors[r.name] = &domain.Actor{User: got, Memberships: ms}
	}
	return w
}

// Who may read and change the registry: everyone with an account reads;
// administrators and secretariats change regions and map region names.
func TestRoleMatrix(t *testing.T) {
	w := newWorld(t)
	type op func(a *domain.Actor) error
	ops := map[string]op{
		"regions": func(a *domain.Actor) error { _, err := w.svc.Regions(w.ctx, a, "en"); return err },
		"overlap": func(a *domain.Actor) error {
			_, err := w.svc.Overlap(w.ctx, a, registry.OverlapInput{Lang: "en"})
			return err
		},
		"export": func(a *domain.Actor) error { _, err := w.svc.ExportBodies(w.ctx, a); return err },
		"grouping": func(a *domain.Actor) error {
			return w.svc.SaveGrouping(w.ctx, a, &domain.Region{Name: "Grouping of " + a.User.Name, Parts: []string{"002"}})
		},
		"unmapped": func(a *domain.Actor) error { _, err := w.svc.UnmappedRegions(w.ctx, a); return err },
		"map":      func(a *domain.Actor) error { _, err := w.svc.MapRegionName(w.ctx, a, "Mesoamerica", "013"); return err },
	}
	want := map[string]map[string]string{
		"anonymous":   {"regions": domain.EUNAUTHORIZED, "overlap": domain.EUNAUTHORIZED, "export": domain.EUNAUTHORIZED, "grouping": domain.EUNAUTHORIZED, "unmapped": domain.EUNAUTHORIZED, "map": domain.EUNAUTHORIZED},
		"observer":    {"grouping": domain.EFORBIDDEN, "unmapped": domain.EFORBIDDEN, "map": domain.EFORBIDDEN},
		"delegate":    {"grouping": domain.EFORBIDDEN, "unmapped": domain.EFORBIDDEN, "map": domain.EFORBIDDEN},
		"secretariat": {},
		"admin":       {},
	}
	for role, refused := range want {
		for name, fn := range ops {
			t.Run(role+"/"+name, func(t *testing.T) {
				a := w.actors[role]
				if a == nil && (name == "grouping") {
					a = &domain.Actor{User: &domain.User{Name: "nobody", Disabled: true}}
				}
				err := fn(a)
				if got := domain.ErrorCode(err); got != refused[name] && !(refused[name] == "" && err == nil) {
					t.Errorf("%s %s: %v, want %q", role, name, err, refused[name])
				}
			})
		}
	}
}

func TestOverlap(t *testing.T) {
	w := newWorld(t)
	o, err := w.svc.Overlap(w.ctx, w.actors["observer"], registry.OverlapInput{Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Mechanisms) != 3 {
		t.Errorf("%d mechanisms, want the 3 that are not partners", len(o.Mechanisms))
	}
	got := map[string][2]int{}
	for _, st := range o.States {
		got[st.Country] = [2]int{st.Members, st.Observers}
	}
	want := map[string][2]int{"CO": {2, 1}, "MX": {2, 0}, "AR": {2, 0}, "GT": {1, 0}, "US": {1, 0}, "PE": {1, 0}, "ES": {1, 0}}
	if len(got) != len(want) {
		t.Errorf("states %v, want %v", got, want)
	}
	for c, n := range want {
		if got[c] != n {
			t.Errorf("%s: %v, want %v", c, got[c], n)
		}
	}
	if o.States[0].Country != "CO" || o.States[0].Name != "Colombie" {
		t.Errorf("first state %+v, want Colombia (two mechanisms and an observer seat), named in French", o.States[0])
	}
	if len(o.Distribution) != 2 || o.Distribution[0] != 4 || o.Distribution[1] != 3 {
		t.Errorf("distribution = %v, want 4 states in one mechanism, 3 in two", o.Distribution)
	}
	header, rows := o.Table()
	if len(header) != 8 || len(rows) != 7 || rows[0][1] != "COL" || rows[0][5] != "" && rows[0][5] != "member" {
		t.Errorf("table %v %v", header, rows[0])
	}
	// South America (005): Colombia, Peru, Argentina.
	o, err = w.svc.Overlap(w.ctx, w.actors["observer"], registry.OverlapInput{RegionID: "005", Lang: "en"})
	if err != nil || len(o.States) != 3 || o.Region == nil {
		t.Errorf("South America: %v, %v", o, err)
	}
	if _, err := w.svc.Overlap(w.ctx, w.actors["observer"], registry.OverlapInput{RegionID: "atlantis"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown region: %v", err)
	}
}
