package followup_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/locale"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

var repCat = locale.MustLoad()

// repWorld is a process with a meeting (GRCP 7) and a commitment of the
// Budapest Process, co-owned by ECOWAS, with IOM as a supporting partner
// and an indicator broken down by sex; another process with a commitment
// of its own; and one actor of each role: the process's secretariat, the
// meeting's chair, a delegate of Budapest and one of ECOWAS, IOM's
// partner, an observer, an outsider (a delegate of Budapest in the other
// process only) and an administrator.
type repWorld struct {
	ctx        context.Context
	db         *store.DB
	svc        *followup.Service
	process    *domain.Process
	other      *domain.Process
	meeting    *domain.Meeting
	commitment *domain.Commitment
	foreign    *domain.Commitment // of the other process
	indicator  *domain.Indicator
	bodies     map[string]*domain.Body
	actors     map[string]*domain.Actor
	clock      time.Time
}

func newRepWorld(t testing.TB) *repWorld {
	t.Helper()
	return newRepWorldOn(t, storetest.Open(t))
}

func newRepWorldOn(t testing.TB, db *store.DB) *repWorld {
	t.Helper()
	ctx := context.Background()
	w := &repWorld{ctx: ctx, db: db, svc: followup.New(db).WithCatalog(repCat), bodies: map[string]*domain.Body{}, actors: map[string]*domain.Actor{},
		clock: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)}
	w.svc.SetClock(func() time.Time { return w.clock })
	w.process = &domain.Process{Name: "ISCM contributions to the GCM"}
	w.other = &domain.Process{Name: "Another process"}
	for _, p := range []*domain.Process{w.process, w.other} {
		if err := db.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	w.meeting = &domain.Meeting{ProcessID: w.process.ID, Title: "Global Meeting of Chairs and Secretariats of RCPs", ShortName: "GRCP 7"}
	if err := db.CreateMeetingWithAgenda(ctx, &domain.Agenda{Meeting: w.meeting}); err != nil {
		t.Fatal(err)
	}
	for key, b := range map[string]*domain.Body{
		"budapest": {Name: "Budapest Process", Acronym: "BP", Kind: domain.BodyIRF, Region: "Europe"},
		"ecowas":   {Name: "Economic Community of West African States", Acronym: "ECOWAS", Kind: domain.BodyREO, Region: "West Africa"},
		"iom":      {Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.BodyIGO},
	} {
		if err := db.CreateBody(ctx, b); err != nil {
			t.Fatal(err)
		}
		w.bodies[key] = b
	}
	mid := w.meeting.ID
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
		{"chair", false, []ms{{w.process, mid, domain.RoleChair, ""}}},
		{"budapest", false, []ms{{w.process, mid, domain.RoleDelegate, w.bodies["budapest"].ID}}},
		{"ecowas", false, []ms{{w.process, "", domain.RoleDelegate, w.bodies["ecowas"].ID}}},
		{"iom", false, []ms{{w.process, mid, domain.RolePartner, w.bodies["iom"].ID}}},
		{"observer", false, []ms{{w.process, mid, domain.RoleObserver, ""}}},
		{"outsider", false, []ms{{w.other, "", domain.RoleDelegate, w.bodies["budapest"].ID}}},
		{"admin", true, nil},
	} {
		u := &domain.User{Email: who.key + "@example.org", Name: "User " + who.key, Admin: who.admin}
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
	w.commitment = &domain.Commitment{ProcessID: w.process.ID, Title: "Open regular pathways for labour migration", Text: "The Budapest Process and ECOWAS open pathways.",
		Lang: "en", OwnerBodyID: w.bodies["budapest"].ID, CoOwnerBodyIDs: []string{w.bodies["ecowas"].ID}, DueOn: "2026-12-31", Status: domain.CommitmentPlanned}
	w.foreign = &domain.Commitment{ProcessID: w.other.ID, Title: "Another process's commitment", Text: "Elsewhere.", Lang: "en", OwnerBodyID: w.bodies["budapest"].ID, Status: domain.CommitmentPlanned}
	for _, c := range []*domain.Commitment{w.commitment, w.foreign} {
		if err := db.CreateCommitments(ctx, []*domain.Commitment{c}, "create"); err != nil {
			t.Fatal(err)
		}
	}
	base, target := 1000.0, 5000.0
	w.indicator = &domain.Indicator{CommitmentID: w.commitment.ID, Name: "Migrant workers placed through the pathways", Unit: "people",
		Baseline: &base, BaselineOn: "2018-01-01", Target: &target, TargetOn: "2026-12-31", Direction: domain.UpIsGood, Disaggregation: []string{"sex"}}
	if err := db.CreateIndicator(ctx, w.indicator); err != nil {
		t.Fatal(err)
	}
	return w
}

// input is a report on the world's commitment with one value for the
// whole and one for women.
func (w *repWorld) input() followup.ReportInput {
	return followup.ReportInput{CommitmentID: w.commitment.ID, PeriodFrom: "2024-01-01", PeriodTo: "2024-12-31", PeriodLabel: "2024",
		Status: domain.CommitmentOnTrack, Lang: "en", Narrative: "Two new pathways opened.", Challenges: "Visa processing times.",
		SupportNeeded: "Technical support for skills recognition.", EvidenceLinks: []string{"https://example.org/evidence"},
		Values: []domain.IndicatorValue{
			{IndicatorID: w.indicator.ID, Value: 2400, On: "2024-12-31"},
			{IndicatorID: w.indicator.ID, Value: 1100, On: "2024-12-31", Dimension: "sex", Category: "female"},
		}}
}

// draft creates a draft as Budapest's delegate.
func (w *repWorld) draft(t testing.TB) *domain.ProgressReport {
	t.Helper()
	r, err := w.svc.CreateReport(w.ctx, w.actors["budapest"], w.input())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// submitted creates and submits a report as Budapest's delegate.
func (w *repWorld) submitted(t testing.TB) *domain.ProgressReport {
	t.Helper()
	r := w.draft(t)
	r, err := w.svc.SubmitReport(w.ctx, w.actors["budapest"], followup.ReportRef{ID: r.ID, Version: r.Version})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func repCode(err error) string { return domain.ErrorCode(err) }

// asList finds the list of field errors in err.
func asList(err error, list *domain.Errors) bool { return errors.As(err, list) }

// hasField reports whether one of list names field.
func hasField(list domain.Errors, field string) bool {
	for _, e := range list {
		if e.Field == field {
			return true
		}
	}
	return false
}
