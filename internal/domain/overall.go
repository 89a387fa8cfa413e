package domain

// OverallVoteGroup returns the breakout group the actor ranks the
// plenary's overall recommendations for in a meeting: the group of the
// first of their memberships (in the process or in the meeting) that has
// a group they may vote in. It returns "" when the actor may not rank:
// anonymous visitors, observers, the secretariat, and members of no group.
// A delegate of two groups ranks once, for the first.
func (a *Actor) OverallVoteGroup(processID, meetingID string) string {
	if !a.CanVote(processID, meetingID, "") {
		return ""
	}
	for _, m := range a.Memberships {
		if m.GroupID != "" && m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && a.CanVote(processID, meetingID, m.GroupID) {
			return m.GroupID
		}
	}
	return ""
}
