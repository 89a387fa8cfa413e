package domain

import "testing"

func TestBreakoutPermissions(t *testing.T) {
	t.Parallel()
	const p, m, g, other = "p", "m", "g", "g2"
	actor := func(ms ...Membership) *Actor { return &Actor{User: &User{ID: "u"}, Memberships: ms} }
	tests := []struct {
		name string
		a    *Actor
		// see: CanSeeGroupWork; in: InGroup; add: CanAddStatement; vote:
		// CanVote in the group; merge: CanMergeStatements; manage:
		// CanManageGroup (writes the group's report).
		see, in, add, vote, merge, manage bool
	}{
		{"a delegate of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g, BodyID: "b"}), true, true, true, true, false, false},
		{"a partner of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RolePartner, GroupID: g, BodyID: "b"}), true, true, true, true, false, false},
		{"an observer of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver, GroupID: g}), true, true, false, false, false, false},
		{"the group's rapporteur", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: g}), true, true, true, true, true, true},
		{"another group's rapporteur", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: other}), false, false, false, false, false, false},
		{"a delegate of another group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: other, BodyID: "b"}), false, false, false, false, false, false},
		{"a delegate in no group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, BodyID: "b"}), false, false, false, false, false, false},
		{"a delegate of the group in another process", actor(Membership{ProcessID: "p2", MeetingID: m, Role: RoleDelegate, GroupID: g, BodyID: "b"}), false, false, false, false, false, false},
		{"the chair", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleChair}), false, false, false, false, false, false},
		{"a meeting observer", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver}), false, false, false, false, false, false},
		{"the process's secretariat", actor(Membership{ProcessID: p, Role: RoleSecretariat}), true, false, true, false, true, true},
		{"the meeting's secretariat", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleSecretariat}), true, false, true, false, true, true},
		{"another process's secretariat", actor(Membership{ProcessID: "p2", Role: RoleSecretariat}), false, false, false, false, false, false},
		{"an administrator", &Actor{User: &User{ID: "a", Admin: true}}, true, false, true, false, true, true},
		{"a disabled member", &Actor{User: &User{ID: "d", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g}}}, false, false, false, false, false, false},
		{"anonymous", nil, false, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.CanSeeGroupWork(p, m, g); got != tt.see {
				t.Errorf("CanSeeGroupWork = %v, want %v", got, tt.see)
			}
			if got := tt.a.InGroup(p, m, g); got != tt.in {
				t.Errorf("InGroup = %v, want %v", got, tt.in)
			}
			if got := tt.a.CanAddStatement(p, m, g); got != tt.add {
				t.Errorf("CanAddStatement = %v, want %v", got, tt.add)
			}
			if got := tt.a.CanVote(p, m, g); got != tt.vote {
				t.Errorf("CanVote = %v, want %v", got, tt.vote)
			}
			if got := tt.a.CanMergeStatements(p, m, g); got != tt.merge {
				t.Errorf("CanMergeStatements = %v, want %v", got, tt.merge)
			}
			if got := tt.a.CanManageGroup(p, m, g); got != tt.manage {
				t.Errorf("CanManageGroup = %v, want %v", got, tt.manage)
			}
		})
	}
}

func TestGroupBody(t *testing.T) {
	t.Parallel()
	const p, m, g = "p", "m", "g"
	actor := func(ms ...Membership) *Actor { return &Actor{User: &User{ID: "u"}, Memberships: ms} }
	tests := []struct {
		name    string
		a       *Actor
		body    string
		partner bool
	}{
		{"a delegate of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g, BodyID: "state"}), "state", false},
		{"a partner of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RolePartner, GroupID: g, BodyID: "ngo"}), "ngo", true},
		{"a rapporteur of the group with a body", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: g, BodyID: "rcp"}), "", false},
		{"an observer of the group with a body", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver, GroupID: g, BodyID: "rcp"}), "", false},
		{"a delegate in no group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, BodyID: "state"}), "", false},
		{"a delegate of another group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g2", BodyID: "state"}), "", false},
		{"a delegate of the group in another meeting", actor(Membership{ProcessID: p, MeetingID: "m2", Role: RoleDelegate, GroupID: g, BodyID: "state"}), "", false},
		{"a rapporteur here and a delegate of the group", actor(
			Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: g},
			Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g, BodyID: "state"}), "state", false},
		{"the secretariat", actor(Membership{ProcessID: p, Role: RoleSecretariat}), "", false},
		{"a disabled delegate", &Actor{User: &User{ID: "d", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g, BodyID: "state"}}}, "", false},
		{"anonymous", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, partner := tt.a.GroupBody(p, m, g)
			if body != tt.body || partner != tt.partner {
				t.Errorf("GroupBody = %q, %v; want %q, %v", body, partner, tt.body, tt.partner)
			}
		})
	}
}
