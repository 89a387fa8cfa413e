package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// endorseWorld is a meeting with bodies of four regions, a delegate for
// each body, and good practices of several regions (plus a recommendation
// and a draft practice). Who may endorse for a body is tested in package
// synthesis.
type endorseWorld struct {
	ctx       context.Context
	db        *store.DB
	meeting   string
	bodies    map[string]*domain.Body  // by name
	delegates map[string]*domain.Actor // by body name
	c         map[string]*domain.Contribution
}

func newEndorseWorld(t *testing.T) *endorseWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &endorseWorld{ctx: ctx, db: db, bodies: map[string]*domain.Body{}, delegates: map[string]*domain.Actor{}, c: map[string]*domain.Contribution{}}
	p := &domain.Process{Name: "ISCM"}
	if err := db.CreateProcess(ctx, p); err != nil {
		t.Fatal(err)
	}
	m := &domain.Meeting{ProcessID: p.ID, Title: "GRCP 7"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: m}); err != nil {
		t.Fatal(err)
	}
	w.meeting = m.ID
	user := func(name string) *domain.User {
		u := &domain.User{Email: name + "@example.org", Name: name}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		return u
	}
	member := func(u *domain.User, role domain.Role, body string) *domain.Actor {
		ms := &domain.Membership{UserID: u.ID, ProcessID: p.ID, MeetingID: m.ID, Role: role, BodyID: body}
		if err := db.AddMembership(ctx, ms); err != nil {
			t.Fatal(err)
		}
		return &domain.Actor{User: u, Memberships: []domain.Membership{*ms}}
	}
	for _, b := range []struct{ name, region string }{{"ECOWAS", "West Africa"}, {"Budapest", "Europe"}, {"Prague", "Europe"},
		{"SACM", "South America"}, {"Bali", "Asia"}} {
		body := &domain.Body{Name: b.name, Kind: domain.BodyRCP, Region: b.region}
		if err := db.CreateBody(ctx, body); err != nil {
			t.Fatal(err)
		}
		w.bodies[b.name] = body
		w.delegates[b.name] = member(user("delegate-"+b.name), domain.RoleDelegate, body.ID)
	}
	for _, c := range []struct {
		name     string
		kind     domain.ContributionKind
		status   domain.Status
		region   string
		practice domain.PracticeType
	}{
		{"wa", domain.KindGoodPractice, domain.StatusPublished, "West Africa", domain.PracticePolicy},
		{"eu", domain.KindGoodPractice, domain.StatusPublished, "Europe", domain.PracticeProject},
		{"asia", domain.KindGoodPractice, domain.StatusPublished, "Asia", domain.PracticeFund},
		{"sa", domain.KindGoodPractice, domain.StatusPublished, "South America", domain.PracticePolicy},
		{"rec", domain.KindRecommendation, domain.StatusPublished, "Asia", ""},
		{"draft", domain.KindGoodPractice, domain.StatusSubmitted, "Asia", domain.PracticeLegislation},
	} {
		k := &domain.Contribution{MeetingID: m.ID, Kind: c.kind, Practice: c.practice, Status: c.status, Title: "Practice " + c.name,
			Text: "What was done and how.", Lang: "en", Regions: []string{c.region}}
		if c.status == domain.StatusPublished {
			// Published one hour apart, in the order listed.
			k.PublishedAt = time.Date(2026, 3, 1, len(w.c), 0, 0, 0, time.UTC)
		}
		if err := db.CreateContribution(ctx, k); err != nil {
			t.Fatal(err)
		}
		w.c[c.name] = k
	}
	return w
}

func (w *endorseWorld) put(a *domain.Actor, contribution, body, region, conditions string, version int) (*store.Endorsement, error) {
	e := &store.Endorsement{ContributionID: w.c[contribution].ID, BodyID: w.bodies[body].ID, Region: region, Conditions: conditions, Version: version}
	return e, w.db.PutEndorsement(domain.NewContextWithActor(w.ctx, a), e)
}

func TestEndorsementLifecycle(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	d := w.delegates["Budapest"]
	e, err := w.put(d, "wa", "Budapest", "", "  Needs EU funding for the first two years.  ", 0)
	if err != nil {
		t.Fatal(err)
	}
	if e.Version != 1 || e.Region != "Europe" || e.Conditions != "Needs EU funding for the first two years." || e.UserID != d.User.ID {
		t.Fatalf("created %+v, want version 1, the body's region, trimmed conditions and the author", e)
	}
	if _, err := w.put(d, "wa", "Budapest", "", "again", 0); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a second endorsement by the same body: %v, want a conflict", err)
	}
	if _, err := w.put(d, "wa", "Budapest", "Europe", "stale", 7); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a stale edit: %v, want a conflict", err)
	}
	e, err = w.put(d, "wa", "Budapest", "Central Europe", "A change of the residence law.", 1)
	if err != nil || e.Version != 2 || e.Region != "Central Europe" {
		t.Fatalf("edit: %+v, %v", e, err)
	}
	got, err := w.db.Endorsement(w.ctx, w.c["wa"].ID, w.bodies["Budapest"].ID)
	if err != nil || got.Conditions != "A change of the residence law." || got.BodyName != "Budapest" || got.BodyKind != domain.BodyRCP {
		t.Fatalf("read back %+v, %v", got, err)
	}
	dctx := domain.NewContextWithActor(w.ctx, d)
	if err := w.db.DeleteEndorsement(dctx, w.c["wa"].ID, w.bodies["Budapest"].ID, 1); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Fatalf("a stale withdrawal: %v, want a conflict", err)
	}
	if err := w.db.DeleteEndorsement(dctx, w.c["wa"].ID, w.bodies["Budapest"].ID, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Endorsement(w.ctx, w.c["wa"].ID, w.bodies["Budapest"].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("after withdrawal: %v, want not found", err)
	}
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "endorsement", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ev := range evs {
		actions = append(actions, ev.Action)
	}
	slices.Sort(actions)
	if !slices.Equal(actions, []string{"create", "delete", "update"}) {
		t.Fatalf("audit actions %v", actions)
	}
}

func TestEndorsementRefusals(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	for _, tc := range []struct {
		name         string
		actor        *domain.Actor
		contribution string
		body         string
		region       string
		code         string
		field        string
	}{
		{"own region by default", w.delegates["ECOWAS"], "wa", "ECOWAS", "", domain.EINVALID, "region"},
		{"own region named", w.delegates["Bali"], "eu", "Bali", "europe", domain.EINVALID, "region"},
		{"a recommendation", w.delegates["ECOWAS"], "rec", "ECOWAS", "", domain.EINVALID, ""},
		{"not published", w.delegates["ECOWAS"], "draft", "ECOWAS", "", domain.ECONFLICT, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.put(tc.actor, tc.contribution, tc.body, tc.region, "", 0)
			if domain.ErrorCode(err) != tc.code {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
			var de *domain.Error
			if tc.field != "" && (!asDomain(err, &de) || de.Field != tc.field) {
				t.Fatalf("got %#v, want an error on %s", err, tc.field)
			}
		})
	}
	if n, err := w.db.ContributionEndorsements(w.ctx, w.c["wa"].ID); err != nil || len(n) != 0 {
		t.Fatalf("refusals left endorsements: %v, %v", n, err)
	}
}

func asDomain(err error, out **domain.Error) bool {
	for err != nil {
		if e, ok := err.(*domain.Error); ok {
			*out = e
			return true
		}
		if l, ok := err.(domain.Errors); ok && len(l) > 0 {
			*out = l[0]
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

func TestEndorsedPracticesRanking(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	must := func(_ *store.Endorsement, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// wa: Europe, South America, Asia (3 regions, 3 bodies).
	must(w.put(w.delegates["Budapest"], "wa", "Budapest", "", "EU funding.", 0))
	must(w.put(w.delegates["SACM"], "wa", "SACM", "", "", 0))
	must(w.put(w.delegates["Bali"], "wa", "Bali", "", "A bilateral agreement.", 0))
	// eu: West Africa, Asia (2 regions).
	must(w.put(w.delegates["ECOWAS"], "eu", "ECOWAS", "", "", 0))
	must(w.put(w.delegates["Bali"], "eu", "Bali", "", "", 0))
	// sa: Europe twice (1 region, 2 bodies).
	must(w.put(w.delegates["Budapest"], "sa", "Budapest", "", "", 0))
	must(w.put(w.delegates["Prague"], "sa", "Prague", "", "", 0))
	// asia: Europe once (1 region, 1 body).
	must(w.put(w.delegates["Prague"], "asia", "Prague", "", "", 0))

	ids := func(p *store.EndorsedPage) []string {
		var out []string
		for _, it := range p.Items {
			for name, c := range w.c {
				if c.ID == it.Practice.ID {
					out = append(out, name)
				}
			}
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		f     store.EndorsedFilter
		want  []string
		total int
	}{
		{"all", store.EndorsedFilter{}, []string{"wa", "eu", "sa", "asia"}, 4},
		{"second page", store.EndorsedFilter{Limit: 2, Offset: 2}, []string{"sa", "asia"}, 4},
		{"from Europe", store.EndorsedFilter{Region: "Europe"}, []string{"eu"}, 1},
		{"endorsed by Asia", store.EndorsedFilter{By: "Asia"}, []string{"wa", "eu"}, 2},
		{"policies", store.EndorsedFilter{Practice: domain.PracticePolicy}, []string{"wa", "sa"}, 2},
		{"none", store.EndorsedFilter{Practice: domain.PracticeInstitution}, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := w.db.EndorsedPractices(w.ctx, w.meeting, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(p); !slices.Equal(got, tc.want) || p.Total != tc.total {
				t.Fatalf("got %v (total %d), want %v (total %d)", got, p.Total, tc.want, tc.total)
			}
		})
	}
	p, err := w.db.EndorsedPractices(w.ctx, w.meeting, store.EndorsedFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	top := p.Items[0]
	if top.Regions != 3 || top.Bodies != 3 || len(top.Endorsements) != 3 || top.Endorsements[0].Region != "Asia" || top.Endorsements[0].Conditions != "A bilateral agreement." {
		t.Fatalf("top practice %+v, endorsements %+v", top, top.Endorsements)
	}
	// A practice withdrawn from publication leaves the list.
	if _, err := w.db.TransitionContribution(w.ctx, w.c["wa"].ID, w.c["wa"].Version, domain.TransReturn, "Needs sources."); err != nil {
		t.Fatal(err)
	}
	p, err = w.db.EndorsedPractices(w.ctx, w.meeting, store.EndorsedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(p); !slices.Equal(got, []string{"eu", "sa", "asia"}) {
		t.Fatalf("after returning wa: %v", got)
	}
}

// Without attribution neither the endorsement nor its audit trail keeps
// who endorsed, and the trail does not keep the body either.
func TestEndorsementAuditWithoutAttribution(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	m, err := w.db.Meeting(w.ctx, w.meeting)
	if err != nil {
		t.Fatal(err)
	}
	m.NonAttribution = true
	if err := w.db.UpdateMeeting(w.ctx, m); err != nil {
		t.Fatal(err)
	}
	if _, err := w.put(w.delegates["Budapest"], "wa", "Budapest", "", "EU funding.", 0); err != nil {
		t.Fatal(err)
	}
	evs, err := w.db.AuditEvents(w.ctx, store.AuditFilter{ObjectType: "endorsement", Limit: 10})
	if err != nil || len(evs) != 1 {
		t.Fatalf("events %v, %v", evs, err)
	}
	if e := evs[0]; e.ActorName != "" || e.ActorID != "" || !e.Unattributed || !e.Concealed() ||
		strings.Contains(e.After, w.bodies["Budapest"].ID) || !strings.Contains(e.After, "EU funding.") {
		t.Fatalf("stored without attribution: %+v", e)
	}
	es, err := w.db.ContributionEndorsements(w.ctx, w.c["wa"].ID)
	if err != nil || len(es) != 1 {
		t.Fatalf("endorsements %v, %v", es, err)
	}
	if !es[0].Unattributed || es[0].UserID != "" || es[0].BodyID != w.bodies["Budapest"].ID {
		t.Fatalf("stored endorsement %+v", es[0])
	}
}

// Practices endorsed by as many regions and bodies come newest first.
func TestEndorsedPracticesTieBreak(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	for _, e := range []struct{ practice, body string }{{"eu", "ECOWAS"}, {"sa", "Bali"}, {"asia", "Budapest"}, {"wa", "SACM"}} {
		if _, err := w.put(w.delegates[e.body], e.practice, e.body, "", "", 0); err != nil {
			t.Fatal(err)
		}
	}
	p, err := w.db.EndorsedPractices(w.ctx, w.meeting, store.EndorsedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range p.Items {
		got = append(got, it.Practice.Title)
	}
	if want := []string{"Practice sa", "Practice asia", "Practice eu", "Practice wa"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v (newest first)", got, want)
	}
}

// Partners endorse for their body as delegates do.
func TestEndorsementByPartner(t *testing.T) {
	t.Parallel()
	w := newEndorseWorld(t)
	u := &domain.User{Email: "partner@example.org", Name: "Partner"}
	if err := w.db.CreateUser(w.ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	m, err := w.db.Meeting(w.ctx, w.meeting)
	if err != nil {
		t.Fatal(err)
	}
	ms := &domain.Membership{UserID: u.ID, ProcessID: m.ProcessID, Role: domain.RolePartner, BodyID: w.bodies["SACM"].ID}
	if err := w.db.AddMembership(w.ctx, ms); err != nil {
		t.Fatal(err)
	}
	partner := &domain.Actor{User: u, Memberships: []domain.Membership{*ms}}
	e, err := w.put(partner, "eu", "SACM", "", "A regional agreement.", 0)
	if err != nil || e.Region != "South America" {
		t.Fatalf("partner's endorsement %+v, %v", e, err)
	}
}
