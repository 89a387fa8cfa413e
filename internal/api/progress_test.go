package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-org/plenary/internal/domain"
	"github.com/plenary-org/plenary/internal/followup"
)

// withReports adds to f (after withCommitment) an open cycle {cycle} over
// the commitment, the delegate's submitted report in it {report} and a
// draft {draft}, and a closed cycle {closed} with its review report.
func (f *fixture) withReports(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	actorOf := func(role string) *domain.Actor {
		u, err := f.db.UserByID(ctx, f.ids["user:"+role])
		if err != nil {
			t.Fatal(err)
		}
		ms, err := f.db.MembershipsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return &domain.Actor{User: u, Memberships: ms}
	}
	sec, del := actorOf("secretariat"), actorOf("delegate")
	svc := followup.New(f.db)
	open, err := svc.OpenCycle(ctx, sec, followup.CycleInput{ProcessID: f.ids["processA"], Name: "Regional review", Deadline: "2099-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	closed, err := svc.OpenCycle(ctx, sec, followup.CycleInput{ProcessID: f.ids["processA"], Name: "IMRF 2022", OpensOn: "2021-01-01", Deadline: "2021-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	in := followup.ReportInput{CommitmentID: f.ids["commitment"], CycleID: open.ID, PeriodFrom: "2024-01-01", PeriodTo: "2024-12-31", Status: domain.CommitmentOnTrack,
		Narrative: "Two centres opened.", Values: []domain.IndicatorValue{{IndicatorID: f.ids["indicator"], Value: 2, On: "2024-12-31"}}}
	r, err := svc.CreateReport(ctx, del, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SubmitReport(ctx, del, followup.ReportRef{ID: r.ID, Version: 1}); err != nil {
		t.Fatal(err)
	}
	in.CycleID = ""
	d, err := svc.CreateReport(ctx, del, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseCycle(ctx, sec, followup.CycleRef{ID: closed.ID, Version: closed.Version}); err != nil {
		t.Fatal(err)
	}
	f.ids["cycle"], f.ids["closed"], f.ids["report"], f.ids["draft"] = open.ID, closed.ID, r.ID, d.ID
}

// TestProgressRoleMatrix asks every route of progress reports, review
// cycles, review reports, reminders and notifications as every role: the
// delegate (of the owner, Budapest) reports; the secretariat reviews and
// runs the cycles; members read; a draft is its owners' alone; others get
// 404, anonymous callers 401.
func TestProgressRoleMatrix(t *testing.T) {
	t.Parallel()
	const (
		ok   = http.StatusOK
		new  = http.StatusCreated
		del  = http.StatusNoContent
		anon = http.StatusUnauthorized
		hid  = http.StatusNotFound
		no   = http.StatusForbidden
	)
	report := `{"period_from":"2025-01-01","period_to":"2025-06-30","status":"on_track","narrative":"Half a year.","values":[{"indicator_id":"{indicator}","value":3,"on":"2025-06-30"}]}`
	tests := []struct {
		name         string
		method, url  string
		body         string
		want         [8]int // anonymous, nobody, observer, delegate, rapporteur, outsider, secretariat, admin
		wantContains string
	}{
		{"list reports", "GET", "/api/v1/commitments/{commitment}/reports", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"items":[`},
		{"create report", "POST", "/api/v1/commitments/{commitment}/reports", report, [8]int{anon, hid, no, new, no, hid, no, no}, `"state":"draft"`},
		{"read submitted", "GET", "/api/v1/reports/{report}", "", [8]int{anon, hid, hid, ok, hid, hid, ok, ok}, `"values":[{`},
		{"read draft", "GET", "/api/v1/reports/{draft}", "", [8]int{anon, hid, hid, ok, hid, hid, hid, hid}, `"state":"draft"`},
		{"update draft", "PUT", "/api/v1/reports/{draft}", `{"version":1,"period_from":"2023-01-01","period_to":"2023-12-31","status":"at_risk","narrative":"Changed."}`, [8]int{anon, hid, hid, ok, hid, hid, hid, hid}, `"status":"at_risk"`},
		{"delete draft", "DELETE", "/api/v1/reports/{draft}?version=1", "", [8]int{anon, hid, hid, del, hid, hid, hid, hid}, ""},
		{"submit", "POST", "/api/v1/reports/{draft}/submit", `{"version":1}`, [8]int{anon, hid, hid, ok, hid, hid, hid, hid}, `"state":"submitted"`},
		{"accept", "POST", "/api/v1/reports/{report}/accept", `{"version":2}`, [8]int{anon, hid, hid, no, hid, hid, ok, ok}, `"state":"accepted"`},
		{"return", "POST", "/api/v1/reports/{report}/return", `{"version":2,"reason":"Give the figures by sex."}`, [8]int{anon, hid, hid, no, hid, hid, ok, ok}, `"return_reason":"Give the figures by sex."`},
		{"list cycles", "GET", "/api/v1/processes/{processA}/cycles", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"Regional review"`},
		{"open cycle", "POST", "/api/v1/processes/{processA}/cycles", `{"name":"IMRF 2098","deadline":"2098-03-31","languages":["en","fr"]}`, [8]int{anon, hid, no, no, no, hid, new, new}, `"languages":["en","fr"]`},
		{"read cycle", "GET", "/api/v1/cycles/{cycle}", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"state":"submitted"`},
		{"update cycle", "PUT", "/api/v1/cycles/{cycle}", `{"version":1,"name":"Regional review 2099","deadline":"2099-06-30","commitment_ids":["{commitment}"]}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"Regional review 2099"`},
		{"close cycle", "POST", "/api/v1/cycles/{cycle}/close", `{"version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"report_languages":["en"]`},
		{"review report", "GET", "/api/v1/cycles/{closed}/report", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, `"key":"indicators"`},
		{"edit section", "POST", "/api/v1/cycles/{closed}/report/sections/summary", `{"version":1,"heading":"Summary","blocks":[{"kind":"paragraph","text":"Ours."}]}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"Ours."`},
		{"regenerate", "POST", "/api/v1/cycles/{closed}/report/regenerate", "", [8]int{anon, hid, no, no, no, hid, ok, ok}, `"latest":2`},
		{"finalise", "POST", "/api/v1/cycles/{closed}/report/finalise", `{"version":1}`, [8]int{anon, hid, no, no, no, hid, ok, ok}, `"final":true`},
		{"export", "GET", "/api/v1/cycles/{closed}/report/export?format=md", "", [8]int{anon, hid, ok, ok, ok, hid, ok, ok}, "DRAFT"},
		{"reminders", "GET", "/api/v1/processes/{processA}/reminders?days=30", "", [8]int{anon, hid, no, no, no, hid, ok, ok}, `"overdue":[]`},
		{"remind", "POST", "/api/v1/processes/{processA}/reminders?days=30", "", [8]int{anon, hid, no, no, no, hid, ok, ok}, `"notified":0`},
		{"my follow-up", "GET", "/api/v1/me/follow-up", "", [8]int{anon, ok, ok, ok, ok, ok, ok, ok}, `"notifications":[`},
		{"mark read", "POST", "/api/v1/me/notifications/read", `{"ids":[]}`, [8]int{anon, ok, ok, ok, ok, ok, ok, ok}, `"marked":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i, role := range matrixRoles {
				f := newFixture(t)
				f.withCommitment(t)
				f.withReports(t)
				w := f.do(t, tt.method, f.url(t, tt.url), role, f.url(t, tt.body))
				if w.Code != tt.want[i] {
					t.Errorf("as %q: status %d, want %d; body: %s", role, w.Code, tt.want[i], w.Body)
				}
				if !strings.HasPrefix(tt.url, "/api/v1/cycles/{closed}/report/export") || w.Code >= 300 {
					checkWellFormed(t, w)
				}
				if w.Code < 300 && tt.wantContains != "" && !strings.Contains(w.Body.String(), tt.wantContains) {
					t.Errorf("as %q: body lacks %s: %s", role, tt.wantContains, w.Body)
				}
			}
		})
	}
}
