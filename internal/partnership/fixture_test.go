package partnership_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/partnership"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// world is a process with two meetings (GRCP 7 and GRCP 8), four bodies
// (the Budapest Process and ECOWAS, mechanisms; IOM and ECA, partners),
// published contributions tagged with the Global Compact's objectives (a
// partnership proposal by Budapest, a data contribution by IOM, a
// recommendation by ECOWAS, a proposal under the non-attribution rule), a
// draft proposal, and one actor of each role: the process's secretariat,
// the secretariat of GRCP 8 only, the chair, Budapest's delegate, IOM's
// partner, an observer, an outsider (secretariat of another process) and
// an administrator.
type world struct {
	ctx      context.Context
	db       *store.DB
	svc      *partnership.Service
	process  *domain.Process
	meeting  *domain.Meeting // GRCP 7
	later    *domain.Meeting // GRCP 8
	other    *domain.Process
	bodies   map[string]*domain.Body
	actors   map[string]*domain.Actor
	proposal *domain.Contribution // Budapest's published partnership proposal at GRCP 7
	data     *domain.Contribution // IOM's published good practice at GRCP 7
	draft    *domain.Contribution // a draft proposal
	hidden   *domain.Contribution // a proposal written under the non-attribution rule
	tag      map[string]string    // framework item ID by code
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	w := &world{ctx: ctx, db: db, svc: partnership.New(db, nil), bodies: map[string]*domain.Body{}, actors: map[string]*domain.Actor{}, tag: map[string]string{}}
	w.process = &domain.Process{Name: "ISCM contributions to the GCM"}
	w.other = &domain.Process{Name: "Another process"}
	for _, p := range []*domain.Process{w.process, w.other} {
		if err := db.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	w.meeting = &domain.Meeting{ProcessID: w.process.ID, Title: "Global Meeting of Chairs and Secretariats of RCPs", ShortName: "GRCP 7", StartsOn: "2017-10-10"}
	w.later = &domain.Meeting{ProcessID: w.process.ID, Title: "Global Meeting 8", ShortName: "GRCP 8", StartsOn: "2019-11-04"}
	for _, m := range []*domain.Meeting{w.later, w.meeting} {
		if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: m}); err != nil {
			t.Fatal(err)
		}
	}
	for key, b := range map[string]*domain.Body{
		"budapest": {Name: "Budapest Process", Kind: domain.BodyIRF},
		"ecowas":   {Name: "Economic Community of West African States", Acronym: "ECOWAS", Kind: domain.BodyREO},
		"iom":      {Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.BodyIGO},
		"eca":      {Name: "Economic Commission for Africa", Acronym: "ECA", Kind: domain.BodyUNRegionalComm},
	} {
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		w.bodies[key] = b
	}
	type ms struct {
		process *domain.Process
		meeting string
		role    domain.Role
		body    string
	}
	for _, who := range []struct {
		key   string
		admin bool
		list  []ms
	}{
		{"secretariat", false, []ms{{w.process, "", domain.RoleSecretariat, ""}}},
		{"meetsec", false, []ms{{w.process, w.later.ID, domain.RoleSecretariat, ""}}},
		{"chair", false, []ms{{w.process, w.meeting.ID, domain.RoleChair, ""}}},
		{"budapest", false, []ms{{w.process, w.meeting.ID, domain.RoleDelegate, w.bodies["budapest"].ID}}},
		{"iom", false, []ms{{w.process, w.meeting.ID, domain.RolePartner, w.bodies["iom"].ID}}},
		{"observer", false, []ms{{w.process, w.meeting.ID, domain.RoleObserver, ""}}},
		{"outsider", false, []ms{{w.other, "", domain.RoleSecretariat, ""}}},
		{"admin", true, nil},
	} {
		u := &domain.User{Email: who.key + "@example.org", Name: "Person " + who.key, Admin: who.admin}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		a := &domain.Actor{User: u}
		for _, m := range who.list {
			dm := &domain.Membership{UserID: u.ID, ProcessID: m.process.ID, MeetingID: m.meeting, Role: m.role, BodyID: m.body}
			if err := db.AddMembership(ctx, dm); err != nil {
				t.Fatal(err)
			}
			a.Memberships = append(a.Memberships, *dm)
		}
		w.actors[who.key] = a
	}
	if err := db.EnsureBuiltinFrameworks(ctx); err != nil {
		t.Fatal(err)
	}
	fs, err := db.Frameworks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := db.Framework(ctx, fs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range gcm.Items {
		w.tag[it.Code] = it.ID
	}
	add := func(c *domain.Contribution, author string) *domain.Contribution {
		t.Helper()
		c.MeetingID, c.Lang, c.AuthorID = w.meeting.ID, "en", w.actors[author].User.ID
		if c.Status == "" {
			c.Status = domain.StatusPublished
		}
		if err := db.CreateContribution(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.proposal = add(&domain.Contribution{Kind: domain.KindPartnership, BodyID: w.bodies["budapest"].ID, Title: "Joint migration data observatory",
		Text: "Budapest Process states and partners pool migration data and analysis in a shared observatory on labour migration routes.",
		Tags: []string{w.tag["O1"], w.tag["O23"], w.tag["Pj"]}, Links: []string{"https://example.org/observatory"}}, "budapest")
	w.data = add(&domain.Contribution{Kind: domain.KindGoodPractice, BodyID: w.bodies["iom"].ID, Title: "Migration data portal",
		Text: "A shared portal of migration data and analysis on labour migration routes, maintained with national statistics offices.",
		Tags: []string{w.tag["O1"]}}, "iom")
	add(&domain.Contribution{Kind: domain.KindRecommendation, BodyID: w.bodies["ecowas"].ID, Title: "Free movement protocols",
		Text: "Implement the free movement protocols of the region.", Tags: []string{w.tag["O5"]}}, "secretariat")
	w.draft = add(&domain.Contribution{Kind: domain.KindPartnership, Status: domain.StatusDraft, BodyID: w.bodies["budapest"].ID, Title: "Draft idea",
		Text: "Not yet submitted."}, "budapest")
	// A proposal written under the non-attribution rule: its body is
	// never shown, so it never becomes a party by itself.
	m := *w.meeting
	m.NonAttribution = true
	if err := db.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	w.hidden = add(&domain.Contribution{Kind: domain.KindPartnership, BodyID: w.bodies["ecowas"].ID, Title: "Secondments between secretariats",
		Text: "Staff of the secretariats work in each other's offices.", Tags: []string{w.tag["O23"]}}, "secretariat")
	m.NonAttribution = false
	if err := db.UpdateMeeting(ctx, &m); err != nil {
		t.Fatal(err)
	}
	*w.meeting = m
	return w
}

// partnership records a partnership as the secretariat.
func (w *world) partnership(t testing.TB, title string, parties []string, objectives ...string) *domain.Partnership {
	t.Helper()
	var ids []string
	for _, k := range parties {
		ids = append(ids, w.bodies[k].ID)
	}
	p := &domain.Partnership{ProcessID: w.process.ID, Title: title, Purpose: "Purpose of " + title, Phase: domain.PhaseImplementation,
		Mechanism: domain.CollabTechnical, Parties: ids, Objectives: objectives}
	if _, err := w.svc.Create(w.ctx, w.actors["secretariat"], p); err != nil {
		t.Fatal(err)
	}
	return p
}

func code(err error) string { return domain.ErrorCode(err) }
