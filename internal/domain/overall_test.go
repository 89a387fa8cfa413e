package domain

import "testing"

func TestOverallVoteGroup(t *testing.T) {
	t.Parallel()
	const p, m = "p", "m"
	actor := func(ms ...Membership) *Actor { return &Actor{User: &User{ID: "u"}, Memberships: ms} }
	tests := []struct {
		name string
		a    *Actor
		want string
	}{
		{"a delegate of a group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g1"}), "g1"},
		{"a rapporteur", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleRapporteur, GroupID: "g1"}), "g1"},
		{"a partner of a group", actor(Membership{ProcessID: p, MeetingID: m, Role: RolePartner, GroupID: "g2"}), "g2"},
		{"a chair of a group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleChair, GroupID: "g1"}), "g1"},
		{"a process-wide delegate of a group", actor(Membership{ProcessID: p, Role: RoleDelegate, GroupID: "g1"}), "g1"},
		{"a delegate of two groups ranks for the first",
			actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g2"}, Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g1"}), "g2"},
		{"an observer of a group who is a delegate of another",
			actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver, GroupID: "g1"}, Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g2"}), "g2"},
		{"an observer of a group who is a delegate of no group",
			actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver, GroupID: "g1"}, Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate}), ""},
		{"a delegate of a group in another meeting", actor(Membership{ProcessID: p, MeetingID: "m2", Role: RoleDelegate, GroupID: "g1"}), ""},
		{"a delegate of a group in another process", actor(Membership{ProcessID: "p2", MeetingID: m, Role: RoleDelegate, GroupID: "g1"}), ""},
		{"a delegate without a group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate}), ""},
		{"the chair without a group", actor(Membership{ProcessID: p, MeetingID: m, Role: RoleChair}), ""},
		{"the secretariat", actor(Membership{ProcessID: p, Role: RoleSecretariat}), ""},
		{"an administrator", &Actor{User: &User{ID: "a", Admin: true}}, ""},
		{"a disabled delegate", &Actor{User: &User{ID: "d", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleDelegate, GroupID: "g1"}}}, ""},
		{"anonymous", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.OverallVoteGroup(p, m); got != tt.want {
				t.Errorf("OverallVoteGroup = %q, want %q", got, tt.want)
			}
		})
	}
}
