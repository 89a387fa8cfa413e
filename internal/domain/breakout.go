package domain

import (
	"slices"
	"time"
)

// StatementMerge records that a duplicate statement (FromID) was merged
// into another (IntoID) of the same conversation. Votes says how many of
// the duplicate's votes moved; which ones stays in the store, never shown.
type StatementMerge struct {
	ID        string
	MeetingID string
	IntoID    string
	FromID    string
	MergedBy  string // user ID, "" when the account is gone
	MergedAt  time.Time
	UndoneBy  string
	UndoneAt  time.Time // zero while the merge stands
	Votes     int
}

// Undone reports whether the merge was undone.
func (m *StatementMerge) Undone() bool { return !m.UndoneAt.IsZero() }

// CanSeeGroupWork reports whether the actor may open a breakout group's
// workspace, voting page and live view, read its statements and its draft
// report: its members whatever their role (observers read without
// voting), and whoever manages the meeting. Other members of the meeting
// may not.
func (a *Actor) CanSeeGroupWork(processID, meetingID, groupID string) bool {
	return a.CanManageMeeting(processID, meetingID) || a.InGroup(processID, meetingID, groupID)
}

// CanAddStatement reports whether the actor may add a statement to a
// breakout group's conversation: those who may vote in it, and whoever
// manages the meeting. Observers may not.
func (a *Actor) CanAddStatement(processID, meetingID, groupID string) bool {
	return a.CanVote(processID, meetingID, groupID) || a.CanManageMeeting(processID, meetingID)
}

// CanMergeStatements reports whether the actor may merge a group's
// duplicate statements and undo merges: the group's rapporteur and
// whoever manages the meeting.
func (a *Actor) CanMergeStatements(processID, meetingID, groupID string) bool {
	return a.CanManageGroup(processID, meetingID, groupID)
}

// InGroup reports whether the actor belongs to a breakout group of a
// meeting, in any role (rapporteur, delegate, partner, observer).
func (a *Actor) InGroup(processID, meetingID, groupID string) bool {
	return a.inGroup(processID, meetingID, groupID)
}

// GroupBody returns the body the actor speaks for in a breakout group:
// that of their delegate or partner membership in the group, and whether
// it is a partner's (a statement they write is a partner's statement).
// It returns "" for those who speak for no body there: a rapporteur, an
// observer, the secretariat, and members of other groups, even when they
// speak for a body elsewhere in the meeting.
func (a *Actor) GroupBody(processID, meetingID, groupID string) (bodyID string, partner bool) {
	if !a.LoggedIn() || groupID == "" {
		return "", false
	}
	for _, m := range a.Memberships {
		if m.GroupID == groupID && m.holdsIn(processID, meetingID) && m.BodyID != "" && (m.Role == RoleDelegate || m.Role == RolePartner) {
			return m.BodyID, m.Role == RolePartner
		}
	}
	return "", false
}

// inGroup reports whether the actor holds a membership in a breakout
// group of the meeting with one of roles (any role when none is given).
func (a *Actor) inGroup(processID, meetingID, groupID string, roles ...Role) bool {
	if !a.LoggedIn() || groupID == "" {
		return false
	}
	for _, m := range a.Memberships {
		if m.GroupID == groupID && m.holdsIn(processID, meetingID) && (len(roles) == 0 || slices.Contains(roles, m.Role)) {
			return true
		}
	}
	return false
}

// holdsIn reports whether the membership holds in a meeting of a process:
// it is the meeting's own or the whole process's.
func (m *Membership) holdsIn(processID, meetingID string) bool {
	return m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID)
}
