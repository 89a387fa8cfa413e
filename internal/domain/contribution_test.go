package domain

import "testing"

func TestRedactForExport(t *testing.T) {
	t.Parallel()
	const p = "p"
	open := &Meeting{ID: "m", ProcessID: p}
	closed := &Meeting{ID: "m", ProcessID: p, NonAttribution: true}
	actor := func(id string, ms ...Membership) *Actor { return &Actor{User: &User{ID: id}, Memberships: ms} }
	author := actor("author", Membership{ProcessID: p, MeetingID: "m", Role: RoleDelegate, BodyID: "b"})
	secretariat := actor("sec", Membership{ProcessID: p, Role: RoleSecretariat})
	observer := actor("obs", Membership{ProcessID: p, MeetingID: "m", Role: RoleObserver})
	admin := &Actor{User: &User{ID: "admin", Admin: true}}
	tests := []struct {
		name               string
		a                  *Actor
		m                  *Meeting
		unattributed       bool
		wantBody, wantAuth string
	}{
		{"attributed, to an observer", observer, open, false, "b", ""},
		{"attributed, to the author", author, open, false, "b", "author"},
		{"attributed, to the secretariat", secretariat, open, false, "b", "author"},
		{"attributed, to an administrator", admin, open, false, "b", "author"},
		{"non-attribution, to an observer", observer, closed, true, "", ""},
		{"non-attribution, to the secretariat", secretariat, closed, true, "", ""},
		{"non-attribution, to an administrator", admin, closed, true, "", ""},
		{"non-attribution, to the author", author, closed, true, "b", "author"},
		{"attributed, to nobody", nil, open, false, "b", ""},
		{"non-attribution, to nobody", nil, closed, true, "", ""},
		// The contribution's own rule counts, never the meeting's present
		// setting.
		{"written under the rule, meeting now attributing, to the secretariat", secretariat, open, true, "", ""},
		{"written under the rule, meeting now attributing, to an observer", observer, open, true, "", ""},
		{"written with attribution, meeting now under the rule, to the secretariat", secretariat, closed, false, "b", "author"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Contribution{ID: "c", MeetingID: "m", BodyID: "b", AuthorID: "author", Unattributed: tt.unattributed}
			tt.a.RedactForExport(tt.m, c)
			if c.BodyID != tt.wantBody || c.AuthorID != tt.wantAuth {
				t.Errorf("body %q author %q, want %q and %q", c.BodyID, c.AuthorID, tt.wantBody, tt.wantAuth)
			}
		})
	}
}
