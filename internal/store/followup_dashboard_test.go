package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/store"
	"github.com/plenary-org/plenary/internal/store/storetest"
)

// dashWorld is a process with four commitments whose counts are known,
// and one of another process that no count may include:
//
//	c1  Africa (M49 002) body A  on_track  O1 O2   meeting m1  cycle, reported on time
//	c2  "Rim" (no known region) body B  on_track  O2  co-owned by A, cycle, reported late
//	c3  "Rim" body B  delayed   -
//	c4  Africa body A  achieved  O23 Pa
//	cx  (other process) Africa body A on_track O1, in the other process's cycle
type dashWorld struct {
	db                      *store.DB
	process, meeting, cycle string
	bodyA, bodyB, indicator string
	cutoff                  int64
}

func newDashWorld(t *testing.T) *dashWorld {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	admin := &domain.User{Email: "admin@example.org", Name: "Admin", Admin: true}
	if err := db.CreateUser(ctx, admin, ""); err != nil {
		t.Fatal(err)
	}
	actx := domain.NewContextWithActor(ctx, &domain.Actor{User: admin})
	p, other := &domain.Process{Name: "P"}, &domain.Process{Name: "Q"}
	for _, pr := range []*domain.Process{p, other} {
		if err := db.CreateProcess(actx, pr); err != nil {
			t.Fatal(err)
		}
	}
	ag := &domain.Agenda{Meeting: &domain.Meeting{ProcessID: p.ID, Title: "M1"}}
	if err := db.CreateMeetingWithAgenda(actx, ag); err != nil {
		t.Fatal(err)
	}
	a, b := &domain.Body{Name: "A", Kind: domain.BodyRCP, Region: "Africa"}, &domain.Body{Name: "B", Kind: domain.BodyRCP, Region: "Rim"}
	for _, x := range []*domain.Body{a, b} {
		if err := db.CreateBody(actx, x); err != nil {
			t.Fatal(err)
		}
	}
	w := &dashWorld{db: db, process: p.ID, meeting: ag.Meeting.ID, cycle: "cy1", bodyA: a.ID, bodyB: b.ID, indicator: "i1",
		cutoff: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC).UnixMilli()}
	before, after := w.cutoff-86400000, w.cutoff+86400000
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.ExecForTest(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, c := range []struct {
		id, process, owner, status string
		meeting                    any
	}{
		{"c1", p.ID, a.ID, "on_track", w.meeting},
		{"c2", p.ID, b.ID, "on_track", nil},
		{"c3", p.ID, b.ID, "delayed", nil},
		{"c4", p.ID, a.ID, "achieved", nil},
		{"cx", other.ID, a.ID, "on_track", nil},
	} {
		exec(`INSERT INTO commitments (id, process_id, meeting_id, title, text, lang, owner_body_id, status, created_at, updated_at) VALUES (?, ?, ?, 't', 't', 'en', ?, ?, 1, 1)`,
			c.id, c.process, c.meeting, c.owner, c.status)
	}
	exec(`INSERT INTO commitment_bodies (commitment_id, body_id, role, position) VALUES ('c2', ?, 'co_owner', 0)`, a.ID)
	for _, o := range [][2]string{{"c1", "O1"}, {"c1", "O2"}, {"c2", "O2"}, {"c4", "O23"}, {"c4", "Pa"}, {"cx", "O1"}} {
		exec(`INSERT INTO commitment_objectives (commitment_id, code) VALUES (?, ?)`, o[0], o[1])
	}
	for _, cy := range [][2]string{{"cy1", p.ID}, {"cyx", other.ID}} {
		exec(`INSERT INTO review_cycles (id, process_id, name, opens_on, deadline, created_at, updated_at) VALUES (?, ?, 'R', '2024-01-01', '2024-03-31', 1, 1)`, cy[0], cy[1])
	}
	for _, s := range [][2]string{{"cy1", "c1"}, {"cy1", "c2"}, {"cyx", "cx"}} {
		exec(`INSERT INTO review_cycle_commitments (cycle_id, commitment_id) VALUES (?, ?)`, s[0], s[1])
	}
	exec(`INSERT INTO indicators (id, commitment_id, name, created_at, updated_at) VALUES ('i1', 'c1', 'n', 1, 1)`)
	for _, r := range []struct {
		id, commitment, body, state string
		cycle                       any
		submitted, reviewed         int64
	}{
		{"r1", "c1", a.ID, "accepted", "cy1", before, before + 1},
		{"r2", "c2", b.ID, "draft", "cy1", 0, 0},
		{"r3", "c2", b.ID, "submitted", "cy1", after, 0},
		{"r4", "c1", a.ID, "accepted", nil, after, after + 1},
		{"r5", "c1", a.ID, "submitted", nil, after, 0},
		{"r6", "cx", a.ID, "accepted", "cyx", before, before},
	} {
		exec(`INSERT INTO progress_reports (id, commitment_id, cycle_id, body_id, period_from, period_to, state, status, lang, submitted_at, reviewed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, '2023-01-01', '2023-12-31', ?, 'on_track', 'en', ?, ?, 1, 1)`, r.id, r.commitment, r.cycle, r.body, r.state, r.submitted, r.reviewed)
	}
	for _, v := range []struct {
		report, on, dim, cat string
		value                float64
	}{
		{"r1", "2023-06-30", "", "", 10},
		{"r1", "2023-12-31", "", "", 20},
		{"r1", "2023-12-31", "sex", "female", 5},
		{"r4", "2023-12-31", "", "", 25},
		{"r5", "2024-06-30", "", "", 99},
	} {
		exec(`INSERT INTO indicator_values (report_id, indicator_id, on_date, dimension, category, value) VALUES (?, 'i1', ?, ?, ?, ?)`, v.report, v.on, v.dim, v.cat, v.value)
	}
	return w
}

func countsString(cs []store.FollowUpCount) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s/%s=%d", c.Key, c.Region, c.N))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestDashboardCounts: each count, under each filter, is the one the
// world's table above gives, and the other process never counts.
func TestDashboardCounts(t *testing.T) {
	t.Parallel()
	w := newDashWorld(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		f           store.DashboardFilter
		byStatus    string
		byObjective string
	}{
		{"all", store.DashboardFilter{},
			"achieved/002=1 delayed/~Rim=1 on_track/002=1 on_track/~Rim=1",
			"O1/002=1 O2/002=1 O2/~Rim=1 O23/002=1 Pa/002=1"},
		{"owned or co-owned by A", store.DashboardFilter{BodyID: w.bodyA},
			"achieved/002=1 on_track/002=1 on_track/~Rim=1",
			"O1/002=1 O2/002=1 O2/~Rim=1 O23/002=1 Pa/002=1"},
		{"region", store.DashboardFilter{Region: "~Rim"}, "delayed/~Rim=1 on_track/~Rim=1", "O2/~Rim=1"},
		{"objective", store.DashboardFilter{Objective: "O2"}, "on_track/002=1 on_track/~Rim=1", "O1/002=1 O2/002=1 O2/~Rim=1"},
		{"status", store.DashboardFilter{Status: "achieved"}, "achieved/002=1", "O23/002=1 Pa/002=1"},
		{"meeting", store.DashboardFilter{MeetingID: w.meeting}, "on_track/002=1", "O1/002=1 O2/002=1"},
		{"cycle", store.DashboardFilter{CycleID: w.cycle}, "on_track/002=1 on_track/~Rim=1", "O1/002=1 O2/002=1 O2/~Rim=1"},
		{"another process's cycle", store.DashboardFilter{CycleID: "cyx"}, "", ""},
		{"nothing matches", store.DashboardFilter{Region: "~Rim", Status: "achieved"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.ProcessID = w.process
			s, err := w.db.CommitmentsByStatus(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := countsString(s); got != tc.byStatus {
				t.Errorf("by status: %s, want %s", got, tc.byStatus)
			}
			o, err := w.db.CommitmentsByObjective(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := countsString(o); got != tc.byObjective {
				t.Errorf("by objective: %s, want %s", got, tc.byObjective)
			}
			// The dashboards count from the facts: the same.
			s, o, _, err = w.db.FactsCountsForTest(ctx, tc.f, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := countsString(s); got != tc.byStatus {
				t.Errorf("facts by status: %s, want %s", got, tc.byStatus)
			}
			if got := countsString(o); got != tc.byObjective {
				t.Errorf("facts by objective: %s, want %s", got, tc.byObjective)
			}
		})
	}
}

// TestCycleReporting: a report submitted (or since accepted) before the
// cutoff is on time, after it late; drafts and reports of no cycle or of
// another cycle do not count; the filters apply.
func TestCycleReporting(t *testing.T) {
	t.Parallel()
	w := newDashWorld(t)
	ctx := context.Background()
	// Each count is asked of the database and of the facts the
	// dashboards count from, which must agree.
	reporting := func(f store.DashboardFilter, cycle string, cutoff int64) ([]store.FollowUpCount, error) {
		t.Helper()
		got, err := w.db.CycleReporting(ctx, f, cycle, cutoff)
		if err != nil {
			return nil, err
		}
		_, _, facts, err := w.db.FactsCountsForTest(ctx, f, cycle, cutoff)
		if err != nil {
			return nil, err
		}
		if a, b := countsString(got), countsString(facts); a != b {
			t.Errorf("%+v in %s: the database counts %s, the facts %s", f, cycle, a, b)
		}
		return got, nil
	}
	got, err := reporting(store.DashboardFilter{ProcessID: w.process}, w.cycle, w.cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if s := countsString(got); s != "late/~Rim=1 on_time/002=1" {
		t.Errorf("reporting: %s", s)
	}
	got, err = reporting(store.DashboardFilter{ProcessID: w.process}, w.cycle, w.cutoff-2*86400000)
	if err != nil {
		t.Fatal(err)
	}
	if s := countsString(got); s != "late/002=1 late/~Rim=1" {
		t.Errorf("with an earlier deadline: %s", s)
	}
	got, err = reporting(store.DashboardFilter{ProcessID: w.process, Region: "~Rim"}, w.cycle, w.cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if s := countsString(got); s != "late/~Rim=1" {
		t.Errorf("in Europe: %s", s)
	}
	got, err = reporting(store.DashboardFilter{ProcessID: w.process}, "cyx", w.cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("another process's cycle counts: %s", countsString(got))
	}
	// Before anyone reported: everything in scope is not reported.
	if err := w.db.ExecForTest(ctx, `DELETE FROM progress_reports`); err != nil {
		t.Fatal(err)
	}
	got, err = reporting(store.DashboardFilter{ProcessID: w.process}, w.cycle, w.cutoff)
	if err != nil {
		t.Fatal(err)
	}
	if s := countsString(got); s != "none/002=1 none/~Rim=1" {
		t.Errorf("before any report: %s", s)
	}
}

// TestIndicatorSeries: accepted values of the whole, one per date, the
// last accepted winning; disaggregated and unaccepted values left out.
func TestIndicatorSeries(t *testing.T) {
	t.Parallel()
	w := newDashWorld(t)
	pts, err := w.db.IndicatorSeries(context.Background(), w.indicator)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(pts); got != "[{2023-06-30 10} {2023-12-31 25}]" {
		t.Errorf("series %s", got)
	}
	pts, err = w.db.IndicatorSeries(context.Background(), "none")
	if err != nil || len(pts) != 0 {
		t.Errorf("unknown indicator: %v, %v", pts, err)
	}
}

// TestDashboardChoices: the filters offer the process's own meetings,
// owners and co-owners, regions and cycles.
func TestDashboardChoices(t *testing.T) {
	t.Parallel()
	w := newDashWorld(t)
	ch, err := w.db.DashboardChoices(context.Background(), w.process)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintln(len(ch.Meetings), len(ch.Bodies), ch.Regions, len(ch.Cycles), ch.Cycles[0].ID, ch.Cycles[0].Extra)
	if want := "1 2 [{002 Africa } {~Rim Rim }] 1 cy1 2024-03-31\n"; got != want {
		t.Errorf("choices %s, want %s", got, want)
	}
}

// TestGeneratedFollowUp: the benchmarks' generator makes what it says,
// and the dashboards' counts add up over it.
func TestGeneratedFollowUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.MigratedURL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w, err := storetest.GenerateFollowUp(ctx, db, url, storetest.FollowUpSize{Commitments: 50})
	if err != nil {
		t.Fatal(err)
	}
	again, err := storetest.FindFollowUp(ctx, db, url)
	if err != nil {
		t.Fatal(err)
	}
	if again.ProcessID != w.ProcessID || len(again.IndicatorIDs) != 3 || len(again.CycleIDs) != 2 || len(again.BodyIDs) != 60 {
		t.Errorf("found again: %+v", again)
	}
	s, err := db.CommitmentsByStatus(ctx, store.DashboardFilter{ProcessID: w.ProcessID})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range s {
		total += c.N
	}
	if total != 50 {
		t.Errorf("%d commitments counted, want 50", total)
	}
	r, err := db.CycleReporting(ctx, store.DashboardFilter{ProcessID: w.ProcessID}, w.CycleIDs[1], time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	total = 0
	for _, c := range r {
		total += c.N
	}
	if total != 50 {
		t.Errorf("%d commitments in the open cycle's scope, want 50", total)
	}
	pts, err := db.IndicatorSeries(ctx, w.IndicatorIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) > 6 {
		t.Errorf("%d points, at most 6 dates", len(pts))
	}
}

// TestDashboardCountsFollowChanges: the counts kept for a dashboard are
// given again while nothing changes, and within a second of a change; a
// second after a commitment, a report, a body or a cycle's scope changes,
// they are counted anew.
func TestDashboardCountsFollowChanges(t *testing.T) {
	t.Parallel()
	w := newDashWorld(t)
	ctx := context.Background()
	f := store.DashboardFilter{ProcessID: w.process}
	cutoff := func(string) (int64, error) { return w.cutoff, nil }
	counts := func() *store.DashboardCounts {
		t.Helper()
		c, err := w.db.DashboardCounts(ctx, f, cutoff)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := counts()
	if again := counts(); again != first {
		t.Error("unchanged follow-up counted again")
	}
	if first.Cycle == nil || first.Cycle.ID != w.cycle || countsString(first.Reporting) != "late/~Rim=1 on_time/002=1" {
		t.Fatalf("first: cycle %v, reporting %s", first.Cycle, countsString(first.Reporting))
	}
	for _, change := range []string{
		`UPDATE commitments SET status = 'achieved', updated_at = 99 WHERE id = 'c1'`,
		`UPDATE progress_reports SET state = 'returned' WHERE id = 'r3'`,
		`UPDATE bodies SET region = 'Somewhere', region_id = '', updated_at = 99999999999999`,
		`DELETE FROM review_cycle_commitments WHERE commitment_id = 'c2'`,
	} {
		before := counts()
		if err := w.db.ExecForTest(ctx, change); err != nil {
			t.Fatal(err)
		}
		if within := counts(); within != before {
			t.Errorf("after %s: counted again within a second", change)
		}
		w.db.ExpireDashboardChecksForTest()
		if after := counts(); after == before {
			t.Errorf("after %s: the counts kept are given a second later", change)
		}
	}
	w.db.ExpireDashboardChecksForTest()
	if got := countsString(counts().Reporting); got != "on_time/~Somewhere=1" {
		t.Errorf("reporting at the end: %s", got)
	}
}

// TestDashboardFactsCountAsTheDatabase: over a generated follow-up (mapped
// and unmapped regions, bodies without one, co-owners, two cycles with
// reports on time, late and none), every filter alone and many together
// count the same from the facts as the database's GROUP BYs, in both
// cycles and with the cutoff before, inside and after the reports.
func TestDashboardFactsCountAsTheDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := storetest.MigratedURL(t)
	db, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w, err := storetest.GenerateFollowUp(ctx, db, url, storetest.FollowUpSize{Commitments: 240})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := db.DashboardChoices(ctx, w.ProcessID)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(cs []store.DashboardChoice) []string {
		out := []string{""}
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	meetings, bodies, regions, cycles := ids(ch.Meetings), ids(ch.Bodies), append(ids(ch.Regions), "~Nowhere", "nowhere"), ids(ch.Cycles)
	if len(regions) < 6 || len(cycles) != 3 {
		t.Fatalf("regions %v, cycles %v", regions, cycles)
	}
	statuses := []string{"", "planned", "on_track", "at_risk", "delayed", "achieved", "dropped"}
	objectives := []string{"", "O1", "O2", "O5", "O13", "O23", "Pa", "Pj"}
	var filters []store.DashboardFilter
	for _, m := range meetings {
		filters = append(filters, store.DashboardFilter{MeetingID: m})
	}
	for _, b := range bodies {
		filters = append(filters, store.DashboardFilter{BodyID: b})
	}
	for _, r := range regions {
		filters = append(filters, store.DashboardFilter{Region: r})
	}
	for _, s := range statuses {
		filters = append(filters, store.DashboardFilter{Status: s})
	}
	for _, o := range objectives {
		filters = append(filters, store.DashboardFilter{Objective: o})
	}
	for _, c := range cycles {
		filters = append(filters, store.DashboardFilter{CycleID: c})
	}
	for i := range 80 { // together, spread deterministically
		filters = append(filters, store.DashboardFilter{MeetingID: meetings[i%len(meetings)], BodyID: bodies[(i*7)%len(bodies)],
			Region: regions[(i*3)%len(regions)], Status: statuses[(i*5)%len(statuses)], Objective: objectives[(i*11)%len(objectives)],
			CycleID: cycles[(i/2)%len(cycles)]})
		filters = append(filters, store.DashboardFilter{Region: regions[i%len(regions)], Status: statuses[(i/3)%len(statuses)], CycleID: cycles[i%len(cycles)]})
	}
	facts, err := db.DashboardFactsForTest(ctx, w.ProcessID)
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, f := range filters {
		f.ProcessID = w.ProcessID
		s, err := db.CommitmentsByStatus(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		o, err := db.CommitmentsByObjective(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		fs, fo, _ := facts.Count(f, "", 0)
		if a, b := countsString(s), countsString(fs); a != b {
			t.Errorf("%+v by status: database %s, facts %s", f, a, b)
		}
		if a, b := countsString(o), countsString(fo); a != b {
			t.Errorf("%+v by objective: database %s, facts %s", f, a, b)
		}
		if len(s) > 0 {
			nonEmpty++
		}
		for _, cy := range w.CycleIDs {
			for _, cutoff := range []int64{0, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), 1 << 50} {
				r, err := db.CycleReporting(ctx, f, cy, cutoff)
				if err != nil {
					t.Fatal(err)
				}
				_, _, fr := facts.Count(f, cy, cutoff)
				if a, b := countsString(r), countsString(fr); a != b {
					t.Errorf("%+v reporting in %s before %d: database %s, facts %s", f, cy, cutoff, a, b)
				}
			}
		}
	}
	if nonEmpty < len(filters)/3 {
		t.Errorf("only %d of %d filters select anything: the test compares too many empty counts", nonEmpty, len(filters))
	}
}
