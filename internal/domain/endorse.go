package domain

import (
	"slices"
	"strings"
)

// EndorsingBodies returns the bodies the actor endorses good practices
// for in a meeting: those of their delegate and partner memberships in
// the process or in the meeting, in the order of the memberships. The
// secretariat, chairs, rapporteurs, observers and administrators endorse
// for no body of their own.
func (a *Actor) EndorsingBodies(processID, meetingID string) []string {
	if !a.LoggedIn() {
		return nil
	}
	var ids []string
	for _, m := range a.Memberships {
		if m.ProcessID == processID && (m.MeetingID == "" || m.MeetingID == meetingID) && m.BodyID != "" &&
			(m.Role == RoleDelegate || m.Role == RolePartner) && !slices.Contains(ids, m.BodyID) {
			ids = append(ids, m.BodyID)
		}
	}
	return ids
}

// EndorsementBody returns the body an endorsement (or its withdrawal) by
// the actor in a meeting is for: named (spaces trimmed) when the actor
// endorses for it, else, when nothing is named, the actor's only
// endorsing body. It returns "" when the actor endorses for no body, names
// one they do not endorse for, or endorses for several and names none: an
// endorsement is never made for a body the person did not choose.
func (a *Actor) EndorsementBody(processID, meetingID, named string) string {
	own := a.EndorsingBodies(processID, meetingID)
	named = strings.TrimSpace(named)
	switch {
	case named != "" && slices.Contains(own, named):
		return named
	case named == "" && len(own) == 1:
		return own[0]
	}
	return ""
}

// SeesEndorser reports whether the actor may see which body made an
// endorsement in meeting m: always when the endorsement is attributed,
// otherwise (written under the non-attribution rule, [Attributed]) only
// the body's own delegates and partners (others see its kind).
func (a *Actor) SeesEndorser(m *Meeting, bodyID string, unattributed bool) bool {
	if !unattributed {
		return true
	}
	return m != nil && slices.Contains(a.EndorsingBodies(m.ProcessID, m.ID), bodyID)
}
