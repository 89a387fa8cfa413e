package domain

import "time"

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
// workspace, voting page and live view: its members whatever their role
// (observers read without voting), its rapporteur, and whoever manages the
// meeting. Other members of the meeting may not.
func (a *Actor) CanSeeGroupWork(processID, meetingID, groupID string) bool {
	if a.CanManageMeeting(processID, meetingID) {
		return true
	}
	return a.inGroup(processID, meetingID, groupID)
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

func (a *Actor) inGroup(processID, meetingID, groupID string) bool {
	if !a.LoggedIn() || groupID == "" {
		return false
	}
	for _, m := range a.Memberships {
		if m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && m.GroupID == groupID {
			return true
		}
	}
	return false
}
