package domain

import "context"

// Actor is the person behind a request, with every membership they hold.
// A nil *Actor is an anonymous visitor and may do nothing but log in.
type Actor struct {
	User        *User
	Memberships []Membership
}

// IsAdmin reports whether the actor is an instance administrator.
func (a *Actor) IsAdmin() bool { return a != nil && a.User != nil && a.User.Admin && !a.User.Disabled }

// LoggedIn reports whether the actor is a known, enabled user.
func (a *Actor) LoggedIn() bool { return a != nil && a.User != nil && !a.User.Disabled }

// hasRole reports whether the actor holds one of roles in the process, at
// process level or, when meetingID is not empty, in that meeting.
func (a *Actor) hasRole(processID, meetingID string, roles ...Role) bool {
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.ProcessID != processID {
			continue
		}
		if m.MeetingID != "" && m.MeetingID != meetingID {
			continue
		}
		if len(roles) == 0 {
			return true
		}
		for _, r := range roles {
			if m.Role == r {
				return true
			}
		}
	}
	return false
}

// CanCreateProcess reports whether the actor may create processes.
func (a *Actor) CanCreateProcess() bool { return a.IsAdmin() }

// CanViewProcess reports whether the actor may see a process: admins and
// anyone with a role in it or in one of its meetings.
func (a *Actor) CanViewProcess(processID string) bool {
	if a.IsAdmin() {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.ProcessID == processID {
			return true
		}
	}
	return false
}

// CanManageProcess reports whether the actor may edit a process, add its
// meetings and give process-wide roles: admins and its secretariat.
func (a *Actor) CanManageProcess(processID string) bool {
	return a.IsAdmin() || a.hasRole(processID, "", RoleSecretariat)
}

// CanViewMeeting reports whether the actor may see a meeting: admins,
// process-wide members and members of the meeting.
func (a *Actor) CanViewMeeting(processID, meetingID string) bool {
	return a.IsAdmin() || a.hasRole(processID, meetingID)
}

// CanManageMeeting reports whether the actor may edit a meeting's agenda,
// groups, members and invitations, and read its audit trail: admins and the
// secretariat of the process or of the meeting.
func (a *Actor) CanManageMeeting(processID, meetingID string) bool {
	return a.IsAdmin() || a.hasRole(processID, meetingID, RoleSecretariat)
}

// CanManageBodies reports whether the actor may create and edit bodies:
// admins and anyone who is secretariat somewhere.
func (a *Actor) CanManageBodies() bool {
	if a.IsAdmin() {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	for _, m := range a.Memberships {
		if m.Role == RoleSecretariat {
			return true
		}
	}
	return false
}

// CanViewBodies reports whether the actor may list bodies: any user.
func (a *Actor) CanViewBodies() bool { return a.LoggedIn() }

// CanManageUsers reports whether the actor may manage accounts.
func (a *Actor) CanManageUsers() bool { return a.IsAdmin() }

// CanManageGroup reports whether the actor may edit a breakout group's
// work: whoever manages the meeting, and the group's rapporteur.
func (a *Actor) CanManageGroup(processID, meetingID, groupID string) bool {
	return a.CanManageMeeting(processID, meetingID) || a.inGroup(processID, meetingID, groupID, RoleRapporteur)
}

type actorKey struct{}

// NewContextWithActor returns a context carrying a.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor of ctx, or nil for an anonymous one.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// CanEditPlenary reports whether the actor edits the plenary's synthesis
// of a meeting (its themes, the overall candidates and their method, the
// confirmation of the five): whoever manages the meeting (the
// secretariat) and the chair of the process or of the meeting.
func (a *Actor) CanEditPlenary(processID, meetingID string) bool {
	return a.CanManageMeeting(processID, meetingID) || a.hasRole(processID, meetingID, RoleChair)
}
