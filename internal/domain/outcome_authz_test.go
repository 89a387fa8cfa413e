package domain

import "testing"

func TestOutcomeRules(t *testing.T) {
	const p, m, other = "p", "m", "m2"
	as := func(role Role, meeting, body string) *Actor {
		return &Actor{User: &User{ID: "u"}, Memberships: []Membership{{ProcessID: p, MeetingID: meeting, Role: role, BodyID: body}}}
	}
	type can struct{ draft, decide, adopt, read bool }
	for _, c := range []struct {
		name   string
		a      *Actor
		want   can
		bodies int
	}{
		{"secretariat of the process", as(RoleSecretariat, "", ""), can{true, true, false, true}, 0},
		{"secretariat of the meeting", as(RoleSecretariat, m, ""), can{true, true, false, true}, 0},
		{"chair", as(RoleChair, m, ""), can{false, true, true, true}, 0},
		{"rapporteur", as(RoleRapporteur, m, ""), can{false, false, false, true}, 0},
		{"delegate", as(RoleDelegate, m, "b"), can{false, false, false, true}, 1},
		{"partner of the process", as(RolePartner, "", "b"), can{false, false, false, true}, 1},
		{"observer", as(RoleObserver, m, ""), can{}, 0},
		{"chair of another meeting", as(RoleChair, other, ""), can{}, 0},
		{"delegate of another meeting", as(RoleDelegate, other, "b"), can{}, 0},
		{"administrator", &Actor{User: &User{ID: "a", Admin: true}}, can{true, true, false, true}, 0},
		{"anonymous", nil, can{}, 0},
		{"disabled chair", &Actor{User: &User{ID: "u", Disabled: true}, Memberships: []Membership{{ProcessID: p, MeetingID: m, Role: RoleChair}}}, can{}, 0},
	} {
		got := can{c.a.CanDraftOutcome(p, m), c.a.CanDecideAmendment(p, m), c.a.CanAdoptOutcome(p, m), c.a.CanReadOutcomeDrafts(p, m)}
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
		if n := len(c.a.AmendingBodies(p, m)); n != c.bodies {
			t.Errorf("%s: %d bodies, want %d", c.name, n, c.bodies)
		}
		if speaks := c.a.SpeaksFor(p, m, "b"); speaks != (c.bodies > 0) {
			t.Errorf("%s: speaks for b %v", c.name, speaks)
		}
	}
}
