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
		wantBody, wantAuth string
	}{
		{"attributed, to an observer", observer, open, "b", ""},
		{"attributed, to the author", author, open, "b", "author"},
		{"attributed, to the secretariat", secretariat, open, "b", "author"},
		{"attributed, to an administrator", admin, open, "b", "author"},
		{"non-attribution, to an observer", observer, closed, "", ""},
		{"non-attribution, to the secretariat", secretariat, closed, "", ""},
		{"non-attribution, to an administrator", admin, closed, "", ""},
		{"non-attribution, to the author", author, closed, "b", "author"},
		{"attributed, to nobody", nil, open, "b", ""},
		{"non-attribution, to nobody", nil, closed, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Contribution{ID: "c", MeetingID: "m", BodyID: "b", AuthorID: "author"}
			tt.a.RedactForExport(tt.m, c)
			if c.BodyID != tt.wantBody || c.AuthorID != tt.wantAuth {
				t.Errorf("body %q author %q, want %q and %q", c.BodyID, c.AuthorID, tt.wantBody, tt.wantAuth)
			}
		})
	}
}
