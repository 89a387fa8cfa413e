package domain

import "slices"

// Who does what with a meeting's outcome document. Each rule is asked by
// the use cases of package outcome; the role matrix of its tests asks
// every operation as every role.

// CanDraftOutcome reports whether the actor drafts and edits a meeting's
// outcome document, opens and closes its rounds of amendments, publishes
// it and manages its translations: whoever manages the meeting (the
// secretariat, instance administrators).
func (a *Actor) CanDraftOutcome(processID, meetingID string) bool {
	return a.CanManageMeeting(processID, meetingID)
}

// CanDecideAmendment reports whether the actor accepts or rejects the
// delegations' amendments to a meeting's outcome document: the
// secretariat and the chair.
func (a *Actor) CanDecideAmendment(processID, meetingID string) bool {
	return a.CanEditPlenary(processID, meetingID)
}

// CanAdoptOutcome reports whether the actor adopts a version of a
// meeting's outcome document: the chair of the process or of the meeting
// only (adoption is the meeting's decision, which the chair announces).
func (a *Actor) CanAdoptOutcome(processID, meetingID string) bool {
	return a.hasRole(processID, meetingID, RoleChair)
}

// CanReadOutcomeDrafts reports whether the actor reads a meeting's outcome
// document before it is adopted (its drafts, versions and amendments): the
// meeting's participants (secretariat, chair, rapporteurs, delegates,
// partners) and instance administrators. Observers read the adopted
// document only.
func (a *Actor) CanReadOutcomeDrafts(processID, meetingID string) bool {
	return a.IsAdmin() || a.hasRole(processID, meetingID, RoleSecretariat, RoleChair, RoleRapporteur, RoleDelegate, RolePartner)
}

// AmendingBodies returns the delegations (bodies) the actor proposes and
// supports amendments for in a meeting: the bodies of their delegate and
// partner memberships, as [Actor.EndorsingBodies].
func (a *Actor) AmendingBodies(processID, meetingID string) []string {
	return a.EndorsingBodies(processID, meetingID)
}

// AmendmentBody returns the body an amendment (or a support, or breaking
// silence) by the actor is made for: named when the actor speaks for it,
// else their only delegation; "" when they speak for none, name one they
// do not speak for, or speak for several and name none.
func (a *Actor) AmendmentBody(processID, meetingID, named string) string {
	return a.EndorsementBody(processID, meetingID, named)
}

// SpeaksFor reports whether the actor speaks for body in a meeting.
func (a *Actor) SpeaksFor(processID, meetingID, bodyID string) bool {
	return bodyID != "" && slices.Contains(a.AmendingBodies(processID, meetingID), bodyID)
}
