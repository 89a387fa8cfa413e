package domain

import "testing"

func TestBreakoutPermissions(t *testing.T) {
	const p, m, g, other = "p", "m", "g", "g2"
	actor := func(ms ...Membership) *Actor { return &Actor{User: &User{ID: "u"}, Memberships: ms} }
	tests := []struct {
		name            string
		a               *Actor
		see, add, merge bool
	}{
		{"a delegate of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g}), true, true, false},
		{"a partner of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RolePartner, GroupID: g}), true, true, false},
		{"an observer of the group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver, GroupID: g}), true, false, false},
		{"the group's rapporteur", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: g}), true, true, true},
		{"another group's rapporteur", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: other}), false, false, false},
		{"a delegate in no group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate}), false, false, false},
		{"the chair", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleChair}), false, false, false},
		{"the process's secretariat", actor(Membership{ProcessID: p, Role: RoleSecretariat}), true, true, true},
		{"another process's secretariat", actor(Membership{ProcessID: "p2", Role: RoleSecretariat}), false, false, false},
		{"an administrator", &Actor{User: &User{ID: "a", Admin: true}}, true, true, true},
		{"a disabled member", &Actor{User: &User{ID: "d", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: g}}}, false, false, false},
		{"anonymous", nil, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.CanSeeGroupWork(p, m, g); got != tt.see {
				t.Errorf("CanSeeGroupWork = %v, want %v", got, tt.see)
			}
			if got := tt.a.CanAddStatement(p, m, g); got != tt.add {
				t.Errorf("CanAddStatement = %v, want %v", got, tt.add)
			}
			if got := tt.a.CanMergeStatements(p, m, g); got != tt.merge {
				t.Errorf("CanMergeStatements = %v, want %v", got, tt.merge)
			}
		})
	}
}
