package domain

import (
	"slices"
	"testing"
)

func TestFollowUpRules(t *testing.T) {
	t.Parallel()
	const p, m, other = "p", "m", "m2"
	as := func(role Role, meeting, body string) *Actor {
		return &Actor{User: &User{ID: "u"}, Memberships: []Membership{{ProcessID: p, MeetingID: meeting, Role: role, BodyID: body}}}
	}
	// c is owned by "own" with co-owner "co" and partner "sup", made at
	// meeting m.
	c := &Commitment{ID: "c", ProcessID: p, MeetingID: m, OwnerBodyID: "own", CoOwnerBodyIDs: []string{"co"}, PartnerBodyIDs: []string{"sup"}}
	type can struct{ view, manage, review, cycles, report bool }
	tests := []struct {
		name   string
		a      *Actor
		want   can
		bodies []string
	}{
		{"secretariat of the process", as(RoleSecretariat, "", ""), can{true, true, true, true, false}, nil},
		{"secretariat of the commitment's meeting", as(RoleSecretariat, m, ""), can{true, true, true, false, false}, nil},
		{"secretariat of another meeting", as(RoleSecretariat, other, ""), can{view: true}, nil},
		{"chair", as(RoleChair, "", ""), can{view: true}, nil},
		{"rapporteur", as(RoleRapporteur, m, ""), can{view: true}, nil},
		{"delegate of the owner", as(RoleDelegate, m, "own"), can{view: true, report: true}, []string{"own"}},
		{"delegate of the owner named for another meeting", as(RoleDelegate, other, "own"), can{view: true, report: true}, []string{"own"}},
		{"partner acting for the co-owner", as(RolePartner, "", "co"), can{view: true, report: true}, []string{"co"}},
		{"supporting partner", as(RolePartner, "", "sup"), can{view: true}, nil},
		{"delegate of another body", as(RoleDelegate, m, "else"), can{view: true}, nil},
		{"observer of the owner body", as(RoleObserver, m, "own"), can{view: true}, nil},
		{"administrator", &Actor{User: &User{ID: "a", Admin: true}}, can{true, true, true, true, false}, nil},
		{"member of another process", &Actor{User: &User{ID: "u"}, Memberships: []Membership{{ProcessID: "q", Role: RoleSecretariat}, {ProcessID: "q", Role: RoleDelegate, BodyID: "own"}}}, can{}, nil},
		{"anonymous", nil, can{}, nil},
		{"disabled secretariat", &Actor{User: &User{ID: "u", Disabled: true}, Memberships: []Membership{{ProcessID: p, Role: RoleSecretariat}}}, can{}, nil},
		{"disabled delegate of the owner", &Actor{User: &User{ID: "u", Disabled: true}, Memberships: []Membership{{ProcessID: p, Role: RoleDelegate, BodyID: "own"}}}, can{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := can{tt.a.CanViewFollowUp(p), tt.a.CanManageCommitments(p, m), tt.a.CanReviewProgress(p, m), tt.a.CanManageReviewCycles(p), tt.a.CanReportProgress(c)}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if b := tt.a.ReportingBodies(c); !slices.Equal(b, tt.bodies) {
				t.Errorf("reports for %v, want %v", b, tt.bodies)
			}
		})
	}
}

func TestReportBody(t *testing.T) {
	t.Parallel()
	c := &Commitment{ProcessID: "p", OwnerBodyID: "own", CoOwnerBodyIDs: []string{"co"}}
	both := &Actor{User: &User{ID: "u"}, Memberships: []Membership{
		{ProcessID: "p", Role: RoleDelegate, BodyID: "co"}, {ProcessID: "p", Role: RoleDelegate, BodyID: "own"}}}
	tests := []struct {
		name, named, want string
	}{
		{"none named: the first in the commitment's order", "", "own"},
		{"the co-owner named", "co", "co"},
		{"a body they do not speak for", "else", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := both.ReportBody(c, tt.named); got != tt.want {
				t.Errorf("ReportBody(%q) = %q, want %q", tt.named, got, tt.want)
			}
		})
	}
	if got := (*Actor)(nil).ReportBody(c, ""); got != "" {
		t.Errorf("anonymous reports for %q", got)
	}
}

func TestProgressReportRules(t *testing.T) {
	t.Parallel()
	const p, m = "p", "m"
	c := &Commitment{ID: "c", ProcessID: p, MeetingID: m, OwnerBodyID: "own"}
	owner := &Actor{User: &User{ID: "o"}, Memberships: []Membership{{ProcessID: p, Role: RoleDelegate, BodyID: "own"}}}
	sec := &Actor{User: &User{ID: "s"}, Memberships: []Membership{{ProcessID: p, Role: RoleSecretariat}}}
	chair := &Actor{User: &User{ID: "c"}, Memberships: []Membership{{ProcessID: p, Role: RoleChair}}}
	outsider := &Actor{User: &User{ID: "x"}, Memberships: []Membership{{ProcessID: "q", Role: RoleSecretariat}}}
	type can struct{ view, edit, submit, accept, ret bool }
	tests := []struct {
		name  string
		a     *Actor
		state ReportState
		want  can
	}{
		{"owner, draft", owner, ReportDraft, can{view: true, edit: true, submit: true}},
		{"owner, submitted", owner, ReportSubmitted, can{view: true}},
		{"owner, returned", owner, ReportReturned, can{view: true, edit: true, submit: true}},
		{"owner, accepted", owner, ReportAccepted, can{view: true}},
		{"secretariat, draft", sec, ReportDraft, can{}},
		{"secretariat, submitted", sec, ReportSubmitted, can{view: true, accept: true, ret: true}},
		{"secretariat, accepted", sec, ReportAccepted, can{view: true, ret: true}},
		{"secretariat, returned", sec, ReportReturned, can{view: true}},
		{"chair, submitted", chair, ReportSubmitted, can{}},
		{"chair, accepted", chair, ReportAccepted, can{view: true}},
		{"outsider, accepted", outsider, ReportAccepted, can{}},
		{"anonymous, accepted", nil, ReportAccepted, can{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &ProgressReport{CommitmentID: "c", State: tt.state}
			got := can{tt.a.CanViewProgressReport(c, r), tt.a.CanEditProgressReport(c, r), tt.a.CanStepProgressReport(c, r, StepSubmit),
				tt.a.CanStepProgressReport(c, r, StepAccept), tt.a.CanStepProgressReport(c, r, StepReturn)}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
