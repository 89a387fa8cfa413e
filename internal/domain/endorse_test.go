package domain

import (
	"slices"
	"testing"
)

// endorsers are the actors of the endorsement rules' tables: process p,
// meeting m, bodies b1 and b2.
func endorsers() map[string]*Actor {
	const p, m = "p", "m"
	actor := func(ms ...Membership) *Actor { return &Actor{User: &User{ID: "u"}, Memberships: ms} }
	return map[string]*Actor{
		"delegate":         actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, BodyID: "b1"}),
		"partner":          actor(Membership{ProcessID: p, Role: RolePartner, BodyID: "b2"}),
		"two bodies":       actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, BodyID: "b1"}, Membership{ProcessID: p, MeetingID: m, Role: RolePartner, BodyID: "b2"}),
		"one body twice":   actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate, BodyID: "b1", GroupID: "g1"}, Membership{ProcessID: p, Role: RoleDelegate, BodyID: "b1"}),
		"other meeting":    actor(Membership{ProcessID: p, MeetingID: "m2", Role: RoleDelegate, BodyID: "b1"}),
		"other process":    actor(Membership{ProcessID: "p2", Role: RoleDelegate, BodyID: "b1"}),
		"delegate no body": actor(Membership{ProcessID: p, MeetingID: m, Role: RoleDelegate}),
		"chair with body":  actor(Membership{ProcessID: p, MeetingID: m, Role: RoleChair, BodyID: "b1"}),
		"observer":         actor(Membership{ProcessID: p, MeetingID: m, Role: RoleObserver, BodyID: "b1"}),
		"secretariat":      actor(Membership{ProcessID: p, Role: RoleSecretariat}),
		"administrator":    {User: &User{ID: "a", Admin: true}},
		"disabled":         {User: &User{ID: "d", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleDelegate, BodyID: "b1"}}},
		"anonymous":        nil,
	}
}

func TestEndorsingBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want []string
	}{
		{"delegate", []string{"b1"}},
		{"partner", []string{"b2"}},
		{"two bodies", []string{"b1", "b2"}},
		{"one body twice", []string{"b1"}},
		{"other meeting", nil},
		{"other process", nil},
		{"delegate no body", nil},
		{"chair with body", nil},
		{"observer", nil},
		{"secretariat", nil},
		{"administrator", nil},
		{"disabled", nil},
		{"anonymous", nil},
	}
	as := endorsers()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := as[tt.name].EndorsingBodies("p", "m"); !slices.Equal(got, tt.want) {
				t.Errorf("EndorsingBodies = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEndorsementBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		actor string
		named string
		want  string
	}{
		{"the only body, unnamed", "delegate", "", "b1"},
		{"the only body, named", "delegate", "b1", "b1"},
		{"the only body, named with spaces", "delegate", " b1 ", "b1"},
		{"another body named", "delegate", "b2", ""},
		{"two bodies, none named", "two bodies", "", ""},
		{"two bodies, the second named", "two bodies", "b2", "b2"},
		{"two bodies, the first named", "two bodies", "b1", "b1"},
		{"one body through two memberships", "one body twice", "", "b1"},
		{"a partner", "partner", "", "b2"},
		{"an observer naming a body", "observer", "b1", ""},
		{"the secretariat", "secretariat", "", ""},
		{"an administrator naming a body", "administrator", "b1", ""},
		{"anonymous", "anonymous", "b1", ""},
	}
	as := endorsers()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := as[tt.actor].EndorsementBody("p", "m", tt.named); got != tt.want {
				t.Errorf("EndorsementBody(%q) = %q, want %q", tt.named, got, tt.want)
			}
		})
	}
}

func TestSeesEndorser(t *testing.T) {
	t.Parallel()
	open := &Meeting{ID: "m", ProcessID: "p"}
	closed := &Meeting{ID: "m", ProcessID: "p", NonAttribution: true}
	tests := []struct {
		name         string
		actor        string
		m            *Meeting
		body         string
		unattributed bool
		want         bool
	}{
		{"an observer, attributed", "observer", open, "b1", false, true},
		{"anonymous, attributed", "anonymous", open, "b1", false, true},
		{"the body's delegate, unattributed", "delegate", open, "b1", true, true},
		{"another body's delegate, unattributed", "delegate", open, "b2", true, false},
		{"one of two bodies, unattributed", "two bodies", open, "b2", true, true},
		{"an observer, unattributed", "observer", open, "b1", true, false},
		{"the secretariat, unattributed", "secretariat", open, "b1", true, false},
		{"an administrator, unattributed", "administrator", open, "b1", true, false},
		{"anonymous, unattributed", "anonymous", open, "b1", true, false},
		// The record's own rule counts, never the meeting's present one.
		{"an observer, attributed, meeting now under the rule", "observer", closed, "b1", false, true},
		{"an observer, unattributed, meeting now attributing", "observer", open, "b1", true, false},
	}
	as := endorsers()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := as[tt.actor].SeesEndorser(tt.m, tt.body, tt.unattributed); got != tt.want {
				t.Errorf("SeesEndorser = %v, want %v", got, tt.want)
			}
		})
	}
}
