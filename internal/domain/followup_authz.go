package domain

import "slices"

// Who does what with a process's follow-up (docs/FOLLOW-UP.md): its
// commitments, their indicators and progress reports, and its review
// cycles. Each rule is asked by the use cases of package followup; their
// role tests ask every operation as every role.
//
// Follow-up belongs to a process rather than to one meeting: commitments
// outlive the meeting they come from. A commitment made at a meeting is
// also managed by that meeting's secretariat.

// CanViewFollowUp reports whether the actor sees a process's follow-up
// (its commitments, indicators, accepted reports, cycles and dashboards):
// instance administrators and every member of the process or of one of
// its meetings, observers included.
func (a *Actor) CanViewFollowUp(processID string) bool {
	return a.CanViewProcess(processID)
}

// CanManageCommitments reports whether the actor creates, edits, imports,
// changes the status of and deletes the commitments of a process (and of
// its meeting meetingID, "" for commitments made in no meeting), with
// their indicators: administrators and the secretariat of the process (or
// of that meeting). The chair sees them and does not manage them.
func (a *Actor) CanManageCommitments(processID, meetingID string) bool {
	return a.IsAdmin() || a.hasRole(processID, meetingID, RoleSecretariat)
}

// CanReviewProgress reports whether the actor accepts or returns the
// progress reports on a commitment of a process (made at meeting
// meetingID, or ""): whoever manages it.
func (a *Actor) CanReviewProgress(processID, meetingID string) bool {
	return a.CanManageCommitments(processID, meetingID)
}

// CanManageReviewCycles reports whether the actor opens, changes and
// closes a process's review cycles and makes their review reports:
// administrators and the process's secretariat (a cycle spans the
// process's meetings, so a meeting's secretariat does not).
func (a *Actor) CanManageReviewCycles(processID string) bool {
	return a.CanManageProcess(processID)
}

// ReportingBodies returns the bodies among c's owner and co-owners that
// the actor reports progress for: those of their delegate and partner
// memberships in c's process (at process level or in any of its
// meetings), in the commitment's order. A body speaks through its
// delegates, whichever meeting they were named for.
func (a *Actor) ReportingBodies(c *Commitment) []string {
	if !a.LoggedIn() || c == nil {
		return nil
	}
	var out []string
	for _, b := range c.Bodies() {
		for _, m := range a.Memberships {
			if m.ProcessID == c.ProcessID && m.BodyID == b && (m.Role == RoleDelegate || m.Role == RolePartner) {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

// CanReportProgress reports whether the actor drafts, changes and submits
// progress reports on c: a delegate or partner of the process acting for
// its owner or one of its co-owners.
func (a *Actor) CanReportProgress(c *Commitment) bool {
	return len(a.ReportingBodies(c)) > 0
}

// ReportBody returns the body a progress report by the actor on c is made
// for: named when the actor reports for it, else the first body they
// report for; "" when they report for none or name one they do not
// report for.
func (a *Actor) ReportBody(c *Commitment, named string) string {
	bodies := a.ReportingBodies(c)
	switch {
	case named != "" && slices.Contains(bodies, named):
		return named
	case named == "" && len(bodies) > 0:
		return bodies[0]
	}
	return ""
}

// CanViewProgressReport reports whether the actor reads report r on c:
// an accepted report whoever sees the follow-up; a draft the commitment's
// reporting owners only; a submitted or returned one the owners and
// whoever reviews it.
func (a *Actor) CanViewProgressReport(c *Commitment, r *ProgressReport) bool {
	if c == nil || r == nil || !a.CanViewFollowUp(c.ProcessID) {
		return false
	}
	if r.State == ReportAccepted || a.CanReportProgress(c) {
		return true
	}
	return r.State != ReportDraft && a.CanReviewProgress(c.ProcessID, c.MeetingID)
}

// CanEditProgressReport reports whether the actor changes report r on c:
// the commitment's reporting owners while it is a draft or returned.
func (a *Actor) CanEditProgressReport(c *Commitment, r *ProgressReport) bool {
	return r != nil && r.State.Editable() && a.CanReportProgress(c)
}

// CanStepProgressReport reports whether the actor takes step t on report
// r on c: the owners submit, the secretariat accepts and returns, each
// only from the states the step leaves.
func (a *Actor) CanStepProgressReport(c *Commitment, r *ProgressReport, t ReportStep) bool {
	if r == nil || c == nil {
		return false
	}
	if _, ok := t.Next(r.State); !ok {
		return false
	}
	if t.ByReviewer() {
		return a.CanReviewProgress(c.ProcessID, c.MeetingID)
	}
	return a.CanReportProgress(c)
}
