package domain

import "testing"

func TestCanEditPlenary(t *testing.T) {
	const p, m = "p", "m"
	actor := func(ms ...Membership) *Actor { return &Actor{User: &User{ID: "u"}, Memberships: ms} }
	tests := []struct {
		name string
		a    *Actor
		want bool
	}{
		{"the meeting's chair", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleChair}), true},
		{"the process's chair", actor(Membership{ProcessID: p, Role: RoleChair}), true},
		{"another meeting's chair", actor(Membership{ProcessID: p, MeetingID: "m2", Role: RoleChair}), false},
		{"another process's chair", actor(Membership{ProcessID: "p2", Role: RoleChair}), false},
		{"the process's secretariat", actor(Membership{ProcessID: p, Role: RoleSecretariat}), true},
		{"another process's secretariat", actor(Membership{ProcessID: "p2", Role: RoleSecretariat}), false},
		{"a rapporteur", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: "g"}), false},
		{"a delegate", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g"}), false},
		{"a partner", actor(Membership{ProcessID: p, MeetingID: m, Role: RolePartner, GroupID: "g"}), false},
		{"an observer", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver}), false},
		{"an administrator", &Actor{User: &User{ID: "a", Admin: true}}, true},
		{"a disabled chair", &Actor{User: &User{ID: "d", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleChair}}}, false},
		{"anonymous", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.CanEditPlenary(p, m); got != tt.want {
				t.Errorf("CanEditPlenary = %v, want %v", got, tt.want)
			}
		})
	}
}
