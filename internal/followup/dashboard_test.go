package followup_test

import (
	"context"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// dashFixture is a generated follow-up of 60 commitments (see
// storetest.GenerateFollowUp) and the use cases over it.
type dashFixture struct {
	ctx context.Context
	db  *store.DB
	svc *followup.Service
	w   *storetest.FollowUpWorld
}

var dashSnapshot storetest.Snapshot[*storetest.FollowUpWorld]

func newDashFixture(t *testing.T) *dashFixture {
	t.Helper()
	ctx := context.Background()
	db, w := dashSnapshot.Open(t, func(db *store.DB) *storetest.FollowUpWorld {
		w, err := storetest.GenerateFollowUp(ctx, db, storetest.URLOf(db), storetest.FollowUpSize{Commitments: 60})
		if err != nil {
			t.Fatal(err)
		}
		return w
	})
	return &dashFixture{ctx: ctx, db: db, svc: followup.New(db), w: w}
}

func (f *dashFixture) actor(t *testing.T, role string) *domain.Actor {
	t.Helper()
	if role == "anonymous" {
		return &domain.Actor{}
	}
	u := f.w.Users[role]
	ms, err := f.db.MembershipsOf(f.ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &domain.Actor{User: u, Memberships: ms}
}

// TestDashboardWhoSees: the process's members and administrators see its
// dashboard and its indicators' charts; an outsider gets not found, an
// anonymous visitor unauthorised.
func TestDashboardWhoSees(t *testing.T) {
	t.Parallel()
	f := newDashFixture(t)
	for _, tc := range []struct {
		role string
		want string
	}{
		{"admin", ""}, {"secretariat", ""}, {"delegate", ""}, {"observer", ""},
		{"outsider", domain.ENOTFOUND}, {"anonymous", domain.EUNAUTHORIZED},
	} {
		t.Run(tc.role, func(t *testing.T) {
			a := f.actor(t, tc.role)
			_, err := f.svc.Dashboard(f.ctx, a, followup.DashboardInput{ProcessID: f.w.ProcessID})
			if got := domain.ErrorCode(err); got != tc.want {
				t.Errorf("dashboard: %q (%v), want %q", got, err, tc.want)
			}
			_, err = f.svc.IndicatorChart(f.ctx, a, f.w.IndicatorIDs[0])
			if got := domain.ErrorCode(err); got != tc.want {
				t.Errorf("indicator chart: %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

// TestDashboardRefusesOthersAndNonsense: the IDs of another process's
// things are not found, unknown values invalid.
func TestDashboardRefusesOthersAndNonsense(t *testing.T) {
	t.Parallel()
	f := newDashFixture(t)
	a := f.actor(t, "secretariat")
	pid := f.w.ProcessID
	for _, tc := range []struct {
		name string
		in   followup.DashboardInput
		want string
	}{
		{"unknown process", followup.DashboardInput{ProcessID: "nope"}, domain.ENOTFOUND},
		{"meeting of nothing", followup.DashboardInput{ProcessID: pid, MeetingID: "nope"}, domain.ENOTFOUND},
		{"body owning nothing here", followup.DashboardInput{ProcessID: pid, BodyID: "nope"}, domain.ENOTFOUND},
		{"cycle of nothing", followup.DashboardInput{ProcessID: pid, CycleID: "nope"}, domain.ENOTFOUND},
		{"status", followup.DashboardInput{ProcessID: pid, Status: "finished"}, domain.EINVALID},
		{"objective", followup.DashboardInput{ProcessID: pid, Objective: "O24"}, domain.EINVALID},
		{"region with NUL", followup.DashboardInput{ProcessID: pid, Region: "Africa\x00"}, domain.EINVALID},
		{"region of no owner", followup.DashboardInput{ProcessID: pid, Region: "~Atlantis"}, domain.ENOTFOUND},
		{"objective in lower case", followup.DashboardInput{ProcessID: pid, Objective: " o5 "}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.Dashboard(f.ctx, a, tc.in)
			if got := domain.ErrorCode(err); got != tc.want {
				t.Errorf("%q (%v), want %q", got, err, tc.want)
			}
		})
	}
	// The other process's cycle, seen by its own secretariat, is not this
	// process's.
	other := f.actor(t, "outsider")
	if _, err := f.svc.Dashboard(f.ctx, other, followup.DashboardInput{ProcessID: pid, CycleID: f.w.CycleIDs[0]}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("outsider with a real cycle: %v", err)
	}
}

// TestDashboardCountsAddUp: every chart counts the same commitments: the
// statuses and the regions add up to the total, the heat map's rows to
// the objectives, its columns to at least the regions' commitments with
// an objective; and a filter narrows every count.
func TestDashboardCountsAddUp(t *testing.T) {
	t.Parallel()
	f := newDashFixture(t)
	a := f.actor(t, "observer")
	all, err := f.svc.Dashboard(f.ctx, a, followup.DashboardInput{ProcessID: f.w.ProcessID})
	if err != nil {
		t.Fatal(err)
	}
	if all.Total != 60 || sum(all.ByStatus) != 60 || sum(all.ByRegion) != 60 {
		t.Errorf("total %d, by status %d, by region %d; want 60", all.Total, sum(all.ByStatus), sum(all.ByRegion))
	}
	if len(all.ByStatus) != len(domain.CommitmentStatuses) || len(all.ByObjective) != 23 || len(all.Heat) != 23 {
		t.Fatalf("%d statuses, %d objectives, %d heat rows", len(all.ByStatus), len(all.ByObjective), len(all.Heat))
	}
	for i, row := range all.Heat {
		n := 0
		for _, v := range row {
			n += v
		}
		if n != all.ByObjective[i].N {
			t.Errorf("heat row %s adds up to %d, objective counts %d", all.ByObjective[i].Key, n, all.ByObjective[i].N)
		}
	}
	if all.RegionName(all.Regions[0], "fr") == "" || all.Regions[len(all.Regions)-1] != "" {
		t.Errorf("bodies without a region are not last: %q", all.Regions)
	}
	if all.Reporting == nil || all.Reporting.CycleID != f.w.CycleIDs[1] || all.Reporting.All.Total() != 60 {
		t.Fatalf("reporting of the latest cycle: %+v", all.Reporting)
	}
	closed, err := f.svc.Dashboard(f.ctx, a, followup.DashboardInput{ProcessID: f.w.ProcessID, CycleID: f.w.CycleIDs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if closed.Total != 36 || closed.Reporting.All.Total() != 36 || closed.Reporting.CycleID != f.w.CycleIDs[0] {
		t.Errorf("closed cycle: %d selected, %d in scope; want 36 (3 in 5)", closed.Total, closed.Reporting.All.Total())
	}
	r := closed.Reporting.All
	if r.OnTime == 0 || r.Late == 0 || r.None == 0 || r.Rate() <= 0 || r.Rate() >= 1 {
		t.Errorf("the generated cycle has every kind of reporting: %+v", r)
	}
	reg := all.Regions[0]
	one, err := f.svc.Dashboard(f.ctx, a, followup.DashboardInput{ProcessID: f.w.ProcessID, Region: reg, Status: domain.CommitmentOnTrack})
	if err != nil {
		t.Fatal(err)
	}
	if want := countIn(all, reg, domain.CommitmentOnTrack); one.Total >= all.Total || len(one.Regions) > 1 || one.Total > want {
		t.Errorf("filtered: %d of %d in %q", one.Total, all.Total, one.Regions)
	}
	for _, c := range one.ByStatus {
		if c.Key != string(domain.CommitmentOnTrack) && c.N != 0 {
			t.Errorf("status filter lets %s through", c.Key)
		}
	}
}

func countIn(d *followup.Dashboard, region string, _ domain.CommitmentStatus) int {
	for _, c := range d.ByRegion {
		if c.Key == region {
			return c.N
		}
	}
	return 0
}

func sum(cs []followup.Count) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

// TestIndicatorChart: the series of the generated indicator, with its
// baseline and target, and an unknown indicator not found.
func TestIndicatorChart(t *testing.T) {
	t.Parallel()
	f := newDashFixture(t)
	a := f.actor(t, "delegate")
	c, err := f.svc.IndicatorChart(f.ctx, a, f.w.IndicatorIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if c.Baseline == nil || c.Target == nil || c.ProcessID != f.w.ProcessID || len(c.Points) == 0 {
		t.Errorf("chart %+v", c)
	}
	for i := 1; i < len(c.Points); i++ {
		if c.Points[i].On <= c.Points[i-1].On {
			t.Errorf("points not in date order: %v", c.Points)
		}
	}
	if _, err := f.svc.IndicatorChart(f.ctx, a, "nope"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("unknown indicator: %v", err)
	}
}
